"""Reads of case work, with their joins applied so a page spends a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ssp.accounts.models import User
from ssp.casework.models import ActionStatus, CaseAction, Group, GroupMember, Letter, Programme
from ssp.casework.network import GroupMembers, Member, Network, build_network
from ssp.concerns.models import Concern, ConcernSource
from ssp.privacy.policy import citizens_visible_to, concerns_visible_to
from ssp.structure.selectors import in_area


def concern_actions(concern: Concern) -> QuerySet[CaseAction]:
    return concern.case_actions.select_related("owner").prefetch_related("staff").order_by("due_on", "pk")


def concern_letters(concern: Concern) -> QuerySet[Letter]:
    return concern.letters.select_related("created_by").order_by("created_at", "pk")


@dataclass(frozen=True)
class WorkQueue:
    overdue: list[CaseAction]
    upcoming: list[CaseAction]


def work_queue(user: User, *, limit: int = 100) -> WorkQueue:
    """The user's planned actions on concerns they still see: overdue first, then by due date.

    Filtering by ``concerns_visible_to`` keeps an action out of the queue once its owner lost the relation.
    """
    today = timezone.localdate()
    rows = list(
        CaseAction.objects.filter(owner=user, status=ActionStatus.PLANNED, concern__in=concerns_visible_to(user))
        .select_related("concern", "concern__citizen")
        .order_by("due_on", "pk")[:limit]
    )
    return WorkQueue(
        overdue=[row for row in rows if row.due_on < today], upcoming=[row for row in rows if row.due_on >= today]
    )


def actions_visible_to(
    user: User,
    *,
    status: str = "",
    kind: str = "",
    due_year: int | None = None,
    municipality: str = "",
    police_district: str = "",
) -> QuerySet[CaseAction]:
    """The actions of every concern ``user`` sees through the privacy policy, latest due date first. The filters
    narrow them to those a dashboard figure counts (``ssp.casework.tiles``: done, due in the year, the concern's
    municipality or police district)."""
    actions = CaseAction.objects.filter(
        in_area("concern__municipality", municipality=municipality, police_district=police_district),
        concern__in=concerns_visible_to(user),
    )
    if status:
        actions = actions.filter(status=status)
    if kind:
        actions = actions.filter(kind=kind)
    if due_year is not None:
        actions = actions.filter(due_on__year=due_year)
    return actions.select_related("concern", "concern__citizen").order_by("-due_on", "-pk")


def programmes_visible_to(
    user: User,
    *,
    kind: str = "",
    started_year: int | None = None,
    municipality: str = "",
    police_district: str = "",
) -> QuerySet[Programme]:
    """The programmes of every concern ``user`` sees, latest start first. The filters narrow them to those a
    dashboard figure counts (started in the year, run by the municipality or one of the police district's)."""
    programmes = Programme.objects.filter(
        in_area("municipality", municipality=municipality, police_district=police_district),
        concern__in=concerns_visible_to(user),
    )
    if kind:
        programmes = programmes.filter(kind=kind)
    if started_year is not None:
        programmes = programmes.filter(started_on__year=started_year)
    return programmes.select_related("concern__citizen", "municipality").order_by("-started_on", "-pk")


def start_work_queue(user: User) -> dict[str, object]:
    """Counts only: the start page names no citizen, so it needs no audit event."""
    today = timezone.localdate()
    counts = CaseAction.objects.filter(owner=user, status=ActionStatus.PLANNED).aggregate(
        planned=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    return {"overdue_count": counts["overdue"], "planned_count": counts["planned"]}


def groups_visible_to(user: User) -> QuerySet[Group]:
    """Groups with at least one member the user sees (visibility follows the privacy module's relations), and the
    empty groups the user created."""
    visible_members = GroupMember.objects.filter(group=OuterRef("pk"), citizen__in=citizens_visible_to(user))
    empty = ~Exists(GroupMember.objects.filter(group=OuterRef("pk")))
    return Group.objects.filter(Q(Exists(visible_members)) | (Q(created_by=user) & empty))


def network_for(user: User, groups: list[Group]) -> Network:
    """The network of ``groups`` for ``user``: three queries, and the names of unseen members are never loaded."""
    pairs = list(GroupMember.objects.filter(group__in=groups).values_list("group_id", "citizen_id"))
    member_ids = {citizen_id for _group, citizen_id in pairs}
    names = {
        pk: f"{first} {last}"
        for pk, first, last in citizens_visible_to(user)
        .filter(pk__in=member_ids)
        .values_list("pk", "first_name", "last_name")
    }
    by_group: dict[int, list[Member]] = {group.pk: [] for group in groups}
    for group_id, citizen_id in pairs:
        by_group[group_id].append(Member(citizen_id, names.get(citizen_id, "")))
    return build_network(
        [GroupMembers(group.pk, group.name, tuple(by_group[group.pk])) for group in groups], visible_ids=set(names)
    )


def daily_report_week(user: User, *, year: int, week: int) -> list[Concern]:
    """Concerns from the police daily report of ISO week ``week`` that ``user`` may see (Ankestyrelsen's sample
    is drawn from the daily report). Until ``ssp.intake`` stores the report's rows, a concern's source and opening
    date stand for the row it came from."""
    start = timezone.make_aware(datetime.combine(date.fromisocalendar(year, week, 1), time()))
    return list(
        concerns_visible_to(user)
        .filter(source=ConcernSource.POLICE_DAILY_REPORT, opened_at__gte=start, opened_at__lt=start + timedelta(days=7))
        .select_related("citizen", "responsible")
        .order_by("opened_at", "pk")
    )
