"""Staff accounts. Users are municipal, police and district staff; citizens never log in."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    SSP_CONSULTANT = "ssp_consultant", _("SSP-konsulent")
    POLICE_PREVENTION_OFFICER = "police_prevention_officer", _("Forebyggelsesmedarbejder (politi)")
    SCHOOL_LEADER = "school_leader", _("Skoleleder")
    SSP_TEACHER = "ssp_teacher", _("SSP-lærer")
    CASEWORKER = "caseworker", _("Sagsbehandler")
    MANAGER = "manager", _("Leder")
    MUNICIPAL_ADMIN = "municipal_admin", _("Kommunal administrator")
    SYSTEM_ADMIN = "system_admin", _("Systemadministrator")
    ELECTED_OFFICIAL = "elected_official", _("Politiker")
    POLICE_MANAGEMENT = "police_management", _("Politiledelse")
    OTHER = "other", _("Anden medarbejder")
    DISTRICT_ADMIN = "district_admin", _("Administrator i politikredsen")


# The role groups, each named once. School staff represent their school's pupils (school representative).
SCHOOL_ROLES = frozenset({StaffRole.SCHOOL_LEADER, StaffRole.SSP_TEACHER})
# Forum members in these roles attend every person-sensitive item of a forum that covers the municipality.
STANDING_ROLES = frozenset({StaffRole.SSP_CONSULTANT, StaffRole.POLICE_PREVENTION_OFFICER, StaffRole.CASEWORKER})


class User(AbstractUser):
    """A member of staff.

    ``municipality`` is the employer for municipal staff; police and district staff have a
    ``police_district`` instead. Both bound what the user may administer; neither grants access
    to citizen data, which only the privacy policy's relations do.
    """

    role = models.CharField(_("rolle"), max_length=40, choices=StaffRole.choices, default=StaffRole.OTHER)
    municipality = models.ForeignKey(
        "structure.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    police_district = models.ForeignKey(
        "structure.PoliceDistrict",
        verbose_name=_("politikreds"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    # Set when an administrator creates the account with a temporary password shown to them: until the person
    # chooses their own, the administrator knows it too, so every page but the password change is closed.
    # db_default: rows written by code that predates the column (older migrations in tests) still get a value.
    must_change_password = models.BooleanField(_("skal skifte adgangskode"), default=False, db_default=False)

    class Meta:
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")
        indexes = [
            # The audit search takes a user name in any case, as the log records it, among 20,000 staff.
            models.Index(Upper("username"), name="user_username_upper"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("ascii")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for a machine client. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ejer"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100)
    prefix = models.CharField(_("præfiks"), max_length=8, editable=False)
    key_hash = models.CharField(_("nøglens hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    read_only = models.BooleanField(_("kun læseadgang"), default=False)
    # The owner's session hash when the token was issued: a changed password ends the token, as it ends sessions.
    password_fingerprint = models.CharField(_("adgangskodens fingeraftryk"), max_length=128, blank=True, editable=False)

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)

    @staticmethod
    def generate() -> str:
        return "ssp_" + secrets.token_urlsafe(32)


class StaffActivityAction(models.TextChoices):
    CREATED = "created", _("oprettet")
    UPDATED = "updated", _("ændret")
    DEACTIVATED = "deactivated", _("deaktiveret")
    REACTIVATED = "reactivated", _("genaktiveret")
    SECOND_FACTOR_RESET = "second_factor_reset", _("totrinsbekræftelse nulstillet")
    POSITION_ADDED = "position_added", _("stilling tilføjet")
    POSITION_ENDED = "position_ended", _("stilling afsluttet")
    PASSWORD_CHANGED = "password_changed", _("adgangskode skiftet")


class StaffActivity(models.Model):
    """Who changed which staff account, when and how: the administrators' activity log (no citizen data).

    Kept apart from the citizen audit chain, which records access to citizens; this records the
    administration of staff, so a municipality can answer who gave a colleague a role and when.
    """

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("udført af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medarbejder"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(_("handling"), max_length=30, choices=StaffActivityAction.choices)
    detail = models.CharField(_("detaljer"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("administrationshændelse")
        verbose_name_plural = _("administrationslog")
        ordering = ["-at", "-pk"]
        # The staff member's page lists their account's history, newest first.
        indexes = [models.Index(fields=["subject", "at"], name="staff_activity_subject_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.subject_id}"
