"""Reads of citizens and concerns, always narrowed by ``ssp.privacy.policy`` first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.concerns.disclosure import Disclosure, disclose_notes
from ssp.concerns.models import Concern, ConcernEvent, ConcernNote, ConcernStatus, ConcernTeamMember
from ssp.privacy.policy import citizens_visible_to, concerns_visible_to
from ssp.structure.selectors import in_area


def my_concerns(
    user: User,
    *,
    status: str = "",
    track: str = "",
    query: str = "",
    opened_year: int | None = None,
    municipality: str = "",
    police_district: str = "",
) -> QuerySet[Concern]:
    """The concerns ``user`` can open, through whichever relation the policy names (newest activity first).

    Responsible, team member and caseworker, and equally a school representative for the own pupils or a participant
    of a meeting item: "Mine sager" is what the privacy policy opens, so it lists nothing the user cannot open and
    leaves out nothing they can. ``query`` is a case number or words of the citizen's name; ``opened_year`` and the
    municipality's or police district's slug narrow it to the cases a dashboard figure counts
    (``concerns_opened_in_year``).
    """
    queryset = concerns_visible_to(user).select_related("citizen", "responsible").order_by("-last_activity_at", "-pk")
    if status:
        queryset = queryset.filter(status=status)
    if track:
        queryset = queryset.filter(track=track)
    if opened_year is not None:
        queryset = queryset.filter(_opened_in(opened_year))
    queryset = queryset.filter(in_area("municipality", municipality=municipality, police_district=police_district))
    for word in query.split():
        named = Q(citizen__first_name__icontains=word) | Q(citizen__last_name__icontains=word)
        queryset = queryset.filter(named | Q(pk=int(word)) if word.isdigit() and len(word) < 10 else named)
    return queryset


def start_my_concerns(user: User) -> dict[str, object]:
    """Counts only: the start page names no citizen, so it needs no audit event."""
    counts = (
        my_concerns(user)
        .exclude(status=ConcernStatus.CLOSED)
        .aggregate(
            open=Count("pk", filter=Q(status=ConcernStatus.OPEN)),
            active=Count("pk", filter=Q(status=ConcernStatus.ACTIVE)),
        )
    )
    return {"open_count": counts["open"], "active_count": counts["active"]}


@dataclass
class ConcernPage:
    concern: Concern
    disclosure: Disclosure
    events: list[ConcernEvent]


def concern_page(user: User, concern: Concern) -> ConcernPage:
    """Notes (minus §115 outside the team) and timeline of a concern ``user`` has been let see. The team is shown
    from ``who_has_access``; here only its members' ids are read, to decide on the §115 notes."""
    team_user_ids = list(ConcernTeamMember.objects.filter(concern=concern).values_list("user_id", flat=True))
    notes = list(ConcernNote.objects.filter(concern=concern).select_related("author").order_by("-created_at"))
    events = list(ConcernEvent.objects.filter(concern=concern).select_related("actor").order_by("-at", "-pk"))
    disclosure = disclose_notes(user, concern, notes, team_user_ids=team_user_ids)
    return ConcernPage(concern=concern, disclosure=disclosure, events=events)


def concerns_of_citizen(user: User, citizen: Citizen) -> QuerySet[Concern]:
    return (
        concerns_visible_to(user)
        .filter(citizen=citizen)
        .select_related("responsible", "municipality")
        .order_by("-opened_at")
    )


def visible_citizens(user: User) -> QuerySet[Citizen]:
    return citizens_visible_to(user).select_related("municipality").order_by("last_name", "first_name", "pk")


def concerns_opened_between(municipality_id: int, start: datetime, end: datetime) -> QuerySet[Concern]:
    """The municipality's concerns opened in [start, end), for aggregate figures (counts only, never shown by name)."""
    return Concern.objects.filter(municipality_id=municipality_id, opened_at__gte=start, opened_at__lt=end)


def open_concern_of(citizen_id: int, pk: int) -> Concern | None:
    """The citizen's concern ``pk`` if it is still open (the triage attaches intakes to it), else None."""
    return Concern.objects.filter(pk=pk, citizen_id=citizen_id).exclude(status=ConcernStatus.CLOSED).first()


def _opened_in(year: int) -> Q:
    """Opened in ``year`` of the local calendar: the one definition the dashboard's count and the list share."""
    return Q(opened_at__year=year)


def concerns_opened_in_year(municipality_ids: list[int], year: int) -> QuerySet[Concern]:
    """The municipalities' concerns opened in ``year``, for aggregate figures (dashboards count, never name); the
    list ``my_concerns(opened_year=…)`` shows the same cases to a reader with a relation to them."""
    return Concern.objects.filter(_opened_in(year), municipality_id__in=municipality_ids)
