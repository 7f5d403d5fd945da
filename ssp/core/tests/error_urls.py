"""The platform's URLs plus two views that fail, for the error-page tests."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from ssp.urls import handler400, handler403, handler404, handler500
from ssp.urls import urlpatterns as platform_urls


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered input")


urlpatterns = [path("test-fejl/500/", broken), path("test-fejl/400/", suspicious), *platform_urls]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
