"""In/Out schemas of the plans API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class MilestoneOut(Schema):
    id: int
    kind: str
    municipality: str | None
    due_on: date
    done_on: date | None
    meeting_id: int | None
    late: bool


class LateOut(Schema):
    municipality: str
    milestones: list[str]


class FocusAreaOut(Schema):
    key: str
    scope: str
    title: str
    description: str
    goals: list[str]
    indicators: list[str]


class PlanVersionOut(Schema):
    year: int
    number: int
    status: str
    introduction: str
    strategy: str
    approved_on: date | None
    approved_in_meeting_id: int | None
    decision: str | None
    focus_areas: list[FocusAreaOut]


class FocusCoverageOut(Schema):
    key: str
    title: str
    initiatives_by_municipality: dict[str, int]


class PlannedInitiativeOut(Schema):
    initiative_id: int
    title: str
    focus_keys: list[str]
    evaluation_method: str
    status: str
    evaluation: str


class ActionPlanOut(Schema):
    id: int
    municipality: str
    year: int
    kind: str
    title: str
    status: str
    owner_forum_id: int
    crime_analysis: str
    adopted_on: date | None
    initiatives: list[PlannedInitiativeOut] = []


class ActionPlanIn(Schema):
    year: int = Field(ge=2000, le=2100)
    kind: str
    title: str = Field(min_length=1, max_length=200)
    owner_forum_id: int


class InitiativeIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    target_group: str = ""
    why: str = ""
    how: str = ""
    triangle_level: str
    prevention_form: str
    pro_area: str = ""
    owner: str = ""
    grades: list[int] = []
    age_from: int | None = None
    age_to: int | None = None
    duration: str = ""
    has_parent_meeting: bool = False
    evidence: str = ""
    status: str = "active"


class InitiativeOut(InitiativeIn):
    id: int


class DeliveryIn(Schema):
    initiative_id: int
    school_class_id: int
    delivered_on: date
    delivered_by: str = Field(min_length=1, max_length=200)
    participants: int = Field(ge=0, le=1000)
    parent_meeting_held: bool = False
    parent_meeting_on: date | None = None


class DeliveryOut(DeliveryIn):
    id: int


class CoverageClassOut(Schema):
    school: str
    school_class_id: int
    grade: int
    letter: str
    delivered_on: dict[str, date | None]
    parent_meeting_held: dict[str, bool]


class CoverageGradeOut(Schema):
    grade: int
    initiatives: list[str]
    classes: list[CoverageClassOut]


class StatutoryPlanOut(Schema):
    id: int
    kind: str
    title: str
    legal_basis: str
    last_reviewed_on: date
    review_due_on: date
    warning: bool
    overdue: bool


class TrendIn(Schema):
    what: str = Field(min_length=1, max_length=200)
    where: str = Field(min_length=1, max_length=200)
    since: date
    source: str
    raised_in_forum_id: int | None = None
    what_we_know: str = ""


class ProjectStepOut(Schema):
    state: str
    decided_by: str
    decided_at: str
    meeting_id: int | None
    note: str


class TrendOut(Schema):
    id: int
    what: str
    where: str
    since: date
    source: str
    project_id: int
    state: str
    steps: list[ProjectStepOut] = []


class CommentIn(Schema):
    text: str = Field(min_length=1, max_length=4000)


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created_at: datetime


class ProjectStepIn(Schema):
    """The text of the step: the note, the project description, the Kredsråd's decision or the evaluation."""

    text: str = Field(default="", max_length=8000)


class AnswersIn(Schema):
    """The four questions of a trend; a question left out keeps its answer."""

    what_we_know: str | None = Field(default=None, max_length=8000)
    what_we_can: str | None = Field(default=None, max_length=8000)
    what_we_will: str | None = Field(default=None, max_length=8000)
    what_we_do: str | None = Field(default=None, max_length=8000)


class SamraadDecisionIn(Schema):
    """The SSP-samråd's decision at one of its meetings: a project group, or handled otherwise, and why."""

    meeting_id: int
    project_group: bool
    reason: str = Field(min_length=1, max_length=4000)


class ProjectGroupIn(Schema):
    """The project group: staff of the district from both the police and the municipalities, and the deadline."""

    member_ids: list[int] = Field(min_length=1, max_length=50)
    deadline: date
