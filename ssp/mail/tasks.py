"""The delivery job: one task per message, re-queued with a growing delay until it is sent or gives up."""

from __future__ import annotations

from django_tasks import task

from ssp.mail import services
from ssp.mail.models import MailState


@task()
def deliver_mail(mail_id: int) -> str:
    mail = services.attempt_delivery(mail_id)
    if mail.state == MailState.QUEUED and mail.next_attempt_at is not None:
        deliver_mail.using(run_after=mail.next_attempt_at).enqueue(mail_id)
    return str(mail.state)
