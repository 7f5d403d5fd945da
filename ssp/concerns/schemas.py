"""In/Out schemas of the citizens and concerns API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from ssp.concerns.models import ConcernSource, Severity, Track
from ssp.lib.params import BirthDate, ObjectId, Text


class GrantOut(Schema):
    relation: str
    until: datetime | None


class WithheldOut(Schema):
    count: int
    reason: str


class CitizenOut(Schema):
    """No CPR number: the API never hands it out; a user reads it on the page, where the reveal is audited."""

    id: int
    first_name: str
    last_name: str
    birth_date: date | None
    gender: str
    municipality: str = Field(..., alias="municipality.code")
    identified: bool


class CitizenDetailOut(CitizenOut):
    access: GrantOut
    concern_ids: list[int]


class ConcernOut(Schema):
    id: int
    citizen_id: int
    municipality: str = Field(..., alias="municipality.code")
    track: str
    source: str
    severity: str
    status: str
    summary: str
    school_context: bool
    opened_at: datetime
    closed_at: datetime | None
    closed_reason: str
    last_activity_at: datetime
    responsible_id: int
    caseworker_id: int | None


class NoteOut(Schema):
    id: int
    author_id: int
    text: str
    section_115: bool
    created_at: datetime


class EventOut(Schema):
    at: datetime
    kind: str
    summary: str
    actor_id: int | None


class ConcernDetailOut(ConcernOut):
    access: GrantOut
    notes: list[NoteOut]
    withheld: list[WithheldOut]
    timeline: list[EventOut]


class NewCitizenIn(Schema):
    first_name: Text = Field(..., min_length=1, max_length=100)
    last_name: Text = Field(..., min_length=1, max_length=100)
    cpr: Text = ""
    birth_date: BirthDate | None = None


class ConcernIn(Schema):
    """Either ``citizen_id`` of a citizen the caller already sees, or ``citizen`` to register a new one."""

    citizen_id: ObjectId | None = None
    citizen: NewCitizenIn | None = None
    source: ConcernSource
    severity: Severity
    track: Track | None = None
    summary: Text = ""
    school_context: bool = False


class NoteIn(Schema):
    text: Text = Field(..., min_length=1)
    section_115: bool = False


class CloseIn(Schema):
    reason: Text = Field(..., min_length=1)
