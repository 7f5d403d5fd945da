"""Creating and editing a forum with its seats in the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.structure.models import Forum, Level, Seat

pytestmark = pytest.mark.django_db


def _post(name: str, **extra: str) -> dict[str, str]:
    data = {
        "name": name,
        "kind": "ssp_local_network",
        "level": Level.TACTICAL,
        "purpose": "Koordinering",
        "meetings_per_year_min": "4",
        "meetings_per_year_max": "6",
        "anchor_months": "1, 12",
        "has_decision_power": "on",
        "seats-TOTAL_FORMS": "1",
        "seats-INITIAL_FORMS": "0",
        "seats-0-title": "Skoleleder",
        "seats-0-role": "member",
        "seats-0-organisation_kind": "school",
        "seats-0-count": "1",
        "seats-0-per_organisation": "on",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("role", [StaffRole.SYSTEM_ADMIN, StaffRole.MUNICIPAL_ADMIN])
def test_an_administrator_creates_a_forum_with_seats(
    make_user: Callable[..., Any], login: Callable[..., Any], role: str
) -> None:
    client = login(make_user(role))
    response = client.post(reverse("structure:forum_create", args=["161"]), _post("Skolenetværk"))
    assert response.status_code == 302
    forum = Forum.objects.get(name="Skolenetværk", municipality__code="161")
    assert response.status_code == 302 and response["Location"] == reverse("structure:forum", args=[forum.pk])
    assert forum.anchor_months == [1, 12]
    assert list(Seat.objects.filter(forum=forum).values_list("title", "per_organisation")) == [("Skoleleder", True)]


def test_a_broken_rule_is_shown_at_its_field(make_user: Callable[..., Any], login: Callable[..., Any]) -> None:
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    response = client.post(
        reverse("structure:forum_create", args=["161"]),
        _post("Fejlnetværk", meetings_per_year_min="8", meetings_per_year_max="2", anchor_months="13"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-error-message"' in html
    assert "»13« er ikke et månedsnummer fra 1 til 12." in html
    assert not Forum.objects.filter(name="Fejlnetværk").exists()


def test_a_seat_error_rolls_back_the_forum(make_user: Callable[..., Any], login: Callable[..., Any]) -> None:
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    response = client.post(
        reverse("structure:forum_create", args=["161"]),
        _post("Pladsnetværk", **{"seats-0-organisation_kind": ""}),
    )
    assert response.status_code == 200
    assert "form-error-message" in response.content.decode()
    assert not Forum.objects.filter(name="Pladsnetværk").exists()


def test_an_administrator_edits_a_forum(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    assert client.get(reverse("structure:forum_edit", args=[forum.pk])).status_code == 200
    client.post(reverse("structure:forum_edit", args=[forum.pk]), _post("Nyt navn", **{"seats-TOTAL_FORMS": "0"}))
    forum.refresh_from_db()
    assert forum.name == "Nyt navn" and forum.level == Level.TACTICAL


@pytest.mark.parametrize(
    ("role", "municipality"),
    [(StaffRole.MUNICIPAL_ADMIN, "661"), (StaffRole.SSP_CONSULTANT, "161"), (StaffRole.MANAGER, "161")],
)
def test_others_are_refused(
    make_user: Callable[..., Any],
    login: Callable[..., Any],
    build_forums: Callable[..., list[Forum]],
    role: str,
    municipality: str,
) -> None:
    forum = build_forums(1)[0]
    client = login(make_user(role, municipality=municipality))
    assert client.get(reverse("structure:forum_create", args=["161"])).status_code == 403
    assert client.post(reverse("structure:forum_edit", args=[forum.pk]), _post("Overtaget")).status_code == 403
    assert not Forum.objects.filter(name="Overtaget").exists()
