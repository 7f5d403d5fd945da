"""The REST API fuzzed from its own OpenAPI schema, as a consultant and as a teacher: no 5xx, answers as documented.

Schemathesis generates valid and invalid requests for every operation (bounded examples, so the suite stays
quick) and calls the WSGI application in-process, inside the test's database transaction. (Schemathesis'
lazy ``from_fixture`` loader does not work with this pytest version, so the schema is read from the API object.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ssp.accounts.models import StaffRole
from ssp.accounts.services import issue_api_token
from ssp.api import api

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _schema() -> Any:
    # Loaded from the application object at collection time (no request, no database), then called in-process.
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """Django's own test client does this too: a request must not close the connection holding the test's
    transaction (PostgreSQL would lose it; the in-process WSGI calls fire the same request signals)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer_for(make_user: Any, make_concern: Any) -> Any:
    def make(role: str) -> dict[str, str]:
        user = make_user(role=role)
        make_concern()  # something for the list and detail routes to find (or refuse)
        return {"Authorization": f"Bearer {issue_api_token(user, actor=user, name='fuzz')}"}

    return make


# Eight random examples per operation and role on top of schemathesis' explicit and boundary cases (huge ids, NUL
# bytes, absurd dates come from those phases, not from the random ones); fifteen took twice as long in CI.
FUZZ = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture
def consultant(bearer_for: Any) -> dict[str, str]:
    return bearer_for(StaffRole.SSP_CONSULTANT)


@pytest.fixture
def teacher(bearer_for: Any) -> dict[str, str]:
    return bearer_for(StaffRole.SSP_TEACHER)


@schema.parametrize()
@FUZZ
def test_as_a_consultant_the_api_never_fails_and_answers_as_documented(case: Any, consultant: dict[str, str]) -> None:
    case.call_and_validate(headers=consultant, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_as_a_teacher_the_api_never_fails_and_answers_as_documented(case: Any, teacher: dict[str, str]) -> None:
    case.call_and_validate(headers=teacher, checks=CHECKS)
