"""Bearer-token authentication for machine clients of the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from ssp.accounts.models import ApiToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Routes that read although they are POSTed (a search that keeps CPR numbers out of the URL), by URL name.
READING_POSTS: set[str] = set()


def reads_only(url_name: str) -> str:
    """Declare a POST route a read, so a read-only token may call it; returns the name for ``url_name=``."""
    READING_POSTS.add(url_name)
    return url_name


def _writes(request: HttpRequest) -> bool:
    if request.method in SAFE_METHODS:
        return False
    match = request.resolver_match
    return match is None or match.url_name not in READING_POSTS


class TokenAuth(HttpBearer):
    """A token works until it expires, is revoked, or its owner changes password; a read-only one only reads."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None or (found.expires_at is not None and found.expires_at <= now):
            return None
        if not constant_time_compare(found.password_fingerprint, found.user.get_session_auth_hash()):
            return None
        if found.read_only and _writes(request):
            raise AuthorizationError(message=_("API-nøglen må kun læse."))
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user
