"""New staff created by an administrator replace the temporary password before any other page opens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffActivity, StaffActivityAction, StaffRole, User
from ssp.staff.services import create_staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(make_user):
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    created = create_staff_member(
        actor=admin,
        username="ny.laerer",
        first_name="Ny",
        last_name="Lærer",
        email="ny@glostrup.example",
        phone="",
        role=StaffRole.SSP_TEACHER,
        municipality=admin.municipality,
        police_district=None,
    )
    return created


def test_a_new_account_is_sent_to_the_password_change_until_it_is_done(newcomer, login) -> None:
    user = newcomer.user
    assert user.must_change_password
    client = login(user)

    for path in (reverse("core:start"), reverse("concerns:mine"), reverse("accounts:account")):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change"), path
    assert client.get("/api/v1/meetings/").status_code == 403
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "midlertidig adgangskode" in page

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": newcomer.temporary_password,
            "new_password1": "Egen-kode-2026!",
            "new_password2": "Egen-kode-2026!",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Egen-kode-2026!")
    assert client.get(reverse("core:start")).status_code == 200
    change = StaffActivity.objects.get(subject=user, action=StaffActivityAction.PASSWORD_CHANGED)
    assert change.actor_id == user.pk and change.detail == "temporary password replaced"


def test_staff_who_chose_their_own_password_are_not_stopped(make_user, login) -> None:
    assert login(make_user()).get(reverse("core:start")).status_code == 200
    assert not User.objects.filter(must_change_password=True).exists()
