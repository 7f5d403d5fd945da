"""A mail server that stops answering never fails a request: the change commits and the outbox retries.

Runs the real worker (``ssp db_worker --batch``) against a committed database and a real SMTP server on
loopback that the test takes down half-way.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ssp.mail.models import MailState, OutgoingMail
from ssp.meetings.models import Meeting


def _run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, interval=0, reload=False, verbosity=0)


# serialized_rollback and reference_data: an earlier transactional test (a browser test, the citizens migration
# test) flushes the migrated municipalities; they are put back before this test builds Glostrup.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stopped_mail_server_leaves_the_change_committed_and_the_mail_failed_after_retries(
    reference_data: None, glostrup: Any, next_meeting: Meeting, smtp_server: Any, login: Any, settings: Any
) -> None:
    from ssp.meetings.services import add_agenda_item

    settings.SSP_MAIL_RETRY_DELAYS = [0, 0]  # two retries, due at once, so one batch run sees them all
    add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bydelen", kind="general")
    client = login(glostrup.consultant)

    assert client.post(reverse("meetings:publish", args=[next_meeting.pk])).status_code == 302
    _run_worker()
    invitations = OutgoingMail.objects.filter(topic=f"meeting:{next_meeting.pk}")
    assert invitations.count() == len(smtp_server.messages) > 0
    assert set(invitations.values_list("state", flat=True)) == {MailState.SENT}

    smtp_server.stop()
    starts = timezone.localtime(next_meeting.starts_at + timedelta(hours=1))
    response = client.post(
        reverse("meetings:move", args=[next_meeting.pk]),
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Glostrup Rådhus, mødelokale 3",
        },
    )

    assert response.status_code == 302
    next_meeting.refresh_from_db()
    assert next_meeting.place == "Glostrup Rådhus, mødelokale 3"
    updates = invitations.filter(subject__startswith="Ændret")
    assert updates.count() == invitations.filter(state=MailState.SENT).count()
    assert set(updates.values_list("state", flat=True)) == {MailState.QUEUED}
    _run_worker()
    for update in updates:
        assert update.state == MailState.FAILED
        assert update.attempts == 3
        assert "ConnectionRefusedError" in update.last_error
    page = client.get(reverse("meetings:meeting", args=[next_meeting.pk])).content.decode()
    assert "Ikke sendt" in page and "ConnectionRefusedError" in page
