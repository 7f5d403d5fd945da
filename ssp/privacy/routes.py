"""Route declarations: every page and API operation of an app that holds citizen data says, next to the route,
whether it serves citizen data.

Pages (in the app's ``urls.py``)::

    path("<int:pk>/", citizen_data(views.concern_detail), name="detail"),
    path("aftaler/", no_citizen_data(views.my_agreements), name="agreements"),

API operations (django-ninja)::

    @router.get("/concerns/{concern_id}", ..., openapi_extra=CITIZEN_DATA)

A route that serves citizen data must reach it through ``ssp.privacy.door`` (which writes the audit event). The
privacy tests walk the URL resolver and the OpenAPI schema: a page of an app holding citizen data (found from the
models: ``citizen_data_apps``; its URL namespace is its app label) or an API operation under ``/api/v1/<that app>``
without a declaration fails them, and every route declared ``citizen_data`` is requested by the app's
audit-completeness test and must write an audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from ssp.privacy import relations

ATTRIBUTE = "ssp_serves_citizen_data"
API_KEY = "x-ssp-citizen-data"
CITIZEN_DATA: dict[str, Any] = {API_KEY: True}
NO_CITIZEN_DATA: dict[str, Any] = {API_KEY: False}
API_ROOT = "/api/v1/"

View = TypeVar("View", bound=Callable[..., Any])


def citizen_data(view: View) -> View:
    """Declare that the page serves or changes citizen data (reached through the door, audited)."""
    setattr(view, ATTRIBUTE, True)
    return view


def no_citizen_data(view: View) -> View:
    """Declare that the page shows no citizen data (a calendar, a setting, counts only)."""
    setattr(view, ATTRIBUTE, False)
    return view


def citizen_data_apps() -> frozenset[str]:
    """The apps holding citizen data, found from the models: ``citizens``, the registered concern model's app, and
    every app with a model that refers to a citizen or a concern (a note, an agenda item about concerns, a
    daily-report entry, a programme, ...). A new capability whose models point at a citizen or a concern is covered
    without anyone listing it; a plan that refers to the meeting where it was approved is not.
    """
    subjects: set[Any] = {apps.get_model("citizens", "Citizen"), relations.concern_model()}
    labels = {model._meta.app_label for model in subjects}
    for model in apps.get_models():
        related = {field.related_model for field in model._meta.get_fields() if field.is_relation and field.concrete}
        if related & subjects:
            labels.add(model._meta.app_label)
    return frozenset(labels)


def citizen_data_api_prefixes() -> tuple[str, ...]:
    return tuple(f"{API_ROOT}{label}" for label in sorted(citizen_data_apps()))


def page_declarations() -> dict[str, bool | None]:
    """``namespace:name`` -> True/False as declared, None when undeclared, for every page of a citizen-data app."""
    wanted = citizen_data_apps()
    found: dict[str, bool | None] = {}

    def walk(resolver: URLResolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in wanted:
                found[f"{namespace}:{entry.name}"] = getattr(entry.callback, ATTRIBUTE, None)

    walk(get_resolver(), "")
    return found


def api_declarations(schema: dict[str, Any]) -> dict[str, tuple[str, str, bool | None]]:
    """operationId -> (method, path, declared) for every operation under ``/api/v1/<citizen-data app>``."""
    prefixes = citizen_data_api_prefixes()
    found: dict[str, tuple[str, str, bool | None]] = {}
    for path, methods in schema["paths"].items():
        if path.startswith(prefixes):
            for method, operation in methods.items():
                found[operation["operationId"]] = (method, path, operation.get(API_KEY))
    return found
