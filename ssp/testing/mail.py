"""Run the outbox in a test: deliver every queued message whose next attempt is due, as the worker would.

The worker itself (``ssp db_worker``) runs in ``ssp/mail/tests/test_delivery.py`` against a committed database;
tests inside a rolled-back transaction call the same delivery task function through this fixture instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from ssp.mail.models import MailState, OutgoingMail
from ssp.mail.tasks import deliver_mail


def deliver_queued_mail() -> int:
    """Deliver the due queued messages once each; returns how many were attempted."""
    due = OutgoingMail.objects.filter(state=MailState.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    for mail_id in ids:
        deliver_mail.call(mail_id)
    return len(ids)


@pytest.fixture
def deliver_mail_queue() -> Callable[[], int]:
    return deliver_queued_mail


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """``with commit():`` runs the on-commit callbacks as a real commit would, then the outbox, as the worker would."""

    @contextmanager
    def run(*, execute: bool = True) -> Iterator[Any]:
        with django_capture_on_commit_callbacks(execute=execute) as callbacks:
            yield callbacks
        if execute:
            deliver_queued_mail()

    return run
