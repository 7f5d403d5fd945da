"""Meetings of the forums: the calendar, agendas with general and person-sensitive items, minutes and agreements.

Citizen data never lives in the general parts (titles and descriptions of general items, general minutes,
decisions, a meeting's agreements); the privacy check (``privacy_check.py``) guards them. Person-sensitive items
only point at concerns; who attends them is computed by the privacy policy and stored in ``ItemParticipant``. An
agreement made in a case action (``Agreement.case_action``) belongs to a concern and is citizen data.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ssp.structure.models import Forum, Municipality


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Afholdt")
    CANCELLED = "cancelled", _("Aflyst")


class Meeting(models.Model):
    """One sitting of a forum.

    ``generated_for`` is the date the cadence proposed; it stays when a coordinator moves the meeting so that
    regenerating the calendar recognises the meeting and leaves it alone (``changed_by_user``).
    ``uid`` and ``sequence`` make invitations updatable in calendar programs (RFC 5545).
    """

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    host = models.ForeignKey(
        Municipality,
        verbose_name=_("værtskommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    generated = models.BooleanField(_("foreslået ud fra mødekadencen"), default=False)
    generated_for = models.DateField(_("foreslået dato"), null=True, blank=True)
    changed_by_user = models.BooleanField(_("ændret af en bruger"), default=False)
    sequence = models.PositiveIntegerField(_("version"), default=0)
    uid = models.UUIDField(_("kalender-UID"), unique=True, default=uuid.uuid4, editable=False)
    agenda_published_at = models.DateTimeField(_("dagsorden udsendt"), null=True, blank=True)
    cancellation_proposed_at = models.DateTimeField(_("foreslået aflyst"), null=True, blank=True)
    minutes_published_at = models.DateTimeField(_("referat udsendt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            # Regeneration finds its own proposal by this pair; at most one per proposed date.
            models.UniqueConstraint(
                fields=["forum", "generated_for"],
                condition=Q(generated_for__isnull=False),
                name="meeting_one_proposal_per_forum_date",
            ),
        ]
        indexes = [
            # Forum calendar and regeneration: a forum's meetings in a date range.
            models.Index(fields=["forum", "starts_at"], name="meeting_forum_starts"),
            # Municipality and user calendars, the deadline check: meetings in a date range.
            models.Index(fields=["starts_at"], name="meeting_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.forum.name} {self.starts_at:%d.%m.%Y}"


class BlackoutPeriod(models.Model):
    """Days a municipality does not hold meetings (school holidays); generation moves meetings past them."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.CASCADE, related_name="blackout_periods"
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    reason = models.CharField(_("begrundelse"), max_length=200)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("mødefri periode")
        verbose_name_plural = _("mødefri perioder")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="blackout_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.reason} ({self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"


class CalendarFeed(models.Model):
    """The secret address of a user's iCalendar feed; only a SHA-256 hash of the token is stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d.%m.%Y})"


class ItemKind(models.TextChoices):
    GENERAL = "general", _("Generelt punkt")
    PERSON_SENSITIVE = "person_sensitive", _("Personfølsomt punkt")


class AgendaItem(models.Model):
    """An item on a meeting's agenda; a person-sensitive item names its concerns and has no free description."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("overskrift"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=ItemKind.choices, default=ItemKind.GENERAL)
    description = models.TextField(_("beskrivelse"), blank=True)
    planned_start = models.DateTimeField(_("planlagt start"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("varighed (minutter)"), default=15)
    remote_allowed = models.BooleanField(_("deltagelse via Teams muligt"), default=False)
    concerns = models.ManyToManyField(
        "concerns.Concern", verbose_name=_("sager"), blank=True, related_name="agenda_items"
    )
    minutes = models.TextField(_("referat"), blank=True)
    minutes_recorded_at = models.DateTimeField(_("referat skrevet"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique"),
            models.CheckConstraint(
                condition=Q(kind="general") | Q(description=""), name="agenda_item_sensitive_has_no_description"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_person_sensitive(self) -> bool:
        return self.kind == ItemKind.PERSON_SENSITIVE

    @property
    def source_ref(self) -> str:
        return f"agenda_item:{self.pk}"


class ItemParticipant(models.Model):
    """Who is invited to an item, as computed by the privacy policy (never typed by hand)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_items")
    relation = models.CharField(_("grundlag"), max_length=40)

    class Meta:
        verbose_name = _("deltager i punkt")
        verbose_name_plural = _("deltagere i punkter")
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="item_participant_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.item}"


class ItemAttendance(models.Model):
    """Who actually took part in an item (recorded in the minutes)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="item_attendance")
    remote = models.BooleanField(_("deltog via Teams"), default=False)

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="item_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.item}"


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("beslutning"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")

    def __str__(self) -> str:
        return self.text[:60]


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    DONE = "done", _("Udført")


class Agreement(models.Model):
    """A follow-up agreed at a meeting or in a case action: what, who and by when.

    Exactly one of ``meeting`` and ``case_action`` is set. A meeting's agreement is general text (the privacy check
    guards it); a case action's agreement is part of a concern (citizen data): it is shown in full only on the
    action's page, reached through ``ssp.privacy``, and is deleted with the action and so with the concern.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="agreements")
    case_action = models.ForeignKey(
        "casework.CaseAction", on_delete=models.CASCADE, null=True, blank=True, related_name="agreements"
    )
    item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreements")
    what = models.TextField(_("aftale"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ansvarlig"), on_delete=models.PROTECT, related_name="agreements"
    )
    due_on = models.DateField(_("frist"))
    status = models.CharField(_("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True) | Q(status="done", done_at__isnull=False),
                name="agreement_done_at_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, case_action__isnull=True)
                | Q(meeting__isnull=True, case_action__isnull=False),
                name="agreement_meeting_or_case_action",
            ),
        ]
        indexes = [
            # Start page and reminders: a user's open agreements by due date.
            models.Index(fields=["owner", "status", "due_on"], name="agreement_owner_open"),
        ]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_from_case(self) -> bool:
        return self.case_action_id is not None
