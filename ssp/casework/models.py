"""Case work after triage: case actions, letters to parents and the municipality's letter templates.

Every row here belongs to one concern (``concerns.Concern``) and is citizen data: reach it only through the
concern, which ``ssp.privacy`` hands out, and delete it with the concern (``on_delete=CASCADE``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    """What the SSP consultant, police or social services do for one child after the weekly triage (seed 004)."""

    CONCERN_LETTER = "concern_letter", _("bekymringsbrev til forældrene")
    CONCERN_CONVERSATION = "concern_conversation", _("bekymringssamtale")
    HOME_VISIT = "home_visit", _("hjemmebesøg")
    SCHOOL_VISIT = "school_visit", _("skolebesøg")
    NOTIFICATION_TO_SOCIAL_SERVICES = "notification_to_social_services", _("underretning til socialforvaltningen")
    CROSS_SECTOR_DIALOGUE = "cross_sector_dialogue", _("tværfaglig dialog (fx GUSA)")
    INFOHUS_REFERRAL = "infohus_referral", _("henvisning til Infohus")
    EXIT_PROGRAMME_REFERRAL = "exit_programme_referral", _("henvisning til exitprogram")
    PARENT_NETWORK = "parent_network", _("specifikt forældrenetværk")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planlagt")
    DONE = "done", _("udført")
    CANCELLED = "cancelled", _("aflyst")


class CaseAction(models.Model):
    """One step taken for a child: who owns it, when it is due, who took part, what came of it and what follows."""

    concern = models.ForeignKey(
        "concerns.Concern", verbose_name=_("sag"), on_delete=models.CASCADE, related_name="case_actions"
    )
    kind = models.CharField(_("indsats"), max_length=40, choices=ActionKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ansvarlig"), on_delete=models.PROTECT, related_name="case_actions"
    )
    due_on = models.DateField(_("planlagt til"))
    done_on = models.DateField(_("udført den"), null=True, blank=True)
    note = models.TextField(_("formål"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("medarbejdere"), related_name="case_actions_attended", blank=True
    )
    young_person_attends = models.BooleanField(_("den unge deltager"), default=False)
    # A concern conversation runs in three phases (seed 004): map the situation, make the young person
    # responsible, agree measures. Other kinds leave these empty.
    phase_situation = models.TextField(_("afdækning af situationen"), blank=True)
    phase_responsibility = models.TextField(_("ansvarliggørelse af den unge"), blank=True)
    phase_measures = models.TextField(_("aftalte tiltag"), blank=True)
    outcome = models.TextField(_("resultat"), blank=True)
    follow_up = models.TextField(_("opfølgning"), blank=True)
    follow_up_on = models.DateField(_("opfølgning den"), null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("møde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_actions",
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | (~Q(status="done") & Q(done_on__isnull=True)),
                name="case_action_done_on_matches_status",
            )
        ]
        indexes = [
            # The work queue and the reminders: a user's planned actions by due date.
            models.Index(fields=["owner", "status", "due_on"], name="case_action_owner_due"),
            # The concern page and the case record: a concern's actions in date order.
            models.Index(fields=["concern", "due_on"], name="case_action_concern"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.PLANNED and self.due_on < timezone.localdate()


def _template_path(instance: LetterTemplate, filename: str) -> str:
    # The stored name is random: a file name typed by a user never reaches the disk or a URL.
    return f"casework/templates/{instance.municipality_id}/{uuid.uuid4().hex}.docx"


class LetterTemplate(models.Model):
    """A municipality's own Word template for letters to parents; the newest active one is used."""

    municipality = models.ForeignKey(
        "structure.Municipality", verbose_name=_("kommune"), on_delete=models.CASCADE, related_name="letter_templates"
    )
    name = models.CharField(_("navn"), max_length=200)
    file = models.FileField(_("Word-skabelon (.docx)"), upload_to=_template_path)
    is_active = models.BooleanField(_("i brug"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("brevskabelon")
        verbose_name_plural = _("brevskabeloner")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(is_active=True), name="letter_template_one_active"
            )
        ]

    def __str__(self) -> str:
        return self.name


def _letter_path(instance: Letter, filename: str) -> str:
    # Ids only: the child's or the parents' names never appear in a file name on disk.
    suffix = filename.rsplit(".", 1)[-1]
    return f"casework/letters/{instance.concern_id}/{uuid.uuid4().hex}.{suffix}"


class Letter(models.Model):
    """One generated letter to one household of a concern's guardians, stored as DOCX and PDF with the concern."""

    concern = models.ForeignKey(
        "concerns.Concern", verbose_name=_("sag"), on_delete=models.CASCADE, related_name="letters"
    )
    action = models.ForeignKey(
        CaseAction, verbose_name=_("indsats"), on_delete=models.CASCADE, related_name="letters", null=True, blank=True
    )
    template = models.ForeignKey(
        LetterTemplate, verbose_name=_("skabelon"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    household = models.PositiveSmallIntegerField(_("husstand"), default=1)
    recipient_count = models.PositiveSmallIntegerField(_("antal modtagere"))
    docx = models.FileField(_("Word"), upload_to=_letter_path)
    pdf = models.FileField(_("PDF"), upload_to=_letter_path)
    created_at = models.DateTimeField(_("dannet"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("brev")
        verbose_name_plural = _("breve")
        # The concern page's letter list.
        indexes = [models.Index(fields=["concern", "created_at"], name="letter_concern")]

    def __str__(self) -> str:
        return f"{_('Brev')} #{self.pk}"
