"""Route declarations: every page and API operation of an app that holds citizen data says, next to the route,
whether it serves citizen data.

Pages (in the app's ``urls.py``)::

    path("<int:pk>/", citizen_data(views.concern_detail), name="detail"),
    path("aftaler/", no_citizen_data(views.my_agreements), name="agreements"),

API operations (django-ninja)::

    @router.get("/concerns/{concern_id}", ..., openapi_extra=CITIZEN_DATA)

A route that serves citizen data must reach it through ``ssp.privacy.door`` (which writes the audit event). The
privacy tests walk the URL resolver and the OpenAPI schema: a route of an app in ``CITIZEN_DATA_APPS`` (or an API
operation under one of ``CITIZEN_DATA_API_PREFIXES``) without a declaration fails them, and every route declared
``citizen_data`` is requested by the audit-completeness test and must write an audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.urls import URLPattern, URLResolver, get_resolver

ATTRIBUTE = "ssp_serves_citizen_data"
API_KEY = "x-ssp-citizen-data"
CITIZEN_DATA: dict[str, Any] = {API_KEY: True}
NO_CITIZEN_DATA: dict[str, Any] = {API_KEY: False}
# The URL namespaces of the apps that hold or show citizen data; each new capability with citizen data adds its own.
CITIZEN_DATA_APPS = frozenset({"concerns", "meetings", "privacy"})
CITIZEN_DATA_API_PREFIXES = ("/api/v1/citizens", "/api/v1/concerns", "/api/v1/meetings")

View = TypeVar("View", bound=Callable[..., Any])


def citizen_data(view: View) -> View:
    """Declare that the page serves or changes citizen data (reached through the door, audited)."""
    setattr(view, ATTRIBUTE, True)
    return view


def no_citizen_data(view: View) -> View:
    """Declare that the page shows no citizen data (a calendar, a setting, counts only)."""
    setattr(view, ATTRIBUTE, False)
    return view


def page_declarations() -> dict[str, bool | None]:
    """``namespace:name`` -> True/False as declared, None when undeclared, for every page of ``CITIZEN_DATA_APPS``."""
    found: dict[str, bool | None] = {}

    def walk(resolver: URLResolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in CITIZEN_DATA_APPS:
                found[f"{namespace}:{entry.name}"] = getattr(entry.callback, ATTRIBUTE, None)

    walk(get_resolver(), "")
    return found


def api_declarations(schema: dict[str, Any]) -> dict[str, tuple[str, str, bool | None]]:
    """operationId -> (method, path, declared) for every operation under ``CITIZEN_DATA_API_PREFIXES``."""
    found: dict[str, tuple[str, str, bool | None]] = {}
    for path, methods in schema["paths"].items():
        if path.startswith(CITIZEN_DATA_API_PREFIXES):
            for method, operation in methods.items():
                found[operation["operationId"]] = (method, path, operation.get(API_KEY))
    return found
