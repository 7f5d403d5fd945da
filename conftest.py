"""Test configuration shared by every app: the database check, fast hashing and persona factories."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.conf import settings

from ssp.accounts.models import StaffRole, User

# Shared fixtures live in ssp/testing/<topic>.py; each capability adds its module here.
pytest_plugins: list[str] = [
    "ssp.testing.structure",
    "ssp.testing.browser",
    "ssp.testing.concerns",
    "ssp.testing.smtp",
    "ssp.testing.logscan",
    "ssp.testing.identity_providers",
    "ssp.testing.mail",
]


def pytest_configure(config: pytest.Config) -> None:
    wanted = os.environ.get("SSP_TEST_DB")
    engine = settings.DATABASES["default"]["ENGINE"]
    if wanted == "postgres" and "postgresql" not in engine:
        raise pytest.UsageError(f"SSP_TEST_DB=postgres but the configured engine is {engine}")


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _danish_again_after_the_test() -> Iterator[None]:
    """A request in English (the language cookie) leaves English active in this thread; the next test's code
    outside a request (services, record builders) must start in Danish, the platform's language."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """Create a staff user; ``municipality`` is a kommunekode such as "161" (Glostrup)."""
    counter = {"n": 0}

    def make(
        role: str = StaffRole.SSP_CONSULTANT,
        municipality: str | None = "161",
        username: str | None = None,
        **fields: Any,
    ) -> User:
        from ssp.structure.models import Municipality

        counter["n"] += 1
        place = Municipality.objects.get(code=municipality) if municipality else None
        user = User.objects.create_user(
            username=username or f"{role}.{counter['n']}",
            password="test-password-123",
            role=role,
            municipality=place,
            first_name=fields.pop("first_name", role.replace("_", " ").title()),
            last_name=fields.pop("last_name", str(counter["n"])),
            **fields,
        )
        return user

    return make


@pytest.fixture
def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def login(client: Any) -> Callable[[User], Any]:
    """Log ``user`` in on the test client as a real log-in would end: password and second factor done."""
    from ssp.accounts.testing import complete_second_factor

    def do(user: User) -> Any:
        client.force_login(user)
        complete_second_factor(client, user)
        return client

    return do
