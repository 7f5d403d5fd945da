"""Demo data of the meetings: the next 12 months for the demo forums and a few past meetings with minutes.

The past Glostrup coordination meeting has a general item, person-sensitive items about demo pupils booked into
school time slots, minutes, decisions and agreements. Safe to run again: generation is idempotent and a forum
that already has a past meeting with items gets no second one. Invitations are not sent (no mail in the demo).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import IO

from django.db.models import Q
from django.utils import timezone

from ssp.accounts.models import User
from ssp.concerns.models import Concern
from ssp.meetings import services
from ssp.meetings.models import BlackoutPeriod, Meeting
from ssp.structure.models import Forum, Municipality

GLOSTRUP = "161"
COORDINATION = "Samordningsmøder"
SUMMER = ((6, 27), (8, 9))


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _summer_holidays(municipality: Municipality, actor: User, year: int) -> None:
    (from_month, from_day), (to_month, to_day) = SUMMER
    starts, ends = date(year, from_month, from_day), date(year, to_month, to_day)
    if not BlackoutPeriod.objects.filter(municipality=municipality, starts_on=starts).exists():
        services.add_blackout_period(
            municipality, starts_on=starts, ends_on=ends, reason="Skolernes sommerferie", actor=actor
        )


def _past_meeting(forum: Forum, actor: User, days_ago: int) -> Meeting | None:
    now = timezone.now()
    if Meeting.objects.filter(forum=forum, starts_at__lt=now, items__isnull=False).exists():
        return None
    day = timezone.localdate() - timedelta(days=days_ago)
    while day.weekday() != 1:  # Tuesdays, like the seed's weekly rhythm
        day -= timedelta(days=1)
    starts = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return services.create_meeting(
        forum, starts_at=starts, ends_at=starts + timedelta(hours=2), place="Glostrup Rådhus, mødelokale 2", actor=actor
    )


def _glostrup_coordination(stdout: IO[str]) -> None:
    forum = Forum.objects.filter(municipality__code=GLOSTRUP, name=COORDINATION).first()
    consultant = _user("glostrup.consultant")
    if forum is None or consultant is None:
        stdout.write("  møder: Glostrups samordningsmøde eller glostrup.consultant mangler; springer over.\n")
        return
    meeting = _past_meeting(forum, consultant, days_ago=14)
    if meeting is None:
        return
    start = meeting.starts_at
    general = services.add_agenda_item(
        meeting,
        actor=consultant,
        title="Situationen i bymidten set fra politi og kommune",
        planned_start=start,
        slot_minutes=30,
        description="Videndeling om den aktuelle situation.",
    )
    services.record_item_minutes(
        general,
        actor=consultant,
        text="Politiet orienterede om uro ved stationen i weekenderne.",
        decision="Gadeplan følger op fredag aften.",
    )
    slot = start + timedelta(minutes=30)
    concerns = list(
        Concern.objects.filter(municipality__code=GLOSTRUP, school_context=True, citizen__school__isnull=False)
        .select_related("citizen__school")
        .order_by("citizen__school__name", "pk")[:3]
    )
    if not concerns:
        stdout.write("  møder: ingen demo-sager fra Glostrups skoler; mødet får kun generelle punkter.\n")
    for concern in concerns:
        school = concern.citizen.school
        item = services.add_agenda_item(
            meeting,
            actor=consultant,
            title=f"Elev fra {school.name if school else 'skolen'}",
            kind="person_sensitive",
            concern_ids=[concern.pk],
            planned_start=slot,
            slot_minutes=20,
            remote_allowed=True,
        )
        participants = [p.user for p in item.participants.select_related("user")]
        services.record_attendance(item, actor=consultant, present=participants, remote=participants[-1:])
        services.record_item_minutes(
            item, actor=consultant, text="Skolen og familieafsnittet aftaler en bekymringssamtale."
        )
        slot += timedelta(minutes=20)
    services.record_attendance(
        general, actor=consultant, present=[p.user for p in general.participants.select_related("user")], remote=[]
    )
    police = _user("glostrup.police") or consultant
    services.add_agreement(
        meeting,
        actor=consultant,
        what="Gadeplan og politi aftaler fælles tilstedeværelse ved stationen.",
        owner=police,
        due_on=timezone.localdate() + timedelta(days=5),
    )
    services.add_agreement(
        meeting,
        actor=consultant,
        what="Oplæg om festkultur til skolernes forældremøder.",
        owner=consultant,
        due_on=timezone.localdate() + timedelta(days=21),
    )
    services.mark_meeting_held(meeting, actor=consultant)
    stdout.write(
        f"  møder: afholdt samordningsmøde {timezone.localtime(start):%d.%m.%Y} med {1 + len(concerns)} punkter.\n"
    )


def _glostrup_steering_group(stdout: IO[str]) -> None:
    forum = Forum.objects.filter(municipality__code=GLOSTRUP, name="SSP-styregruppe").first()
    consultant = _user("glostrup.consultant")
    if forum is None or consultant is None:
        return
    meeting = _past_meeting(forum, consultant, days_ago=40)
    if meeting is None:
        return
    item = services.add_agenda_item(
        meeting, actor=consultant, title="Evaluering af samarbejdsstrukturen", description="Status på året."
    )
    services.record_attendance(
        item, actor=consultant, present=[p.user for p in item.participants.select_related("user")], remote=[]
    )
    services.record_item_minutes(
        item,
        actor=consultant,
        text="Samordningsmøderne fungerer; de generelle punkter samles på færre møder.",
        decision="Strukturen fortsætter uændret.",
    )
    services.add_agreement(
        meeting,
        actor=consultant,
        what="Udkast til næste års handleplan.",
        owner=consultant,
        due_on=timezone.localdate() - timedelta(days=2),
    )
    services.mark_meeting_held(meeting, actor=consultant)
    stdout.write(f"  møder: afholdt møde i SSP-styregruppen {timezone.localtime(meeting.starts_at):%d.%m.%Y}.\n")


def demo_forums() -> list[Forum]:
    """Every forum with a cadence around the demo: its own forums, and its districts' (the Kredsråd with the
    December approval meeting of seed 003, the SSP-samråd), not only the forums that have members."""
    places = Municipality.objects.filter(staff__isnull=False)
    has_cadence = (
        Q(recurrence_rule__gt="") | Q(meetings_per_year_min__isnull=False) | Q(meetings_per_year_max__isnull=False)
    )
    around = Q(memberships__isnull=False) | Q(municipality__in=places) | Q(police_district__municipalities__in=places)
    return list(
        Forum.objects.filter(has_cadence & around).distinct().order_by("pk").prefetch_related("member_municipalities")
    )


def load(*, password: str, stdout: IO[str]) -> None:
    forums = demo_forums()
    if not forums:
        stdout.write("  møder: ingen fora med medlemmer (strukturens demodata mangler); springer over.\n")
        return
    glostrup = Municipality.objects.get(code=GLOSTRUP)
    consultant = _user("glostrup.consultant")
    today = timezone.localdate()
    if consultant is not None:
        for year in (today.year, today.year + 1):
            _summer_holidays(glostrup, consultant, year)
    created = 0
    for forum in forums:
        created += services.generate_meetings(forum, start=today, end=today + timedelta(days=365), actor=None).created
    stdout.write(f"  møder: {created} nye mødeforslag for {len(forums)} fora.\n")
    _glostrup_coordination(stdout)
    _glostrup_steering_group(stdout)
