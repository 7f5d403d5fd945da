"""The outbox: every e-mail the platform sends is a row here first, with its state per attempt.

A message carries links and meeting facts, never citizen data (see ``docs/privacy.md``), so the outbox sits
below the privacy layer and imports nothing above ``ssp.structure`` and ``ssp.accounts``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Ikke sendt")


class OutgoingMail(models.Model):
    """One e-mail to one recipient, sent by the task queue after the change that caused it has committed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modtager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    to_address = models.EmailField(_("e-mailadresse"))
    subject = models.CharField(_("emne"), max_length=255)
    body = models.TextField(_("tekst"))
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_content = models.TextField(blank=True)
    # What the message is about, e.g. "meeting:12", so the meeting page can show its invitations' state.
    topic = models.CharField(_("emnenøgle"), max_length=64, blank=True)
    municipality = models.ForeignKey(
        "structure.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("status"), max_length=10, choices=MailState.choices, default=MailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.CharField(_("årsag"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("næste forsøg"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("udgående e-mail")
        verbose_name_plural = _("udbakke")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The meeting page lists the invitations of one meeting.
            models.Index(fields=["topic", "created_at"], name="mail_topic_created"),
            # A municipality's administrator reads the outbox newest first.
            models.Index(fields=["municipality", "created_at"], name="mail_municipality_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(state="sent") | Q(sent_at__isnull=False), name="mail_sent_has_sent_at"),
            models.CheckConstraint(condition=~Q(state="failed") | ~Q(last_error=""), name="mail_failed_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"
