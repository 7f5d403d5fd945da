"""The refusal page of a federated log-in: the person is known to the identity service, but not given access."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ssp.sso.backends import REFUSAL_ATTRIBUTE

REASONS = {"unknown_employer", "no_mapped_role", "bad_privileges", "police_provider"}


@never_cache
def refused(request: HttpRequest, exception: Exception | None = None, status: int = 403, **kwargs: Any) -> HttpResponse:
    """djangosaml2's failure function and mozilla-django-oidc's failure address in one view."""
    reason = getattr(request, REFUSAL_ATTRIBUTE, "") or request.session.pop(REFUSAL_ATTRIBUTE, "")
    # No reason of ours: the library refused the answer itself (signature, audience, expiry, replay).
    return render(
        request, "sso/refused.html", {"reason": reason if reason in REASONS else "invalid_answer"}, status=403
    )
