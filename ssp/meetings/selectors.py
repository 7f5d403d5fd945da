"""Reads of the meetings capability, with the joins each page needs applied once."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ssp.accounts.models import User
from ssp.meetings.calendar_entries import CalendarEntry
from ssp.meetings.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    ItemAttendance,
    ItemParticipant,
    Meeting,
    MeetingStatus,
)
from ssp.structure.models import Forum, Membership, Municipality


@dataclass(frozen=True)
class Period:
    """A calendar page: one month, or a whole year when ``month`` is None."""

    year: int
    month: int | None

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def last(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def previous(self) -> Period:
        if self.month is None:
            return Period(self.year - 1, None)
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    @property
    def next(self) -> Period:
        if self.month is None:
            return Period(self.year + 1, None)
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    @classmethod
    def parse(cls, year: str | None, month: str | None, view: str | None) -> Period:
        today = timezone.localdate()
        try:
            parsed_year = int(year) if year else today.year
            parsed_month = int(month) if month else today.month
        except ValueError:
            return cls(today.year, today.month)
        if not 1900 <= parsed_year <= 2200 or not 1 <= parsed_month <= 12:
            return cls(today.year, today.month)
        return cls(parsed_year, None if view == "year" else parsed_month)


@dataclass
class Day:
    day: date
    in_month: bool
    meetings: list[Meeting] = field(default_factory=list)
    entries: list[CalendarEntry] = field(default_factory=list)


@dataclass
class MonthBlock:
    first: date
    meetings: list[Meeting]
    entries: list[CalendarEntry] = field(default_factory=list)


def _bounds(period: Period) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(period.first, time.min)),
        timezone.make_aware(datetime.combine(period.last + timedelta(days=1), time.min)),
    )


def _calendar_rows(queryset: QuerySet[Meeting], period: Period) -> list[Meeting]:
    start, end = _bounds(period)
    return list(
        queryset.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("forum", "host")
        .order_by("starts_at", "id")
        .distinct()
    )


def forum_ids_of(user: User) -> QuerySet[Membership, int]:
    return Membership.objects.current().filter(user=user).values_list("forum_id", flat=True)


def forum_meetings(forum: Forum, period: Period) -> list[Meeting]:
    return _calendar_rows(Meeting.objects.filter(forum=forum), period)


def municipality_meetings(municipality: Municipality, period: Period) -> list[Meeting]:
    """The municipality's own forums, district forums it is a member of, and meetings it hosts."""
    scope = Q(forum__municipality=municipality) | Q(forum__member_municipalities=municipality) | Q(host=municipality)
    return _calendar_rows(Meeting.objects.filter(scope), period)


def user_meetings(user: User, period: Period) -> list[Meeting]:
    return _calendar_rows(Meeting.objects.filter(forum_id__in=forum_ids_of(user)), period)


def month_grid(period: Period, meetings: list[Meeting], entries: Iterable[CalendarEntry] = ()) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with its meetings and other capabilities' entries."""
    assert period.month is not None
    by_day: dict[date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    entries_by_day: dict[date, list[CalendarEntry]] = {}
    for entry in entries:
        entries_by_day.setdefault(entry.day, []).append(entry)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(period.year, period.month)
    return [
        [Day(day, day.month == period.month, by_day.get(day, []), entries_by_day.get(day, [])) for day in week]
        for week in weeks
    ]


def year_blocks(period: Period, meetings: list[Meeting], entries: Iterable[CalendarEntry] = ()) -> list[MonthBlock]:
    blocks = [MonthBlock(date(period.year, month, 1), []) for month in range(1, 13)]
    for meeting in meetings:
        blocks[timezone.localtime(meeting.starts_at).month - 1].meetings.append(meeting)
    for entry in entries:
        if entry.day.year == period.year:
            blocks[entry.day.month - 1].entries.append(entry)
    return blocks


FEED_DAYS_BACK = 90


def feed_meetings(user: User) -> QuerySet[Meeting]:
    """The user's forums' meetings from ``FEED_DAYS_BACK`` days back, for the iCalendar feed."""
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    return (
        Meeting.objects.filter(forum_id__in=forum_ids_of(user), starts_at__gte=since)
        .select_related("forum")
        .order_by("starts_at")
    )


def open_agreements_of(user: User) -> QuerySet[Agreement]:
    """The user's open agreements from meetings and from case actions. A case action's agreement is citizen data:
    the start page and "Mine aftaler" show only its due date and a link to the action (audited there)."""
    return (
        Agreement.objects.filter(owner=user, status=AgreementStatus.OPEN)
        .select_related("meeting", "meeting__forum")
        .order_by("due_on", "id")
    )


def open_meeting_agreements_of(user: User) -> QuerySet[Agreement]:
    """The user's open agreements from meetings only (general text): what the meetings API returns."""
    return open_agreements_of(user).filter(meeting__isnull=False)


def start_agreements(user: User) -> dict[str, object]:
    return {"agreements": open_agreements_of(user), "today": timezone.localdate()}


def next_meeting_of(user: User) -> Meeting | None:
    """The first planned meeting of the user's forums that has not yet ended."""
    return (
        Meeting.objects.filter(
            forum_id__in=forum_ids_of(user), status=MeetingStatus.PLANNED, ends_at__gt=timezone.now()
        )
        .select_related("forum")
        .order_by("starts_at", "id")
        .first()
    )


def start_meetings(user: User) -> dict[str, object]:
    """The start page's meetings section: the next meeting and the user's open agreements."""
    return {**start_agreements(user), "next_meeting": next_meeting_of(user)}


def my_item_ids(meeting: Meeting, user: User) -> set[int]:
    return set(ItemParticipant.objects.filter(item__meeting=meeting, user=user).values_list("item_id", flat=True))


@dataclass(frozen=True)
class ItemView:
    """What one reader may see of one agenda item; the meeting page and the API render only through this.

    - A person-sensitive item's title, concerns, minutes and participant names are for its participants only:
      the names would tell every other invitee which school the pupil attends (issue 8, hole 8).
    - Minutes and decisions are drafts until the general minutes are published; before that only the forum's
      managers (who write them) read them (issue 8, hole 7).
    """

    item: AgendaItem
    participant: bool
    content_visible: bool
    minutes_visible: bool
    participants: list[ItemParticipant]


def _content_visible(item: AgendaItem, *, participant: bool) -> bool:
    return participant or not item.is_person_sensitive


def item_content_visible(item: AgendaItem, user: User) -> bool:
    """Whether ``user`` may read one item's content and minutes page (``ItemView.content_visible`` for one item)."""
    return _content_visible(item, participant=item.participants.filter(user=user).exists())


def agenda_view(meeting: Meeting, user: User, *, can_manage: bool) -> list[ItemView]:
    """The items of ``meeting`` (from ``meeting_page``) as ``user`` may see them."""
    mine = my_item_ids(meeting, user)
    published = meeting.minutes_published_at is not None
    views = []
    for item in meeting.items.all():
        participant = item.pk in mine
        content = _content_visible(item, participant=participant)
        views.append(
            ItemView(
                item=item,
                participant=participant,
                content_visible=content,
                minutes_visible=content and (published or can_manage),
                participants=list(item.participants.all()) if content else [],
            )
        )
    return views


def meeting_page(meeting: Meeting) -> Meeting:
    """``meeting`` with its items (participants' users, concerns, decisions) and agreements prefetched."""
    participants = ItemParticipant.objects.select_related("user").order_by("user__last_name", "user_id")
    items = AgendaItem.objects.order_by("number").prefetch_related(
        "decisions", "concerns", Prefetch("participants", queryset=participants)
    )
    prefetch_related_objects(
        [meeting],
        Prefetch("items", queryset=items),
        Prefetch("agreements", queryset=Agreement.objects.select_related("owner")),
    )
    return meeting


@dataclass(frozen=True)
class OrganisationAttendance:
    organisation: str
    attended: int
    held: int

    @property
    def rate(self) -> int:
        return round(100 * self.attended / self.held) if self.held else 0


@dataclass(frozen=True)
class ForumYearRow:
    forum_id: int
    forum: str
    held: int
    planned: int
    cancelled: int


@dataclass
class YearOverview:
    year: int
    forums: list[ForumYearRow]
    attendance: list[OrganisationAttendance]
    open_agreements: list[tuple[Agreement, int]]

    @property
    def totals(self) -> ForumYearRow:
        return ForumYearRow(
            0,
            "",
            sum(row.held for row in self.forums),
            sum(row.planned for row in self.forums),
            sum(row.cancelled for row in self.forums),
        )


def _year_overview(meetings: QuerySet[Meeting], forums: QuerySet[Forum], year: int) -> YearOverview:
    """Counts per forum, attendance per member organisation and open agreements of ``meetings`` in ``year``.

    Attendance: an organisation attended a held meeting when any of its members of that forum attended an item;
    the rate is attended over the held meetings of the forums it sits in.
    """
    in_year = meetings.filter(starts_at__year=year)
    rows = (
        in_year.values("forum_id", "forum__name")
        .annotate(
            held=Count("id", filter=Q(status=MeetingStatus.HELD)),
            planned=Count("id", filter=Q(status=MeetingStatus.PLANNED)),
            cancelled=Count("id", filter=Q(status=MeetingStatus.CANCELLED)),
        )
        .order_by("forum__name")
    )
    forum_rows = [ForumYearRow(r["forum_id"], r["forum__name"], r["held"], r["planned"], r["cancelled"]) for r in rows]
    held_by_forum = {row.forum_id: row.held for row in forum_rows}
    seats = (
        Membership.objects.filter(forum__in=forums, organisation__isnull=False)
        .values_list("organisation__name", "forum_id")
        .distinct()
    )
    held_by_org: dict[str, int] = {}
    for organisation, forum_id in seats:
        held_by_org[organisation] = held_by_org.get(organisation, 0) + held_by_forum.get(forum_id, 0)
    attended = dict(
        ItemAttendance.objects.filter(
            item__meeting__in=in_year.filter(status=MeetingStatus.HELD),
            user__memberships__forum_id=F("item__meeting__forum_id"),
            user__memberships__organisation__isnull=False,
        )
        .values("user__memberships__organisation__name")
        .annotate(n=Count("item__meeting", distinct=True))
        .values_list("user__memberships__organisation__name", "n")
    )
    attendance = [
        OrganisationAttendance(name, attended.get(name, 0), held) for name, held in sorted(held_by_org.items())
    ]
    today = timezone.localdate()
    agreements = (
        Agreement.objects.filter(meeting__in=meetings, status=AgreementStatus.OPEN)
        .select_related("owner", "meeting", "meeting__forum")
        .order_by("created_at", "id")
    )
    open_agreements = [
        (agreement, (today - timezone.localtime(agreement.created_at).date()).days) for agreement in agreements
    ]
    return YearOverview(year, forum_rows, attendance, open_agreements)


def forum_year(forum: Forum, year: int) -> YearOverview:
    return _year_overview(Meeting.objects.filter(forum=forum), Forum.objects.filter(pk=forum.pk), year)


def forums_of(municipality_ids: Iterable[int]) -> QuerySet[Forum]:
    """The forums whose meetings are a municipality's: its own, and the district forums it is a member of (the
    Kredsråd, where the mayor represents it; seeds 001 and 002). The year page and the dashboard tile count these."""
    ids = list(municipality_ids)
    return Forum.objects.filter(Q(municipality_id__in=ids) | Q(member_municipalities__in=ids)).distinct()


def municipality_year(municipality: Municipality, year: int) -> YearOverview:
    forums = forums_of([municipality.pk])
    return _year_overview(Meeting.objects.filter(forum__in=forums), forums, year)


def own_open_agreement(user: User, pk: int) -> Agreement:
    """An open meeting agreement ``user`` owns; anyone else's (or a done one) is a 404, so its existence is not
    revealed. A case action's agreement is completed on the action's page, where the change is audited."""
    return get_object_or_404(Agreement, pk=pk, owner=user, status=AgreementStatus.OPEN, meeting__isnull=False)
