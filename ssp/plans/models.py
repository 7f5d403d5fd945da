"""Plans: the annual cycle, the cooperation plan, action plans, the initiative catalogue and its coverage,
statutory plans, trends and § 5 projects.

No citizen data lives in this app. Plans, initiatives and deliveries describe what the cooperation does for
groups (a school class, a grade), never for a named child; the free texts are general texts like a forum's
general minutes.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ssp.structure.models import Forum, Municipality, Organisation, PoliceDistrict, ProArea

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
GRADE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


# --- Annual cycle -------------------------------------------------------------------------------------------


class AnnualCycle(models.Model):
    """A police district's year of plans (årshjul): the milestones from the national focus areas to the
    evaluations at year end. ``year`` is the year the cooperation plan is in force."""

    police_district = models.ForeignKey(
        PoliceDistrict, verbose_name=_("politikreds"), on_delete=models.PROTECT, related_name="annual_cycles"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["police_district", "-year"]
        verbose_name = _("årshjul")
        verbose_name_plural = _("årshjul")
        constraints = [models.UniqueConstraint(fields=["police_district", "year"], name="one_cycle_per_district_year")]

    def __str__(self) -> str:
        return f"{self.police_district} {self.year}"


class MilestoneKind(models.TextChoices):
    NATIONAL_FOCUS_PUBLISHED = "national_focus_published", _("Nationale fokusområder offentliggjort")
    DRAFT_READY = "draft_ready", _("Udkast til samarbejdsplan klar")
    PLAN_APPROVED = "plan_approved", _("Kredsrådet godkender samarbejdsplanen")
    PLAN_IN_FORCE = "plan_in_force", _("Samarbejdsplanen træder i kraft")
    ACTION_PLAN_ADOPTED = "action_plan_adopted", _("Lokalrådet vedtager den samordnede handlingsplan")
    CONFERENCE_HELD = "conference_held", _("Lokalråd+ holder årskonference")
    YEAR_END_EVALUATION = "year_end_evaluation", _("Evaluering ved årets afslutning")


class Milestone(models.Model):
    """One dated step of the cycle, for the whole district (``municipality`` empty) or one municipality.

    ``meeting`` is the sitting where the step happens (the Kredsråd's December meeting, the Lokalråd's January
    meeting); ``done_on`` is set by the service that does the step (approving the plan, adopting an action plan)
    or by hand for steps outside the platform.
    """

    cycle = models.ForeignKey(AnnualCycle, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("milepæl"), max_length=40, choices=MilestoneKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
    )
    due_on = models.DateField(_("frist"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("møde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    done_on = models.DateField(_("gennemført"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "kind", "municipality__name"]
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind", "municipality"],
                condition=Q(municipality__isnull=False),
                name="one_municipal_milestone_per_kind",
            ),
            models.UniqueConstraint(
                fields=["cycle", "kind"], condition=Q(municipality__isnull=True), name="one_district_milestone_per_kind"
            ),
        ]
        indexes = [
            # Reminder job: open milestones by due date.
            models.Index(fields=["done_on", "due_on"], name="milestone_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_on:%d.%m.%Y})"

    def is_late(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


# --- Cooperation plan ---------------------------------------------------------------------------------------


class CooperationPlan(models.Model):
    """The district's yearly cooperation plan (samarbejdsplan); its content lives in numbered versions."""

    police_district = models.ForeignKey(
        PoliceDistrict, verbose_name=_("politikreds"), on_delete=models.PROTECT, related_name="cooperation_plans"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["police_district", "-year"]
        verbose_name = _("samarbejdsplan")
        verbose_name_plural = _("samarbejdsplaner")
        constraints = [models.UniqueConstraint(fields=["police_district", "year"], name="one_plan_per_district_year")]

    def __str__(self) -> str:
        return _("Samarbejdsplan %(year)s, %(district)s") % {"year": self.year, "district": self.police_district}


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    APPROVED = "approved", _("Godkendt")
    REPLACED = "replaced", _("Erstattet")


class PlanVersion(models.Model):
    """One version of a cooperation plan. Only a draft can change; an approved version is frozen and a change
    starts the next version as a copy (the services enforce it)."""

    plan = models.ForeignKey(CooperationPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    introduction = models.TextField(_("indledning"), blank=True)
    strategy = models.TextField(_("strategi og mål for året"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approval_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("dagsordenspunkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_in = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("godkendt på møde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approval_decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("beslutning"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("godkendt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("planversion")
        verbose_name_plural = _("planversioner")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            # At most one draft at a time: a change starts from the approved version.
            models.UniqueConstraint(fields=["plan"], condition=Q(status="draft"), name="one_draft_per_plan"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_in__isnull=False, approved_on__isnull=False),
                name="approved_version_has_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class FocusScope(models.TextChoices):
    NATIONAL = "national", _("Nationalt fokusområde")
    LOCAL = "local", _("Lokalt fokusområde")


class FocusArea(models.Model):
    """A priority area of a plan version with its goals and indicators.

    ``key`` stays the same across versions of a plan (and is copied into next year's plan), so action plans
    linked to a focus area keep their link when the plan gets a new version.
    """

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="focus_areas")
    key = models.SlugField(_("nøgle"), max_length=60)
    scope = models.CharField(_("type"), max_length=10, choices=FocusScope.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    goals = models.TextField(_("mål"), blank=True, help_text=_("Ét mål pr. linje."))
    indicators = models.TextField(_("indikatorer"), blank=True, help_text=_("Én indikator pr. linje."))
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["version", "scope", "order", "id"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområder")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="focus_area_key_unique_in_version")]

    def __str__(self) -> str:
        return self.title


class SectionKind(models.TextChoices):
    COOPERATION = "cooperation", _("Samarbejdet")
    AUTHORITY = "authority", _("Myndighedssamarbejdet i øvrigt")
    IMPLEMENTATION = "implementation", _("Iværksættelse og godkendelse")


class PlanSection(models.Model):
    """A free section of a plan version (the authority cooperation: licensing board, emergency services,
    environment, other forums; the implementation and approval note)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("del"), max_length=20, choices=SectionKind.choices)
    heading = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(_("tekst"), blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["version", "kind", "order", "id"]
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")

    def __str__(self) -> str:
        return self.heading


class PlanComment(models.Model):
    """A drafting comment on a version, by the secretariat."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return self.text[:60]


# --- Initiative catalogue and deliveries --------------------------------------------------------------------


class TriangleLevel(models.TextChoices):
    """Det Kriminalpræventive Råd's prevention triangle."""

    BUILDING = "building", _("Opbygning")
    PREVENTIVE = "preventive", _("Forebyggelse")
    CRIME_PREVENTIVE = "crime_preventive", _("Kriminalitetsforebyggelse")


class PreventionForm(models.TextChoices):
    GENERAL = "general", _("Generel forebyggelse")
    SPECIFIC = "specific", _("Specifik forebyggelse")
    INDIVIDUAL = "individual", _("Individorienteret forebyggelse")


class InitiativeStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    IN_PREPARATION = "in_preparation", _("Under udarbejdelse")
    RETIRED = "retired", _("Udgået")


class Initiative(models.Model):
    """An entry of a municipality's initiative catalogue (indsatskatalog).

    ``grades`` lists the school grades the initiative is given in (0 = 0. klasse); an initiative with grades is
    teaching that the coverage view follows class by class. ``has_parent_meeting`` says a parent meeting belongs
    to it (Holstebro's grades 4 and 8, "Kender du de andre?" in grade 5).
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("indsats"), max_length=200)
    target_group = models.TextField(_("målgruppe"), blank=True)
    why = models.TextField(_("hvorfor?"), blank=True)
    how = models.TextField(_("hvordan?"), blank=True)
    triangle_level = models.CharField(_("forebyggelsestrekanten"), max_length=20, choices=TriangleLevel.choices)
    prevention_form = models.CharField(_("forebyggelsesform"), max_length=20, choices=PreventionForm.choices)
    pro_area = models.CharField(_("PRO-område"), max_length=20, choices=ProArea.choices, blank=True)
    owner = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    grades = models.JSONField(_("klassetrin"), default=list, blank=True)
    age_from = models.PositiveSmallIntegerField(_("alder fra"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("alder til"), null=True, blank=True)
    duration = models.CharField(_("omfang"), max_length=200, blank=True)
    has_parent_meeting = models.BooleanField(_("med forældremøde"), default=False)
    evidence = models.TextField(_("evidens (kilde)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )

    class Meta:
        ordering = ["municipality", "title"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="initiative_title_unique_in_municipality"),
            models.CheckConstraint(
                condition=Q(age_from__isnull=True) | Q(age_to__isnull=True) | Q(age_to__gte=models.F("age_from")),
                name="initiative_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SchoolClass(models.Model):
    """A class of a school in a school year (1 August to 31 July; ``school_year`` is the year it starts)."""

    school = models.ForeignKey(
        Organisation, verbose_name=_("skole"), on_delete=models.PROTECT, related_name="school_classes"
    )
    school_year = models.PositiveSmallIntegerField(_("skoleår"), validators=YEAR_VALIDATORS)
    grade = models.PositiveSmallIntegerField(_("klassetrin"), validators=GRADE_VALIDATORS)
    letter = models.CharField(_("klasse"), max_length=3)

    class Meta:
        ordering = ["school__name", "grade", "letter"]
        verbose_name = _("skoleklasse")
        verbose_name_plural = _("skoleklasser")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade", "letter"], name="school_class_unique_in_year"
            )
        ]
        indexes = [
            # Coverage: a municipality's classes of one grade in one school year.
            models.Index(fields=["school_year", "grade"], name="school_class_year_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.grade}.{self.letter}"


class InitiativeDelivery(models.Model):
    """One delivery of an initiative to a class: when, who delivered it, how many took part, and whether the
    parent meeting that goes with it was held."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.PROTECT, related_name="deliveries"
    )
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("klasse"), on_delete=models.PROTECT, related_name="deliveries"
    )
    delivered_on = models.DateField(_("dato"))
    delivered_by = models.CharField(_("gennemført af"), max_length=200)
    participants = models.PositiveSmallIntegerField(_("deltagere"), default=0)
    parent_meeting_held = models.BooleanField(_("forældremøde holdt"), default=False)
    parent_meeting_on = models.DateField(_("forældremøde dato"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "id"]
        verbose_name = _("gennemførelse")
        verbose_name_plural = _("gennemførelser")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "school_class"], name="one_delivery_per_class"),
            models.CheckConstraint(
                condition=Q(parent_meeting_on__isnull=True) | Q(parent_meeting_held=True),
                name="delivery_parent_meeting_date_needs_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.school_class} {self.delivered_on:%d.%m.%Y}"


# --- Action plans -------------------------------------------------------------------------------------------


class ActionPlanKind(models.TextChoices):
    COORDINATED = "coordinated", _("Samordnet handlingsplan (Lokalrådet)")
    SSP = "ssp", _("SSP-handleplan")
    KPI = "kpi", _("KPI-handleplan")
    COHERENT = "coherent", _("Sammenhængende plan mod ungdomskriminalitet")


class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    ADOPTED = "adopted", _("Vedtaget")
    EVALUATED = "evaluated", _("Evalueret")


class ActionPlan(models.Model):
    """A municipality's plan for a year, adopted in its owner forum (the Lokalråd's January meeting, the SSP
    steering group) and evaluated at year end. ``previous`` is the plan this one was copied from."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="action_plans"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("type"), max_length=20, choices=ActionPlanKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    owner_forum = models.ForeignKey(
        Forum, verbose_name=_("ejes af"), on_delete=models.PROTECT, related_name="action_plans"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionPlanStatus.choices, default=ActionPlanStatus.DRAFT
    )
    crime_analysis = models.TextField(_("analyse af kriminaliteten"), blank=True)
    forums = models.ManyToManyField(Forum, verbose_name=_("lokale samarbejdsfora"), blank=True, related_name="+")
    agreements = models.ManyToManyField(
        "meetings.Agreement", verbose_name=_("hvem gør hvad"), blank=True, related_name="action_plans"
    )
    adopted_in = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("vedtaget på møde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adoption_decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_on = models.DateField(_("vedtaget"), null=True, blank=True)
    evaluation = models.TextField(_("evaluering ved årets afslutning"), blank=True)
    evaluated_on = models.DateField(_("evalueret"), null=True, blank=True)
    previous = models.ForeignKey(
        "self", verbose_name=_("kopieret fra"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality", "-year", "kind"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "kind"], name="one_action_plan_per_kind_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_on__isnull=False), name="adopted_action_plan_has_date"
            ),
        ]
        indexes = [
            # District overview and coverage: the action plans of a year.
            models.Index(fields=["year", "kind"], name="action_plan_year_kind"),
        ]

    def __str__(self) -> str:
        return self.title


class CrimeFigure(models.Model):
    """A figure of the crime analysis (e.g. burglaries in homes), with last year's number for comparison."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("opgørelse"), max_length=200)
    value = models.IntegerField(_("antal"))
    previous_value = models.IntegerField(_("året før"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("nøgletal")
        verbose_name_plural = _("nøgletal")

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class CaseAreaPriority(models.Model):
    """A prioritised case area of an action plan, and why."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(_("sagsområde"), max_length=200)
    why = models.TextField(_("hvorfor"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("prioriteret sagsområde")
        verbose_name_plural = _("prioriterede sagsområder")

    def __str__(self) -> str:
        return self.title


class PlannedStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    RUNNING = "running", _("I gang")
    DONE = "done", _("Gennemført")
    DROPPED = "dropped", _("Opgivet")


class PlannedInitiative(models.Model):
    """An initiative chosen for an action plan: how it is evaluated, its status during the year, its evaluation,
    and the focus areas of the district's cooperation plan it serves (by the focus area's stable ``key``)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="planned_initiatives")
    initiative = models.ForeignKey(Initiative, verbose_name=_("indsats"), on_delete=models.PROTECT, related_name="+")
    focus_keys = models.JSONField(_("fokusområder"), default=list, blank=True)
    evaluation_method = models.TextField(_("sådan evalueres indsatsen"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlannedStatus.choices, default=PlannedStatus.PLANNED)
    evaluation = models.TextField(_("evaluering"), blank=True)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("planlagt indsats")
        verbose_name_plural = _("planlagte indsatser")
        constraints = [models.UniqueConstraint(fields=["plan", "initiative"], name="initiative_once_per_plan")]

    def __str__(self) -> str:
        return str(self.initiative)


# --- Statutory plans ----------------------------------------------------------------------------------------


class StatutoryPlanKind(models.TextChoices):
    RADICALISATION = "radicalisation", _("Beredskabsplan mod radikalisering og ekstremisme")
    HONOUR_CONFLICT = "honour_conflict", _("Beredskabsplan mod æresrelaterede konflikter og negativ social kontrol")
    OTHER = "other", _("Anden lovpligtig plan")


class StatutoryPlan(models.Model):
    """A plan the law requires the municipality to keep and review (Barnets Lov § 15, stk. 3: the two
    emergency plans, evaluated at least every fourth year)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="statutory_plans"
    )
    kind = models.CharField(_("type"), max_length=20, choices=StatutoryPlanKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    legal_basis = models.CharField(_("lovgrundlag"), max_length=200, default="Barnets Lov § 15, stk. 3")
    summary = models.TextField(_("indhold"), blank=True)
    owner = models.CharField(_("ansvarlig enhed"), max_length=200, blank=True)
    review_interval_years = models.PositiveSmallIntegerField(
        _("evalueres mindst hvert (år)"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    warn_days = models.PositiveSmallIntegerField(_("varsel (dage før fristen)"), default=180)
    last_reviewed_on = models.DateField(_("senest evalueret"))
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["municipality", "kind"]
        verbose_name = _("lovpligtig plan")
        verbose_name_plural = _("lovpligtige planer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"], condition=~Q(kind="other"), name="one_emergency_plan_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- Trends and § 5 projects --------------------------------------------------------------------------------


class TrendSource(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("Netværksmøde")
    POLICE = "police", _("Politiet")
    SURVEY = "survey", _("Undersøgelse")
    SCHOOL = "school", _("Skole")
    OTHER = "other", _("Andet")


class Trend(models.Model):
    """A development observed among children and young people in a police district, answered with the four
    questions of the SSP-samråd (seed 000 § 4): what do we know, what can we, what will we, what do we do."""

    police_district = models.ForeignKey(
        PoliceDistrict, verbose_name=_("politikreds"), on_delete=models.PROTECT, related_name="trends"
    )
    what = models.CharField(_("hvad"), max_length=200)
    where = models.CharField(_("hvor"), max_length=200)
    since = models.DateField(_("siden"))
    source = models.CharField(_("kilde"), max_length=20, choices=TrendSource.choices)
    raised_in = models.ForeignKey(
        Forum, verbose_name=_("rejst i forum"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    what_we_know = models.TextField(_("hvad ved vi?"), blank=True)
    what_we_can = models.TextField(_("hvad kan vi?"), blank=True)
    what_we_will = models.TextField(_("hvad vil vi?"), blank=True)
    what_we_do = models.TextField(_("hvad gør vi?"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-since", "id"]
        verbose_name = _("tendens")
        verbose_name_plural = _("tendenser")

    def __str__(self) -> str:
        return self.what


class ProjectState(models.TextChoices):
    """The § 5 workflow, in order; ``HANDLED_OTHERWISE`` ends it at the samråd's decision."""

    RAISED = "raised", _("Tendens afdækket")
    GROUP_DECIDED = "group_decided", _("Samrådet har besluttet en projektgruppe")
    HANDLED_OTHERWISE = "handled_otherwise", _("Håndteres på anden måde")
    GROUP_FORMED = "group_formed", _("Projektgruppe nedsat")
    SCREENING = "screening", _("Screening")
    DESCRIBED = "described", _("Projektbeskrivelse forelagt Kredsrådet")
    APPROVED = "approved", _("Godkendt af Kredsrådet")
    RUNNING = "running", _("I gang")
    EVALUATED = "evaluated", _("Evalueret og dokumenteret")


class Project(models.Model):
    """A § 5 project from a trend to an evaluated, documented project. ``deadline`` is the date agreed for the
    project description; ``approval_item`` is the item the workflow put on the Kredsråd's agenda."""

    trend = models.OneToOneField(Trend, verbose_name=_("tendens"), on_delete=models.PROTECT, related_name="project")
    title = models.CharField(_("titel"), max_length=200)
    state = models.CharField(_("trin"), max_length=20, choices=ProjectState.choices, default=ProjectState.RAISED)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("projektgruppe"), blank=True, related_name="plan_projects"
    )
    deadline = models.DateField(_("frist for projektbeskrivelse"), null=True, blank=True)
    description = models.TextField(_("projektbeskrivelse"), blank=True)
    evaluation = models.TextField(_("evaluering og dokumentation"), blank=True)
    approval_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("projekt")
        verbose_name_plural = _("projekter")
        indexes = [
            # Deadline reminders: projects whose description is due.
            models.Index(fields=["state", "deadline"], name="project_state_deadline"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectStep(models.Model):
    """One step of a project's workflow: who decided, when, in which meeting, and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(_("trin"), max_length=20, choices=ProjectState.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("tidspunkt"))
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("møde"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("begrundelse"), blank=True)

    class Meta:
        ordering = ["project", "decided_at", "id"]
        verbose_name = _("projekttrin")
        verbose_name_plural = _("projekttrin")

    def __str__(self) -> str:
        return f"{self.project}: {self.get_state_display()}"
