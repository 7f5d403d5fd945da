"""Concerns about citizens (the citizen itself lives in ``ssp.citizens``).

Reach these models only through ``ssp.privacy``'s door (``access_concern``, ``concerns_visible_to``); views never
query them directly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssp.citizens.models import Citizen


class Track(models.TextChoices):
    SSP = "ssp", "SSP"
    SSP_PLUS = "ssp_plus", "SSP+"
    PSP = "psp", "PSP"
    KSP = "ksp", "KSP"


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
