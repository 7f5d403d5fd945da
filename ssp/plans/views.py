"""Pages of the plans capability: thin views that fetch through ``permissions``, call one service and render.

Forms posted from a plan's page redirect back to it; their errors travel as messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssp.accounts.http import AuthedHttpRequest
from ssp.accounts.models import User
from ssp.meetings.models import Meeting, MeetingStatus
from ssp.plans import exports, forms, selectors, services
from ssp.plans import permissions as can
from ssp.plans.cycle import school_year_of
from ssp.plans.models import (
    AnnualCycle,
    CaseAreaPriority,
    CooperationPlan,
    CrimeFigure,
    FocusArea,
    Initiative,
    Milestone,
    PlannedInitiative,
    PlanSection,
    PlanVersion,
    ProjectState,
    StatutoryPlan,
)
from ssp.structure.models import Forum, ForumKind

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request: HttpRequest, form: BaseForm | None = None, error: ValidationError | None = None) -> None:
    if form is not None:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    if error is not None:
        for text in error.messages:
            messages.error(request, text)


def _run(request: HttpRequest, form: BaseForm, action: Callable[[dict[str, Any]], object], done: str) -> bool:
    """Validate ``form`` and run ``action`` with its data; report what went wrong as messages."""
    if not form.is_valid():
        _report(request, form)
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        _report(request, error=error)
        return False
    messages.success(request, done)
    return True


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    municipality = user.municipality
    district = user.police_district or (municipality.police_district if municipality else None)
    return render(
        request,
        "plans/index.html",
        {"district": district, "municipality": municipality, "year": timezone.localdate().year},
    )


# --- Annual cycle and district overview ---------------------------------------------------------------------


@login_required
def cycle(request: AuthedHttpRequest, slug: str, year: int) -> HttpResponse:
    district = can.get_district_for(request.user, slug)
    annual = AnnualCycle.objects.filter(police_district=district, year=year).first()
    milestones = selectors.cycle_milestones(annual) if annual else []
    can_edit = can.can_edit_district(request.user, district)
    return render(
        request,
        "plans/cycle.html",
        {
            "district": district,
            "year": year,
            "annual": annual,
            "months": selectors.months_of(milestones),
            "today": timezone.localdate(),
            "can_edit": can_edit,
            "complete_form": forms.CompleteMilestoneForm(initial={"done_on": timezone.localdate()}),
            "owners": list(can.district_staff(district)) if can_edit else [],
        },
    )


@login_required
def cycle_ical(request: AuthedHttpRequest, slug: str, year: int) -> HttpResponse:
    district = can.get_district_for(request.user, slug)
    annual = get_object_or_404(AnnualCycle, police_district=district, year=year)
    url = request.build_absolute_uri(reverse("plans:cycle", args=[slug, year]))
    content = exports.cycle_ical(annual, selectors.cycle_milestones(annual), url=url)
    return _download(content, "text/calendar; charset=utf-8", f"aarshjul-{slug}-{year}.ics")


@login_required
@require_POST
def generate_cycle(request: AuthedHttpRequest, slug: str, year: int) -> HttpResponse:
    district = can.get_district_for(request.user, slug)
    can.require(can.can_edit_district(request.user, district))
    services.generate_cycle(district, year=year, actor=request.user)
    messages.success(request, _("Årshjulet er dannet, og manglende møder er oprettet i kalenderen."))
    return redirect("plans:cycle", slug, year)


@login_required
@require_POST
def complete_milestone(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("cycle__police_district"), pk=pk)
    district = milestone.cycle.police_district
    can.require(can.can_edit_district(request.user, district))
    form = forms.CompleteMilestoneForm(request.POST)
    _run(
        request,
        form,
        lambda data: services.complete_milestone(milestone, actor=request.user, **data),
        _("Milepælen er markeret som gennemført."),
    )
    return redirect("plans:cycle", district.slug, milestone.cycle.year)


@login_required
@require_POST
def assign_milestone_owner(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("cycle__police_district"), pk=pk)
    district = milestone.cycle.police_district
    can.require(can.can_edit_district(request.user, district))
    form = forms.MilestoneOwnerForm(request.POST, owners=can.district_staff(district))
    _run(
        request,
        form,
        lambda data: services.assign_milestone_owner(milestone, actor=request.user, **data),
        _("Den ansvarlige for milepælen er ændret."),
    )
    return redirect("plans:cycle", district.slug, milestone.cycle.year)


@login_required
def district_overview(request: AuthedHttpRequest, slug: str, year: int) -> HttpResponse:
    district = can.get_district_for(request.user, slug)
    overview = selectors.district_overview(district, year, today=timezone.localdate())
    coverage = selectors.focus_coverage(district, year)
    plans = selectors.district_action_plans(district, year)
    school_year = _school_year(request)
    delivered = selectors.delivered_in_school_year(district.municipalities.values("pk"), school_year)
    context = {
        "overview": overview,
        "coverage": coverage,
        "district": district,
        "action_plans": plans,
        "school_year": school_year,
        "delivered": delivered,
        "delivered_total": sum(row.classes for row in delivered),
    }
    return render(request, "plans/overview.html", context)


# --- Cooperation plan ---------------------------------------------------------------------------------------


def _plan_context(request: AuthedHttpRequest, plan: CooperationPlan, version: PlanVersion) -> dict[str, Any]:
    district = plan.police_district
    approved = selectors.approved_version(plan)
    council_meetings = Meeting.objects.filter(
        forum__police_district=district, forum__kind=ForumKind.DISTRICT_COUNCIL, status=MeetingStatus.PLANNED
    ).order_by("starts_at")
    return {
        "plan": plan,
        "version": version,
        "versions": list(plan.versions.order_by("-number")),
        "organisation": selectors.organisation_of(district),
        "diff": selectors.version_diff(approved, version) if approved and approved.pk != version.pk else None,
        "approved": approved,
        "can_edit": can.can_edit_district(request.user, district),
        "can_approve": can.can_approve_district(request.user, district),
        "text_form": forms.PlanTextForm(initial={"introduction": version.introduction, "strategy": version.strategy}),
        "focus_form": forms.FocusAreaForm(),
        "section_form": forms.SectionForm(),
        "comment_form": forms.CommentForm(),
        "submit_form": forms.MeetingChoiceForm(meetings=council_meetings),
        "decision_form": forms.DecisionForm(),
    }


@login_required
def cooperation_plan(request: AuthedHttpRequest, slug: str, year: int) -> HttpResponse:
    district = can.get_district_for(request.user, slug)
    plan = CooperationPlan.objects.filter(police_district=district, year=year).first()
    if plan is None:
        return render(
            request,
            "plans/cooperation_plan_missing.html",
            {"district": district, "year": year, "can_edit": can.can_edit_district(request.user, district)},
        )
    number = request.GET.get("version")
    version = selectors.version_page(plan, int(number) if number and number.isdigit() else None)
    return render(request, "plans/cooperation_plan.html", _plan_context(request, plan, version))


@login_required
@require_POST
def start_cooperation_plan(request: AuthedHttpRequest, slug: str, year: int) -> HttpResponse:
    district = can.get_district_for(request.user, slug)
    can.require(can.can_edit_district(request.user, district))
    try:
        services.start_cooperation_plan(district, year=year, actor=request.user)
    except ValidationError as error:
        _report(request, error=error)
    return redirect("plans:cooperation_plan", slug, year)


def _version_for(request: AuthedHttpRequest, pk: int, *, approve: bool = False) -> PlanVersion:
    version = get_object_or_404(PlanVersion.objects.select_related("plan", "plan__police_district"), pk=pk)
    district = version.plan.police_district
    can.require(can.can_read_district(request.user, district))
    allowed = can.can_approve_district if approve else can.can_edit_district
    can.require(allowed(request.user, district))
    return version


def _back_to(version: PlanVersion) -> HttpResponse:
    return redirect(
        f"/planer/kreds/{version.plan.police_district.slug}/samarbejdsplan/{version.plan.year}/?version={version.number}"
    )


@login_required
@require_POST
def edit_plan_text(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk)
    _run(
        request,
        forms.PlanTextForm(request.POST),
        lambda data: services.update_plan_text(version, actor=request.user, **data),
        _("Teksten er gemt."),
    )
    return _back_to(version)


@login_required
@require_POST
def add_focus_area(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk)
    form = forms.FocusAreaForm(request.POST, instance=FocusArea(version=version))
    _run(
        request,
        form,
        lambda data: services.save_focus_area(form.instance, actor=request.user),
        _("Fokusområdet er gemt."),
    )
    return _back_to(version)


@login_required
@require_POST
def add_section(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk)
    form = forms.SectionForm(request.POST, instance=PlanSection(version=version))
    _run(
        request,
        form,
        lambda data: services.save_plan_section(form.instance, actor=request.user),
        _("Afsnittet er gemt."),
    )
    return _back_to(version)


@login_required
@require_POST
def remove_from_version(request: AuthedHttpRequest, pk: int, part: str) -> HttpResponse:
    """Remove a focus area or a section from a draft; the service refuses an approved version."""
    if part == "fokusomraade":
        area = get_object_or_404(FocusArea, pk=pk)
        version = _version_for(request, area.version_id)
        action: Callable[[], None] = lambda: services.remove_focus_area(area, actor=request.user)  # noqa: E731
    elif part == "afsnit":
        section = get_object_or_404(PlanSection, pk=pk)
        version = _version_for(request, section.version_id)
        action = lambda: services.remove_plan_section(section, actor=request.user)  # noqa: E731
    else:
        raise Http404
    try:
        action()
    except ValidationError as error:
        _report(request, error=error)
        return _back_to(version)
    messages.success(request, _("Det er fjernet fra planen."))
    return _back_to(version)


def _frozen(request: HttpRequest, check: Callable[[], None]) -> bool:
    """Whether the plan is frozen (approved or adopted); the service's refusal becomes a message."""
    try:
        check()
    except ValidationError as error:
        _report(request, error=error)
        return True
    return False


def _part_page(request: HttpRequest, form: BaseForm, *, heading: str, back: str, **nav: Any) -> HttpResponse:
    return render(request, "plans/part_form.html", {"form": form, "heading": heading, "back": back, **nav})


@login_required
def edit_version_part(request: AuthedHttpRequest, pk: int, part: str) -> HttpResponse:
    """Change a focus area or a section of a draft; an approved version refuses (a change starts a new version)."""
    if part == "fokusomraade":
        area = get_object_or_404(FocusArea, pk=pk)
        version = _version_for(request, area.version_id)
        form: BaseForm = forms.FocusAreaForm(request.POST or None, instance=area)
        save: Callable[[dict[str, Any]], object] = lambda d: services.save_focus_area(area, actor=request.user)  # noqa: E731
        heading = _("Ret fokusområde: %(title)s") % {"title": area.title}
    elif part == "afsnit":
        section = get_object_or_404(PlanSection, pk=pk)
        version = _version_for(request, section.version_id)
        form = forms.SectionForm(request.POST or None, instance=section)
        save = lambda d: services.save_plan_section(section, actor=request.user)  # noqa: E731
        heading = _("Ret afsnit: %(title)s") % {"title": section.heading}
    else:
        raise Http404
    if _frozen(request, lambda: services.require_draft(version)):
        return _back_to(version)
    if request.method == "POST" and _run(request, form, save, _("Ændringen er gemt.")):
        return _back_to(version)
    plan = version.plan
    back = f"{reverse('plans:cooperation_plan', args=[plan.police_district.slug, plan.year])}?version={version.number}"
    return _part_page(request, form, heading=heading, back=back, district=plan.police_district, year=plan.year)


@login_required
@require_POST
def comment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk)
    _run(
        request,
        forms.CommentForm(request.POST),
        lambda data: services.comment_on_version(version, actor=request.user, text=data["text"]),
        _("Kommentaren er gemt."),
    )
    return _back_to(version)


@login_required
@require_POST
def submit_plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk)
    council = Meeting.objects.filter(
        forum__police_district=version.plan.police_district, forum__kind=ForumKind.DISTRICT_COUNCIL
    )
    form = forms.MeetingChoiceForm(request.POST, meetings=council)
    form.fields["decision"].required = False
    _run(
        request,
        form,
        lambda data: services.submit_plan_for_approval(version, actor=request.user, meeting=data["meeting"]),
        _("Udkastet er sat på kredsrådets dagsorden."),
    )
    return _back_to(version)


@login_required
@require_POST
def approve_plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk, approve=True)
    _run(
        request,
        forms.DecisionForm(request.POST),
        lambda data: services.approve_plan_version(version, actor=request.user, decision=data["decision"]),
        _("Godkendelsen er registreret. Versionen er nu låst."),
    )
    return _back_to(version)


@login_required
@require_POST
def new_version(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk)
    try:
        version = services.start_new_version(version.plan, actor=request.user)
        messages.success(request, _("Version %(n)d er oprettet som kopi.") % {"n": version.number})
    except ValidationError as error:
        _report(request, error=error)
    return _back_to(version)


@login_required
def cooperation_plan_export(request: AuthedHttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    district = can.get_district_for(request.user, slug)
    plan = selectors.plan_for(district, year)
    number = request.GET.get("version")
    version = selectors.version_page(plan, int(number) if number and number.isdigit() else None)
    blocks = exports.cooperation_plan_blocks(version, selectors.organisation_of(district))
    title = _("Samarbejdsplan %(year)s") % {"year": year}
    name = f"samarbejdsplan-{district.slug}-{year}-v{version.number}"
    if fmt == "pdf":
        return _download(exports.to_pdf(blocks, title=title), PDF, f"{name}.pdf")
    return _download(exports.to_docx(blocks, title=title), DOCX, f"{name}.docx")


# --- Action plans -------------------------------------------------------------------------------------------


@login_required
def action_plans(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """Every year's action plans, or one year's (``?aar=``: the plans a dashboard tile counts)."""
    municipality = can.get_municipality_for(request.user, slug)
    raw_year = request.GET.get("aar", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
    forums = Forum.objects.filter(municipality=municipality).order_by("name")
    form = forms.ActionPlanForm(request.POST or None, forums=forums, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        can.require(can.can_edit_municipality(request.user, municipality))
        if _run(
            request,
            form,
            lambda data: services.create_action_plan(municipality, actor=request.user, **data),
            _("Handlingsplanen er oprettet."),
        ):
            return redirect("plans:action_plans", slug)
    return render(
        request,
        "plans/action_plans.html",
        {
            "municipality": municipality,
            "plans": selectors.action_plans_of(municipality, year=year),
            "year": year,
            "form": form,
            "can_edit": can.can_edit_municipality(request.user, municipality),
        },
    )


@login_required
def action_plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.action_plan_page(can.get_action_plan_for(request.user, pk).pk)
    focus = selectors.focus_titles(plan)
    forums = Forum.objects.filter(municipality=plan.municipality).order_by("name")
    owner_meetings = (
        Meeting.objects.filter(forum=plan.owner_forum).exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at")
    )
    owners = (
        User.objects.filter(memberships__forum=plan.adopted_in.forum).distinct()
        if plan.adopted_in
        else User.objects.none()
    )
    context = {
        "plan": plan,
        "focus": focus,
        "planned": [(p, [focus.get(k, k) for k in p.focus_keys]) for p in plan.planned_initiatives.all()],
        "can_edit": can.can_edit_action_plan(request.user, plan),
        "can_adopt": can.can_adopt_action_plan(request.user, plan),
        "text_form": forms.ActionPlanTextForm(
            forums=forums,
            initial={"title": plan.title, "crime_analysis": plan.crime_analysis, "forums": list(plan.forums.all())},
        ),
        "figure_form": forms.FigureForm(),
        "priority_form": forms.PriorityForm(),
        "initiative_form": forms.PlannedInitiativeForm(initiatives=selectors.catalogue(plan.municipality), focus=focus),
        "status_form": forms.InitiativeStatusForm(),
        "adopt_form": forms.MeetingChoiceForm(meetings=owner_meetings),
        "agreement_form": forms.AgreementForm(owners=owners),
        "evaluation_form": forms.EvaluationForm(),
    }
    return render(request, "plans/action_plan.html", context)


def _editable_plan(request: AuthedHttpRequest, pk: int, *, adopt: bool = False) -> Any:
    plan = can.get_action_plan_for(request.user, pk)
    can.require((can.can_adopt_action_plan if adopt else can.can_edit_action_plan)(request.user, plan))
    return plan


@login_required
@require_POST
def action_plan_edit(request: AuthedHttpRequest, pk: int, part: str) -> HttpResponse:
    """The parts of an action plan the SSP staff edit: text, figures, priorities, initiatives, agreements, copy."""
    plan = _editable_plan(request, pk)
    post, user = request.POST, request.user
    focus = selectors.focus_titles(plan)
    handlers: dict[str, tuple[BaseForm, Callable[[dict[str, Any]], object], str]] = {
        "text": (
            forms.ActionPlanTextForm(post, forums=Forum.objects.filter(municipality=plan.municipality)),
            lambda d: services.update_action_plan(plan, actor=user, **d),
            _("Planen er gemt."),
        ),
        "figure": (
            forms.FigureForm(post),
            lambda d: services.add_crime_figure(plan, actor=user, **d),
            _("Nøgletallet er tilføjet."),
        ),
        "priority": (
            forms.PriorityForm(post),
            lambda d: services.add_priority(plan, actor=user, **d),
            _("Sagsområdet er tilføjet."),
        ),
        "initiative": (
            forms.PlannedInitiativeForm(post, initiatives=selectors.catalogue(plan.municipality), focus=focus),
            lambda d: services.add_planned_initiative(plan, actor=user, **d),
            _("Indsatsen er tilføjet."),
        ),
        "agreement": (
            forms.AgreementForm(
                post, owners=User.objects.filter(memberships__forum__meetings=plan.adopted_in).distinct()
            ),
            lambda d: services.add_plan_agreement(plan, actor=user, **d),
            _("Aftalen er tilføjet."),
        ),
    }
    if part == "copy":
        try:
            new = services.copy_action_plan(plan, actor=user)
        except ValidationError as error:
            _report(request, error=error)
            return redirect("plans:action_plan", plan.pk)
        messages.success(request, _("Næste års plan er oprettet som kopi."))
        return redirect("plans:action_plan", new.pk)
    if part not in handlers:
        return redirect("plans:action_plan", plan.pk)
    form, action, done = handlers[part]
    _run(request, form, action, done)
    return redirect("plans:action_plan", plan.pk)


@login_required
@require_POST
def planned_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    planned = get_object_or_404(PlannedInitiative.objects.select_related("plan"), pk=pk)
    plan = _editable_plan(request, planned.plan_id)
    _run(
        request,
        forms.InitiativeStatusForm(request.POST),
        lambda data: services.update_initiative_status(planned, actor=request.user, **data),
        _("Status er gemt."),
    )
    return redirect("plans:action_plan", plan.pk)


@login_required
@require_POST
def remove_from_action_plan(request: AuthedHttpRequest, pk: int, part: str) -> HttpResponse:
    """Remove a crime figure or a priority from a draft plan; the service refuses an adopted plan."""
    if part == "noegletal":
        figure = get_object_or_404(CrimeFigure, pk=pk)
        plan = _editable_plan(request, figure.plan_id)
        action: Callable[[], None] = lambda: services.remove_crime_figure(figure, actor=request.user)  # noqa: E731
    elif part == "sagsomraade":
        priority = get_object_or_404(CaseAreaPriority, pk=pk)
        plan = _editable_plan(request, priority.plan_id)
        action = lambda: services.remove_priority(priority, actor=request.user)  # noqa: E731
    else:
        raise Http404
    try:
        action()
    except ValidationError as error:
        _report(request, error=error)
        return redirect("plans:action_plan", plan.pk)
    messages.success(request, _("Det er fjernet fra planen."))
    return redirect("plans:action_plan", plan.pk)


@login_required
def edit_action_plan_part(request: AuthedHttpRequest, pk: int, part: str) -> HttpResponse:
    """Change a crime figure or a prioritised case area of a draft plan; an adopted plan refuses."""
    if part == "noegletal":
        figure = get_object_or_404(CrimeFigure, pk=pk)
        plan = _editable_plan(request, figure.plan_id)
        initial: dict[str, Any] = {f: getattr(figure, f) for f in forms.FigureForm.base_fields}
        form: BaseForm = forms.FigureForm(request.POST or None, initial=initial)
        save: Callable[[dict[str, Any]], object] = lambda d: services.update_crime_figure(  # noqa: E731
            figure, actor=request.user, **d
        )
        heading = _("Ret nøgletal: %(title)s") % {"title": figure.label}
    elif part == "sagsomraade":
        priority = get_object_or_404(CaseAreaPriority, pk=pk)
        plan = _editable_plan(request, priority.plan_id)
        initial = {f: getattr(priority, f) for f in forms.PriorityForm.base_fields}
        form = forms.PriorityForm(request.POST or None, initial=initial)
        save = lambda d: services.update_priority(priority, actor=request.user, **d)  # noqa: E731
        heading = _("Ret prioriteret sagsområde: %(title)s") % {"title": priority.title}
    else:
        raise Http404
    if _frozen(request, lambda: services.require_plan_draft(plan)):
        return redirect("plans:action_plan", plan.pk)
    if request.method == "POST" and _run(request, form, save, _("Ændringen er gemt.")):
        return redirect("plans:action_plan", plan.pk)
    back = reverse("plans:action_plan", args=[plan.pk])
    return _part_page(request, form, heading=heading, back=back, municipality=plan.municipality)


@login_required
@require_POST
def adopt_action_plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk, adopt=True)
    form = forms.MeetingChoiceForm(request.POST, meetings=Meeting.objects.filter(forum=plan.owner_forum))
    _run(
        request,
        form,
        lambda data: services.adopt_action_plan(plan, actor=request.user, **data),
        _("Vedtagelsen er registreret."),
    )
    return redirect("plans:action_plan", plan.pk)


@login_required
@require_POST
def evaluate_action_plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk, adopt=True)
    _run(
        request,
        forms.EvaluationForm(request.POST),
        lambda data: services.evaluate_action_plan(plan, actor=request.user, **data),
        _("Evalueringen er gemt."),
    )
    return redirect("plans:action_plan", plan.pk)


@login_required
def action_plan_export(request: AuthedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = selectors.action_plan_page(can.get_action_plan_for(request.user, pk).pk)
    blocks = exports.action_plan_blocks(plan, selectors.focus_titles(plan))
    name = f"handlingsplan-{plan.municipality.slug}-{plan.year}-{plan.kind}"
    if fmt == "pdf":
        return _download(exports.to_pdf(blocks, title=plan.title), PDF, f"{name}.pdf")
    return _download(exports.to_docx(blocks, title=plan.title), DOCX, f"{name}.docx")


# --- Catalogue and coverage ---------------------------------------------------------------------------------


@login_required
def catalogue(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = can.get_municipality_for(request.user, slug)
    form = forms.InitiativeForm(request.POST or None, instance=Initiative(municipality=municipality))
    if request.method == "POST":
        can.require(can.can_edit_municipality(request.user, municipality))
        if _run(
            request,
            form,
            lambda data: services.save_initiative(form.instance, actor=request.user),
            _("Indsatsen er gemt i kataloget."),
        ):
            return redirect("plans:catalogue", slug)
    return render(
        request,
        "plans/catalogue.html",
        {
            "municipality": municipality,
            "initiatives": selectors.catalogue(municipality),
            "form": form,
            "can_edit": can.can_edit_municipality(request.user, municipality),
        },
    )


@login_required
def initiative_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.select_related("municipality"), pk=pk)
    municipality = can.get_municipality_for(request.user, initiative.municipality.slug)
    can.require(can.can_edit_municipality(request.user, municipality))
    form = forms.InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and _run(
        request, form, lambda data: services.save_initiative(form.instance, actor=request.user), _("Indsatsen er gemt.")
    ):
        return redirect("plans:catalogue", municipality.slug)
    return render(
        request, "plans/initiative_form.html", {"form": form, "initiative": initiative, "municipality": municipality}
    )


@login_required
def catalogue_xlsx(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = can.get_municipality_for(request.user, slug)
    content = exports.catalogue_xlsx(list(selectors.catalogue(municipality)))
    return _download(content, XLSX, f"indsatskatalog-{municipality.slug}.xlsx")


def _school_year(request: HttpRequest) -> int:
    raw = request.GET.get("skoleaar", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else school_year_of(timezone.localdate())


@login_required
def coverage(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = can.get_municipality_for(request.user, slug)
    school_year = _school_year(request)
    result = selectors.class_coverage(municipality, school_year)
    classes = selectors.classes_of(municipality, school_year)
    delivered = selectors.delivered_in_school_year([municipality.pk], school_year)
    return render(
        request,
        "plans/coverage.html",
        {
            "municipality": municipality,
            "coverage": result,
            "delivered": delivered,
            "delivered_total": sum(row.classes for row in delivered),
            "school_year": school_year,
            "can_edit": can.can_edit_municipality(request.user, municipality),
            "can_record": can.can_record_delivery(request.user, municipality),
            "urls": {
                "import": f"{reverse('plans:import_classes', args=[slug])}?skoleaar={school_year}",
                "add_class": f"{reverse('plans:add_class', args=[slug])}?skoleaar={school_year}",
                "record_delivery": f"{reverse('plans:record_delivery', args=[slug])}?skoleaar={school_year}",
            },
            "import_form": forms.ClassImportForm(),
            "class_form": forms.ClassForm(schools=selectors.schools_of(municipality)),
            "delivery_form": forms.DeliveryForm(
                initiatives=selectors.catalogue(municipality),
                classes=classes,
                initial={"delivered_on": timezone.localdate()},
            ),
        },
    )


def _coverage_url(slug: str, school_year: int) -> HttpResponse:
    return redirect(f"/planer/kommune/{slug}/daekning/?skoleaar={school_year}")


@login_required
@require_POST
def import_classes(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = can.get_municipality_for(request.user, slug)
    can.require(can.can_edit_municipality(request.user, municipality))
    school_year = _school_year(request)
    form = forms.ClassImportForm(request.POST, request.FILES)
    _run(
        request,
        form,
        lambda data: messages.info(
            request,
            _("%(n)d nye klasser.")
            % {
                "n": services.import_school_classes(
                    municipality, actor=request.user, school_year=school_year, text=data["file"]
                )
            },
        ),
        _("Klasserne er indlæst."),
    )
    return _coverage_url(slug, school_year)


@login_required
@require_POST
def add_class(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = can.get_municipality_for(request.user, slug)
    can.require(can.can_edit_municipality(request.user, municipality))
    school_year = _school_year(request)
    form = forms.ClassForm(request.POST, schools=selectors.schools_of(municipality))
    _run(
        request,
        form,
        lambda data: services.add_school_class(
            data["school"], actor=request.user, school_year=school_year, grade=data["grade"], letter=data["letter"]
        ),
        _("Klassen er tilføjet."),
    )
    return _coverage_url(slug, school_year)


@login_required
@require_POST
def record_delivery(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = can.get_municipality_for(request.user, slug)
    can.require(can.can_record_delivery(request.user, municipality))
    school_year = _school_year(request)
    form = forms.DeliveryForm(
        request.POST,
        initiatives=selectors.catalogue(municipality),
        classes=selectors.classes_of(municipality, school_year),
    )
    _run(
        request,
        form,
        lambda data: services.record_delivery(data.pop("initiative"), actor=request.user, **data),
        _("Gennemførelsen er registreret."),
    )
    return _coverage_url(slug, school_year)


@login_required
def coverage_xlsx(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = can.get_municipality_for(request.user, slug)
    school_year = _school_year(request)
    content = exports.coverage_xlsx(selectors.class_coverage(municipality, school_year))
    return _download(content, XLSX, f"daekning-{municipality.slug}-{school_year}.xlsx")


# --- Statutory plans ----------------------------------------------------------------------------------------


@login_required
def statutory(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = can.get_municipality_for(request.user, slug)
    editing = request.GET.get("ret", "")
    instance = (
        get_object_or_404(StatutoryPlan, pk=editing, municipality=municipality)
        if editing.isdigit()
        else StatutoryPlan(municipality=municipality)
    )
    form = forms.StatutoryPlanForm(request.POST or None, instance=instance)
    if request.method == "POST":
        can.require(can.can_edit_municipality(request.user, municipality))
        if _run(
            request,
            form,
            lambda data: services.save_statutory_plan(form.instance, actor=request.user),
            _("Planen er gemt."),
        ):
            return redirect("plans:statutory", slug)
    return render(
        request,
        "plans/statutory.html",
        {
            "municipality": municipality,
            "rows": selectors.statutory_plans(municipality, today=timezone.localdate()),
            "form": form,
            "review_form": forms.ReviewForm(initial={"reviewed_on": timezone.localdate()}),
            "editing": instance.pk is not None,
            "can_edit": can.can_edit_municipality(request.user, municipality),
            "can_review": can.can_manage_municipality(request.user, municipality),
        },
    )


@login_required
@require_POST
def review_statutory(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(StatutoryPlan.objects.select_related("municipality"), pk=pk)
    can.require(can.can_read_municipality(request.user, plan.municipality))
    can.require(can.can_manage_municipality(request.user, plan.municipality))
    _run(
        request,
        forms.ReviewForm(request.POST),
        lambda data: services.record_statutory_review(plan, actor=request.user, **data),
        _("Evalueringen er registreret."),
    )
    return redirect("plans:statutory", plan.municipality.slug)


@login_required
def statutory_export(request: AuthedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_object_or_404(StatutoryPlan.objects.select_related("municipality"), pk=pk)
    can.require(can.can_read_municipality(request.user, plan.municipality))
    blocks = exports.statutory_plan_blocks(selectors.review_status(plan, today=timezone.localdate()))
    name = f"{plan.kind}-{plan.municipality.slug}"
    if fmt == "pdf":
        return _download(exports.to_pdf(blocks, title=plan.title), PDF, f"{name}.pdf")
    return _download(exports.to_docx(blocks, title=plan.title), DOCX, f"{name}.docx")


# --- Trends and § 5 projects --------------------------------------------------------------------------------


@login_required
def trends(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    district = can.get_district_for(request.user, slug)
    district_forums = Forum.objects.filter(police_district=district).order_by("name")
    form = forms.TrendForm(request.POST or None, forums=district_forums)
    if request.method == "POST":
        can.require(can.can_work_on_projects(request.user, district))
        if _run(
            request,
            form,
            lambda data: services.raise_trend(district, actor=request.user, **data),
            _("Tendensen er registreret."),
        ):
            return redirect("plans:trends", slug)
    return render(
        request,
        "plans/trends.html",
        {
            "district": district,
            "trends": selectors.trends_of(district),
            "year": timezone.localdate().year,
            "form": form,
            "can_edit": can.can_work_on_projects(request.user, district),
        },
    )


@login_required
def project(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.project_page(can.get_project_for(request.user, pk).pk)
    district = item.trend.police_district
    samraad = Meeting.objects.filter(
        forum__police_district=district, forum__kind=ForumKind.SSP_DISTRICT_NETWORK
    ).order_by("-starts_at")
    return render(
        request,
        "plans/project.html",
        {
            "project": item,
            "trend": item.trend,
            "year": timezone.localdate().year,
            "states": ProjectState,
            "can_edit": can.can_work_on_projects(request.user, district),
            "can_approve": can.can_approve_district(request.user, district),
            "answers_form": forms.AnswersForm(
                initial={f: getattr(item.trend, f) for f in forms.AnswersForm.base_fields}
            ),
            "decision_form": forms.SamraadDecisionForm(meetings=samraad),
            "group_form": forms.ProjectGroupForm(people=can.district_staff(district)),
            "note_form": forms.NoteForm(),
            "description_form": forms.DescriptionForm(),
            "approval_form": forms.DecisionForm(),
            "evaluation_form": forms.EvaluationForm(),
        },
    )


@login_required
@require_POST
def project_step(request: AuthedHttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the § 5 workflow; the service refuses a step out of order."""
    item = can.get_project_for(request.user, pk)
    district = item.trend.police_district
    approve = step == "approve"
    can.require((can.can_approve_district if approve else can.can_work_on_projects)(request.user, district))
    post, user = request.POST, request.user
    handlers: dict[str, tuple[BaseForm, Callable[[dict[str, Any]], object]]] = {
        "answers": (forms.AnswersForm(post), lambda d: services.answer_trend(item.trend, actor=user, **d)),
        "decide": (
            forms.SamraadDecisionForm(post, meetings=Meeting.objects.filter(forum__police_district=district)),
            lambda d: services.decide_on_trend(item, actor=user, **d),
        ),
        "group": (
            forms.ProjectGroupForm(post, people=can.district_staff(district)),
            lambda d: services.form_project_group(item, actor=user, members=list(d["members"]), deadline=d["deadline"]),
        ),
        "screening": (forms.NoteForm(post), lambda d: services.start_screening(item, actor=user, **d)),
        "describe": (forms.DescriptionForm(post), lambda d: services.submit_project_description(item, actor=user, **d)),
        "approve": (forms.DecisionForm(post), lambda d: services.approve_project(item, actor=user, **d)),
        "start": (forms.NoteForm(post), lambda d: services.start_project(item, actor=user)),
        "evaluate": (forms.EvaluationForm(post), lambda d: services.evaluate_project(item, actor=user, **d)),
    }
    if step in handlers:
        form, action = handlers[step]
        _run(request, form, action, _("Projektet er opdateret."))
    return redirect("plans:project", item.pk)
