"""``/api/v1/plans/…``: the annual cycle, cooperation plans, action plans, the catalogue, deliveries and coverage,
statutory plans and trends, under the same rules as the pages (``ssp.plans.permissions``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ssp.accounts.http import AuthedHttpRequest
from ssp.accounts.models import User
from ssp.meetings.models import Meeting
from ssp.plans import exports, selectors, services
from ssp.plans import permissions as can
from ssp.plans.models import ActionPlan, Initiative, Milestone, PlanVersion, Project, SchoolClass, Trend
from ssp.plans.schemas import (
    ActionPlanIn,
    ActionPlanOut,
    AnswersIn,
    CommentIn,
    CommentOut,
    CoverageClassOut,
    CoverageGradeOut,
    DeliveryIn,
    DeliveryOut,
    FocusAreaOut,
    FocusCoverageOut,
    InitiativeIn,
    InitiativeOut,
    LateOut,
    MilestoneOut,
    PlannedInitiativeOut,
    PlanVersionOut,
    ProjectGroupIn,
    ProjectStepIn,
    ProjectStepOut,
    SamraadDecisionIn,
    StatutoryPlanOut,
    TrendIn,
    TrendOut,
)
from ssp.privacy.routes import NO_CITIZEN_DATA
from ssp.structure.models import Forum

router = Router(tags=["plans"])
T = TypeVar("T")
Format = Literal["pdf", "docx"]


def _call(body: str, fn: Callable[[], T]) -> T:
    """Run an access check or a service; a refusal becomes 403, a ``ValidationError`` a 422 naming the field."""
    try:
        return fn()
    except PermissionDenied as error:
        raise HttpError(403, "Du har ikke adgang til at se eller ændre denne plan.") from error
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        raise NinjaValidationError(
            [
                {"loc": ["body", body, name], "msg": msg, "type": "value_error"}
                for name, msgs in fields.items()
                for msg in msgs
            ]
        ) from error


def _milestone_out(m: Milestone, today: date) -> MilestoneOut:
    return MilestoneOut(
        id=m.pk,
        kind=m.kind,
        municipality=m.municipality.name if m.municipality else None,
        due_on=m.due_on,
        done_on=m.done_on,
        meeting_id=m.meeting_id,
        late=m.is_late(today),
    )


@router.get(
    "/plans/districts/{slug}/cycles/{year}",
    response=list[MilestoneOut],
    summary="Årshjulets milepæle",
    openapi_extra=NO_CITIZEN_DATA,
)
def cycle(request: AuthedHttpRequest, slug: str, year: int) -> list[MilestoneOut]:
    district = _call("", lambda: can.get_district_for(request.user, slug))
    annual = get_object_or_404(district.annual_cycles, year=year)
    today = timezone.localdate()
    return [_milestone_out(m, today) for m in selectors.cycle_milestones(annual)]


@router.get(
    "/plans/districts/{slug}/late/{year}",
    response=list[LateOut],
    summary="Hvilke kommuner er forsinkede",
    openapi_extra=NO_CITIZEN_DATA,
)
def late(request: AuthedHttpRequest, slug: str, year: int) -> list[LateOut]:
    district = _call("", lambda: can.get_district_for(request.user, slug))
    overview = selectors.district_overview(district, year, today=timezone.localdate())
    return [
        LateOut(
            municipality=row.municipality.name,
            milestones=[cell.milestone.kind for cell in row.cells if cell.late and cell.milestone],
        )
        for row in overview.late_rows
    ]


def _version_out(version: PlanVersion) -> PlanVersionOut:
    return PlanVersionOut(
        year=version.plan.year,
        number=version.number,
        status=version.status,
        introduction=version.introduction,
        strategy=version.strategy,
        approved_on=version.approved_on,
        approved_in_meeting_id=version.approved_in_id,
        decision=version.approval_decision.text if version.approval_decision else None,
        focus_areas=[
            FocusAreaOut(
                key=a.key,
                scope=a.scope,
                title=a.title,
                description=a.description,
                goals=[g for g in a.goals.splitlines() if g.strip()],
                indicators=[i for i in a.indicators.splitlines() if i.strip()],
            )
            for a in version.focus_areas.all()
        ],
    )


@router.get(
    "/plans/districts/{slug}/cooperation-plans/{year}",
    response=PlanVersionOut,
    summary="Samarbejdsplanen (seneste version)",
    openapi_extra=NO_CITIZEN_DATA,
)
def cooperation_plan(request: AuthedHttpRequest, slug: str, year: int, version: int | None = None) -> PlanVersionOut:
    district = _call("", lambda: can.get_district_for(request.user, slug))
    return _version_out(selectors.version_page(selectors.plan_for(district, year), version))


@router.get(
    "/plans/districts/{slug}/focus-coverage/{year}",
    response=list[FocusCoverageOut],
    summary="Fokusområdernes dækning",
    openapi_extra=NO_CITIZEN_DATA,
)
def focus_coverage(request: AuthedHttpRequest, slug: str, year: int) -> list[FocusCoverageOut]:
    district = _call("", lambda: can.get_district_for(request.user, slug))
    coverage = selectors.focus_coverage(district, year)
    names = [m.name for m in coverage.municipalities]
    return [
        FocusCoverageOut(
            key=row.area.key,
            title=row.area.title,
            initiatives_by_municipality=dict(zip(names, row.counts, strict=True)),
        )
        for row in coverage.rows
    ]


def _plan_out(plan: ActionPlan, *, detail: bool = False) -> ActionPlanOut:
    return ActionPlanOut(
        id=plan.pk,
        municipality=plan.municipality.name,
        year=plan.year,
        kind=plan.kind,
        title=plan.title,
        status=plan.status,
        owner_forum_id=plan.owner_forum_id,
        crime_analysis=plan.crime_analysis,
        adopted_on=plan.adopted_on,
        initiatives=[
            PlannedInitiativeOut(
                initiative_id=p.initiative_id,
                title=p.initiative.title,
                focus_keys=p.focus_keys,
                evaluation_method=p.evaluation_method,
                status=p.status,
                evaluation=p.evaluation,
            )
            for p in plan.planned_initiatives.all()
        ]
        if detail
        else [],
    )


@router.get(
    "/plans/municipalities/{slug}/action-plans",
    response=list[ActionPlanOut],
    summary="Kommunens handlingsplaner",
    openapi_extra=NO_CITIZEN_DATA,
)
def action_plans(request: AuthedHttpRequest, slug: str) -> list[ActionPlanOut]:
    municipality = _call("", lambda: can.get_municipality_for(request.user, slug))
    return [_plan_out(p) for p in selectors.action_plans_of(municipality).select_related("municipality")]


@router.post(
    "/plans/municipalities/{slug}/action-plans",
    response={201: ActionPlanOut},
    summary="Opret en handlingsplan",
    openapi_extra=NO_CITIZEN_DATA,
)
def create_action_plan(request: AuthedHttpRequest, slug: str, payload: ActionPlanIn) -> Status[ActionPlanOut]:
    municipality = _call("", lambda: can.get_municipality_for(request.user, slug))
    _call("", lambda: can.require(can.can_edit_municipality(request.user, municipality)))
    forum = get_object_or_404(Forum, pk=payload.owner_forum_id)
    plan = _call(
        "payload",
        lambda: services.create_action_plan(
            municipality,
            actor=request.user,
            year=payload.year,
            kind=payload.kind,
            title=payload.title,
            owner_forum=forum,
        ),
    )
    return Status(201, _plan_out(plan))


@router.get(
    "/plans/action-plans/{plan_id}", response=ActionPlanOut, summary="En handlingsplan", openapi_extra=NO_CITIZEN_DATA
)
def action_plan(request: AuthedHttpRequest, plan_id: int) -> ActionPlanOut:
    plan = _call("", lambda: can.get_action_plan_for(request.user, plan_id))
    return _plan_out(selectors.action_plan_page(plan.pk), detail=True)


@router.get(
    "/plans/action-plans/{plan_id}/export", summary="Handlingsplanen som PDF eller Word", openapi_extra=NO_CITIZEN_DATA
)
def action_plan_export(request: AuthedHttpRequest, plan_id: int, format: Format = "pdf") -> HttpResponse:
    plan = selectors.action_plan_page(_call("", lambda: can.get_action_plan_for(request.user, plan_id)).pk)
    blocks = exports.action_plan_blocks(plan, selectors.focus_titles(plan))
    if format == "pdf":
        return HttpResponse(exports.to_pdf(blocks, title=plan.title), content_type="application/pdf")
    return HttpResponse(
        exports.to_docx(blocks, title=plan.title),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _initiative_out(i: Initiative) -> InitiativeOut:
    return InitiativeOut(id=i.pk, **{name: getattr(i, name) for name in InitiativeIn.model_fields})


@router.get(
    "/plans/municipalities/{slug}/initiatives",
    response=list[InitiativeOut],
    summary="Indsatskataloget",
    openapi_extra=NO_CITIZEN_DATA,
)
def initiatives(request: AuthedHttpRequest, slug: str) -> list[InitiativeOut]:
    municipality = _call("", lambda: can.get_municipality_for(request.user, slug))
    return [_initiative_out(i) for i in selectors.catalogue(municipality)]


@router.post(
    "/plans/municipalities/{slug}/initiatives",
    response={201: InitiativeOut},
    summary="Tilføj en indsats",
    openapi_extra=NO_CITIZEN_DATA,
)
def create_initiative(request: AuthedHttpRequest, slug: str, payload: InitiativeIn) -> Status[InitiativeOut]:
    municipality = _call("", lambda: can.get_municipality_for(request.user, slug))
    _call("", lambda: can.require(can.can_edit_municipality(request.user, municipality)))
    initiative = Initiative(municipality=municipality, **payload.model_dump())
    return Status(
        201, _initiative_out(_call("payload", lambda: services.save_initiative(initiative, actor=request.user)))
    )


@router.post(
    "/plans/municipalities/{slug}/deliveries",
    response={201: DeliveryOut},
    summary="Registrér en gennemførelse",
    openapi_extra=NO_CITIZEN_DATA,
)
def create_delivery(request: AuthedHttpRequest, slug: str, payload: DeliveryIn) -> Status[DeliveryOut]:
    municipality = _call("", lambda: can.get_municipality_for(request.user, slug))
    _call("", lambda: can.require(can.can_record_delivery(request.user, municipality)))
    initiative = get_object_or_404(Initiative, pk=payload.initiative_id, municipality=municipality)
    school_class = get_object_or_404(
        SchoolClass.objects.select_related("school"), pk=payload.school_class_id, school__municipality=municipality
    )
    data = payload.model_dump(exclude={"initiative_id", "school_class_id"})
    delivery = _call(
        "payload", lambda: services.record_delivery(initiative, actor=request.user, school_class=school_class, **data)
    )
    return Status(201, DeliveryOut(id=delivery.pk, **payload.model_dump()))


@router.get(
    "/plans/municipalities/{slug}/coverage/{school_year}",
    response=list[CoverageGradeOut],
    summary="Dækning i klasserne",
    openapi_extra=NO_CITIZEN_DATA,
)
def coverage(request: AuthedHttpRequest, slug: str, school_year: int) -> list[CoverageGradeOut]:
    municipality = _call("", lambda: can.get_municipality_for(request.user, slug))
    result = selectors.class_coverage(municipality, school_year)
    return [
        CoverageGradeOut(
            grade=block.grade,
            initiatives=[i.title for i in block.initiatives],
            classes=[
                CoverageClassOut(
                    school=row.school_class.school.name,
                    school_class_id=row.school_class.pk,
                    grade=row.school_class.grade,
                    letter=row.school_class.letter,
                    delivered_on={
                        c.initiative.title: c.delivery.delivered_on if c.delivery else None for c in row.cells
                    },
                    parent_meeting_held={c.initiative.title: c.parent_meeting for c in row.cells},
                )
                for row in block.classes
            ],
        )
        for block in result.grades
    ]


@router.get(
    "/plans/municipalities/{slug}/coverage/{school_year}/xlsx",
    summary="Dækningen som regneark",
    openapi_extra=NO_CITIZEN_DATA,
)
def coverage_xlsx(request: AuthedHttpRequest, slug: str, school_year: int) -> HttpResponse:
    municipality = _call("", lambda: can.get_municipality_for(request.user, slug))
    return HttpResponse(
        exports.coverage_xlsx(selectors.class_coverage(municipality, school_year)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@router.get(
    "/plans/municipalities/{slug}/statutory-plans",
    response=list[StatutoryPlanOut],
    summary="Lovpligtige planer",
    openapi_extra=NO_CITIZEN_DATA,
)
def statutory_plans(request: AuthedHttpRequest, slug: str) -> list[StatutoryPlanOut]:
    municipality = _call("", lambda: can.get_municipality_for(request.user, slug))
    return [
        StatutoryPlanOut(
            id=s.plan.pk,
            kind=s.plan.kind,
            title=s.plan.title,
            legal_basis=s.plan.legal_basis,
            last_reviewed_on=s.plan.last_reviewed_on,
            review_due_on=s.due_on,
            warning=s.warning,
            overdue=s.overdue,
        )
        for s in selectors.statutory_plans(municipality, today=timezone.localdate())
    ]


def _trend_out(trend: Trend) -> TrendOut:
    project = trend.project
    return TrendOut(
        id=trend.pk,
        what=trend.what,
        where=trend.where,
        since=trend.since,
        source=trend.source,
        project_id=project.pk,
        state=project.state,
        steps=[
            ProjectStepOut(
                state=s.state,
                decided_by=str(s.decided_by),
                decided_at=s.decided_at.isoformat(),
                meeting_id=s.meeting_id,
                note=s.note,
            )
            for s in project.steps.all()
        ],
    )


@router.get(
    "/plans/districts/{slug}/trends",
    response=list[TrendOut],
    summary="Tendenser og § 5-projekter",
    openapi_extra=NO_CITIZEN_DATA,
)
def trends(request: AuthedHttpRequest, slug: str) -> list[TrendOut]:
    district = _call("", lambda: can.get_district_for(request.user, slug))
    return [_trend_out(t) for t in selectors.trends_of(district).prefetch_related("project__steps__decided_by")]


@router.post(
    "/plans/districts/{slug}/trends",
    response={201: TrendOut},
    summary="Registrér en tendens",
    openapi_extra=NO_CITIZEN_DATA,
)
def create_trend(request: AuthedHttpRequest, slug: str, payload: TrendIn) -> Status[TrendOut]:
    district = _call("", lambda: can.get_district_for(request.user, slug))
    _call("", lambda: can.require(can.can_work_on_projects(request.user, district)))
    forum = get_object_or_404(Forum, pk=payload.raised_in_forum_id) if payload.raised_in_forum_id else None
    data = payload.model_dump(exclude={"raised_in_forum_id"})
    trend = _call("payload", lambda: services.raise_trend(district, actor=request.user, raised_in=forum, **data))
    return Status(201, _trend_out(trend))


@router.post(
    "/plans/cooperation-plan-versions/{version_id}/comments",
    response={201: CommentOut},
    summary="Kommentér et udkast til samarbejdsplanen",
    openapi_extra=NO_CITIZEN_DATA,
)
def comment_on_version(request: AuthedHttpRequest, version_id: int, payload: CommentIn) -> Status[CommentOut]:
    version = get_object_or_404(PlanVersion.objects.select_related("plan__police_district"), pk=version_id)
    district = version.plan.police_district
    _call("", lambda: can.require(can.can_read_district(request.user, district)))
    _call("", lambda: can.require(can.can_edit_district(request.user, district)))
    comment = _call("payload", lambda: services.comment_on_version(version, actor=request.user, text=payload.text))
    return Status(
        201, CommentOut(id=comment.pk, author=str(comment.author), text=comment.text, created_at=comment.created_at)
    )


def _project_for_work(request: AuthedHttpRequest, project_id: int) -> Project:
    project = _call("", lambda: can.get_project_for(request.user, project_id))
    _call("", lambda: can.require(can.can_work_on_projects(request.user, project.trend.police_district)))
    return project


def _project_out(project: Project) -> TrendOut:
    return _trend_out(Trend.objects.get(pk=project.trend_id))


@router.post(
    "/plans/trends/{trend_id}/answers",
    response=TrendOut,
    summary="Besvar tendensens fire spørgsmål",
    openapi_extra=NO_CITIZEN_DATA,
)
def answer_trend(request: AuthedHttpRequest, trend_id: int, payload: AnswersIn) -> TrendOut:
    trend = get_object_or_404(Trend.objects.select_related("project"), pk=trend_id)
    project = _project_for_work(request, trend.project.pk)
    answers = payload.model_dump(exclude_none=True)
    _call("payload", lambda: services.answer_trend(project.trend, actor=request.user, **answers))
    return _project_out(project)


@router.post(
    "/plans/projects/{project_id}/decision",
    response={201: TrendOut},
    summary="Registrér SSP-samrådets beslutning om tendensen",
    openapi_extra=NO_CITIZEN_DATA,
)
def decide_on_trend(request: AuthedHttpRequest, project_id: int, payload: SamraadDecisionIn) -> Status[TrendOut]:
    project = _project_for_work(request, project_id)
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=payload.meeting_id)
    data = payload.model_dump(exclude={"meeting_id"})
    _call("payload", lambda: services.decide_on_trend(project, actor=request.user, meeting=meeting, **data))
    return Status(201, _project_out(project))


@router.post(
    "/plans/projects/{project_id}/group",
    response={201: TrendOut},
    summary="Nedsæt projektgruppen med frist for projektbeskrivelsen",
    openapi_extra=NO_CITIZEN_DATA,
)
def form_project_group(request: AuthedHttpRequest, project_id: int, payload: ProjectGroupIn) -> Status[TrendOut]:
    project = _project_for_work(request, project_id)
    members = list(User.objects.filter(pk__in=payload.member_ids))
    if len(members) != len(set(payload.member_ids)):
        raise HttpError(422, "Et af medlemmerne findes ikke.")
    _call(
        "payload",
        lambda: services.form_project_group(project, actor=request.user, members=members, deadline=payload.deadline),
    )
    return Status(201, _project_out(project))


ProjectStepName = Literal["screening", "description", "approval", "start", "evaluation"]


@router.post(
    "/plans/projects/{project_id}/steps/{step}",
    response={201: TrendOut},
    summary="Tag næste skridt i et § 5-projekt",
    openapi_extra=NO_CITIZEN_DATA,
)
def project_step(
    request: AuthedHttpRequest, project_id: int, step: ProjectStepName, payload: ProjectStepIn
) -> Status[TrendOut]:
    project = _call("", lambda: can.get_project_for(request.user, project_id))
    district = project.trend.police_district
    allowed = can.can_approve_district if step == "approval" else can.can_work_on_projects
    _call("", lambda: can.require(allowed(request.user, district)))
    user, text = request.user, payload.text
    actions: dict[str, Callable[[], object]] = {
        "screening": lambda: services.start_screening(project, actor=user, note=text),
        "description": lambda: services.submit_project_description(project, actor=user, description=text),
        "approval": lambda: services.approve_project(project, actor=user, decision=text),
        "start": lambda: services.start_project(project, actor=user),
        "evaluation": lambda: services.evaluate_project(project, actor=user, evaluation=text),
    }
    _call("payload", actions[step])
    return Status(201, _project_out(project))
