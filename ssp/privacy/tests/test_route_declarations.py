"""Every page and API operation of an app with citizen data declares, next to the route, whether it serves it."""

from __future__ import annotations

from typing import Any

from django.urls import resolve, reverse

from ssp.api import api
from ssp.privacy import routes


def _undeclared_pages() -> list[str]:
    return sorted(name for name, serves in routes.page_declarations().items() if serves is None)


def _undeclared_operations() -> list[str]:
    declared = routes.api_declarations(api.get_openapi_schema())
    return sorted(operation for operation, (_, _, serves) in declared.items() if serves is None)


def test_every_page_is_declared() -> None:
    assert {"citizens", "concerns", "meetings", "privacy"} <= routes.citizen_data_apps()
    assert {"accounts", "structure"}.isdisjoint(routes.citizen_data_apps())
    pages = routes.page_declarations()
    assert {"concerns", "meetings", "privacy"} <= {name.split(":")[0] for name in pages}
    assert _undeclared_pages() == []


def test_every_api_operation_is_declared() -> None:
    assert routes.api_declarations(api.get_openapi_schema())
    assert _undeclared_operations() == []


def test_the_person_sensitive_meeting_routes_are_declared_as_citizen_data() -> None:
    pages = routes.page_declarations()
    assert pages["meetings:meeting"] and pages["meetings:item_minutes"]
    operations = routes.api_declarations(api.get_openapi_schema())
    assert [serves for _, path, serves in operations.values() if path.endswith("/agenda")] == [True]


def test_removing_a_declaration_is_caught(monkeypatch: Any) -> None:
    view = resolve(reverse("meetings:item_minutes", args=[1, 2])).func
    monkeypatch.delattr(view, routes.ATTRIBUTE)

    assert _undeclared_pages() == ["meetings:item_minutes"]
