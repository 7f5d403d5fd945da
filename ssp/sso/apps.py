from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    """Log-in through the municipality's identity service (SAML 2.0 / OIOSAML, OpenID Connect)."""

    name = "ssp.sso"
    label = "sso"
    verbose_name = _("Fælles log-in")
