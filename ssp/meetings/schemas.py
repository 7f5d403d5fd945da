"""In/Out schemas of the meetings API."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Schema

from ssp.lib.params import PlausibleDate


class MeetingOut(Schema):
    id: int
    forum_id: int
    forum: str
    starts_at: datetime
    ends_at: datetime
    place: str
    status: str
    uid: UUID
    sequence: int
    agenda_published_at: datetime | None


class ItemOut(Schema):
    number: int
    kind: str
    title: str | None
    description: str
    planned_start: datetime | None
    slot_minutes: int
    remote_allowed: bool
    concern_ids: list[int]
    participant: bool


class DecisionOut(Schema):
    text: str


class MinutesItemOut(Schema):
    number: int
    title: str
    minutes: str
    decisions: list[DecisionOut]


class AgreementOut(Schema):
    id: int
    meeting_id: int
    what: str
    owner_id: int
    due_on: date
    status: str
    done_at: datetime | None


class CalendarQuery(Schema):
    start: PlausibleDate
    end: PlausibleDate
