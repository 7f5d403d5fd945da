"""One delivery attempt: sent once, or retried after a growing delay and finally failed with the reason."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ssp.mail.models import MailState, OutgoingMail
from ssp.mail.services import MailDraft, attempt_delivery, queue_mail
from ssp.mail.tasks import deliver_mail


@pytest.fixture
def queued(make_user: Any) -> OutgoingMail:
    user = make_user(email="raadgiver@glostrup.example")
    [row] = queue_mail([MailDraft(recipient=user, subject="Referat: Lokalråd", body="Læs referatet på platformen")])
    return row


def test_it_sends_over_smtp_and_marks_the_message_sent(queued: OutgoingMail, smtp_server: Any) -> None:
    mail = attempt_delivery(queued.pk)

    assert mail.state == MailState.SENT and mail.attempts == 1 and mail.sent_at is not None
    [message] = smtp_server.messages
    assert message["To"] == "raadgiver@glostrup.example" and message["Subject"] == "Referat: Lokalråd"


def test_a_sent_message_is_never_sent_twice(queued: OutgoingMail, smtp_server: Any) -> None:
    attempt_delivery(queued.pk)
    attempt_delivery(queued.pk)
    assert len(smtp_server.messages) == 1


def test_a_refusing_server_is_retried_with_growing_delays_then_failed(
    queued: OutgoingMail, smtp_server: Any, settings: Any
) -> None:
    settings.SSP_MAIL_RETRY_DELAYS = [60, 600]
    smtp_server.stop()

    before = timezone.now()
    deliver_mail.call(queued.pk)
    first = OutgoingMail.objects.get(pk=queued.pk)
    assert first.state == MailState.QUEUED and first.attempts == 1
    assert first.next_attempt_at is not None and first.next_attempt_at >= before + timedelta(seconds=60)
    [retry] = DBTaskResult.objects.all()
    assert retry.run_after == first.next_attempt_at and retry.args_kwargs["args"] == [queued.pk]

    deliver_mail.call(queued.pk)
    second = OutgoingMail.objects.get(pk=queued.pk)
    assert second.attempts == 2 and second.next_attempt_at >= before + timedelta(seconds=600)  # type: ignore[operator]

    deliver_mail.call(queued.pk)
    last = OutgoingMail.objects.get(pk=queued.pk)
    assert last.state == MailState.FAILED and last.attempts == 3 and last.next_attempt_at is None
    assert last.last_error.startswith("ConnectionRefusedError")
    assert DBTaskResult.objects.count() == 2  # no retry is queued after the last attempt
