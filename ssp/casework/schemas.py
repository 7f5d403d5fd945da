"""In and Out schemas of the case-work API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class ActionIn(Schema):
    kind: str
    owner_id: int
    due_on: date
    note: str = ""
    staff_ids: list[int] = []
    young_person_attends: bool = False


class RecordActionIn(Schema):
    done_on: date
    outcome: str
    follow_up: str = ""
    follow_up_on: date | None = None
    phase_situation: str = ""
    phase_responsibility: str = ""
    phase_measures: str = ""


class ActionOut(Schema):
    id: int
    concern_id: int
    kind: str
    status: str
    owner_id: int
    due_on: date
    done_on: date | None
    note: str
    outcome: str
    follow_up: str
    follow_up_on: date | None
    phase_situation: str
    phase_responsibility: str
    phase_measures: str
    young_person_attends: bool
    meeting_id: int | None


class LettersIn(Schema):
    conversation_at: str = ""
    conversation_place: str = ""


class LetterOut(Schema):
    id: int
    concern_id: int
    action_id: int | None
    household: int
    recipient_count: int
    created_at: datetime


class RecordEntryOut(Schema):
    at: datetime
    concern_id: int
    kind: str
    what: str
    who: str
    basis: str


class WithheldOut(Schema):
    count: int
    reason: str


class CaseRecordOut(Schema):
    citizen_id: int
    concern_ids: list[int]
    entries: list[RecordEntryOut]
    withheld: list[WithheldOut]


class ProgrammeIn(Schema):
    kind: str
    coordinator_id: int
    plan: str
    started_on: date


class OutcomeIn(Schema):
    outcome: str
    note: str = ""


class ProgrammeOut(Schema):
    id: int
    concern_id: int
    kind: str
    status: str
    municipality_id: int
    coordinator_id: int
    plan: str
    started_on: date
    ended_on: date | None
    outcome: str
    outcome_recorded_on: date | None


class GroupMemberOut(Schema):
    citizen_id: int
    name: str


class GroupOut(Schema):
    id: int
    name: str
    members: list[GroupMemberOut]
    hidden_count: int


class ScreeningIn(Schema):
    screened_on: date
    sign_ids: list[int] = []
    decision: str
    reasoning: str


class ScreeningOut(Schema):
    id: int
    concern_id: int
    screened_on: date
    decision: str
    reasoning: str
    sign_ids: list[int]


class TransferIn(Schema):
    to_municipality_id: int


class AcceptTransferIn(Schema):
    coordinator_id: int


class TransferOut(Schema):
    id: int
    programme_id: int
    to_municipality_id: int
    requested_at: datetime
    accepted_at: datetime | None
    receiving_coordinator_id: int | None


class MeasureIn(Schema):
    department: str
    measure: str
    due_on: date


class MeasureOut(Schema):
    id: int
    programme_id: int
    department: str
    measure: str
    due_on: date
    done_on: date | None


class MemberIn(Schema):
    citizen_id: int


class MemberOut(Schema):
    group_id: int
    citizen_id: int
