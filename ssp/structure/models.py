"""The structure of the cooperation: districts, municipalities, organisations, forums and seats.

No citizen data lives in this app.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def current_on_q(on: date | None = None, *, prefix: str = "") -> Q:
    """Rows with ``starts_on``/``ends_on`` (positions, memberships) that hold on ``on`` (today); ``prefix`` for joins."""
    day = on or timezone.localdate()
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


M = TypeVar("M", bound=models.Model)


class DatedQuerySet(models.QuerySet[M]):
    def current(self, on: date | None = None) -> DatedQuerySet[M]:
        """The rows that hold on ``on`` (today): started, and not ended before it."""
        return self.filter(current_on_q(on))


class Region(models.TextChoices):
    HOVEDSTADEN = "Region Hovedstaden", _("Region Hovedstaden")
    SJAELLAND = "Region Sjælland", _("Region Sjælland")
    SYDDANMARK = "Region Syddanmark", _("Region Syddanmark")
    MIDTJYLLAND = "Region Midtjylland", _("Region Midtjylland")
    NORDJYLLAND = "Region Nordjylland", _("Region Nordjylland")


class PoliceDistrict(models.Model):
    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("politikreds")
        verbose_name_plural = _("politikredse")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("kommunekode"), max_length=3, unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    police_district = models.ForeignKey(
        PoliceDistrict, verbose_name=_("politikreds"), on_delete=models.PROTECT, related_name="municipalities"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("Skole")
    YOUTH_SCHOOL = "youth_school", _("Ungdomsskole")
    CHILDREN_FAMILY_SERVICES = "children_family_services", _("Børne- og familieafdeling")
    YOUTH_UNIT = "youth_unit", _("Ungeenhed")
    CLUB_LEISURE = "club_leisure", _("Klub og fritid")
    YOUTH_EDUCATION = "youth_education", _("Ungdomsuddannelse")
    HEALTH_VISITOR_SERVICE = "health_visitor_service", _("Sundhedspleje")
    JOB_CENTRE = "job_centre", _("Jobcenter")
    POLICE_UNIT = "police_unit", _("Politienhed")
    POLICE_PREVENTION_SECRETARIAT = "police_prevention_secretariat", _("Det Kriminalpræventive Sekretariat (DKS)")
    PSYCHIATRY = "psychiatry", _("Psykiatri")
    PRISON_PROBATION = "prison_probation", _("Kriminalforsorgen")
    PET = "pet", _("PET")
    HOUSING_SOCIAL_PLAN = "housing_social_plan", _("Boligsocial helhedsplan")
    ASSOCIATION = "association", _("Forening")
    MUNICIPAL_ADMINISTRATION = "municipal_administration", _("Kommunal forvaltning")
    OTHER = "other", _("Andet")


class Organisation(models.Model):
    """A unit staff belong to: a school, a department, a police unit, an association."""

    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=40, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    police_district = models.ForeignKey(
        PoliceDistrict,
        verbose_name=_("politikreds"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, police_district__isnull=True)
                | Q(municipality__isnull=True, police_district__isnull=False),
                name="organisation_in_municipality_or_district",
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                condition=Q(municipality__isnull=False),
                name="organisation_name_unique_in_municipality",
            ),
            models.UniqueConstraint(
                fields=["police_district", "name"],
                condition=Q(police_district__isnull=False),
                name="organisation_name_unique_in_district",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A user's job in an organisation; a user may hold several (``user.positions``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medarbejder"), on_delete=models.CASCADE, related_name="positions"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("stilling"), max_length=200)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)

    objects: ClassVar[DatedQuerySet[Position]] = DatedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("stilling")
        verbose_name_plural = _("stillinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="position_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.organisation}"


class ForumKind(models.TextChoices):
    DISTRICT_COUNCIL = "district_council", _("Kredsråd")
    LOCAL_COUNCIL = "local_council", _("Lokalråd")
    LOCAL_COUNCIL_PLUS = "local_council_plus", _("Lokalråd+")
    SSP_DISTRICT_NETWORK = "ssp_district_network", _("SSP-samråd")
    SSP_STEERING_GROUP = "ssp_steering_group", _("SSP-styregruppe")
    CASE_COORDINATION = "case_coordination", _("Samordningsmøde (§115)")
    SSP_LOCAL_NETWORK = "ssp_local_network", _("Lokalt SSP-netværk")
    SSP_PLUS_NETWORK = "ssp_plus_network", _("SSP+-netværk")
    GANG_COUNCIL = "gang_council", _("Banderåd")
    PSP = "psp", _("PSP")
    INFO_HOUSE = "info_house", _("Infohus")
    EXIT_UNIT = "exit_unit", _("Exit-enhed")
    SAFE_NIGHTLIFE = "safe_nightlife", _("Tryg natteliv")
    WORKING_GROUP = "working_group", _("Arbejdsgruppe")
    OTHER = "other", _("Andet")


class Level(models.TextChoices):
    STRATEGIC = "strategic", _("Strategisk")
    OPERATIVE = "operative", _("Operativ")
    TACTICAL = "tactical", _("Taktisk")
    EXECUTIVE = "executive", _("Udførende")


class ProArea(models.TextChoices):
    """Holstebro's PRO model."""

    PROACTIVE = "proactive", _("Proaktiv")
    REACTIVE = "reactive", _("Reaktiv")
    OPERATIVE = "operative", _("Operativ")


class Forum(models.Model):
    """A council, network or meeting forum of the cooperation.

    Scope is exactly one of a police district or a municipality, optionally narrowed to a
    school district inside the municipality. Cadence is either a count per year (a range) or an
    RFC 5545 recurrence rule; ``anchor_months`` pins meetings the seeds fix to a month
    (the Kredsråd in December, the Lokalråd in January).
    """

    kind = models.CharField(_("type"), max_length=40, choices=ForumKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    police_district = models.ForeignKey(
        PoliceDistrict,
        verbose_name=_("politikreds"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
    )
    school_district = models.CharField(_("skoledistrikt"), max_length=200, blank=True)
    member_municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("deltagende kommuner"), blank=True, related_name="member_of_forums"
    )
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    pro_area = models.CharField(_("PRO-område"), max_length=20, choices=ProArea.choices, blank=True)
    legal_basis = models.CharField(_("lovgrundlag"), max_length=200, blank=True)
    allows_person_sensitive = models.BooleanField(_("tillader personfølsomme punkter"), default=False)
    purpose = models.TextField(_("formål"), blank=True, help_text=_("Markdown."))
    chair_rule = models.CharField(_("formandskab"), max_length=300, blank=True)
    meetings_per_year_min = models.PositiveSmallIntegerField(_("møder pr. år (mindst)"), null=True, blank=True)
    meetings_per_year_max = models.PositiveSmallIntegerField(_("møder pr. år (højst)"), null=True, blank=True)
    recurrence_rule = models.CharField(_("gentagelsesregel (RRULE)"), max_length=300, blank=True)
    anchor_months = models.JSONField(_("faste måneder"), default=list, blank=True)
    cadence_note = models.CharField(_("note om mødekadence"), max_length=300, blank=True)
    rotates_host = models.BooleanField(_("skiftende vært"), default=False)
    agenda_deadline_days = models.PositiveSmallIntegerField(_("dagsorden udsendes dage før"), null=True, blank=True)
    cancel_without_items = models.BooleanField(_("aflyses uden punkter"), default=False)
    has_decision_power = models.BooleanField(_("har beslutningskompetence"), default=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("refererer til"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporting_forums",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum")
        verbose_name_plural = _("fora")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, police_district__isnull=True)
                | Q(municipality__isnull=True, police_district__isnull=False),
                name="forum_in_municipality_or_district",
            ),
            models.CheckConstraint(
                condition=Q(school_district="") | Q(municipality__isnull=False),
                name="forum_school_district_inside_municipality",
            ),
            models.CheckConstraint(
                condition=Q(meetings_per_year_min__isnull=True)
                | Q(meetings_per_year_max__isnull=True)
                | Q(meetings_per_year_max__gte=models.F("meetings_per_year_min")),
                name="forum_cadence_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                condition=Q(municipality__isnull=False),
                name="forum_name_unique_in_municipality",
            ),
            models.UniqueConstraint(
                fields=["police_district", "name"],
                condition=Q(police_district__isnull=False),
                name="forum_name_unique_in_district",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Formand")
    VICE_CHAIR = "vice_chair", _("Næstformand")
    COORDINATOR = "coordinator", _("Tovholder")
    SECRETARY = "secretary", _("Referent")
    MEMBER = "member", _("Medlem")
    OBSERVER = "observer", _("Observatør")


# The memberships that lead a forum: they manage its meetings and attend its person-sensitive items.
LEADING_ROLES = frozenset({MembershipRole.CHAIR, MembershipRole.COORDINATOR, MembershipRole.SECRETARY})


class Seat(models.Model):
    """One line of a forum's composition: which role and which kind of organisation holds seats.

    ``per_organisation`` means one seat for each organisation of ``organisation_kind`` in the
    forum's scope ("one management representative from each school").
    """

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(_("rolle"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    title = models.CharField(_("titel"), max_length=200)
    organisation_kind = models.CharField(
        _("organisationstype"), max_length=40, choices=OrganisationKind.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seats",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seats",
    )
    count = models.PositiveSmallIntegerField(_("antal"), default=1)
    per_organisation = models.BooleanField(_("én pr. organisation"), default=False)

    class Meta:
        ordering = ["forum", "id"]
        verbose_name = _("plads")
        verbose_name_plural = _("pladser")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.title}"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medarbejder"), on_delete=models.CASCADE, related_name="memberships"
    )
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rolle"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("repræsenterer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("plads"), on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True)

    objects: ClassVar[DatedQuerySet[Membership]] = DatedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["forum", "role", "id"]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
            # The open-ended chair is unique; overlapping dated chairs are refused by the service.
            models.UniqueConstraint(
                fields=["forum"], condition=Q(role="chair", ends_on__isnull=True), name="one_open_chair_per_forum"
            ),
        ]
        indexes = [
            # The start page lists a user's current memberships.
            models.Index(fields=["user", "ends_on"], name="membership_user_current"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.forum} ({self.get_role_display()})"


class StructureAction(models.TextChoices):
    FORUM_SAVED = "forum_saved", _("Forum gemt")
    FORUM_DELETED = "forum_deleted", _("Forum slettet")
    SEAT_SAVED = "seat_saved", _("Plads gemt")
    SEAT_DELETED = "seat_deleted", _("Plads slettet")
    ORGANISATION_SAVED = "organisation_saved", _("Organisation gemt")
    ORGANISATION_DELETED = "organisation_deleted", _("Organisation slettet")
    POSITION_ADDED = "position_added", _("Stilling tilføjet")
    MEMBERSHIP_ADDED = "membership_added", _("Medlem tilføjet")
    MEMBERSHIP_CHANGED = "membership_changed", _("Medlemskab ændret")


class StructureActivity(models.Model):
    """Who changed the structure, what, when and from where (the app, or a structure pack's file).

    A membership of a forum with person-sensitive items leads to citizen data, so who added whom, with which
    role, must be answerable afterwards. Structure holds no citizen data, so this is the structure's own log,
    not the privacy audit chain; rows are only ever added.
    """

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("udført af"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("handling"), max_length=30, choices=StructureAction.choices)
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    # The name of the forum, organisation or seat when it happened; kept when the object is deleted.
    subject = models.CharField(_("emne"), max_length=300)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbejder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("rolle"), max_length=20, choices=MembershipRole.choices, blank=True)
    changes = models.JSONField(_("ændrede felter"), default=dict, blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True, help_text=_("Strukturpakkens fil, hvis nogen."))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("strukturændring")
        verbose_name_plural = _("strukturændringer")
        indexes = [
            # The forum page shows the forum's latest changes to administrators.
            models.Index(fields=["forum", "-at"], name="structure_activity_forum_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_action_display()}: {self.subject}"
