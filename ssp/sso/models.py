"""Sign-on configuration a system administrator keeps: identity providers, municipalities' CVR numbers and how
OIO-BPP privileges map to the platform's roles; and the link from a federated identity to a member of staff."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError

from ssp.accounts.models import StaffRole

NSIS_SUBSTANTIAL_AND_HIGH = [
    "https://data.gov.dk/concept/core/nsis/loa/Substantial",
    "https://data.gov.dk/concept/core/nsis/loa/High",
    "Substantial",
    "High",
]


def validate_cvr(value: str) -> None:
    try:
        stdnum_cvr.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("Et CVR-nummer er 8 cifre med gyldigt kontrolciffer.")) from exc


class Protocol(models.TextChoices):
    SAML = "saml", _("SAML 2.0 (OIOSAML)")
    OIDC = "oidc", _("OpenID Connect")


class IdentityProvider(models.Model):
    """An identity service the platform trusts: KOMBIT's Context Handler, an OIDC broker, the police's own."""

    name = models.CharField(_("navn"), max_length=100, unique=True)
    protocol = models.CharField(_("protokol"), max_length=10, choices=Protocol.choices)
    entity_id = models.CharField(
        _("entityID / issuer"), max_length=300, unique=True, help_text=_("SAML entityID eller OIDC issuer.")
    )
    saml_metadata = models.TextField(
        _("SAML-metadata"), blank=True, help_text=_("Identitetsudbyderens metadata (XML), som den er udleveret.")
    )
    second_factor_values = models.JSONField(
        _("værdier, der dækker totrinsbekræftelse"),
        default=list,
        blank=True,
        help_text=_("NSIS-sikringsniveauer, AuthnContextClassRef eller acr-værdier, der tæller som andet trin."),
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("identitetsudbyder")
        verbose_name_plural = _("identitetsudbydere")

    def __str__(self) -> str:
        return self.name


class PoliceSignIn(models.TextChoices):
    LOCAL_SECOND_FACTOR = "local_second_factor", _("Lokal konto med totrinsbekræftelse")
    IDENTITY_PROVIDER = "identity_provider", _("Politiets egen identitetsudbyder")


class MunicipalSignOn(models.Model):
    """A municipality's CVR number (the scope of its privilege groups) and how its police partners log in."""

    municipality = models.OneToOneField(
        "structure.Municipality", verbose_name=_("kommune"), on_delete=models.CASCADE, related_name="sign_on"
    )
    cvr = models.CharField(_("CVR-nummer"), max_length=8, unique=True, validators=[validate_cvr])
    police_sign_in = models.CharField(
        _("politiets log-in"),
        max_length=30,
        choices=PoliceSignIn.choices,
        default=PoliceSignIn.LOCAL_SECOND_FACTOR,
    )
    police_identity_provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("politiets identitetsudbyder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kommunalt log-in")
        verbose_name_plural = _("kommunale log-in")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(police_sign_in="identity_provider")
                | models.Q(police_identity_provider__isnull=False),
                name="sso_police_idp_named_when_chosen",
                violation_error_message=_("Vælg politiets identitetsudbyder, når politiet logger ind gennem den."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.cvr})"


class PrivilegeMapping(models.Model):
    """One OIO-BPP privilege (optionally within one data scope) of one municipality, and the role it gives."""

    sign_on = models.ForeignKey(
        MunicipalSignOn, verbose_name=_("kommune"), on_delete=models.CASCADE, related_name="privilege_mappings"
    )
    privilege = models.CharField(_("rettighed (brugersystemrolle)"), max_length=300)
    constraint_name = models.CharField(_("dataafgrænsning"), max_length=300, blank=True)
    constraint_value = models.CharField(_("afgrænsningens værdi"), max_length=300, blank=True)
    role = models.CharField(_("rolle"), max_length=40, choices=StaffRole.choices)
    organisation = models.ForeignKey(
        "structure.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rettighedsoversættelse")
        verbose_name_plural = _("rettighedsoversættelser")
        constraints = [
            models.UniqueConstraint(
                fields=["sign_on", "privilege", "constraint_name", "constraint_value"], name="sso_privilege_unique"
            ),
            # The privacy rule (ssp.privacy.federation) never grants it either; this keeps it out of the table.
            models.CheckConstraint(condition=~models.Q(role="system_admin"), name="sso_never_maps_system_admin"),
        ]

    def __str__(self) -> str:
        return f"{self.privilege} → {self.get_role_display()}"


class FederatedIdentity(models.Model):
    """The identity service's stable subject (SAML persistent NameID or OIDC ``sub``), never the e-mail address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbejder"),
        on_delete=models.CASCADE,
        related_name="federated_identities",
    )
    issuer = models.CharField(_("udsteder"), max_length=300)
    subject = models.CharField(_("identifikator hos udbyderen"), max_length=300)
    last_login_at = models.DateTimeField(_("seneste log-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("føderal identitet")
        verbose_name_plural = _("føderale identiteter")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")]

    def __str__(self) -> str:
        return f"{self.issuer} / {self.subject}"
