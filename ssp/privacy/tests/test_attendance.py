"""Who stays in the room for a person-sensitive agenda item (Glostrup's rule, see the contract)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.privacy.policy import Relation, may_attend_person_sensitive_item
from ssp.structure.models import Forum, Membership, MembershipRole


def _member(user: Any, forum: Forum, **fields: Any) -> Membership:
    return Membership.objects.create(
        user=user, forum=forum, starts_on=timezone.localdate() - timedelta(days=10), **fields
    )


def test_attendance_follows_relation_school_and_standing_role(
    make_user: Any, make_concern: Any, make_school: Any
) -> None:
    forum = Forum.objects.filter(municipality__code="161").first()
    assert forum is not None
    own_school, other_school = make_school(), make_school()
    concern = make_concern(school=own_school)
    teacher_here = make_user(role=StaffRole.SCHOOL_LEADER)
    teacher_there = make_user(role=StaffRole.SCHOOL_LEADER)
    officer = make_user(role=StaffRole.POLICE_PREVENTION_OFFICER, municipality=None)
    bystander = make_user(role=StaffRole.OTHER)
    _member(teacher_here, forum, organisation=own_school)
    _member(teacher_there, forum, organisation=other_school)
    _member(officer, forum)
    _member(bystander, forum, role=MembershipRole.MEMBER)

    def attends(user: Any) -> Relation | None:
        return may_attend_person_sensitive_item(user, concern=concern, forum=forum)

    assert attends(concern.responsible) == Relation.RESPONSIBLE
    assert attends(teacher_here) == Relation.SCHOOL_REPRESENTATIVE
    assert attends(teacher_there) is None
    assert attends(officer) == Relation.AGENDA_PARTICIPANT
    assert attends(bystander) is None
    assert attends(make_user()) is None
