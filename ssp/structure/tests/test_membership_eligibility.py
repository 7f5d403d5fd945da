"""Who may be made a member of a forum (issue 8, hole 1; issue 9, the member form).

A municipality's administrator could add anyone in the country, themselves included, as coordinator or
secretary of a § 115 forum, and publishing the next agenda then opened the person-sensitive items' concerns
to them. The form offers only the privacy policy's choices, and the service refuses anyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole, User
from ssp.privacy import memberships
from ssp.structure import services
from ssp.structure.models import Forum, ForumKind, Level, Membership, MembershipRole, OrganisationKind, PoliceDistrict
from ssp.structure.services import MembershipPolicy, StructureError

pytestmark = pytest.mark.django_db

# The module satisfies the interface structure calls it through (checked by mypy).
POLICY: MembershipPolicy = memberships


@pytest.fixture
def section_115_forum(make_forum: Callable[..., Forum]) -> Forum:
    return make_forum(
        "Samordningsmøde",
        kind=ForumKind.CASE_COORDINATION,
        level=Level.OPERATIVE,
        allows_person_sensitive=True,
        legal_basis="Retsplejelovens § 115",
    )


@pytest.fixture
def staff(make_user: Callable[..., User]) -> dict[str, User]:
    """Glostrup (161) and its police district Københavns Vestegn, Albertslund (165) in the same district,
    Holstebro (661) in another."""
    vestegn = PoliceDistrict.objects.get(municipalities__code="161")
    midt_vest = PoliceDistrict.objects.get(municipalities__code="661")
    police = StaffRole.POLICE_PREVENTION_OFFICER
    return {
        "admin": make_user(StaffRole.MUNICIPAL_ADMIN, first_name="Birgitte", last_name="Krogh"),
        "other_admin": make_user(StaffRole.MUNICIPAL_ADMIN, first_name="Anders", last_name="Admin"),
        "teacher": make_user(StaffRole.SSP_TEACHER, first_name="Lone", last_name="Lærer"),
        "namesake": make_user(StaffRole.SSP_TEACHER, municipality="165", first_name="Lone", last_name="Lærer"),
        "far_teacher": make_user(StaffRole.SSP_TEACHER, municipality="661", first_name="Mette", last_name="Holm"),
        "police": make_user(police, municipality=None, police_district=vestegn, first_name="Per", last_name="Betjent"),
        "far_police": make_user(
            police, municipality=None, police_district=midt_vest, first_name="Ole", last_name="Vest"
        ),
        "system_admin": make_user(StaffRole.SYSTEM_ADMIN, first_name="Sys", last_name="Admin"),
        "former": make_user(StaffRole.CASEWORKER, first_name="Tidligere", last_name="Ansat", is_active=False),
    }


def _offered(page: Any) -> list[str]:
    field = page.context["form"].fields["user"]
    return [label for value, label in field.choices if value]


def test_the_member_form_offers_only_staff_of_the_forums_area(
    section_115_forum: Forum, staff: dict[str, User], login: Callable[[User], Any]
) -> None:
    page = login(staff["admin"]).get(reverse("structure:membership_add", args=[section_115_forum.pk]))

    assert page.status_code == 200
    offered = _offered(page)
    assert offered == [
        "Lone Lærer (SSP-lærer, Glostrup)",
        "Per Betjent (Forebyggelsesmedarbejder (politi), Københavns Vestegns Politi)",
    ]
    assert len(set(offered)) == len(offered)
    assert ">Lone Lærer (SSP-lærer, Glostrup)</option>" in (body := page.content.decode())
    for outsider in ("Mette Holm", "Ole Vest", "Sys Admin", "Birgitte Krogh", "Anders Admin", "Tidligere Ansat"):
        assert f">{outsider} (" not in body  # no <option> for them


def test_the_member_form_offers_organisations_of_the_area_including_the_districts_police(
    section_115_forum: Forum, staff: dict[str, User], login: Callable[[User], Any], make_organisation: Any
) -> None:
    school = make_organisation("Hvissingeskolen")
    make_organisation("Skolen i Holstebro", municipality="661")
    vestegn = PoliceDistrict.objects.get(municipalities__code="161")
    police_unit = make_organisation(
        "Forebyggelsesafdelingen", municipality=None, police_district=vestegn, kind=OrganisationKind.POLICE_UNIT
    )

    page = login(staff["admin"]).get(reverse("structure:membership_add", args=[section_115_forum.pk]))

    assert list(page.context["form"].fields["organisation"].queryset) == [police_unit, school]


@pytest.mark.parametrize("who", ["admin", "far_teacher", "system_admin", "other_admin"])
def test_an_administrator_cannot_make_an_outsider_coordinator_through_the_page(
    who: str, section_115_forum: Forum, staff: dict[str, User], login: Callable[[User], Any]
) -> None:
    client = login(staff["admin"])

    for role in (MembershipRole.COORDINATOR, MembershipRole.SECRETARY):
        response = client.post(
            reverse("structure:membership_add", args=[section_115_forum.pk]),
            {"user": staff[who].pk, "role": role, "starts_on": "2026-01-01"},
        )
        assert response.status_code == 200
        assert "form-error-message" in response.content.decode()

    assert not Membership.objects.filter(forum=section_115_forum).exists()


def test_an_administrator_makes_a_teacher_of_the_municipality_secretary(
    section_115_forum: Forum, staff: dict[str, User], login: Callable[[User], Any]
) -> None:
    response = login(staff["admin"]).post(
        reverse("structure:membership_add", args=[section_115_forum.pk]),
        {"user": staff["teacher"].pk, "role": MembershipRole.SECRETARY, "starts_on": "2026-01-01"},
    )

    assert response.status_code == 302
    assert Membership.objects.get(forum=section_115_forum).user == staff["teacher"]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("admin", "dig selv"),
        ("far_teacher", "ikke ansat i Samordningsmøde' område (Glostrup)"),
        ("far_police", "ikke ansat i"),
        ("system_admin", "systemadministrator"),
        ("other_admin", "personfølsomme punkter"),
        ("former", "ikke længere aktiv"),
    ],
)
def test_the_service_refuses_what_the_form_does_not_offer(
    who: str, message: str, section_115_forum: Forum, staff: dict[str, User]
) -> None:
    with pytest.raises(StructureError) as refused:
        services.add_membership(
            forum=section_115_forum,
            user=staff[who],
            role=MembershipRole.COORDINATOR,
            starts_on=date(2026, 1, 1),
            actor=staff["admin"],
        )

    assert message in refused.value.message_dict["user"][0]
    assert not Membership.objects.exists()


def test_a_district_forum_takes_staff_of_the_districts_municipalities_and_its_police(
    make_forum: Callable[..., Forum], staff: dict[str, User]
) -> None:
    council = make_forum(
        "Lokalråd Vestegnen",
        municipality=None,
        police_district=PoliceDistrict.objects.get(municipalities__code="161"),
        kind=ForumKind.LOCAL_COUNCIL,
    )

    eligible = set(memberships.eligible_members(council, actor=staff["admin"]))

    assert eligible == {staff["teacher"], staff["namesake"], staff["police"], staff["other_admin"]}


def test_a_role_change_to_coordinator_is_checked_again(section_115_forum: Forum, staff: dict[str, User]) -> None:
    """A member who later becomes an administrator cannot be promoted into a standing role."""
    membership = services.add_membership(
        forum=section_115_forum,
        user=staff["teacher"],
        role=MembershipRole.MEMBER,
        starts_on=date(2026, 1, 1),
        actor=staff["other_admin"],
    )

    with pytest.raises(StructureError):
        services.update_membership(membership, actor=staff["teacher"], role=MembershipRole.COORDINATOR)

    membership.refresh_from_db()
    assert membership.role == MembershipRole.MEMBER
