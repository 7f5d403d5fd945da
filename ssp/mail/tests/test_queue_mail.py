"""Queueing writes outbox rows in the caller's transaction and hands them to the task queue only on commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from ssp.mail.models import MailState, OutgoingMail
from ssp.mail.services import Attachment, MailDraft, queue_mail


def test_it_queues_one_row_per_recipient_and_enqueues_the_delivery_on_commit(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    users = [make_user(email=f"person{n}@glostrup.example") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        rows = queue_mail(
            [
                MailDraft(
                    recipient=user,
                    subject="Indkaldelse",
                    body="Se dagsordenen",
                    topic="meeting:7",
                    attachment=Attachment("invitation.ics", "BEGIN:VCALENDAR", "text/calendar"),
                )
                for user in users
            ]
        )
        assert not DBTaskResult.objects.exists()  # nothing reaches the queue before the commit

    assert [row.to_address for row in rows] == [user.email for user in users]
    assert set(OutgoingMail.objects.values_list("state", "municipality__code", "attachment_name")) == {
        (MailState.QUEUED, "161", "invitation.ics")
    }
    assert sorted(result.args_kwargs["args"][0] for result in DBTaskResult.objects.all()) == sorted(
        row.pk for row in rows
    )


def test_a_recipient_without_an_address_gets_no_row(make_user: Any) -> None:
    queue_mail([MailDraft(recipient=make_user(email=""), subject="Påmindelse", body="Se platformen")])
    assert not OutgoingMail.objects.exists()


def test_a_rolled_back_change_leaves_nothing_in_the_outbox(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user(email="raadgiver@glostrup.example")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_mail([MailDraft(recipient=user, subject="Aflyst", body="Mødet er aflyst")])
        raise RuntimeError("the change failed")
    assert not OutgoingMail.objects.exists()
    assert callbacks == []
