"""iCalendar (RFC 5545) texts of meetings: the per-user feed and the invitation attachments.

The texts name the forum, the time, the place and a link; never a citizen, never a person-sensitive item's
title (those can name the case).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from ssp.meetings.calendar_entries import CalendarEntry
from ssp.meetings.models import Meeting, MeetingStatus

PRODID = "-//SSP-platformen//Møder//DA"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meetings:meeting", args=[meeting.pk])


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def meeting_event(
    meeting: Meeting,
    *,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    description: str = "",
    attendee_email: str = "",
) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@ssp-platformen")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at or meeting.starts_at)
    event.add("dtend", ends_at or meeting.ends_at)
    event.add("summary", meeting.forum.name)
    if meeting.place:
        event.add("location", meeting.place)
    url = meeting_url(meeting)
    event.add("url", url)
    event.add("description", f"{description}\n{url}".strip())
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    organizer = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    event.add("organizer", f"mailto:{organizer}")
    if attendee_email:
        event.add("attendee", f"mailto:{attendee_email}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    return event


def entry_event(entry: CalendarEntry) -> Event:
    """A whole-day event for another capability's entry (a milestone of the annual cycle)."""
    event = Event()
    event.add("uid", f"{entry.uid}@ssp-platformen")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", entry.day)
    event.add("dtend", entry.day + timedelta(days=1))
    event.add("summary", entry.title)
    url = settings.SITE_URL.rstrip("/") + entry.url
    event.add("url", url)
    event.add("description", f"{entry.note}\n{url}".strip())
    event.add("transp", "TRANSPARENT")
    return event


def feed_calendar(meetings: Iterable[Meeting], entries: Iterable[CalendarEntry] = ()) -> bytes:
    calendar = _calendar()
    calendar.add("x-wr-calname", "SSP-platformen")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    for entry in entries:
        calendar.add_component(entry_event(entry))
    return calendar.to_ical()


def invitation_calendar(
    meeting: Meeting, *, method: str, starts_at: datetime, ends_at: datetime, description: str, attendee_email: str
) -> bytes:
    calendar = _calendar(method)
    calendar.add_component(
        meeting_event(
            meeting, starts_at=starts_at, ends_at=ends_at, description=description, attendee_email=attendee_email
        )
    )
    return calendar.to_ical()
