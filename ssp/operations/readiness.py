"""Readiness checks: a small registry other apps add their own checks to.

A load balancer sends traffic to an app server only while every registered check passes. An app adds a check
from its ``AppConfig.ready`` with ``register_check("mail_outbox", check_outbox)``; a check returns nothing when
the part it guards works and raises (any exception) when it does not. The response names only the failing check,
never the exception's text, which might carry a connection string or a row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections

logger = logging.getLogger(__name__)

Check = Callable[[], None]
_checks: dict[str, Check] = {}


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool


def register_check(name: str, check: Check) -> None:
    """Add (or replace) the check called ``name``; replacing keeps app reloads in tests idempotent."""
    _checks[name] = check


def unregister_check(name: str) -> None:
    _checks.pop(name, None)


def registered_checks() -> dict[str, Check]:
    return dict(_checks)


def run_checks() -> list[CheckResult]:
    results = []
    for name, check in sorted(_checks.items()):
        try:
            check()
        except Exception as exc:
            # The class name tells an operator where to look; the message could hold a password or a value.
            logger.error("readiness check failed", extra={"check": name, "error_class": type(exc).__name__})
            results.append(CheckResult(name, False))
        else:
            results.append(CheckResult(name, True))
    return results


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_task_queue() -> None:
    """The django-tasks table answers; a worker that is down shows as queue depth in the metrics, not here.

    Readiness is about whether this app server can take requests: it can enqueue while the table answers.
    """
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.order_by().values("pk")[:1].exists()


def register_defaults() -> None:
    register_check("database", check_database)
    register_check("task_queue", check_task_queue)
