"""Writes of the meetings capability: calendar, agendas, invitations, minutes and agreements."""

from __future__ import annotations

import hashlib
import secrets
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, F, ForeignObjectRel, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ssp.accounts.models import User
from ssp.concerns.models import Concern, ConcernEvent
from ssp.concerns.timeline import TimelineText
from ssp.lib.bulk import AnyOf, insert_rows
from ssp.meetings import cadence
from ssp.meetings.eligibility import close_item_windows, open_item_windows, recompute_participants
from ssp.meetings.invitations import (
    send_agreement_reminder,
    send_cancellation,
    send_cancellation_proposal,
    send_invitations,
    send_meeting_update,
    send_minutes_published,
)
from ssp.meetings.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    BlackoutPeriod,
    CalendarFeed,
    Decision,
    ItemAttendance,
    ItemKind,
    Meeting,
    MeetingStatus,
)
from ssp.meetings.privacy_check import ensure_no_personal_data
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import concerns_visible_to
from ssp.structure.models import Forum, Municipality, current_on_q

DEFAULT_START = time(9, 0)
DEFAULT_LENGTH = timedelta(hours=2)
# The deadline check looks this far ahead; no forum sets a longer agenda deadline.
MAX_DEADLINE_DAYS = 60
REMINDER_DAYS = 3
# The line minutes write on a concern's timeline (``ssp.concerns.timeline``: stored in Danish, shown translated).
MINUTES_TEXT = TimelineText(gettext_noop("Referat fra %(forum)s %(day)s, punkt %(number)d"))


@dataclass(frozen=True)
class GenerationResult:
    created: int
    updated: int
    removed: int
    kept: int


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class _Proposal(NamedTuple):
    """A proposal already in the database, read as plain values: regeneration compares, it does not load models."""

    pk: int
    starts_at: datetime
    ends_at: datetime
    host_id: int | None
    place: str
    changed_by_user: bool
    in_use: bool


@dataclass(frozen=True)
class _GenerationContext:
    """What generating a period needs from the database, read once for any number of forums."""

    members: dict[int, list[int]]
    hosted: dict[int, dict[int, int]]
    blackouts: dict[int, tuple[cadence.Blackout, ...]]
    existing: dict[int, dict[date | None, _Proposal]]
    place_names: dict[int, str]


def _referred_to() -> Q:
    """Some row anywhere refers to the meeting: an agenda item, a triage item, a milestone, a case action, a plan
    approved there, a programme's coordination meetings...

    Built from the relations that point at ``Meeting`` (the ones Django's delete collector would follow, hidden
    ``related_name="+"`` ones and many-to-many tables included), so a relation another app adds later counts
    without this module naming it. Deleting such a proposal would clear or delete that row in its app.
    """
    referred = Q()
    for relation in Meeting._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            continue  # a many-to-many table is reached through its own foreign key relation
        rows = relation.related_model._base_manager.filter(**{relation.field.name: OuterRef("pk")})
        referred |= Q(Exists(rows))
    return referred


def _generation_context(forums: list[Forum], start: date, end: date) -> _GenerationContext:
    """Five queries whatever the number of forums: members, hosting so far, blackouts, existing proposals, places.

    The forums' ids go as one array parameter (``AnyOf``): an ``IN`` list of 2,000 placeholders costs more to
    build and parse than the query itself.
    """
    forum_ids = [forum.pk for forum in forums]
    members: dict[int, list[int]] = {pk: [] for pk in forum_ids}
    for forum_id, municipality_id in Forum.member_municipalities.through.objects.filter(
        AnyOf(F("forum_id"), forum_ids)
    ).values_list("forum_id", "municipality_id"):
        members[forum_id].append(municipality_id)
    hosted: dict[int, dict[int, int]] = {pk: {} for pk in forum_ids}
    for row in (
        Meeting.objects.filter(
            AnyOf(F("forum_id"), forum_ids), starts_at__lt=_aware(start, time.min), host__isnull=False
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .values("forum_id", "host")
        .annotate(n=Count("id"))
    ):
        hosted[row["forum_id"]][row["host"]] = row["n"]
    municipality_ids = {forum.municipality_id for forum in forums if forum.municipality_id is not None}
    periods: dict[int, list[cadence.Blackout]] = {pk: [] for pk in municipality_ids}
    for municipality_id, first, last in (
        BlackoutPeriod.objects.filter(municipality_id__in=municipality_ids)
        .order_by("starts_on", "pk")
        .values_list("municipality_id", "starts_on", "ends_on")
    ):
        periods[municipality_id].append((first, last))
    existing: dict[int, dict[date | None, _Proposal]] = {pk: {} for pk in forum_ids}
    rows = (
        Meeting.objects.filter(AnyOf(F("forum_id"), forum_ids), generated_for__gte=start, generated_for__lte=end)
        .annotate(in_use=_referred_to())
        .values_list(
            "forum_id",
            "generated_for",
            "pk",
            "starts_at",
            "ends_at",
            "host_id",
            "place",
            "changed_by_user",
            "in_use",
        )
    )
    for forum_id, day, pk, starts_at, ends_at, host_id, place, changed_by_user, in_use in rows:
        existing[forum_id][day] = _Proposal(pk, starts_at, ends_at, host_id, place, changed_by_user, in_use)
    place_names = dict(Municipality.objects.values_list("pk", "name"))
    blackouts = {pk: tuple(found) for pk, found in periods.items()}
    return _GenerationContext(members, hosted, blackouts, existing, place_names)


@transaction.atomic
def generate_meetings(forum: Forum, *, start: date, end: date, actor: User | None) -> GenerationResult:
    """Propose one forum's meetings from ``start`` to ``end`` (both included); see ``generate_meetings_for``."""
    return generate_meetings_for([forum], start=start, end=end, actor=actor)


# A proposal's values: forum id, proposed date, starts, ends, host id, place.
_Row = tuple[int, date, datetime, datetime, int | None, str]


@transaction.atomic
def generate_meetings_for(forums: list[Forum], *, start: date, end: date, actor: User | None) -> GenerationResult:
    """Propose the forums' meetings from ``start`` to ``end`` (both included) from their cadences.

    1. Dates come from ``cadence.proposed_dates`` (recurrence rule or count per year, anchors, holidays and the
       municipality's blackout periods skipped).
    2. Hosts rotate among the member municipalities when the forum rotates: whoever hosted least, counting the
       meetings before ``start``.
    3. A proposal is found again by ``generated_for``: unchanged proposals are updated, missing ones created,
       proposals no longer wanted are deleted if nobody changed them and nothing refers to them (``_referred_to``:
       agenda items, triage items, milestones, case actions, any row of any app). A meeting someone changed
       (moved, cancelled, edited) is never touched. Running it twice changes nothing.

    The database is read once for all forums (``_generation_context``, plain values) and written in bulk (one
    insert, one update, one delete), so a national year (2,000 forums, 30,000 meetings) costs a fixed number of
    queries and the Python work per meeting is a tuple, not a model instance.
    """
    context = _generation_context(forums, start, end)
    new: list[_Row] = []
    changed: list[tuple[int, _Row]] = []
    stale: list[int] = []
    kept = 0
    times = _MeetingTimes()
    for forum in forums:
        forum_kept, forum_stale = _propose(forum, start, end, context, times, new, changed)
        kept += forum_kept
        stale += forum_stale
    _validate_proposals([*new, *(row for _pk, row in changed)])
    _insert_proposals(new)
    Meeting.objects.bulk_update(
        [
            Meeting(pk=pk, starts_at=starts_at, ends_at=ends_at, host_id=host_id, place=place)
            for pk, (_forum, _day, starts_at, ends_at, host_id, place) in changed
        ],
        ["starts_at", "ends_at", "host", "place"],
        batch_size=2000,
    )
    removed = 0
    if stale:
        # Asked again in the delete itself: a row may have come to refer to a proposal since it was read.
        _deleted, per_model = Meeting.objects.filter(pk__in=stale).exclude(_referred_to()).delete()
        removed = per_model.get(Meeting._meta.label, 0)
    return GenerationResult(created=len(new), updated=len(changed), removed=removed, kept=kept + len(stale) - removed)


class _MeetingTimes(dict[date, tuple[datetime, datetime]]):
    """A proposed day's start and end, made timezone-aware once per day instead of once per meeting."""

    def __missing__(self, day: date) -> tuple[datetime, datetime]:
        starts_at = _aware(day, DEFAULT_START)
        self[day] = (starts_at, starts_at + DEFAULT_LENGTH)
        return self[day]


def _propose(
    forum: Forum,
    start: date,
    end: date,
    context: _GenerationContext,
    times: _MeetingTimes,
    new: list[_Row],
    changed: list[tuple[int, _Row]],
) -> tuple[int, list[int]]:
    """Add the forum's new and changed proposals to ``new``/``changed``; returns (kept, stale meeting ids)."""
    per_year = cadence.yearly_count(
        minimum=forum.meetings_per_year_min,
        maximum=forum.meetings_per_year_max,
        cancel_without_items=forum.cancel_without_items,
    )
    days = cadence.proposed_dates(
        start=start,
        end=end,
        recurrence_rule=forum.recurrence_rule,
        per_year=per_year,
        anchor_months=forum.anchor_months or [],
        blackouts=context.blackouts.get(forum.municipality_id or 0, ()),
    )
    if forum.rotates_host:
        members = sorted(context.members[forum.pk])
        hosts = cadence.rotate(members, already_hosted=context.hosted[forum.pk], count=len(days))
    else:
        hosts = [forum.municipality_id] * len(days)
    existing = context.existing[forum.pk]
    kept = 0
    for day, host in zip(days, hosts, strict=True):
        found = existing.pop(day, None)
        if found is not None and found.changed_by_user:
            kept += 1
            continue
        starts_at, ends_at = times[day]
        place = context.place_names.get(host, "") if host else ""
        row = (forum.pk, day, starts_at, ends_at, host, place)
        if found is None:
            new.append(row)
        elif (found.starts_at, found.ends_at, found.host_id, found.place) != (starts_at, ends_at, host, place):
            changed.append((found.pk, row))
    stale = [found.pk for found in existing.values() if not found.changed_by_user and not found.in_use]
    return kept + len(existing) - len(stale), stale


def _validate_proposals(rows: list[_Row]) -> None:
    """``full_clean`` one proposal per distinct host and place: proposals differ only in forum, date and host.

    Forum and host are ids the database just gave, the times are the fixed default slot on a real date and the
    database enforces the constraints (one proposal per forum and date, ends after start), so one validated
    proposal per host stands for all of them at a fraction of the cost of validating 30,000 instances.
    """
    seen: set[tuple[int | None, str]] = set()
    for forum_id, day, starts_at, ends_at, host_id, place in rows:
        if (host_id, place) in seen:
            continue
        seen.add((host_id, place))
        proposal = Meeting(
            forum_id=forum_id,
            generated=True,
            generated_for=day,
            starts_at=starts_at,
            ends_at=ends_at,
            host_id=host_id,
            place=place,
        )
        proposal.full_clean(exclude=["forum", "host"], validate_unique=False, validate_constraints=False)


def _insert_proposals(rows: list[_Row]) -> None:
    """One statement for all new proposals: ``COPY`` on PostgreSQL, ``ssp.lib.bulk.insert_rows`` elsewhere.

    A national year (30,000 rows) goes to the server without a model instance or a quoted SQL value per meeting.
    On PostgreSQL the values go to psycopg's ``COPY`` as they are: ints, dates, aware datetimes and UUIDs are
    types its own (compiled) adapters write, so the per-value preparation ``insert_rows`` does for any field
    (0.9 s of CPU for a national year, more than the rest of the generation) is not needed. The calendar UID is a
    version 4 UUID, as the model's default makes it.
    """
    if not rows:
        return
    created_at = timezone.now()
    values = (
        (
            forum_id,
            day,
            starts_at,
            ends_at,
            host_id,
            place,
            MeetingStatus.PLANNED.value,
            True,
            False,
            0,
            uuid4(),
            created_at,
        )
        for forum_id, day, starts_at, ends_at, host_id, place in rows
    )
    if connection.vendor != "postgresql":
        insert_rows(Meeting, _PROPOSAL_FIELDS, values)
        return
    column_of = {field.name: str(field.column) for field in Meeting._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(column_of[name]) for name in _PROPOSAL_FIELDS)
    sql = f"COPY {connection.ops.quote_name(Meeting._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        # The driver's COPY bypasses Django's cursor: logged as the one query it is (query counts, DEBUG).
        logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
        with logged, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for row in values:
                copy.write_row(row)


_PROPOSAL_FIELDS = (
    "forum",
    "generated_for",
    "starts_at",
    "ends_at",
    "host",
    "place",
    "status",
    "generated",
    "changed_by_user",
    "sequence",
    "uid",
    "created_at",
)


@transaction.atomic
def create_meeting(
    forum: Forum, *, starts_at: datetime, ends_at: datetime, place: str, actor: User, host: Municipality | None = None
) -> Meeting:
    """An extra meeting added by hand; it counts as changed so regeneration leaves it alone."""
    meeting = Meeting(
        forum=forum,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        host=host or forum.municipality,
        changed_by_user=True,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def move_meeting(meeting: Meeting, *, starts_at: datetime, ends_at: datetime, place: str, actor: User) -> Meeting:
    """Move a meeting with its timed items; a published agenda's invitations are updated (same UID, next SEQUENCE).

    1. Every item with a planned start moves by the meeting's own shift, so it keeps its place in the meeting and
       the invitations keep promising each school the same part of it.
    2. The move is refused when a moved item would lie outside the new meeting (``ValidationError`` on
       ``ends_at``) or overlap another item's booked slot (on ``starts_at``); nothing is changed then.
    3. The items are numbered again in time order, without gaps.
    4. A moved person-sensitive item is audited on each of its concerns, as adding and removing it is, and a
       published item's windows are opened again to end with the new meeting.
    """
    shift, new_end = starts_at - meeting.starts_at, ends_at != meeting.ends_at
    timed = list(meeting.items.filter(planned_start__isnull=False).order_by("planned_start", "number"))
    for item in timed:
        planned: datetime = item.planned_start  # type: ignore[assignment]
        item.planned_start = planned + shift
    _check_moved_slots(timed, starts_at=starts_at, ends_at=ends_at)
    meeting.starts_at, meeting.ends_at, meeting.place = starts_at, ends_at, place
    meeting.changed_by_user = True
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    if shift:
        AgendaItem.objects.bulk_update(timed, ["planned_start"])
    _renumber(meeting)
    for item in meeting.items.filter(kind=ItemKind.PERSON_SENSITIVE).prefetch_related("concerns"):
        if shift and item.planned_start is not None:
            for concern in item.concerns.all():
                door.record_change(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    concern=concern,
                    citizen=concern.citizen_id,
                    changed_fields=("planned_start",),
                    detail=f"{item.source_ref} moved",
                )
        if new_end:
            open_item_windows(item, actor=actor)
    if meeting.agenda_published_at:
        send_meeting_update(meeting)
    return meeting


def _check_moved_slots(items: list[AgendaItem], *, starts_at: datetime, ends_at: datetime) -> None:
    """The moved items (in time order) lie within the new meeting and each keeps its slot to itself."""
    previous: tuple[int, datetime, datetime] | None = None  # number, start and end of the item before
    for item in items:
        item_starts: datetime = item.planned_start  # type: ignore[assignment]
        item_ends = item_starts + timedelta(minutes=item.slot_minutes)
        if item_starts < starts_at or item_ends > ends_at:
            raise ValidationError(
                {
                    "ends_at": _(
                        "Punkt %(number)d (%(start)s–%(end)s) ville ligge uden for mødets nye tid, "
                        "%(from)s–%(to)s. Giv mødet mere tid, eller flyt punktet først."
                    )
                    % {
                        "number": item.number,
                        "start": _hhmm(item_starts),
                        "end": _hhmm(item_ends),
                        "from": _hhmm(starts_at),
                        "to": _hhmm(ends_at),
                    }
                }
            )
        if previous is not None:
            other, other_starts, other_ends = previous
            if other_ends > item_starts:
                raise ValidationError(
                    {
                        "starts_at": _(
                            "Punkt %(number)d (%(start)s–%(end)s) ville overlappe punkt %(other)d, som har "
                            "tidsrummet %(other_start)s–%(other_end)s. Ret punkternes tider først."
                        )
                        % {
                            "number": item.number,
                            "start": _hhmm(item_starts),
                            "end": _hhmm(item_ends),
                            "other": other,
                            "other_start": _hhmm(other_starts),
                            "other_end": _hhmm(other_ends),
                        }
                    }
                )
        previous = (item.number, item_starts, item_ends)


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, actor: User) -> Meeting:
    """Cancel a meeting, close its agenda windows and tell invited participants (METHOD CANCEL)."""
    meeting.status = MeetingStatus.CANCELLED
    meeting.changed_by_user = True
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    for item in meeting.items.all():
        close_item_windows(item, actor=actor)
    if meeting.agenda_published_at:
        send_cancellation(meeting)
    return meeting


@transaction.atomic
def mark_meeting_held(meeting: Meeting, *, actor: User) -> Meeting:
    meeting.status = MeetingStatus.HELD
    meeting.changed_by_user = True
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def add_blackout_period(
    municipality: Municipality, *, starts_on: date, ends_on: date, reason: str, actor: User
) -> BlackoutPeriod:
    period = BlackoutPeriod(municipality=municipality, starts_on=starts_on, ends_on=ends_on, reason=reason)
    period.full_clean()
    period.save()
    return period


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@transaction.atomic
def renew_calendar_feed(user: User, *, actor: User) -> str:
    """Give ``user`` a new secret feed token (the old address stops working); returns the token once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": hash_feed_token(token)})
    return token


# Agendas ---------------------------------------------------------------------------------------------------------


def forum_municipality_ids(forum: Forum) -> list[int]:
    """Whose registered citizens the privacy check looks for: the forum's municipality or its members/district."""
    if forum.municipality_id:
        return [forum.municipality_id]
    members = list(forum.member_municipalities.values_list("pk", flat=True))
    return members or list(
        Municipality.objects.filter(police_district_id=forum.police_district_id).values_list("pk", flat=True)
    )


def _check_general_texts(
    forum: Forum, texts: list[tuple[str, str]], *, actor: User, field_names: dict[str, str] | None = None
) -> None:
    ensure_no_personal_data(texts, municipality_ids=forum_municipality_ids(forum), actor=actor, field_names=field_names)


def _check_general_fields(forum: Forum, fields: dict[str, tuple[str, str]], *, actor: User) -> None:
    """The privacy check of a form's texts (field name → label and text): each finding is reported at its field."""
    _check_general_texts(
        forum,
        list(fields.values()),
        actor=actor,
        field_names={label: name for name, (label, _text) in fields.items()},
    )


def _visible_concerns(actor: User, concern_ids: list[int], forum: Forum) -> list[Concern]:
    """The concerns an item may name: each must exist and be visible to the actor (the policy decides)."""
    concerns = list(concerns_visible_to(actor).filter(pk__in=concern_ids))
    missing = sorted(set(concern_ids) - {concern.pk for concern in concerns})
    if missing:
        raise ValidationError(
            {
                "concern_ids": _("Sagerne %(ids)s findes ikke, eller du har ikke adgang til dem.")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    return concerns


def _validate_item(meeting: Meeting, *, kind: str, description: str, concern_ids: list[int]) -> None:
    if kind == ItemKind.PERSON_SENSITIVE:
        if not meeting.forum.allows_person_sensitive:
            raise ValidationError(
                {"kind": _("Forummet har ikke hjemmel til personfølsomme punkter (retsplejeloven §115).")}
            )
        if description:
            raise ValidationError(
                {"description": _("Et personfølsomt punkt har ingen fri beskrivelse; sagerne står på punktet.")}
            )
        if not concern_ids:
            raise ValidationError({"concern_ids": _("Et personfølsomt punkt skal nævne mindst én sag.")})
    elif concern_ids:
        raise ValidationError({"concern_ids": _("Kun personfølsomme punkter kan nævne sager.")})


def ensure_agenda_open(meeting: Meeting) -> None:
    """The agenda of a held or cancelled meeting is closed: no item is added, removed or sent out any more."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Mødet er aflyst, så dagsordenen kan ikke længere ændres eller udsendes."))
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("Mødet er afholdt, så dagsordenen kan ikke længere ændres eller udsendes."))


def _hhmm(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _check_slot(meeting: Meeting, *, planned_start: datetime | None, slot_minutes: int) -> None:
    """An item's time lies within the meeting and overlaps no other item's booked time slot.

    The slots are what the invitations promise (a school representative comes only for the own pupils' items),
    so two items in the same minutes would have a participant wait or two schools meet each other.
    """
    if planned_start is None:
        return
    ends_at = planned_start + timedelta(minutes=slot_minutes)
    if planned_start < meeting.starts_at or ends_at > meeting.ends_at:
        raise ValidationError(
            {
                "planned_start": _(
                    "Punktet (%(start)s–%(end)s) skal ligge inden for mødets tid, %(from)s–%(to)s den %(day)s."
                )
                % {
                    "start": _hhmm(planned_start),
                    "end": _hhmm(ends_at),
                    "from": _hhmm(meeting.starts_at),
                    "to": _hhmm(meeting.ends_at),
                    "day": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
                }
            }
        )
    for other in meeting.items.filter(planned_start__isnull=False, planned_start__lt=ends_at).order_by("number"):
        other_starts: datetime = other.planned_start  # type: ignore[assignment]
        other_ends = other_starts + timedelta(minutes=other.slot_minutes)
        if other_ends > planned_start:
            raise ValidationError(
                {
                    "planned_start": _(
                        "Tidsrummet %(start)s–%(end)s overlapper punkt %(number)d, som har tidsrummet "
                        "%(other_start)s–%(other_end)s. Vælg et andet tidspunkt."
                    )
                    % {
                        "start": _hhmm(planned_start),
                        "end": _hhmm(ends_at),
                        "number": other.number,
                        "other_start": _hhmm(other_starts),
                        "other_end": _hhmm(other_ends),
                    }
                }
            )


# Renumbering moves every number past this offset first, so the unique (meeting, number) never collides midway.
_RENUMBER_OFFSET = 10000


def _renumber(meeting: Meeting) -> None:
    """Number the items 1, 2, 3 … in time order; items without a time keep their order after the timed ones."""
    items = list(meeting.items.order_by(F("planned_start").asc(nulls_last=True), "number", "pk"))
    wanted = {item.pk: position for position, item in enumerate(items, start=1)}
    if all(item.number == wanted[item.pk] for item in items):
        return
    meeting.items.update(number=F("number") + _RENUMBER_OFFSET)
    for item in items:
        item.number = wanted[item.pk]
    AgendaItem.objects.bulk_update(items, ["number"])


@transaction.atomic
def add_agenda_item(
    meeting: Meeting,
    *,
    actor: User,
    title: str,
    kind: str = ItemKind.GENERAL,
    description: str = "",
    planned_start: datetime | None = None,
    slot_minutes: int = 15,
    remote_allowed: bool = False,
    concern_ids: list[int] | None = None,
) -> AgendaItem:
    """Add an item to the agenda and compute who attends it.

    1. The meeting is neither held nor cancelled (``ensure_agenda_open``).
    2. A person-sensitive item needs a forum that allows them, at least one concern visible to the actor, and no
       free description; a general item names no concerns.
    3. A planned start lies within the meeting and the item's time slot overlaps no other item's
       (``ValidationError`` on ``planned_start``).
    4. A general item's title and description pass the privacy check (the findings at their fields).
    5. The items are numbered again in time order, without gaps.
    6. Participants are computed by the policy; a published agenda's windows open and invitations are updated.
    """
    concern_ids = concern_ids or []
    ensure_agenda_open(meeting)
    _validate_item(meeting, kind=kind, description=description, concern_ids=concern_ids)
    _check_slot(meeting, planned_start=planned_start, slot_minutes=slot_minutes)
    concerns = _visible_concerns(actor, concern_ids, meeting.forum) if concern_ids else []
    if kind == ItemKind.GENERAL:
        _check_general_fields(
            meeting.forum,
            {"title": (_("Overskrift"), title), "description": (_("Beskrivelse"), description)},
            actor=actor,
        )
    number = (meeting.items.aggregate(top=Max("number"))["top"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=title,
        kind=kind,
        description=description,
        planned_start=planned_start,
        slot_minutes=slot_minutes,
        remote_allowed=remote_allowed,
    )
    item.full_clean()
    item.save()
    _renumber(meeting)
    item.refresh_from_db(fields=["number"])
    item.concerns.set(concerns)
    for concern in concerns:
        door.record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            concern=concern,
            citizen=concern.citizen,
            detail=f"{item.source_ref} added",
        )
    recompute_participants(item, actor=actor)
    _after_agenda_change(meeting)
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, actor: User) -> None:
    """Remove an item of an open agenda (``ensure_agenda_open``); the rest are numbered again without a gap."""
    meeting = item.meeting
    ensure_agenda_open(meeting)
    close_item_windows(item, actor=actor)
    for concern in item.concerns.select_related("citizen"):
        door.record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            concern=concern,
            citizen=concern.citizen,
            detail=f"{item.source_ref} removed",
        )
    item.delete()
    _renumber(meeting)
    _after_agenda_change(meeting)


def _after_agenda_change(meeting: Meeting) -> None:
    """A published agenda that changes sends an update (same UID, next SEQUENCE)."""
    if meeting.agenda_published_at:
        meeting.sequence += 1
        meeting.save(update_fields=["sequence"])
        send_meeting_update(meeting)


@transaction.atomic
def publish_agenda(meeting: Meeting, *, actor: User) -> Meeting:
    """Publish the agenda and invite each participant to their own items.

    1. Refused for a held or cancelled meeting or an empty agenda, and when a general item fails the privacy check.
    2. Participants are recomputed from the policy (memberships may have changed) and the person-sensitive items'
       windows open from now until the meeting ends.
    3. Each participant gets one e-mail listing their items by number and time with an .ics (METHOD REQUEST);
       publishing again sends an update with the next SEQUENCE.
    """
    ensure_agenda_open(meeting)
    items = list(meeting.items.order_by("number"))
    if not items:
        raise ValidationError(_("Dagsordenen har ingen punkter."))
    _check_general_texts(
        meeting.forum,
        [
            (_("Punkt %(number)d") % {"number": item.number}, f"{item.title}\n{item.description}")
            for item in items
            if not item.is_person_sensitive
        ],
        actor=actor,
    )
    update = meeting.agenda_published_at is not None
    if update:
        meeting.sequence += 1
    meeting.agenda_published_at = timezone.now()
    meeting.cancellation_proposed_at = None
    meeting.full_clean()
    meeting.save()
    for item in items:
        item.meeting = meeting
        recompute_participants(item, actor=actor)
    send_invitations(meeting, update=update)
    return meeting


def _members(forum: Forum) -> list[User]:
    return list(
        User.objects.filter(current_on_q(prefix="memberships__"), memberships__forum=forum, is_active=True)
        .distinct()
        .order_by("id")
    )


@transaction.atomic
def check_agenda_deadlines(*, now: datetime | None = None) -> list[Meeting]:
    """Propose cancelling meetings whose agenda deadline has passed without items, and tell the members.

    Applies to planned meetings of forums that cancel without items (Glostrup's rule) and set
    ``agenda_deadline_days``; each meeting is proposed once.
    """
    now = now or timezone.now()
    candidates = (
        Meeting.objects.filter(
            status=MeetingStatus.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=MAX_DEADLINE_DAYS),
            cancellation_proposed_at__isnull=True,
            forum__cancel_without_items=True,
            forum__agenda_deadline_days__isnull=False,
            items__isnull=True,
        )
        .select_related("forum")
        .order_by("starts_at")
    )
    proposed = []
    for meeting in candidates:
        days = meeting.forum.agenda_deadline_days or 0
        if meeting.starts_at - timedelta(days=days) > now:
            continue
        meeting.cancellation_proposed_at = now
        meeting.save(update_fields=["cancellation_proposed_at"])
        send_cancellation_proposal(meeting, _members(meeting.forum))
        proposed.append(meeting)
    return proposed


# Minutes, decisions and agreements ---------------------------------------------------------------------------


def _ensure_participant(item: AgendaItem, actor: User) -> None:
    if not item.participants.filter(user=actor).exists():
        raise PermissionDenied(_("Kun deltagere i punktet kan skrive referat af det."))


def current_decision(item: AgendaItem) -> str:
    """The item's decision as the minutes form shows it (older data may hold several; they read as one)."""
    return "\n\n".join(decision.text for decision in item.decisions.order_by("id"))


@transaction.atomic
def record_item_minutes(item: AgendaItem, *, actor: User, text: str, decision: str = "") -> AgendaItem:
    """Write an item's minutes and its decision; an empty decision clears the one recorded before.

    An item has one decision: what is given replaces what was there. A general item's minutes and decision pass the
    privacy check (each finding at its field). A person-sensitive item's minutes are written
    only by its participants; the text stays here and each concern's timeline gets a ``minutes_recorded`` event
    pointing at the item, with the access audited.
    """
    if item.is_person_sensitive:
        _ensure_participant(item, actor)
    else:
        _check_general_fields(
            item.meeting.forum,
            {"minutes": (_("Referat"), text), "decision": (_("Beslutning"), decision)},
            actor=actor,
        )
    item.minutes = text
    item.minutes_recorded_at = timezone.now()
    item.full_clean()
    item.save()
    if decision != current_decision(item):
        item.decisions.all().delete()
        if decision:
            Decision.objects.create(item=item, text=decision)
    if item.is_person_sensitive:
        summary = MINUTES_TEXT.line(
            forum=item.meeting.forum.name,
            day=timezone.localtime(item.meeting.starts_at).strftime("%d.%m.%Y"),
            number=item.number,
        )
        for concern in item.concerns.select_related("citizen"):
            ConcernEvent.objects.create(
                concern=concern,
                at=timezone.now(),
                actor=actor,
                kind="minutes_recorded",
                summary=summary,
                ref=item.source_ref,
            )
            door.record_change(
                actor=actor,
                action=AuditAction.UPDATE,
                concern=concern,
                citizen=concern.citizen,
                relation=_relation_of(item, actor),
                changed_fields=["minutes"],
                detail=item.source_ref,
            )
    return item


def _relation_of(item: AgendaItem, user: User) -> str:
    return item.participants.filter(user=user).values_list("relation", flat=True).first() or ""


@transaction.atomic
def record_attendance(item: AgendaItem, *, actor: User, present: list[User], remote: list[User]) -> None:
    """Replace the item's attendance; only invited participants can be recorded as present."""
    invited = set(item.participants.values_list("user_id", flat=True))
    strangers = [user for user in present if user.pk not in invited]
    if strangers:
        raise ValidationError(_("Kun indkaldte deltagere kan registreres som til stede."))
    remote_ids = {user.pk for user in remote}
    item.attendance.all().delete()
    ItemAttendance.objects.bulk_create(
        ItemAttendance(item=item, user=user, remote=user.pk in remote_ids) for user in present
    )


@transaction.atomic
def add_agreement(
    meeting: Meeting, *, actor: User, what: str, owner: User, due_on: date, item: AgendaItem | None = None
) -> Agreement:
    """An agreed follow-up; its text is general (the privacy check applies), its owner a forum member."""
    _check_general_texts(meeting.forum, [(_("Aftale"), what)], actor=actor)
    if not meeting.forum.memberships.filter(user=owner).exists():
        raise ValidationError({"owner": _("Den ansvarlige skal være medlem af forummet.")})
    agreement = Agreement(meeting=meeting, item=item, what=what, owner=owner, due_on=due_on)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def add_case_action_agreement(case_action_id: int, *, what: str, owner: User, due_on: date) -> Agreement:
    """An agreement made in a case action (called by ``ssp.casework``, which checks the owner's access to the
    concern and audits the change); the same owner, due date, status and reminders as a meeting's agreement."""
    agreement = Agreement(case_action_id=case_action_id, what=what.strip(), owner=owner, due_on=due_on)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def complete_agreement(agreement: Agreement, *, actor: User) -> Agreement:
    agreement.status = AgreementStatus.DONE
    agreement.done_at = timezone.now()
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def send_agreement_reminders(*, today: date | None = None) -> int:
    """Remind owners of open agreements due within ``REMINDER_DAYS`` (once per agreement)."""
    today = today or timezone.localdate()
    due = list(
        Agreement.objects.filter(
            status=AgreementStatus.OPEN, reminded_at__isnull=True, due_on__lte=today + timedelta(days=REMINDER_DAYS)
        ).select_related("owner", "meeting", "meeting__forum")
    )
    for agreement in due:
        send_agreement_reminder(agreement)
    Agreement.objects.filter(pk__in=[agreement.pk for agreement in due]).update(reminded_at=timezone.now())
    return len(due)


@transaction.atomic
def publish_minutes(meeting: Meeting, *, actor: User) -> Meeting:
    """Publish the general minutes to every member of the forum (after the privacy check)."""
    items = list(meeting.items.filter(kind=ItemKind.GENERAL).prefetch_related("decisions").order_by("number"))
    texts = []
    for item in items:
        label = _("Punkt %(number)d") % {"number": item.number}
        texts.append((label, item.minutes))
        texts += [(label, decision.text) for decision in item.decisions.all()]
    _check_general_texts(meeting.forum, texts, actor=actor)
    meeting.minutes_published_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    send_minutes_published(meeting, _members(meeting.forum))
    return meeting
