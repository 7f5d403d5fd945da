"""Creating and editing organisations in the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.structure.models import Organisation

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_and_renames_an_organisation(
    make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    response = client.post(
        reverse("structure:organisation_create", args=["161"]), {"name": "Vestskolen", "kind": "school"}
    )
    assert response.status_code == 302
    school = Organisation.objects.get(name="Vestskolen", municipality__code="161")
    client.post(
        reverse("structure:organisation_edit", args=[school.pk]), {"name": "Vestskolen Glostrup", "kind": "school"}
    )
    school.refresh_from_db()
    assert school.name == "Vestskolen Glostrup"


def test_a_duplicate_name_is_shown_at_the_field(make_user: Callable[..., Any], login: Callable[..., Any]) -> None:
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    url = reverse("structure:organisation_create", args=["161"])
    client.post(url, {"name": "Vestskolen", "kind": "school"})
    response = client.post(url, {"name": "Vestskolen", "kind": "school"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Der findes allerede en organisation med navnet »Vestskolen« i Glostrup."
    ]
    assert Organisation.objects.filter(name="Vestskolen").count() == 1


@pytest.mark.parametrize(
    ("role", "municipality"), [(StaffRole.MUNICIPAL_ADMIN, "661"), (StaffRole.SCHOOL_LEADER, "161")]
)
def test_others_are_refused(
    make_user: Callable[..., Any], login: Callable[..., Any], role: str, municipality: str
) -> None:
    client = login(make_user(role, municipality=municipality))
    response = client.post(
        reverse("structure:organisation_create", args=["161"]), {"name": "Vestskolen", "kind": "school"}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Vestskolen").exists()
