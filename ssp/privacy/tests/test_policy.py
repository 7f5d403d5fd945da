"""The policy: each relation grants, its absence refuses, the municipal boundary holds, windows expire."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.casework.models import Programme, ProgrammeKind
from ssp.concerns.models import ConcernSource, Severity
from ssp.concerns.services import open_concern
from ssp.privacy.door import access_concern, close_windows, open_window
from ssp.privacy.models import AuditEvent
from ssp.privacy.policy import (
    Relation,
    citizens_visible_to,
    concerns_visible_to,
    relation_to_citizen,
    relation_to_concern,
    who_has_access,
)
from ssp.testing.concerns import open_agenda_window


@pytest.mark.parametrize(
    ("relation", "expected"),
    [("responsible", Relation.RESPONSIBLE), ("team", Relation.TEAM_MEMBER), ("caseworker", Relation.CASEWORKER)],
)
def test_each_standing_relation_grants(relation: str, expected: Relation, make_user: Any, make_concern: Any) -> None:
    user = make_user(role=StaffRole.CASEWORKER if relation == "caseworker" else StaffRole.SSP_CONSULTANT)
    kwargs = {"responsible": {"responsible": user}, "team": {"team": [user]}, "caseworker": {"caseworker": user}}
    concern = make_concern(**kwargs[relation])

    grant = relation_to_concern(user, concern)

    assert grant is not None and grant.relation == expected and grant.until is None
    assert list(concerns_visible_to(user)) == [concern]
    assert list(citizens_visible_to(user)) == [concern.citizen]
    assert relation_to_citizen(user, concern.citizen) == grant


def test_the_school_relation_needs_the_school_context_and_a_current_position(
    make_user: Any, make_concern: Any, make_school: Any, place_at_school: Any
) -> None:
    teacher = make_user(role=StaffRole.SSP_TEACHER)
    school = make_school()
    place_at_school(teacher, school)
    in_context = make_concern(school=school, school_context=True)
    outside = make_concern(school=school, school_context=False)

    assert relation_to_concern(teacher, in_context).relation == Relation.SCHOOL_REPRESENTATIVE  # type: ignore[union-attr]
    assert relation_to_concern(teacher, outside) is None
    assert list(concerns_visible_to(teacher)) == [in_context]


@pytest.mark.parametrize("role", [StaffRole.MANAGER, StaffRole.MUNICIPAL_ADMIN, StaffRole.SYSTEM_ADMIN])
def test_no_relation_means_no_access_even_for_managers_and_administrators(
    role: str, make_user: Any, make_concern: Any, rf: Any
) -> None:
    user = make_user(role=role)
    concern = make_concern()

    assert relation_to_concern(user, concern) is None
    assert not concerns_visible_to(user).exists()
    assert not citizens_visible_to(user).exists()
    with pytest.raises(Http404):
        access_concern(user, concern.pk, request=rf.get("/"))
    denied = AuditEvent.objects.get(action="denied")
    assert denied.citizen_id is None and denied.detail == f"view concern:{concern.pk}"


def test_a_relation_in_one_municipality_opens_nothing_in_another(make_user: Any, make_concern: Any) -> None:
    consultant = make_user(municipality="661")
    make_concern(municipality="661", team=[consultant])
    elsewhere = make_concern(municipality="161")

    assert relation_to_concern(consultant, elsewhere) is None
    assert elsewhere not in concerns_visible_to(consultant)


def test_an_agenda_window_grants_only_while_open_and_closes(make_user: Any, make_concern: Any) -> None:
    member = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER)
    concern = make_concern()
    now = timezone.now()
    open_agenda_window(member, concern, source_ref="agenda_item:7", hours_after=1)

    assert relation_to_concern(member, concern).relation == Relation.AGENDA_PARTICIPANT  # type: ignore[union-attr]
    assert relation_to_concern(member, concern, at=now + timedelta(hours=2)) is None
    assert not concerns_visible_to(member, at=now - timedelta(hours=2)).exists()
    assert member in [user for user, _ in who_has_access(concern)]

    assert (
        close_windows(relation=Relation.AGENDA_PARTICIPANT, source_ref="agenda_item:7", actor=concern.responsible) == 1
    )
    assert relation_to_concern(member, concern) is None
    assert AuditEvent.objects.filter(action="revoke_access", concern_id=concern.pk).count() == 1


def test_who_has_access_lists_every_relation(make_user: Any, make_concern: Any) -> None:
    member = make_user()
    caseworker = make_user(role=StaffRole.CASEWORKER)
    concern = make_concern(team=[member], caseworker=caseworker)

    relations = {user.pk: grant.relation for user, grant in who_has_access(concern)}

    assert relations == {
        concern.responsible_id: Relation.RESPONSIBLE,
        member.pk: Relation.TEAM_MEMBER,
        caseworker.pk: Relation.CASEWORKER,
    }


def test_the_visible_querysets_run_a_fixed_number_of_queries(
    make_user: Any, make_concern: Any, django_assert_num_queries: Any
) -> None:
    user = make_user()
    for _ in range(3):
        make_concern(team=[user])

    with django_assert_num_queries(1):
        assert len(list(concerns_visible_to(user))) == 3
    with django_assert_num_queries(1):
        assert len(list(citizens_visible_to(user))) == 3


def test_a_user_holding_every_kind_of_relation_at_once_sees_exactly_what_each_opens_once(
    make_user: Any, make_concern: Any, django_assert_num_queries: Any
) -> None:
    """The visible sets combine the sources (issue 14: one subquery per source): each opened concern appears once,
    a citizen-wide relation opens every concern of the citizen, and nothing beyond the relations."""
    user = make_user(municipality="161")
    responsible = make_concern(responsible=user)
    team = make_concern(team=[user])
    agenda = make_concern()
    emergency = make_concern()
    coordinated = make_concern()
    unrelated = make_concern()
    second_concerns = [
        open_concern(c.citizen, actor=c.responsible, source=ConcernSource.SCHOOL, severity=Severity.MODERATE)
        for c in (emergency, coordinated, unrelated)
    ]
    open_agenda_window(user, agenda, source_ref="agenda_item:1")
    open_agenda_window(user, responsible, source_ref="agenda_item:2")  # a second relation to the same concern
    now = timezone.now()
    open_window(
        user=user,
        relation=Relation.EMERGENCY,
        citizen_id=emergency.citizen_id,
        valid_from=now - timedelta(hours=1),
        valid_until=now + timedelta(hours=1),
        source_ref="emergency:1",
        actor=user,
    )
    Programme.objects.create(
        concern=coordinated,
        kind=ProgrammeKind.PRE_ENTRY,
        municipality=coordinated.municipality,
        coordinator=user,
        plan="Plan",
        started_on=timezone.localdate(),
    )
    opened = [responsible, team, agenda, emergency, coordinated, *second_concerns[:2]]

    with django_assert_num_queries(1):
        visible = list(concerns_visible_to(user).order_by("pk"))
    with django_assert_num_queries(1):
        citizens = list(citizens_visible_to(user).order_by("pk"))

    assert visible == sorted(opened, key=lambda concern: concern.pk)
    assert citizens == sorted({concern.citizen for concern in opened}, key=lambda citizen: citizen.pk)
