"""Citizens and the concerns about them: the only place (with agenda items and programmes) that holds citizen data.

Reach these models only through ``ssp.privacy.policy``; views never query them directly.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssp.lib import cpr as cpr_lib
from ssp.lib import crypto


class Track(models.TextChoices):
    SSP = "ssp", "SSP"
    SSP_PLUS = "ssp_plus", "SSP+"
    PSP = "psp", "PSP"
    KSP = "ksp", "KSP"


class Gender(models.TextChoices):
    FEMALE = "female", _("kvinde")
    MALE = "male", _("mand")


class CitizenQuerySet(models.QuerySet["Citizen"]):
    def by_cpr(self, raw: str) -> CitizenQuerySet:
        """Citizens whose CPR number equals ``raw`` (either form); empty for malformed input."""
        try:
            number = cpr_lib.normalise(raw)
        except Exception:
            return self.none()
        return self.filter(cpr_lookup=crypto.lookup_hash(number))


class Citizen(models.Model):
    """A child or young person a concern is about. The CPR number is stored encrypted with a keyed hash beside it."""

    cpr_ciphertext = models.TextField(_("CPR-nummer (krypteret)"), blank=True, editable=False)
    # HMAC of the normalised 10 digits; serves Citizen.objects.by_cpr and the duplicate check.
    cpr_lookup = models.CharField(_("CPR-opslag"), max_length=64, blank=True, db_index=True, editable=False)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    gender = models.CharField(_("kønsangivelse"), max_length=10, choices=Gender.choices, blank=True)
    municipality = models.ForeignKey(
        "structure.Municipality", verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="citizens"
    )
    school = models.ForeignKey(
        "structure.Organisation",
        verbose_name=_("skole"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupils",
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    objects: ClassVar[CitizenQuerySet] = CitizenQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        constraints = [
            models.UniqueConstraint(fields=["cpr_lookup"], condition=~Q(cpr_lookup=""), name="citizen_unique_cpr")
        ]
        indexes = [
            # The duplicate search "name and birth date" when opening a concern.
            models.Index(fields=["municipality", "birth_date", "last_name"], name="citizen_muni_birth_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def cpr(self) -> str:
        """The CPR number in clear (``DDMMYYSSSS``) or "" when the citizen is not yet identified."""
        return crypto.decrypt(self.cpr_ciphertext)

    @cpr.setter
    def cpr(self, raw: str) -> None:
        """Validate, encrypt and index ``raw``; also fills birth date and gender from the number."""
        if not raw:
            self.cpr_ciphertext = ""
            self.cpr_lookup = ""
            return
        parsed = cpr_lib.parse(raw)
        self.cpr_ciphertext = crypto.encrypt(parsed.number)
        self.cpr_lookup = crypto.lookup_hash(parsed.number)
        self.birth_date = parsed.birth_date
        self.gender = parsed.gender

    @property
    def cpr_masked(self) -> str:
        return cpr_lib.mask(self.cpr) if self.cpr_ciphertext else ""


class Guardian(models.Model):
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="guardians")
    name = models.CharField(_("navn"), max_length=200)
    relation = models.CharField(_("relation"), max_length=100, help_text=_("fx mor, far, anden værge"))
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("adresse"), blank=True)
    has_custody = models.BooleanField(_("har forældremyndighed"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("forælder/værge")
        verbose_name_plural = _("forældre/værger")

    def __str__(self) -> str:
        return self.name


class ConcernSource(models.TextChoices):
    POLICE_DAILY_REPORT = "police_daily_report", _("politiets døgnrapport")
    NATIONAL_INVESTIGATION_CENTRE_LIST = "national_investigation_centre_list", _("liste fra NSK")
    SCHOOL = "school", _("skole")
    SOCIAL_SERVICES = "social_services", _("socialforvaltning")
    NETWORK = "network", _("netværk")
    CITIZEN_OR_FAMILY = "citizen_or_family", _("borgeren eller familien")
    OTHER = "other", _("andet")


class Severity(models.TextChoices):
    LOW = "low", _("lav")
    MODERATE = "moderate", _("moderat")
    HIGH = "high", _("høj")
    ACUTE = "acute", _("akut")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("åben")
    ACTIVE = "active", _("aktiv")
    CLOSED = "closed", _("lukket")


class Concern(models.Model):
    """A worry about one citizen, followed from intake to outcome."""

    citizen = models.ForeignKey(Citizen, verbose_name=_("borger"), on_delete=models.CASCADE, related_name="concerns")
    municipality = models.ForeignKey(
        "structure.Municipality", verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="concerns"
    )
    track = models.CharField(_("spor"), max_length=10, choices=Track.choices, default=Track.SSP)
    source = models.CharField(_("kilde"), max_length=40, choices=ConcernSource.choices)
    severity = models.CharField(_("alvor"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    status = models.CharField(_("status"), max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    closed_reason = models.TextField(_("begrundelse for lukning"), blank=True)
    opened_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    # Retention and inactivity closing select on this column.
    last_activity_at = models.DateTimeField(_("seneste aktivitet"), default=timezone.now, db_index=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig SSP-konsulent"),
        on_delete=models.PROTECT,
        related_name="responsible_concerns",
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sagsbehandler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseworker_concerns",
    )
    school_context = models.BooleanField(_("rejst i skoleregi"), default=False)
    summary = models.TextField(_("kort beskrivelse"), blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ConcernTeamMember",
        through_fields=("concern", "user"),
        related_name="team_concerns",
        blank=True,
    )

    class Meta:
        ordering = ["-last_activity_at", "pk"]
        verbose_name = _("bekymring")
        verbose_name_plural = _("bekymringer")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="concern_closed_at_matches_status",
            )
        ]
        indexes = [
            # "My concerns" for the responsible consultant, newest activity first.
            models.Index(fields=["responsible", "-last_activity_at"], name="concern_responsible_recent"),
            # Retention: inactive open concerns per municipality.
            models.Index(fields=["municipality", "status", "last_activity_at"], name="concern_muni_status_activity"),
        ]

    def __str__(self) -> str:
        return f"{_('Bekymring')} #{self.pk}"


class ConcernTeamMember(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="team_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="concern_team_links")
    added_at = models.DateTimeField(_("tilføjet"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("teammedlem")
        verbose_name_plural = _("teammedlemmer")
        constraints = [models.UniqueConstraint(fields=["concern", "user"], name="concern_team_unique_member")]
        # The policy's team-member subquery filters on (user, concern).
        indexes = [models.Index(fields=["user", "concern"], name="concern_team_user")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.concern_id}"


class ConcernNote(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concern_notes")
    text = models.TextField(_("tekst"))
    section_115 = models.BooleanField(
        _("modtaget efter retsplejelovens §115"),
        default=False,
        help_text=_("Oplysningen må kun bruges i samarbejdet om borgeren og ikke videregives (§115, stk. 2)."),
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notat")
        verbose_name_plural = _("notater")

    def __str__(self) -> str:
        return f"{_('Notat')} #{self.pk}"


class ConcernEventKind(models.TextChoices):
    OPENED = "opened", _("oprettet")
    NOTE_ADDED = "note_added", _("notat tilføjet")
    STATUS_CHANGED = "status_changed", _("status ændret")
    TEAM_CHANGED = "team_changed", _("team ændret")
    CLOSED = "closed", _("lukket")
    REOPENED = "reopened", _("genåbnet")
    MINUTES_RECORDED = "minutes_recorded", _("referat skrevet")
    ACTION = "action", _("indsats")
    UPDATED = "updated", _("opdateret")
    OTHER = "other", _("andet")


class ConcernEvent(models.Model):
    """One line of a concern's timeline; ``summary`` names no person beyond the concern itself."""

    Kind = ConcernEventKind

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=30, choices=ConcernEventKind.choices)
    summary = models.TextField(_("beskrivelse"), blank=True)
    ref = models.CharField(_("reference"), max_length=100, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("hændelse")
        verbose_name_plural = _("hændelser")
        # The concern page's timeline.
        indexes = [models.Index(fields=["concern", "at"], name="concern_event_timeline")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
