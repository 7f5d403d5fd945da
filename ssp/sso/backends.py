"""Authentication backends: djangosaml2 (SAML 2.0 / OIOSAML) and mozilla-django-oidc, both through one service.

Both hand the verified identity (issuer, subject, attributes or claims, authentication context) to
``sign_in_federated``. A refusal is kept on the request for the refusal page, and the backend returns None so
the libraries end the log-in.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from djangosaml2.backends import Saml2Backend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ssp.accounts.models import User
from ssp.accounts.second_factor import FEDERATED_SECOND_FACTOR_SESSION_KEY
from ssp.privacy.federation import police_may_sign_in_locally
from ssp.sso.models import IdentityProvider, Protocol
from ssp.sso.services import SignIn, SignInRefused, police_sign_in_choices, sign_in_federated

REFUSAL_ATTRIBUTE = "ssp_sign_in_refusal"


def _finish(request: HttpRequest, attempt: SignIn | SignInRefused) -> User | None:
    if isinstance(attempt, SignInRefused):
        setattr(request, REFUSAL_ATTRIBUTE, attempt.reason)
        request.session[REFUSAL_ATTRIBUTE] = attempt.reason
        return None
    # Survives login()'s new session key; read by the second-factor middleware.
    request.session[FEDERATED_SECOND_FACTOR_SESSION_KEY] = attempt.second_factor
    return attempt.user


def _attempt(provider: IdentityProvider, **kwargs: Any) -> SignIn | SignInRefused:
    try:
        return sign_in_federated(provider, **kwargs)
    except SignInRefused as refused:
        return refused


class LocalAccountBackend(ModelBackend):
    """User name and password (the second factor follows in the middleware), refused for police staff whose
    municipalities require the police's identity provider (``ssp.privacy.federation``, rule 6)."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            return None
        choices = partial(
            police_sign_in_choices, municipality_id=user.municipality_id, police_district_id=user.police_district_id
        )
        return user if police_may_sign_in_locally(user.role, choices) else None


class FederatedSaml2Backend(Saml2Backend):
    def authenticate(
        self, request: HttpRequest | None, session_info: dict[str, Any] | None = None, **kwargs: Any
    ) -> User | None:
        if request is None or not session_info:
            return None
        provider = IdentityProvider.objects.filter(
            entity_id=session_info.get("issuer", ""), protocol=Protocol.SAML, active=True
        ).first()
        if provider is None:
            return None
        context_refs = [info[0] for info in session_info.get("authn_info") or [] if info and info[0]]
        attempt = _attempt(
            provider,
            subject=session_info["name_id"].text,
            attributes=session_info.get("ava", {}),
            context_refs=context_refs,
        )
        return _finish(request, attempt)


class FederatedOIDCBackend(OIDCAuthenticationBackend):
    """RS256 with the provider's JWKS (settings); the user is found by the ``sub`` claim, never by e-mail."""

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        # Identity comes from the signed ID token; userinfo only adds attributes it does not contradict.
        claims = {**claims, **payload}
        provider = IdentityProvider.objects.filter(
            entity_id=payload.get("iss", ""), protocol=Protocol.OIDC, active=True
        ).first()
        audiences = payload.get("aud", [])
        audiences = [audiences] if isinstance(audiences, str) else audiences
        # mozilla-django-oidc checks the signature and the nonce; the audience is checked here.
        if (
            provider is None
            or not payload.get("sub")
            or self.request is None
            or self.OIDC_RP_CLIENT_ID not in audiences
        ):
            return None
        acr = [str(payload["acr"])] if payload.get("acr") else []
        attempt = _attempt(provider, subject=str(payload["sub"]), attributes=claims, context_refs=acr)
        return _finish(self.request, attempt)
