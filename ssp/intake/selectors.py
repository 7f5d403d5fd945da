"""Reads of the intake: preview rows, the work queue, the triage agenda and the deadline figures.

Every read that shows a citizen goes through ``ssp.privacy``: names of registered citizens only where the policy
gives the user a relation (``citizens_visible_to``), and one disclosure event per citizen shown (``door.disclose``),
so a citizen's access history finds the preview or agenda that showed them. Query counts are fixed in data size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from ssp.accounts.models import User
from ssp.concerns.models import Concern, ConcernStatus
from ssp.intake.models import (
    Deadline,
    DeadlineKind,
    Intake,
    IntakePreview,
    Notification,
    PreviewPersons,
    PreviewRow,
    RowDecision,
    RowState,
    TriageItem,
    part_committed,
)
from ssp.meetings.models import Meeting
from ssp.privacy import door, policy
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import citizens_visible_to, concerns_visible_to
from ssp.structure.selectors import in_area


@dataclass(frozen=True)
class CandidateView:
    citizen_id: int
    probability: float
    total: float
    prior: float
    weights: list[tuple[str, str, float]]
    name: str = ""  # only when the user sees the citizen through a relation
    birth_date: str = ""


@dataclass
class PreviewRowView:
    row: PreviewRow
    data: dict[str, Any]
    candidates: list[CandidateView] = field(default_factory=list)


def previews_of(user: User) -> list[IntakePreview]:
    """Open previews with rows in the user's inbox, newest first."""
    scope = policy.intake_inbox(user)
    waiting = PreviewRow.objects.filter(~part_committed(), preview=OuterRef("pk"), municipality__in=scope)
    return list(IntakePreview.objects.filter(Exists(waiting), status="open").order_by("-created_at")[:50])


def _rows_of(user: User, preview: IntakePreview) -> QuerySet[PreviewRow]:
    return preview.rows.filter(municipality__in=policy.intake_inbox(user)).order_by("number")


def preview_rows(
    user: User,
    preview: IntakePreview,
    *,
    request: HttpRequest | None,
    purpose: AuditAction = AuditAction.LIST,
    number: int | None = None,
) -> list[PreviewRowView]:
    """The user's rows of ``preview`` (their inbox's municipalities), with candidates; reading them is disclosed."""
    rows = _rows_of(user, preview)
    if number is not None:
        rows = rows.filter(number=number)
    return _disclosed_views(user, preview, list(rows), request=request, purpose=purpose)


# The preview page's filters, the rows that need the consultant first: errors and undecided grey-zone rows of a
# part not yet committed (what ``commit_preview`` refuses), then the states a consultant checks by sight.
PREVIEW_FILTERS: dict[str, Q] = {
    "attention": Q(committed=False)
    & (Q(state=RowState.ERROR) | Q(state=RowState.NEEDS_CONFIRMATION, decision=RowDecision.NONE)),
    "error": Q(state=RowState.ERROR),
    "undecided": Q(committed=False, state=RowState.NEEDS_CONFIRMATION, decision=RowDecision.NONE),
    "warning": Q(has_warning=True),
    "new_citizen": Q(state=RowState.NEW_CITIZEN),
    "linked": Q(state__in=[RowState.LINKED, RowState.ALREADY_IMPORTED]),
    "all": Q(),
}
PREVIEW_PAGE_SIZE = 100


def preview_counts(user: User, preview: IntakePreview) -> dict[str, int]:
    """The user's rows of ``preview`` per filter, in one query; counts show nobody and are not disclosed."""
    return (
        _rows_of(user, preview)
        .order_by()
        .aggregate(**{name: Count("pk", filter=where) for name, where in PREVIEW_FILTERS.items()})
    )


def preview_page(
    user: User, preview: IntakePreview, *, request: HttpRequest, state: str, page: str | None
) -> tuple[Page[PreviewRow], list[PreviewRowView]]:
    """One page of the user's rows of ``preview`` in filter ``state``; only the page's citizens are disclosed.

    A page number out of range or not a number gives the last or the first page (``Paginator.get_page``).
    """
    shown = Paginator(_rows_of(user, preview).filter(PREVIEW_FILTERS[state]), PREVIEW_PAGE_SIZE).get_page(page)
    rows = list(shown.object_list)
    return shown, _disclosed_views(user, preview, rows, request=request, purpose=AuditAction.LIST)


def _disclosed_views(
    user: User, preview: IntakePreview, found: list[PreviewRow], *, request: HttpRequest | None, purpose: AuditAction
) -> list[PreviewRowView]:
    ids = {c["citizen"] for row in found for c in row.candidates} | {row.citizen_id for row in found if row.citizen_id}
    visible = {
        pk: (f"{first} {last}", born)
        for pk, first, last, born in citizens_visible_to(user)
        .filter(pk__in=ids)
        .values_list("pk", "first_name", "last_name", "birth_date")
    }
    payloads = PreviewPersons.payloads(preview.pk, {row.municipality_id for row in found if row.municipality_id})
    views = []
    for row in found:
        candidates = [
            CandidateView(
                citizen_id=c["citizen"],
                probability=c["probability"],
                total=c["total"],
                prior=c["prior"],
                weights=[(w[0], w[1], w[2]) for w in c["weights"]],
                name=visible.get(c["citizen"], ("", None))[0],
                birth_date=_dmy(visible.get(c["citizen"], ("", None))[1]),
            )
            for c in row.candidates
        ]
        views.append(PreviewRowView(row=row, data=payloads[row.number], candidates=candidates))
    if ids:
        door.disclose(user, sorted(ids), purpose=purpose, request=request, detail=f"intake_preview:{preview.pk}")
    return views


def _dmy(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


@dataclass(frozen=True)
class QueueCounts:
    untriaged: int
    first_actions_due: int
    overdue: int


def _deadline_scope(user: User) -> Q:
    return Q(responsible=user) | Q(municipality__in=policy.intake_inbox(user))


def queue_counts(user: User, *, now: datetime | None = None) -> QueueCounts:
    """The start page's counts: intakes not yet triaged, first actions due within a week, overdue deadlines."""
    now = now or timezone.now()
    untriaged = Intake.objects.filter(
        municipality__in=policy.intake_inbox(user), for_triage=True, triage_item__isnull=True
    ).count()
    counts = Deadline.objects.filter(_deadline_scope(user), met_at__isnull=True).aggregate(
        first_actions_due=Count(
            "pk", filter=Q(kind=DeadlineKind.FIRST_ACTION, due_at__gte=now, due_at__lte=now + timedelta(days=7))
        ),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
    )
    return QueueCounts(untriaged=untriaged, **counts)


def unread_notifications(user: User, *, limit: int = 10) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at", "-pk")[:limit]
    )


def start_queue(user: User) -> dict[str, Any]:
    """Context of the start page's intake section (for users who handle intake, own deadlines or have messages)."""
    counts = queue_counts(user)
    notifications = unread_notifications(user)
    return {
        "intake_counts": counts,
        "intake_notifications": notifications,
        "intake_show": bool(notifications) or policy.intake_inbox(user).exists() or any(vars(counts).values()),
    }


@dataclass(frozen=True)
class QueueEntry:
    deadline: Deadline
    name: str  # empty when the user has no relation to the citizen
    overdue: bool


def work_queue(
    user: User, *, request: HttpRequest | None, now: datetime | None = None, limit: int = 100
) -> list[QueueEntry]:
    """Open deadlines of the user (responsible) and of their inbox's municipalities, soonest first."""
    now = now or timezone.now()
    deadlines = list(
        Deadline.objects.filter(_deadline_scope(user), met_at__isnull=True)
        .select_related("responsible", "triage_item__meeting")
        .order_by("due_at", "pk")[:limit]
    )
    ids = {d.citizen_id for d in deadlines}
    names = {
        pk: f"{first} {last}"
        for pk, first, last in citizens_visible_to(user).filter(pk__in=ids).values_list("pk", "first_name", "last_name")
    }
    if names:
        door.disclose(user, sorted(names), purpose=AuditAction.LIST, request=request, detail="intake_queue")
    return [QueueEntry(d, names.get(d.citizen_id, ""), d.due_at < now) for d in deadlines]


@dataclass
class AgendaEntry:
    item: TriageItem
    name: str
    intakes: list[Intake]
    earlier_intakes: list[Intake]
    open_concerns: list[Concern]


def triage_agenda(
    user: User, meeting: Meeting, *, request: HttpRequest | None, only: int | None = None
) -> list[AgendaEntry]:
    """The meeting's triage items with the citizen's intakes, earlier intakes and open concerns the user may see."""
    items_qs = TriageItem.objects.filter(meeting=meeting)
    if only is not None:
        items_qs = items_qs.filter(pk=only)
    items = list(
        items_qs.select_related("concern", "caseworker", "first_action_owner", "decided_by")
        .prefetch_related(Prefetch("intakes", queryset=Intake.objects.order_by("occurred_at", "pk")))
        .order_by("number")
    )
    citizen_ids = {item.citizen_id for item in items}
    visible = {
        pk: f"{first} {last}"
        for pk, first, last in citizens_visible_to(user)
        .filter(pk__in=citizen_ids)
        .values_list("pk", "first_name", "last_name")
    }
    earlier: dict[int, list[Intake]] = {}
    for intake in (
        Intake.objects.filter(citizen_id__in=visible).exclude(triage_item__meeting=meeting).order_by("-occurred_at")
    ):
        earlier.setdefault(intake.citizen_id, []).append(intake)
    concerns: dict[int, list[Concern]] = {}
    for concern in concerns_visible_to(user).filter(citizen_id__in=visible).exclude(status=ConcernStatus.CLOSED):
        concerns.setdefault(concern.citizen_id, []).append(concern)
    if visible:
        door.disclose(
            user, sorted(visible), purpose=AuditAction.AGENDA, request=request, detail=f"meeting:{meeting.pk}"
        )
    return [
        AgendaEntry(
            item=item,
            name=visible.get(item.citizen_id, ""),
            intakes=list(item.intakes.all()) if item.citizen_id in visible else [],
            earlier_intakes=earlier.get(item.citizen_id, []),
            open_concerns=concerns.get(item.citizen_id, []),
        )
        for item in items
    ]


@dataclass(frozen=True)
class DeadlineFigure:
    kind: str
    label: str
    total: int
    met_in_time: int
    met_late: int
    open_overdue: int

    @property
    def share_met(self) -> float | None:
        closed = self.met_in_time + self.met_late + self.open_overdue
        return self.met_in_time / closed if closed else None


def deadline_figures(municipality_id: int, *, now: datetime | None = None) -> list[DeadlineFigure]:
    """How often each legal deadline was met in the municipality (one grouped query)."""
    now = now or timezone.now()
    rows: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in Deadline.objects.filter(municipality_id=municipality_id)
        .values("kind")
        .annotate(
            total=Count("pk"),
            met_in_time=Count("pk", filter=Q(met_at__lte=F("due_at"))),
            met_late=Count("pk", filter=Q(met_at__gt=F("due_at"))),
            open_overdue=Count("pk", filter=Q(met_at__isnull=True, due_at__lt=now)),
        )
    }
    empty = {"total": 0, "met_in_time": 0, "met_late": 0, "open_overdue": 0}
    return [
        DeadlineFigure(
            kind=kind.value,
            label=str(kind.label),
            total=rows.get(kind.value, empty)["total"],
            met_in_time=rows.get(kind.value, empty)["met_in_time"],
            met_late=rows.get(kind.value, empty)["met_late"],
            open_overdue=rows.get(kind.value, empty)["open_overdue"],
        )
        for kind in DeadlineKind
    ]


def triage_meetings(user: User) -> list[Meeting]:
    """Upcoming and recent meetings with triage items of the user's inbox municipalities, or with a window."""
    since = timezone.now() - timedelta(days=14)
    scope = policy.intake_inbox(user)
    return list(
        Meeting.objects.filter(ends_at__gte=since, triage_items__municipality__in=scope)
        .select_related("forum")
        .distinct()
        .order_by("starts_at")[:10]
    )


def triage_entry(user: User, item: TriageItem, *, request: HttpRequest | None) -> AgendaEntry | None:
    """One citizen of the agenda, for the decision page; None when the user has no relation to the citizen."""
    entries = triage_agenda(user, item.meeting, request=request, only=item.pk)
    return entries[0] if entries and entries[0].name else None


def intakes_in_inbox(
    user: User,
    *,
    source: str = "",
    received_year: int | None = None,
    municipality: str = "",
    police_district: str = "",
) -> QuerySet[Intake]:
    """The committed intakes of the municipalities whose intake ``user`` handles (``policy.intake_inbox``), latest
    first. The filters narrow them to those the dashboard's intake figure counts (``ssp.intake.tiles``: read in the
    year, by source, in the municipality or the police district's municipalities)."""
    intakes = Intake.objects.filter(municipality__in=policy.intake_inbox(user))
    if source:
        intakes = intakes.filter(source=source)
    if received_year is not None:
        intakes = intakes.filter(created_at__year=received_year)
    intakes = intakes.filter(in_area("municipality", municipality=municipality, police_district=police_district))
    return intakes.select_related("citizen", "municipality").order_by("-created_at", "-pk")
