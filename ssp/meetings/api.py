"""``/api/v1/meetings/…``: calendar, agenda, general minutes and agreements, under the same rules as the pages.

Person-sensitive items show their title and concerns only to their participants, with one audit event per
request; to everyone else they are a number, a time and the word "person_sensitive".
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from ssp.accounts.http import AuthedHttpRequest
from ssp.meetings import selectors, services
from ssp.meetings.disclosure import disclose_agenda
from ssp.meetings.models import Agreement, ItemKind, Meeting
from ssp.meetings.permissions import can_manage_forum, get_meeting_for
from ssp.meetings.schemas import AgreementOut, CalendarQuery, ItemOut, MeetingOut, MinutesItemOut
from ssp.privacy.models import AuditAction
from ssp.privacy.routes import CITIZEN_DATA, NO_CITIZEN_DATA

router = Router(tags=["meetings"])
MAX_CALENDAR_DAYS = 400


def _meeting(request: AuthedHttpRequest, pk: int) -> Meeting:
    try:
        return get_meeting_for(request.user, pk)
    except PermissionDenied:
        raise HttpError(403, "Du er ikke medlem af forummet.") from None


def _meeting_out(meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk,
        forum_id=meeting.forum_id,
        forum=meeting.forum.name,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        status=meeting.status,
        uid=meeting.uid,
        sequence=meeting.sequence,
        agenda_published_at=meeting.agenda_published_at,
    )


@router.get(
    "/meetings/calendar", response=list[MeetingOut], summary="Mine møder i en periode", openapi_extra=NO_CITIZEN_DATA
)
def calendar(request: AuthedHttpRequest, query: Query[CalendarQuery]) -> list[MeetingOut]:
    if query.end < query.start or (query.end - query.start).days > MAX_CALENDAR_DAYS:
        raise HttpError(422, f"end skal ligge efter start og højst {MAX_CALENDAR_DAYS} dage senere.")
    start = timezone.make_aware(datetime.combine(query.start, time.min))
    end = timezone.make_aware(datetime.combine(query.end + timedelta(days=1), time.min))
    meetings = (
        Meeting.objects.filter(
            forum_id__in=selectors.forum_ids_of(request.user), starts_at__gte=start, starts_at__lt=end
        )
        .select_related("forum")
        .order_by("starts_at")
    )
    return [_meeting_out(meeting) for meeting in meetings]


@router.get("/meetings/{meeting_id}/agenda", response=list[ItemOut], summary="Dagsorden", openapi_extra=CITIZEN_DATA)
def agenda(request: AuthedHttpRequest, meeting_id: int) -> list[ItemOut]:
    meeting = selectors.meeting_page(_meeting(request, meeting_id))
    views = selectors.agenda_view(meeting, request.user, can_manage=can_manage_forum(request.user, meeting.forum))
    disclose_agenda(request.user, meeting, views, purpose=AuditAction.API_LIST, request=request)
    result = []
    for view in views:
        item, visible = view.item, view.content_visible
        result.append(
            ItemOut(
                number=item.number,
                kind=item.kind,
                title=item.title if visible else None,
                description=item.description,
                planned_start=item.planned_start,
                slot_minutes=item.slot_minutes,
                remote_allowed=item.remote_allowed,
                concern_ids=[concern.pk for concern in item.concerns.all()]
                if visible and item.is_person_sensitive
                else [],
                participant=view.participant,
            )
        )
    return result


@router.get(
    "/meetings/{meeting_id}/minutes",
    response=list[MinutesItemOut],
    summary="Generelt referat",
    openapi_extra=NO_CITIZEN_DATA,
)
def minutes(request: AuthedHttpRequest, meeting_id: int) -> list[MinutesItemOut]:
    meeting = _meeting(request, meeting_id)
    # Drafts stay with the forum's managers until the general minutes are published (as on the page and the PDF).
    if meeting.minutes_published_at is None and not can_manage_forum(request.user, meeting.forum):
        raise HttpError(404, "Referatet er ikke udsendt endnu.")
    meeting = selectors.meeting_page(meeting)
    return [
        MinutesItemOut(
            number=item.number,
            title=item.title,
            minutes=item.minutes,
            decisions=[{"text": decision.text} for decision in item.decisions.all()],  # type: ignore[misc]
        )
        for item in meeting.items.all()
        if item.kind == ItemKind.GENERAL
    ]


def _agreement_out(agreement: Agreement) -> AgreementOut:
    # Only meeting agreements reach this API (``open_meeting_agreements_of``, ``own_open_agreement``).
    assert agreement.meeting_id is not None
    return AgreementOut(
        id=agreement.pk,
        meeting_id=agreement.meeting_id,
        what=agreement.what,
        owner_id=agreement.owner_id,
        due_on=agreement.due_on,
        status=agreement.status,
        done_at=agreement.done_at,
    )


@router.get(
    "/meetings/agreements", response=list[AgreementOut], summary="Mine åbne aftaler", openapi_extra=NO_CITIZEN_DATA
)
def agreements(request: AuthedHttpRequest) -> list[AgreementOut]:
    return [_agreement_out(agreement) for agreement in selectors.open_meeting_agreements_of(request.user)]


@router.post(
    "/meetings/agreements/{agreement_id}/done",
    response=AgreementOut,
    summary="Markér en aftale som udført",
    openapi_extra=NO_CITIZEN_DATA,
)
def agreement_done(request: AuthedHttpRequest, agreement_id: int) -> AgreementOut:
    agreement = selectors.own_open_agreement(request.user, agreement_id)
    return _agreement_out(services.complete_agreement(agreement, actor=request.user))
