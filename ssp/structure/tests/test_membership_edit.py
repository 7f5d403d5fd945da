"""Adding and ending memberships in the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.structure.models import Forum, Membership

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_member(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    newcomer = make_user(StaffRole.CASEWORKER)
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    response = client.post(
        reverse("structure:membership_add", args=[forum.pk]),
        {"user": newcomer.pk, "role": "member", "starts_on": "2025-02-01"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(forum=forum, user=newcomer).starts_on == date(2025, 2, 1)


def test_a_second_chair_is_refused_at_the_role_field(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    newcomer = make_user(StaffRole.CASEWORKER)
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    response = client.post(
        reverse("structure:membership_add", args=[forum.pk]),
        {"user": newcomer.pk, "role": "chair", "starts_on": "2025-02-01"},
    )
    assert response.status_code == 200
    assert "form-error-message" in response.content.decode()
    assert not Membership.objects.filter(forum=forum, user=newcomer).exists()


def test_an_administrator_ends_a_membership(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    membership = Membership.objects.filter(forum=build_forums(1)[0]).first()
    assert membership is not None
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    response = client.post(reverse("structure:membership_end", args=[membership.pk]), {"ends_on": "2025-06-30"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == date(2025, 6, 30)


def test_an_end_before_the_start_is_shown_at_the_field(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    membership = Membership.objects.filter(forum=build_forums(1)[0]).first()
    assert membership is not None
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    response = client.post(reverse("structure:membership_end", args=[membership.pk]), {"ends_on": "2020-01-01"})
    assert response.status_code == 200
    assert "form-error-message" in response.content.decode()


@pytest.mark.parametrize(("role", "municipality"), [(StaffRole.MUNICIPAL_ADMIN, "661"), (StaffRole.CASEWORKER, "161")])
def test_others_are_refused(
    make_user: Callable[..., Any],
    login: Callable[..., Any],
    build_forums: Callable[..., list[Forum]],
    role: str,
    municipality: str,
) -> None:
    forum = build_forums(1)[0]
    membership = Membership.objects.filter(forum=forum).first()
    assert membership is not None
    client = login(make_user(role, municipality=municipality))
    assert client.get(reverse("structure:membership_add", args=[forum.pk])).status_code == 403
    response = client.post(reverse("structure:membership_end", args=[membership.pk]), {"ends_on": "2025-06-30"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.ends_on is None
