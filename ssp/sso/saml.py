"""The SAML service provider's configuration, built per request from settings and the uploaded IdP metadata.

Assertions must be signed (``want_assertions_signed``); the SP signs its requests with its own key pair
(``SSP_SAML_KEY_FILE`` / ``SSP_SAML_CERT_FILE``). Attribute names are kept as sent (OIOSAML uses URIs), so
``allow_unknown_attributes`` is on and no friendly-name mapping is applied.
"""

from __future__ import annotations

import shutil
from typing import Any

import saml2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from saml2.config import SPConfig

from ssp.sso.models import IdentityProvider, Protocol


def xmlsec_binary() -> str:
    path = shutil.which("xmlsec1")
    if path is None:
        raise ImproperlyConfigured("xmlsec1 is missing: `make setup` installs it (Debian package xmlsec1).")
    return path


def sp_config_dict() -> dict[str, Any]:
    base = settings.SITE_URL.rstrip("/")
    metadata = list(
        IdentityProvider.objects.filter(protocol=Protocol.SAML, active=True)
        .exclude(saml_metadata="")
        .values_list("saml_metadata", flat=True)
    )
    return {
        "xmlsec_binary": xmlsec_binary(),
        "entityid": base + reverse("saml2_metadata"),
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "SSP-platformen",
                "endpoints": {
                    "assertion_consumer_service": [(base + reverse("saml2_acs"), saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [(base + reverse("saml2_ls"), saml2.BINDING_HTTP_REDIRECT)],
                },
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": True,
                "allow_unsolicited": False,
                "name_id_format": [saml2.saml.NAMEID_FORMAT_PERSISTENT],
            }
        },
        "metadata": {"inline": metadata},
        "key_file": settings.SSP_SAML_KEY_FILE,
        "cert_file": settings.SSP_SAML_CERT_FILE,
        "encryption_keypairs": [{"key_file": settings.SSP_SAML_KEY_FILE, "cert_file": settings.SSP_SAML_CERT_FILE}],
    }


def config_loader(request: HttpRequest | None = None) -> SPConfig:
    if not settings.SSP_SAML_KEY_FILE or not settings.SSP_SAML_CERT_FILE:
        raise ImproperlyConfigured("SAML sign-on needs SSP_SAML_KEY_FILE and SSP_SAML_CERT_FILE (the SP key pair).")
    config = SPConfig()
    config.load(sp_config_dict())
    return config
