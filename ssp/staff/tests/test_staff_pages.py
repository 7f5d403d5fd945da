"""A municipality's administrator manages its own staff in the app; every change is logged with the actor."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssp.accounts.models import StaffActivity, StaffRole, User
from ssp.accounts.services import issue_api_token
from ssp.structure.models import Municipality, Organisation, OrganisationKind, Position

LIST = reverse("staff:list")


def test_the_list_shows_own_staff_with_role_positions_and_last_log_in(
    make_user: Any, login: Any, django_assert_num_queries: Any
) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN, first_name="Anne", last_name="Admin")
    school = Organisation.objects.create(
        name="Vestervangskolen", kind=OrganisationKind.SCHOOL, municipality=Municipality.objects.get(code="161")
    )
    for n in range(3):
        teacher = make_user(role=StaffRole.SSP_TEACHER, first_name=f"Lærer{n}", last_name="Hansen")
        Position.objects.create(user=teacher, organisation=school, title="SSP-lærer", starts_on="2026-01-01")
    make_user(role=StaffRole.SSP_TEACHER, municipality="661", first_name="Holstebro", last_name="Lærer")
    make_user(role=StaffRole.SYSTEM_ADMIN, first_name="System", last_name="Admin")

    client = login(admin)
    with django_assert_num_queries(9):  # session, user, device, count, page, positions, session save (3)
        page = client.get(LIST).content.decode()

    assert "Lærer2 Hansen" in page and "SSP-lærer, Vestervangskolen" in page and "Aldrig" in page
    assert "Holstebro Lærer" not in page and "System Admin" not in page


def test_an_administrator_creates_a_colleague_who_can_log_in(make_user: Any, login: Any, client: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    response = login(admin).post(
        reverse("staff:create"),
        {
            "username": "mette.jensen",
            "first_name": "Mette",
            "last_name": "Jensen",
            "email": "mette@glostrup.example",
            "role": "caseworker",
        },
    )

    created = User.objects.get(username="mette.jensen")
    assert created.municipality == admin.municipality and created.role == "caseworker"
    assert created.check_password(response.context["password"])
    assert StaffActivity.objects.get(subject=created).actor == admin


def test_the_role_list_refuses_system_administrator(make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    response = login(admin).post(
        reverse("staff:create"),
        {"username": "ny", "first_name": "Ny", "last_name": "Bruger", "email": "ny@x.example", "role": "system_admin"},
    )
    assert response.status_code == 400 and "role" in response.context["form"].errors
    assert not User.objects.filter(username="ny").exists()


def test_changing_the_role_is_logged_with_the_actor(make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    teacher = make_user(role=StaffRole.SSP_TEACHER, email="t@glostrup.example")
    login(admin).post(
        reverse("staff:detail", args=[teacher.pk]),
        {
            "first_name": teacher.first_name,
            "last_name": teacher.last_name,
            "email": teacher.email,
            "role": "caseworker",
        },
    )
    teacher.refresh_from_db()
    assert teacher.role == "caseworker"
    row = StaffActivity.objects.get(subject=teacher)
    assert row.actor == admin and row.action == "updated" and "ssp_teacher → caseworker" in row.detail


def test_deactivation_stops_log_in_and_api_tokens(make_user: Any, login: Any, client: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    leaver = make_user(role=StaffRole.SSP_CONSULTANT)
    raw = issue_api_token(leaver, actor=leaver, name="Skolesystem")

    login(admin).post(reverse("staff:deactivate", args=[leaver.pk]))

    leaver.refresh_from_db()
    assert not leaver.is_active
    client.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert StaffActivity.objects.filter(subject=leaver, action="deactivated", actor=admin).count() == 1


def test_an_administrator_cannot_deactivate_themselves(make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    assert login(admin).post(reverse("staff:deactivate", args=[admin.pk])).status_code == 403
    admin.refresh_from_db()
    assert admin.is_active


def test_a_lost_second_factor_is_reset_and_logged(make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    teacher = make_user(role=StaffRole.SSP_TEACHER)
    TOTPDevice.objects.create(user=teacher, name="telefon", confirmed=True)

    login(admin).post(reverse("staff:reset_second_factor", args=[teacher.pk]))

    assert not TOTPDevice.objects.filter(user=teacher).exists()
    assert StaffActivity.objects.filter(subject=teacher, action="second_factor_reset", actor=admin).exists()


def test_a_position_is_added_in_an_own_organisation_only(make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    teacher = make_user(role=StaffRole.SSP_TEACHER)
    own = Organisation.objects.create(
        name="Egen skole", kind=OrganisationKind.SCHOOL, municipality=Municipality.objects.get(code="161")
    )
    foreign = Organisation.objects.create(
        name="Fremmed skole", kind=OrganisationKind.SCHOOL, municipality=Municipality.objects.get(code="661")
    )
    client = login(admin)
    url = reverse("staff:add_position", args=[teacher.pk])

    refused = client.post(url, {"organisation": foreign.pk, "title": "Lærer", "starts_on": "01.08.2026"})
    client.post(url, {"organisation": own.pk, "title": "Lærer", "starts_on": "01.08.2026"})

    assert refused.status_code == 400
    assert list(Position.objects.filter(user=teacher).values_list("organisation__name", flat=True)) == ["Egen skole"]


def test_another_municipalitys_staff_member_is_not_found(make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    elsewhere = make_user(role=StaffRole.SSP_TEACHER, municipality="661")
    client = login(admin)
    assert client.get(reverse("staff:detail", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("staff:deactivate", args=[elsewhere.pk])).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active


def test_staff_without_an_administrator_role_are_refused(make_user: Any, login: Any) -> None:
    client = login(make_user(role=StaffRole.SSP_CONSULTANT))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("staff:create")).status_code == 403
