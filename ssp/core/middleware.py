"""Request-wide middleware: a request id for audit and logs, and security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ssp.lib.request_id import request_id_from
from ssp.operations.logging import current_request_id


class RequestIdMiddleware:
    """Give every request an id, taken from the proxy's header when it has the form of an id, or made here.

    The id ties audit events and log lines of one request together.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_from(request.headers.get("X-Request-Id", ""))  # type: ignore[attr-defined]
        token = current_request_id.set(request.request_id)  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-Id"] = request.request_id  # type: ignore[attr-defined]
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: CSP, permissions and caching of private pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if not request.path.startswith(settings.STATIC_URL):
            # Pages may carry personal data: no shared or on-disk caches keep them.
            response.setdefault("Cache-Control", "no-store, private")
        return response
