"""The privacy core's own records: the append-only audit chain, time-limited access grants and retention rules."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ssp.privacy.relations import Relation


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event through the application."""


class AuditAction(models.TextChoices):
    """What an audit event records. Only ``ssp.privacy`` writes events, always with one of these."""

    VIEW = "view", _("visning")
    LIST = "list", _("visning i liste")
    SEARCH = "search", _("søgning")
    API_VIEW = "api_view", _("visning via API")
    API_LIST = "api_list", _("liste via API")
    AGENDA = "agenda", _("visning på dagsorden")
    MINUTES = "minutes", _("visning af referat")
    NAME_CHECK = "name_check", _("navnekontrol af generel tekst")
    LINKAGE = "linkage", _("sammenkædning af døgnrapport med borgerregistret")
    EXPORT = "export", _("eksport")
    CREATE = "create", _("oprettelse")
    UPDATE = "update", _("ændring")
    DELETE = "delete", _("sletning")
    REVEAL_CPR = "reveal_cpr", _("visning af CPR-nummer")
    DENIED = "denied", _("afvist adgang")
    GRANT_ACCESS = "grant_access", _("adgang givet")
    REVOKE_ACCESS = "revoke_access", _("adgang lukket")
    EMERGENCY_ACCESS = "emergency_access", _("nødadgang")
    REVIEW_EMERGENCY_ACCESS = "review_emergency_access", _("gennemgang af nødadgang")
    EMERGENCY_LIST = "emergency_list", _("visning af nødadgange til gennemgang")
    UPDATE_RETENTION_RULE = "update_retention_rule", _("ændring af slettefrist")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Refuses bulk changes: the audit log is append-only (PostgreSQL also refuses with a trigger)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be updated")


class AuditEvent(models.Model):
    """One read or write of citizen data. Hash-chained: ``hash`` covers the event and ``prev_hash``.

    ``actor``, ``citizen`` and ``concern`` are plain integer columns without database constraints so the log
    outlives deleted users and citizens; ``actor_username`` is the snapshot that stays readable.
    """

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    # No index of their own on actor and citizen: (actor, at) and (citizen, at) serve every look-up by either.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(_("brugernavn"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=40, choices=AuditAction.choices)
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # No index: nothing looks events up by their concern (a citizen's access history selects on ``citizen``), and
    # an import's 10,000 disclosures, which name no concern, each wrote an entry to it.
    concern = models.ForeignKey(
        "concerns.Concern",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    relation = models.CharField(_("relation"), max_length=40, blank=True)
    client_address = models.CharField(_("klientadresse"), max_length=64, blank=True)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)
    changed_fields = models.JSONField(_("ændrede felter"), default=list, blank=True)
    detail = models.TextField(_("detaljer"), blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("logpost")
        verbose_name_plural = _("logposter")
        indexes = [
            models.Index(fields=["citizen", "at"], name="audit_citizen_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            # The audit search (selectors.audit_page): one action, or one user name as typed in any case, newest
            # first and paged by id, read in index order instead of sorting or counting millions of events.
            models.Index(fields=["action", "id"], name="audit_action_id"),
            models.Index(Upper("actor_username"), "id", name="audit_username_id"),
        ]
        # No index on the hash: nothing looks an event up by it, and the chain, not an index, is what proves the
        # log whole (``verify_chain``: a copied, removed or reordered event breaks it). A unique index on a
        # random 64-character key cost every disclosure a write to a random page (a full-page image in the WAL
        # after each checkpoint): a third of a 10,000-row import's audit write.

    def __str__(self) -> str:
        return f"{self.action} #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")

    @property
    def relation_label(self) -> str:
        """The relation in the reader's language; the column keeps the bare value so the log outlives a relation
        that is no longer offered (no choices on the field, which would tie old events to today's list)."""
        return _relation_labels(get_language()).get(self.relation, self.relation)


@lru_cache(maxsize=16)
def _relation_labels(language: str | None) -> dict[str, str]:
    """The relations' labels in one language, translated once: the audit search shows one per row."""
    return {relation.value: str(relation.label) for relation in Relation}


class AccessGrant(models.Model):
    """A window: a time-limited relation to a citizen or one concern (emergency access, an agenda item, a triage meeting).

    Opened and closed only through ``ssp.privacy.door``; ``source_ref`` names what opened it.
    """

    relation = models.CharField(_("relation"), max_length=40, choices=Relation.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_grants")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="access_grants")
    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.CASCADE, null=True, blank=True, related_name="access_grants"
    )
    reason = models.TextField(_("begrundelse"), blank=True)
    valid_from = models.DateTimeField(_("gyldig fra"))
    valid_until = models.DateTimeField(_("gyldig til"))
    source_ref = models.CharField(_("kilde"), max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("gennemgået"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("bemærkning fra gennemgang"), blank=True)

    class Meta:
        ordering = ["-valid_from", "pk"]
        verbose_name = _("adgangsbevilling")
        verbose_name_plural = _("adgangsbevillinger")
        indexes = [models.Index(fields=["user", "valid_until"], name="grant_user_until")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")), name="grant_until_after_from"
            )
        ]

    def __str__(self) -> str:
        return f"{self.relation} #{self.pk}"


class RecordType(models.TextChoices):
    CONCERN = "concern", _("Bekymring")
    NOTE = "note", _("Notat")
    DAILY_REPORT_INTAKE = "daily_report_intake", _("Døgnrapport-indgang")
    PERSON_SENSITIVE_MINUTES = "person_sensitive_minutes", _("Referat af personfølsomme punkter")


class RetentionRule(models.Model):
    """How long a record type stays open without activity, and how long it is kept after the last activity."""

    municipality = models.ForeignKey("structure.Municipality", on_delete=models.CASCADE, related_name="retention_rules")
    record_type = models.CharField(_("posttype"), max_length=40, choices=RecordType.choices)
    close_inactive_after_days = models.PositiveIntegerField(_("luk efter dage uden aktivitet"), default=365)
    delete_after_days = models.PositiveIntegerField(_("slet efter dage efter seneste aktivitet"), default=730)

    class Meta:
        verbose_name = _("slettefrist")
        verbose_name_plural = _("slettefrister")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "record_type"], name="retention_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}:{self.record_type}"
