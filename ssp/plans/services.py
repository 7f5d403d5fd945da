"""State changes of the plans capability: one ``verb_noun(obj, *, actor, …)`` function per change, atomic.

Meetings, agenda items, decisions and agreements are made through the meetings capability's services, so the
privacy check on general texts and the invitations work as for any other item.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.accounts.models import StaffRole, User
from ssp.meetings import selectors as meeting_selectors
from ssp.meetings import services as meeting_services
from ssp.meetings.models import AgendaItem, Agreement, Meeting, MeetingStatus
from ssp.plans import cycle, notifications, permissions
from ssp.plans.models import (
    ActionPlan,
    ActionPlanKind,
    ActionPlanStatus,
    AnnualCycle,
    CaseAreaPriority,
    CooperationPlan,
    CrimeFigure,
    FocusArea,
    Initiative,
    InitiativeDelivery,
    Milestone,
    MilestoneKind,
    PlanComment,
    PlannedInitiative,
    PlannedStatus,
    PlanSection,
    PlanVersion,
    Project,
    ProjectState,
    ProjectStep,
    SchoolClass,
    StatutoryPlan,
    Trend,
    VersionStatus,
)
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.structure.models import (
    Forum,
    ForumKind,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
    PoliceDistrict,
)

MEETING_START = time(13, 0)
MEETING_HOURS = 2
REMINDER_DAYS = 14
PROJECT_REMINDER_DAYS = 7


def _aware(day: date, at: time = MEETING_START) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


# --- Annual cycle -------------------------------------------------------------------------------------------


def _meeting_in_month(forum: Forum, year: int, month: int) -> Meeting | None:
    meetings = meeting_selectors.forum_meetings(forum, meeting_selectors.Period(year, month))
    return next((m for m in meetings if m.status != MeetingStatus.CANCELLED), None)


def _ensure_meeting(forum: Forum, day: date, *, actor: User, place: str) -> Meeting:
    """The forum's meeting in the month of ``day``, created through the meetings capability when missing."""
    found = _meeting_in_month(forum, day.year, day.month)
    if found is not None:
        return found
    starts = _aware(day)
    return meeting_services.create_meeting(
        forum, starts_at=starts, ends_at=starts + timedelta(hours=MEETING_HOURS), place=place, actor=actor
    )


def _forum_owner(forum: Forum | None, municipality: Municipality | None = None) -> User | None:
    """Who is reminded: the forum's secretary or coordinator, else the municipality's first SSP consultant."""
    if forum is not None:
        today = timezone.localdate()
        membership = (
            Membership.objects.filter(forum=forum, starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .filter(role__in=(MembershipRole.SECRETARY, MembershipRole.COORDINATOR))
            .select_related("user")
            .order_by("role", "id")
            .first()
        )
        if membership is not None:
            return membership.user
    if municipality is not None:
        return (
            User.objects.filter(municipality=municipality, role=StaffRole.SSP_CONSULTANT, is_active=True)
            .order_by("id")
            .first()
        )
    return None


def _put_milestone(
    annual: AnnualCycle,
    kind: str,
    due_on: date,
    *,
    municipality: Municipality | None = None,
    meeting: Meeting | None = None,
    owner: User | None = None,
) -> None:
    if Milestone.objects.filter(cycle=annual, kind=kind, municipality=municipality).exists():
        return
    milestone = Milestone(
        cycle=annual, kind=kind, municipality=municipality, due_on=due_on, meeting=meeting, owner=owner
    )
    milestone.full_clean()
    milestone.save()


@transaction.atomic
def generate_cycle(district: PoliceDistrict, *, year: int, actor: User) -> AnnualCycle:
    """Create the district's cycle for ``year`` with its milestones (safe to run again).

    1. The Kredsråd's December meeting of year-1 and each Lokalråd's January meeting are found, or created in the
       meetings capability on the dates ``cycle.cycle_dates`` proposes.
    2. District milestones: national focus areas, the draft, the approval (at the December meeting), in force.
    3. Per municipality: adoption at the Lokalråd's January meeting, the Lokalråd+ conference (at its meeting when
       the municipality has a Lokalråd+), and the year-end evaluation.
    Milestones that exist are left as they are, so hand-made changes survive.
    """
    annual, _created = AnnualCycle.objects.get_or_create(police_district=district, year=year)
    council = Forum.objects.filter(police_district=district, kind=ForumKind.DISTRICT_COUNCIL).first()
    base = cycle.cycle_dates(year)
    december = None
    if council is not None:
        place = _("Politigården, %(district)s") % {"district": district.name}
        december = _ensure_meeting(council, base.plan_approved, actor=actor, place=place)
    dates = cycle.cycle_dates(
        year, december_meeting=timezone.localtime(december.starts_at).date() if december else None
    )
    secretariat = _forum_owner(council)
    _put_milestone(annual, MilestoneKind.NATIONAL_FOCUS_PUBLISHED, dates.national_focus_published, owner=secretariat)
    _put_milestone(annual, MilestoneKind.DRAFT_READY, dates.draft_ready, owner=secretariat)
    _put_milestone(annual, MilestoneKind.PLAN_APPROVED, dates.plan_approved, meeting=december, owner=secretariat)
    _put_milestone(annual, MilestoneKind.PLAN_IN_FORCE, dates.plan_in_force, owner=secretariat)
    local_forums = Forum.objects.filter(
        municipality__police_district=district, kind__in=(ForumKind.LOCAL_COUNCIL, ForumKind.LOCAL_COUNCIL_PLUS)
    ).select_related("municipality")
    by_kind = {(forum.municipality_id, forum.kind): forum for forum in local_forums}
    for municipality in district.municipalities.all():
        _municipal_milestones(annual, municipality, by_kind, actor=actor)
    return annual


def _municipal_milestones(
    annual: AnnualCycle, municipality: Municipality, by_kind: dict[tuple[int | None, str], Forum], *, actor: User
) -> None:
    local = by_kind.get((municipality.pk, ForumKind.LOCAL_COUNCIL))
    plus = by_kind.get((municipality.pk, ForumKind.LOCAL_COUNCIL_PLUS))
    owner = _forum_owner(local, municipality)
    base = cycle.cycle_dates(annual.year)
    place = _("%(municipality)s Rådhus") % {"municipality": municipality.name}
    january = _ensure_meeting(local, base.action_plan_adopted, actor=actor, place=place) if local else None
    dates = cycle.cycle_dates(
        annual.year, january_meeting=timezone.localtime(january.starts_at).date() if january else None
    )
    _put_milestone(
        annual,
        MilestoneKind.ACTION_PLAN_ADOPTED,
        dates.action_plan_adopted,
        municipality=municipality,
        meeting=january,
        owner=owner,
    )
    conference = None
    if plus is not None:
        conference = _ensure_meeting(plus, dates.conference_held - timedelta(days=14), actor=actor, place=place)
    conference_due = timezone.localtime(conference.starts_at).date() if conference else dates.conference_held
    _put_milestone(
        annual,
        MilestoneKind.CONFERENCE_HELD,
        conference_due,
        municipality=municipality,
        meeting=conference,
        owner=owner,
    )
    _put_milestone(
        annual, MilestoneKind.YEAR_END_EVALUATION, dates.year_end_evaluation, municipality=municipality, owner=owner
    )


def _mark_done(district_id: int, year: int, kind: str, *, municipality: Municipality | None, on: date) -> None:
    Milestone.objects.filter(
        cycle__police_district_id=district_id, cycle__year=year, kind=kind, municipality=municipality, done_on=None
    ).update(done_on=on)


@transaction.atomic
def complete_milestone(milestone: Milestone, *, actor: User, done_on: date, note: str = "") -> Milestone:
    """Mark a step done that happens outside the platform (the national focus areas, the conference)."""
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Datoen må ikke ligge i fremtiden.")})
    milestone.done_on = done_on
    milestone.note = note
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def assign_milestone_owner(milestone: Milestone, *, actor: User, owner: User | None) -> Milestone:
    """Hand a milestone to another owner (or none); a new owner is reminded afresh before the due date."""
    district = milestone.cycle.police_district
    if owner is not None and not permissions.district_staff(district).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("Den ansvarlige skal være medarbejder i politikredsen.")})
    if owner == milestone.owner:
        return milestone
    previous = milestone.owner
    milestone.reminded_at = None
    milestone.owner = owner
    milestone.full_clean()
    milestone.save()
    # Who is reminded of a step of the cycle is a change the district's staff may later ask about; the event
    # names user ids only, never a citizen.
    door.record_change(
        actor,
        action=AuditAction.UPDATE,
        changed_fields=["owner"],
        detail=f"plans.milestone:{milestone.pk} owner {previous.pk if previous else '-'} -> {owner.pk if owner else '-'}",
    )
    return milestone


@transaction.atomic
def send_milestone_reminders(*, today: date | None = None) -> int:
    """Remind owners of open milestones due within ``REMINDER_DAYS`` (once per milestone)."""
    today = today or timezone.localdate()
    due = list(
        Milestone.objects.filter(
            done_on__isnull=True,
            reminded_at__isnull=True,
            owner__isnull=False,
            due_on__lte=today + timedelta(days=REMINDER_DAYS),
        ).select_related("owner", "cycle", "cycle__police_district")
    )
    for milestone in due:
        notifications.send_milestone_reminder(milestone)
    Milestone.objects.filter(pk__in=[m.pk for m in due]).update(reminded_at=timezone.now())
    return len(due)


# --- Cooperation plan ---------------------------------------------------------------------------------------


def require_draft(version: PlanVersion) -> None:
    """An approved version is frozen: every change to its content is refused (the edit pages ask first)."""
    if not version.is_draft:
        raise ValidationError(_("Versionen er godkendt og kan ikke ændres. Start en ny version for at ændre planen."))


def _copy_content(source: PlanVersion, target: PlanVersion) -> None:
    FocusArea.objects.bulk_create(
        FocusArea(
            version=target,
            key=area.key,
            scope=area.scope,
            title=area.title,
            description=area.description,
            goals=area.goals,
            indicators=area.indicators,
            order=area.order,
        )
        for area in source.focus_areas.all()
    )
    PlanSection.objects.bulk_create(
        PlanSection(version=target, kind=s.kind, heading=s.heading, body=s.body, order=s.order)
        for s in source.sections.all()
    )


@transaction.atomic
def start_cooperation_plan(district: PoliceDistrict, *, year: int, actor: User) -> PlanVersion:
    """A new plan for ``year`` whose first draft copies last year's approved version, when there is one."""
    if CooperationPlan.objects.filter(police_district=district, year=year).exists():
        raise ValidationError({"year": _("Der er allerede en samarbejdsplan for %(year)s.") % {"year": year}})
    plan = CooperationPlan(police_district=district, year=year)
    plan.full_clean()
    plan.save()
    last = PlanVersion.objects.filter(
        plan__police_district=district, plan__year=year - 1, status=VersionStatus.APPROVED
    ).first()
    version = PlanVersion(
        plan=plan,
        number=1,
        created_by=actor,
        introduction=last.introduction if last else "",
        strategy=last.strategy if last else "",
    )
    version.full_clean()
    version.save()
    if last is not None:
        _copy_content(last, version)
    return version


@transaction.atomic
def update_plan_text(version: PlanVersion, *, actor: User, introduction: str, strategy: str) -> PlanVersion:
    require_draft(version)
    version.introduction, version.strategy = introduction, strategy
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def save_focus_area(area: FocusArea, *, actor: User) -> FocusArea:
    """Add or change a focus area of a draft; the key is unique in the version."""
    require_draft(area.version)
    if FocusArea.objects.filter(version=area.version, key=area.key).exclude(pk=area.pk).exists():
        raise ValidationError({"key": _("Nøglen er allerede brugt i denne version.")})
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def remove_focus_area(area: FocusArea, *, actor: User) -> None:
    require_draft(area.version)
    area.delete()


@transaction.atomic
def save_plan_section(section: PlanSection, *, actor: User) -> PlanSection:
    require_draft(section.version)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def remove_plan_section(section: PlanSection, *, actor: User) -> None:
    require_draft(section.version)
    section.delete()


@transaction.atomic
def comment_on_version(version: PlanVersion, *, actor: User, text: str) -> PlanComment:
    comment = PlanComment(version=version, author=actor, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def start_new_version(plan: CooperationPlan, *, actor: User) -> PlanVersion:
    """A change to an approved plan starts the next version as a copy of the latest one."""
    if plan.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("Planen har allerede et udkast. Ret i udkastet."))
    latest = plan.versions.order_by("-number").first()
    assert latest is not None, "a plan is created with its first version"
    version = PlanVersion(
        plan=plan,
        number=latest.number + 1,
        created_by=actor,
        introduction=latest.introduction,
        strategy=latest.strategy,
    )
    version.full_clean()
    version.save()
    _copy_content(latest, version)
    return version


def _council_of(district_id: int) -> Forum:
    council = Forum.objects.filter(police_district_id=district_id, kind=ForumKind.DISTRICT_COUNCIL).first()
    if council is None:
        raise ValidationError(_("Politikredsen har intet kredsråd i strukturen."))
    return council


def _next_council_meeting(district_id: int) -> Meeting:
    council = _council_of(district_id)
    meeting = (
        Meeting.objects.filter(forum=council, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        raise ValidationError(_("Kredsrådet har intet planlagt møde. Planlæg kredsrådets næste møde først."))
    return meeting


@transaction.atomic
def submit_plan_for_approval(version: PlanVersion, *, actor: User, meeting: Meeting | None = None) -> AgendaItem:
    """Put the draft on the Kredsråd's agenda: the cycle's December meeting, else the next planned meeting."""
    require_draft(version)
    if version.approval_item_id:
        raise ValidationError(_("Udkastet er allerede sat på kredsrådets dagsorden."))
    district_id = version.plan.police_district_id
    if meeting is None:
        milestone = Milestone.objects.filter(
            cycle__police_district_id=district_id,
            cycle__year=version.plan.year,
            kind=MilestoneKind.PLAN_APPROVED,
            meeting__status=MeetingStatus.PLANNED,
        ).first()
        meeting = milestone.meeting if milestone and milestone.meeting else _next_council_meeting(district_id)
    if meeting.forum_id != _council_of(district_id).pk:
        raise ValidationError({"meeting": _("Samarbejdsplanen godkendes på et møde i kredsrådet.")})
    item = meeting_services.add_agenda_item(
        meeting,
        actor=actor,
        title=_("Godkendelse af samarbejdsplan %(year)s (version %(number)d)")
        % {"year": version.plan.year, "number": version.number},
        description=_("Kredsrådet godkender samarbejdsplanen, som træder i kraft 1. januar %(year)s.")
        % {"year": version.plan.year},
    )
    version.approval_item = item
    version.full_clean()
    version.save()
    return item


@transaction.atomic
def approve_plan_version(version: PlanVersion, *, actor: User, decision: str) -> PlanVersion:
    """Record the Kredsråd's approval of a draft on its agenda item.

    1. The draft must be on a Kredsråd agenda (``submit_plan_for_approval``) and the decision text is required.
    2. The decision is written in the meeting's minutes through the meetings capability.
    3. The version is approved and frozen; an earlier approved version is marked replaced.
    4. The cycle's approval milestone is done.
    """
    require_draft(version)
    if version.approval_item is None:
        raise ValidationError(_("Sæt udkastet på kredsrådets dagsorden, før godkendelsen registreres."))
    if not decision.strip():
        raise ValidationError({"decision": _("Skriv kredsrådets beslutning.")})
    item = meeting_services.record_item_minutes(version.approval_item, actor=actor, text=decision, decision=decision)
    meeting = item.meeting
    approved_on = timezone.localtime(meeting.starts_at).date()
    version.plan.versions.filter(status=VersionStatus.APPROVED).update(status=VersionStatus.REPLACED)
    version.status = VersionStatus.APPROVED
    version.approved_in = meeting
    version.approval_decision = item.decisions.order_by("-id").first()
    version.approved_on = approved_on
    version.approved_by = actor
    version.full_clean()
    version.save()
    _mark_done(
        version.plan.police_district_id,
        version.plan.year,
        MilestoneKind.PLAN_APPROVED,
        municipality=None,
        on=approved_on,
    )
    return version


# --- Initiative catalogue, classes and deliveries -----------------------------------------------------------


@transaction.atomic
def save_initiative(initiative: Initiative, *, actor: User) -> Initiative:
    grades = initiative.grades
    if not isinstance(grades, list) or not all(isinstance(g, int) and 0 <= g <= 10 for g in grades):
        raise ValidationError({"grades": _("Klassetrin skal være tal fra 0 til 10.")})
    initiative.grades = sorted(set(grades))
    initiative.full_clean()
    initiative.save()
    return initiative


def _check_school(school: Organisation, municipality: Municipality) -> None:
    if school.kind != OrganisationKind.SCHOOL or school.municipality_id != municipality.pk:
        raise ValidationError({"school": _("Vælg en skole i kommunen.")})


@transaction.atomic
def add_school_class(school: Organisation, *, actor: User, school_year: int, grade: int, letter: str) -> SchoolClass:
    assert school.municipality is not None
    _check_school(school, school.municipality)
    school_class = SchoolClass(school=school, school_year=school_year, grade=grade, letter=letter.strip().upper())
    school_class.full_clean()
    school_class.save()
    return school_class


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Række %(row)d, kolonne %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ClassImportError(ValidationError):
    """The import was refused; ``rows`` says where, and nothing was written."""

    def __init__(self, rows: list[RowError]) -> None:
        self.rows = rows
        super().__init__([str(row) for row in rows])


CLASS_COLUMNS = ("skole", "klassetrin", "klasse")
MAX_CLASS_ROWS = 5000


def _parse_class_rows(
    text: str, schools: dict[str, Organisation]
) -> tuple[list[tuple[Organisation, int, str]], list[RowError]]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in CLASS_COLUMNS if column not in header]
    if missing:
        return [], [RowError(1, ", ".join(missing), _("Kolonnen mangler i overskriften."))]
    index = {column: header.index(column) for column in CLASS_COLUMNS}
    rows: list[tuple[Organisation, int, str]] = []
    errors: list[RowError] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if number > MAX_CLASS_ROWS:
            return [], [RowError(number, "", _("Filen har for mange rækker (højst %(n)d).") % {"n": MAX_CLASS_ROWS})]
        values = {column: (cells[i].strip() if i < len(cells) else "") for column, i in index.items()}
        school = schools.get(values["skole"].casefold())
        if school is None:
            errors.append(RowError(number, "skole", _("Ukendt skole i kommunen: »%(s)s«.") % {"s": values["skole"]}))
        grade = int(values["klassetrin"]) if values["klassetrin"].isdigit() else -1
        if not 0 <= grade <= 10:
            errors.append(RowError(number, "klassetrin", _("Skal være et tal fra 0 til 10.")))
        letter = values["klasse"].upper()
        if not (1 <= len(letter) <= 3 and letter.isalnum()):
            errors.append(RowError(number, "klasse", _("Skal være et klassebogstav, fx A.")))
        if school is not None and 0 <= grade <= 10 and letter:
            rows.append((school, grade, letter))
    return rows, errors


@transaction.atomic
def import_school_classes(municipality: Municipality, *, actor: User, school_year: int, text: str) -> int:
    """Import a CSV of classes (columns skole, klassetrin, klasse; comma, semicolon or tab separated).

    Every row is checked before anything is written; one error refuses the whole file with the row and column
    of each error. Classes that already exist are left alone. Returns the number of new classes.
    """
    schools = {
        school.name.casefold(): school
        for school in Organisation.objects.filter(municipality=municipality, kind=OrganisationKind.SCHOOL)
    }
    rows, errors = _parse_class_rows(text.lstrip("\ufeff"), schools)
    if errors:
        raise ClassImportError(errors)
    if not rows:
        raise ClassImportError([RowError(2, "", _("Filen har ingen klasser."))])
    existing = set(
        SchoolClass.objects.filter(school__municipality=municipality, school_year=school_year).values_list(
            "school_id", "grade", "letter"
        )
    )
    new = {(school.pk, grade, letter) for school, grade, letter in rows} - existing
    SchoolClass.objects.bulk_create(
        SchoolClass(school_id=school_id, school_year=school_year, grade=grade, letter=letter)
        for school_id, grade, letter in sorted(new)
    )
    return len(new)


@transaction.atomic
def record_delivery(
    initiative: Initiative,
    *,
    actor: User,
    school_class: SchoolClass,
    delivered_on: date,
    delivered_by: str,
    participants: int,
    parent_meeting_held: bool = False,
    parent_meeting_on: date | None = None,
) -> InitiativeDelivery:
    """Record that a class got an initiative.

    1. The class is in a school of the initiative's municipality, in a grade the initiative is given in.
    2. The date lies in the class's school year; a parent meeting date means the meeting was held.
    """
    errors: dict[str, list[str]] = {}
    if school_class.school.municipality_id != initiative.municipality_id:
        errors["school_class"] = [_("Klassen hører til en anden kommune.")]
    elif initiative.grades and school_class.grade not in initiative.grades:
        errors["school_class"] = [_("Indsatsen gives ikke på dette klassetrin.")]
    if cycle.school_year_of(delivered_on) != school_class.school_year:
        errors["delivered_on"] = [_("Datoen ligger uden for klassens skoleår.")]
    if errors:
        raise ValidationError(errors)
    delivery = InitiativeDelivery(
        initiative=initiative,
        school_class=school_class,
        delivered_on=delivered_on,
        delivered_by=delivered_by,
        participants=participants,
        parent_meeting_held=parent_meeting_held or parent_meeting_on is not None,
        parent_meeting_on=parent_meeting_on,
        recorded_by=actor,
    )
    delivery.full_clean()
    delivery.save()
    return delivery


# --- Action plans -------------------------------------------------------------------------------------------


def require_plan_draft(plan: ActionPlan) -> None:
    """An adopted action plan's content is fixed (status and evaluation still change)."""
    if plan.status != ActionPlanStatus.DRAFT:
        raise ValidationError(_("Handlingsplanen er vedtaget; dens indhold kan ikke længere ændres."))


@transaction.atomic
def create_action_plan(
    municipality: Municipality, *, actor: User, year: int, kind: str, title: str, owner_forum: Forum
) -> ActionPlan:
    if owner_forum.municipality_id != municipality.pk:
        raise ValidationError({"owner_forum": _("Vælg et forum i kommunen.")})
    if ActionPlan.objects.filter(municipality=municipality, year=year, kind=kind).exists():
        raise ValidationError({"year": _("Kommunen har allerede en plan af denne type for året.")})
    plan = ActionPlan(municipality=municipality, year=year, kind=kind, title=title, owner_forum=owner_forum)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def update_action_plan(
    plan: ActionPlan, *, actor: User, title: str, crime_analysis: str, forums: Iterable[Forum]
) -> ActionPlan:
    require_plan_draft(plan)
    chosen = list(forums)
    if any(forum.municipality_id not in (plan.municipality_id, None) for forum in chosen):
        raise ValidationError({"forums": _("Vælg fora i kommunen eller politikredsen.")})
    plan.title, plan.crime_analysis = title, crime_analysis
    plan.full_clean()
    plan.save()
    plan.forums.set(chosen)
    return plan


@transaction.atomic
def add_crime_figure(
    plan: ActionPlan, *, actor: User, label: str, value: int, previous_value: int | None = None, source: str = ""
) -> CrimeFigure:
    require_plan_draft(plan)
    order = (plan.figures.aggregate(top=Max("order"))["top"] or 0) + 1
    figure = CrimeFigure(plan=plan, label=label, value=value, previous_value=previous_value, source=source, order=order)
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def update_crime_figure(
    figure: CrimeFigure, *, actor: User, label: str, value: int, previous_value: int | None = None, source: str = ""
) -> CrimeFigure:
    require_plan_draft(figure.plan)
    figure.label, figure.value, figure.previous_value, figure.source = label, value, previous_value, source
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def remove_crime_figure(figure: CrimeFigure, *, actor: User) -> None:
    require_plan_draft(figure.plan)
    figure.delete()


@transaction.atomic
def add_priority(plan: ActionPlan, *, actor: User, title: str, why: str) -> CaseAreaPriority:
    require_plan_draft(plan)
    order = (plan.priorities.aggregate(top=Max("order"))["top"] or 0) + 1
    priority = CaseAreaPriority(plan=plan, title=title, why=why, order=order)
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def update_priority(priority: CaseAreaPriority, *, actor: User, title: str, why: str) -> CaseAreaPriority:
    require_plan_draft(priority.plan)
    priority.title, priority.why = title, why
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def remove_priority(priority: CaseAreaPriority, *, actor: User) -> None:
    require_plan_draft(priority.plan)
    priority.delete()


def _district_focus_keys(plan: ActionPlan) -> set[str]:
    return set(
        FocusArea.objects.filter(
            version__plan__police_district_id=plan.municipality.police_district_id, version__plan__year=plan.year
        ).values_list("key", flat=True)
    )


@transaction.atomic
def add_planned_initiative(
    plan: ActionPlan, *, actor: User, initiative: Initiative, focus_keys: list[str], evaluation_method: str
) -> PlannedInitiative:
    """Choose an initiative from the municipality's catalogue and link it to the district's focus areas."""
    require_plan_draft(plan)
    if initiative.municipality_id != plan.municipality_id:
        raise ValidationError({"initiative": _("Vælg en indsats fra kommunens eget katalog.")})
    unknown = sorted(set(focus_keys) - _district_focus_keys(plan))
    if unknown:
        raise ValidationError(
            {"focus_keys": _("Ukendte fokusområder i samarbejdsplanen: %(keys)s") % {"keys": ", ".join(unknown)}}
        )
    if plan.planned_initiatives.filter(initiative=initiative).exists():
        raise ValidationError({"initiative": _("Indsatsen er allerede med i planen.")})
    planned = PlannedInitiative(
        plan=plan, initiative=initiative, focus_keys=sorted(set(focus_keys)), evaluation_method=evaluation_method
    )
    planned.full_clean()
    planned.save()
    return planned


@transaction.atomic
def update_initiative_status(
    planned: PlannedInitiative, *, actor: User, status: str, evaluation: str = ""
) -> PlannedInitiative:
    """Status during the year and the evaluation of one initiative; possible until the plan is evaluated."""
    if planned.plan.status == ActionPlanStatus.EVALUATED:
        raise ValidationError(_("Handlingsplanen er evalueret og lukket."))
    planned.status, planned.evaluation = status, evaluation
    planned.full_clean()
    planned.save()
    return planned


@transaction.atomic
def adopt_action_plan(plan: ActionPlan, *, actor: User, meeting: Meeting, decision: str) -> ActionPlan:
    """Record the adoption at a meeting of the plan's owner forum (an item and a decision in its minutes).

    The coordinated plan's adoption completes the cycle's milestone for the municipality.
    """
    require_plan_draft(plan)
    if meeting.forum_id != plan.owner_forum_id:
        raise ValidationError({"meeting": _("Planen vedtages på et møde i %(forum)s.") % {"forum": plan.owner_forum}})
    if not decision.strip():
        raise ValidationError({"decision": _("Skriv beslutningen.")})
    item = meeting_services.add_agenda_item(
        meeting, actor=actor, title=_("Vedtagelse af %(title)s") % {"title": plan.title}
    )
    item = meeting_services.record_item_minutes(item, actor=actor, text=decision, decision=decision)
    plan.status = ActionPlanStatus.ADOPTED
    plan.adopted_in = meeting
    plan.adoption_decision = item.decisions.order_by("-id").first()
    plan.adopted_on = timezone.localtime(meeting.starts_at).date()
    plan.full_clean()
    plan.save()
    if plan.kind == ActionPlanKind.COORDINATED:
        _mark_done(
            plan.municipality.police_district_id,
            plan.year,
            MilestoneKind.ACTION_PLAN_ADOPTED,
            municipality=plan.municipality,
            on=plan.adopted_on,
        )
    return plan


@transaction.atomic
def add_plan_agreement(plan: ActionPlan, *, actor: User, what: str, owner: User, due_on: date) -> Agreement:
    """Who does what: an agreement of the meeting that adopted the plan, made by the meetings capability."""
    if plan.adopted_in is None:
        raise ValidationError(_("Aftaler om hvem der gør hvad knyttes til mødet, hvor planen vedtages."))
    agreement = meeting_services.add_agreement(plan.adopted_in, actor=actor, what=what, owner=owner, due_on=due_on)
    plan.agreements.add(agreement)
    return agreement


@transaction.atomic
def evaluate_action_plan(plan: ActionPlan, *, actor: User, evaluation: str) -> ActionPlan:
    if plan.status != ActionPlanStatus.ADOPTED:
        raise ValidationError(_("Kun en vedtaget plan kan evalueres."))
    if not evaluation.strip():
        raise ValidationError({"evaluation": _("Skriv evalueringen.")})
    plan.status = ActionPlanStatus.EVALUATED
    plan.evaluation = evaluation
    plan.evaluated_on = timezone.localdate()
    plan.full_clean()
    plan.save()
    if plan.kind == ActionPlanKind.COORDINATED:
        _mark_done(
            plan.municipality.police_district_id,
            plan.year,
            MilestoneKind.YEAR_END_EVALUATION,
            municipality=plan.municipality,
            on=plan.evaluated_on,
        )
    return plan


@transaction.atomic
def copy_action_plan(plan: ActionPlan, *, actor: User) -> ActionPlan:
    """Next year's plan starts as a copy: analysis, figures (this year's numbers become last year's),
    priorities, forums and initiatives with their focus areas; status, evaluations and agreements start over."""
    new = create_action_plan(
        plan.municipality,
        actor=actor,
        year=plan.year + 1,
        kind=plan.kind,
        title=plan.title.replace(str(plan.year), str(plan.year + 1)),
        owner_forum=plan.owner_forum,
    )
    new.crime_analysis, new.previous = plan.crime_analysis, plan
    new.save(update_fields=["crime_analysis", "previous"])
    new.forums.set(plan.forums.all())
    CrimeFigure.objects.bulk_create(
        CrimeFigure(plan=new, label=f.label, value=f.value, previous_value=f.value, source=f.source, order=f.order)
        for f in plan.figures.all()
    )
    CaseAreaPriority.objects.bulk_create(
        CaseAreaPriority(plan=new, title=p.title, why=p.why, order=p.order) for p in plan.priorities.all()
    )
    PlannedInitiative.objects.bulk_create(
        PlannedInitiative(
            plan=new,
            initiative_id=p.initiative_id,
            focus_keys=p.focus_keys,
            evaluation_method=p.evaluation_method,
            status=PlannedStatus.PLANNED,
        )
        for p in plan.planned_initiatives.all()
    )
    return new


# --- Statutory plans ----------------------------------------------------------------------------------------


@transaction.atomic
def save_statutory_plan(plan: StatutoryPlan, *, actor: User) -> StatutoryPlan:
    if plan.last_reviewed_on > timezone.localdate():
        raise ValidationError({"last_reviewed_on": _("Datoen må ikke ligge i fremtiden.")})
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def record_statutory_review(plan: StatutoryPlan, *, actor: User, reviewed_on: date) -> StatutoryPlan:
    """The plan was evaluated: the interval starts again and a new warning will be sent before it runs out."""
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("Datoen må ikke ligge i fremtiden.")})
    if reviewed_on < plan.last_reviewed_on:
        raise ValidationError({"reviewed_on": _("Datoen ligger før den seneste evaluering.")})
    plan.last_reviewed_on = reviewed_on
    plan.reminded_at = None
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def send_review_warnings(*, today: date | None = None) -> int:
    """Warn the municipality's SSP consultants and managers once when a review is within its warning period."""
    today = today or timezone.localdate()
    sent = 0
    for plan in StatutoryPlan.objects.filter(reminded_at__isnull=True).select_related("municipality"):
        due = cycle.review_due(plan.last_reviewed_on, plan.review_interval_years)
        if due - timedelta(days=plan.warn_days) > today:
            continue
        recipients = list(
            User.objects.filter(
                municipality=plan.municipality,
                role__in=(StaffRole.SSP_CONSULTANT, StaffRole.MANAGER),
                is_active=True,
            )
        )
        notifications.send_review_warning(plan, recipients, due.strftime("%d.%m.%Y"))
        plan.reminded_at = timezone.now()
        plan.save(update_fields=["reminded_at"])
        sent += 1
    return sent


# --- Trends and § 5 projects --------------------------------------------------------------------------------

# The § 5 workflow: each state and the states it may move to. Nothing else is allowed, so no step is skipped.
NEXT_STATES: dict[str, tuple[str, ...]] = {
    ProjectState.RAISED: (ProjectState.GROUP_DECIDED, ProjectState.HANDLED_OTHERWISE),
    ProjectState.GROUP_DECIDED: (ProjectState.GROUP_FORMED,),
    ProjectState.GROUP_FORMED: (ProjectState.SCREENING,),
    ProjectState.SCREENING: (ProjectState.DESCRIBED,),
    ProjectState.DESCRIBED: (ProjectState.APPROVED,),
    ProjectState.APPROVED: (ProjectState.RUNNING,),
    ProjectState.RUNNING: (ProjectState.EVALUATED,),
    ProjectState.HANDLED_OTHERWISE: (),
    ProjectState.EVALUATED: (),
}


def _advance(project: Project, to: str, *, actor: User, meeting: Meeting | None = None, note: str = "") -> None:
    if to not in NEXT_STATES[project.state]:
        raise ValidationError(
            _("Projektet er på trinnet »%(now)s« og kan ikke gå til »%(to)s«; intet trin kan springes over.")
            % {"now": project.get_state_display(), "to": ProjectState(to).label}
        )
    project.state = to
    project.full_clean()
    project.save()
    step = ProjectStep(
        project=project, state=to, decided_by=actor, decided_at=timezone.now(), meeting=meeting, note=note
    )
    step.full_clean()
    step.save()


def _district_meeting(meeting: Meeting, district: PoliceDistrict, kind: str) -> None:
    if meeting.forum.kind != kind or meeting.forum.police_district_id != district.pk:
        forum = ForumKind(kind).label
        raise ValidationError({"meeting": _("Vælg et møde i politikredsens %(forum)s.") % {"forum": forum}})


@transaction.atomic
def raise_trend(
    district: PoliceDistrict,
    *,
    actor: User,
    what: str,
    where: str,
    since: date,
    source: str,
    raised_in: Forum | None = None,
    what_we_know: str = "",
) -> Trend:
    """Register a trend (what do we know?) and open its § 5 project at the first step."""
    trend = Trend(
        police_district=district,
        what=what,
        where=where,
        since=since,
        source=source,
        raised_in=raised_in,
        what_we_know=what_we_know,
        created_by=actor,
    )
    trend.full_clean()
    trend.save()
    project = Project(trend=trend, title=what)
    project.full_clean()
    project.save()
    step = ProjectStep(project=project, state=ProjectState.RAISED, decided_by=actor, decided_at=timezone.now())
    step.full_clean()
    step.save()
    return trend


@transaction.atomic
def answer_trend(trend: Trend, *, actor: User, **answers: str) -> Trend:
    """Write the four questions' answers (what_we_know, what_we_can, what_we_will, what_we_do)."""
    allowed = {"what_we_know", "what_we_can", "what_we_will", "what_we_do"}
    for field, value in answers.items():
        if field not in allowed:
            raise ValidationError({field: _("Ukendt felt.")})
        setattr(trend, field, value)
    trend.full_clean()
    trend.save()
    return trend


@transaction.atomic
def decide_on_trend(project: Project, *, actor: User, meeting: Meeting, project_group: bool, reason: str) -> Project:
    """The SSP-samråd decides at a meeting: set up a cross-sector project group, or handle it otherwise."""
    _district_meeting(meeting, project.trend.police_district, ForumKind.SSP_DISTRICT_NETWORK)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv begrundelsen for samrådets beslutning.")})
    to = ProjectState.GROUP_DECIDED if project_group else ProjectState.HANDLED_OTHERWISE
    _advance(project, to, actor=actor, meeting=meeting, note=reason)
    return project


@transaction.atomic
def form_project_group(project: Project, *, actor: User, members: list[User], deadline: date) -> Project:
    """The project group with members from the police and the municipalities, and the agreed deadline."""
    staff = set(permissions.district_staff(project.trend.police_district).values_list("pk", flat=True))
    if any(user.pk not in staff for user in members):
        raise ValidationError({"members": _("Projektgruppens medlemmer skal være medarbejdere i politikredsen.")})
    if not any(user.police_district_id for user in members) or not any(user.municipality_id for user in members):
        raise ValidationError({"members": _("Projektgruppen skal have medlemmer fra både politiet og kommunerne.")})
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("Fristen skal ligge efter i dag.")})
    project.deadline = deadline
    _advance(project, ProjectState.GROUP_FORMED, actor=actor)
    project.members.set(members)
    return project


@transaction.atomic
def start_screening(project: Project, *, actor: User, note: str = "") -> Project:
    _advance(project, ProjectState.SCREENING, actor=actor, note=note)
    return project


@transaction.atomic
def submit_project_description(project: Project, *, actor: User, description: str) -> Project:
    """The description goes to the Kredsråd: the approval item is put on its next planned meeting's agenda."""
    if not description.strip():
        raise ValidationError({"description": _("Skriv projektbeskrivelsen.")})
    meeting = _next_council_meeting(project.trend.police_district_id)
    project.description = description
    _advance(project, ProjectState.DESCRIBED, actor=actor, meeting=meeting)
    project.approval_item = meeting_services.add_agenda_item(
        meeting,
        actor=actor,
        title=_("Godkendelse af projekt: %(title)s") % {"title": project.title},
        description=_("SSP-samrådet forelægger projektbeskrivelsen til godkendelse (§ 5)."),
    )
    project.save(update_fields=["approval_item"])
    return project


@transaction.atomic
def approve_project(project: Project, *, actor: User, decision: str) -> Project:
    """The Kredsråd's approval, recorded as the decision of the approval item the workflow put on its agenda."""
    if not decision.strip():
        raise ValidationError({"decision": _("Skriv kredsrådets beslutning.")})
    item = project.approval_item
    _advance(project, ProjectState.APPROVED, actor=actor, meeting=item.meeting if item else None, note=decision)
    if item is None:
        raise ValidationError(_("Projektet er ikke på kredsrådets dagsorden."))
    meeting_services.record_item_minutes(item, actor=actor, text=decision, decision=decision)
    return project


@transaction.atomic
def start_project(project: Project, *, actor: User) -> Project:
    _advance(project, ProjectState.RUNNING, actor=actor)
    return project


@transaction.atomic
def evaluate_project(project: Project, *, actor: User, evaluation: str) -> Project:
    if not evaluation.strip():
        raise ValidationError({"evaluation": _("Skriv evalueringen og dokumentationen.")})
    project.evaluation = evaluation
    _advance(project, ProjectState.EVALUATED, actor=actor, note=evaluation)
    return project


@transaction.atomic
def send_project_deadline_reminders(*, today: date | None = None) -> int:
    """Remind the project group once when the description's deadline is within ``PROJECT_REMINDER_DAYS``."""
    today = today or timezone.localdate()
    due = list(
        Project.objects.filter(
            state__in=(ProjectState.GROUP_FORMED, ProjectState.SCREENING),
            reminded_at__isnull=True,
            deadline__lte=today + timedelta(days=PROJECT_REMINDER_DAYS),
        )
    )
    for project in due:
        notifications.send_project_deadline_reminder(project)
    Project.objects.filter(pk__in=[p.pk for p in due]).update(reminded_at=timezone.now())
    return len(due)
