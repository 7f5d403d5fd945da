"""In and Out schemas of /api/v1/intake."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Schema


class CandidateOut(Schema):
    citizen_id: int
    probability: float
    total: float
    prior: float
    # [field, level, bits]: the waterfall, one entry per compared field.
    weights: list[tuple[str, str, float]]
    name: str = ""


class PreviewRowOut(Schema):
    row: int
    state: str
    warning: bool
    for_triage: bool
    municipality_code: str
    citizen_id: int | None
    decision: str
    committed: bool
    problems: dict[str, list[dict[str, str]]]
    candidates: list[CandidateOut]


class PreviewOut(Schema):
    id: UUID
    status: str
    source: str
    file_name: str
    created_at: datetime
    rows: list[PreviewRowOut]


class ConfirmIn(Schema):
    citizen_id: int


class CommitOut(Schema):
    rows: int
    citizens: int
    intakes: int


class QueueCountsOut(Schema):
    untriaged: int
    first_actions_due: int
    overdue: int


class DeadlineOut(Schema):
    id: int
    kind: str
    due_at: datetime
    overdue: bool
    citizen_id: int | None
    citizen_name: str
    responsible_id: int | None


class QueueOut(Schema):
    counts: QueueCountsOut
    deadlines: list[DeadlineOut]


class ScheduleOut(Schema):
    meeting_id: int | None
    items: int


class DecisionIn(Schema):
    present: list[int]
    severity: str
    decision: str
    concern: str = "new"
    has_caseworker: bool = False
    caseworker_id: int | None = None
    first_action: str = ""
    first_action_owner_id: int | None = None
    first_action_due: date | None = None
    referral_to: str = ""
    no_action_reason: str = ""
    serious_crime: bool = False


class TriageItemOut(Schema):
    id: int
    number: int
    citizen_id: int
    decision: str
    concern_id: int | None
    decided_at: datetime | None
