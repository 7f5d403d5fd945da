"""The citizen: a child or young person the platform holds data about, with the CPR number and the school link.

This app owns the person, not any reason to see it: concerns, agenda items, triage and programmes are the
capabilities that refer to a citizen, and ``ssp.privacy`` decides who may see one. Reach citizens only through
``ssp.privacy`` (``access_citizen``, ``citizens_visible_to``). It imports only ``ssp.lib`` and ``ssp.structure``.

The tables keep their original names (``concerns_citizen``, ``concerns_guardian``): the models moved here from
``ssp.concerns`` by a state-only migration, so no row and no ciphertext was copied or re-encrypted.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssp.lib import cpr as cpr_lib
from ssp.lib import crypto


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
        db_table = "concerns_citizen"
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        constraints = [
            models.UniqueConstraint(fields=["cpr_lookup"], condition=~Q(cpr_lookup=""), name="citizen_unique_cpr")
        ]
        indexes = [
            # The duplicate search "name and birth date" when opening a concern.
            models.Index(fields=["municipality", "birth_date", "last_name"], name="citizen_muni_birth_name"),
            # The import's linkage: citizens with a surname born on a date one keystroke from a report row's, one
            # probe per (surname spelling, date) pair (``ssp.intake.registry``). Without it, a scan of every citizen.
            models.Index(fields=["last_name", "birth_date"], name="citizen_surname_birth"),
            # The linkage's name frequencies ask for the register's first and last birth date: two index look-ups,
            # not a scan of every citizen.
            models.Index(fields=["birth_date"], name="citizen_birth"),
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
        db_table = "concerns_guardian"
        verbose_name = _("forælder/værge")
        verbose_name_plural = _("forældre/værger")

    def __str__(self) -> str:
        return self.name
