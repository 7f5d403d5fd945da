"""Queue and deliver e-mail. A request only writes outbox rows; the task queue talks to the mail server.

So a mail server that is down, slow or refusing never fails the request that caused the message: the change
commits, the message waits in the outbox, and the delivery task retries it with a growing delay until it is
sent or marked failed with the reason, which the meeting page and the administrator's outbox show.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from ssp.accounts.models import User
from ssp.mail.models import MailState, OutgoingMail

REASON_LENGTH = 500


@dataclass(frozen=True)
class Attachment:
    name: str
    content: str
    mimetype: str


@dataclass(frozen=True)
class MailDraft:
    """One message to one user; ``topic`` names what it is about (``meeting:12``), never a person."""

    recipient: User
    subject: str
    body: str
    topic: str = ""
    attachment: Attachment | None = None


def topic_for(obj: Model) -> str:
    """The outbox's key for what a message is about, e.g. ``meeting:12``: a model and an id, never a name."""
    return f"{obj._meta.model_name}:{obj.pk}"


def _row(draft: MailDraft) -> OutgoingMail:
    attachment = draft.attachment
    row = OutgoingMail(
        recipient=draft.recipient,
        to_address=draft.recipient.email,
        subject=draft.subject[:255],
        body=draft.body,
        topic=draft.topic,
        municipality_id=draft.recipient.municipality_id,
        attachment_name=attachment.name if attachment else "",
        attachment_type=attachment.mimetype if attachment else "",
        attachment_content=attachment.content if attachment else "",
    )
    row.full_clean(exclude=["recipient", "municipality"])
    return row


def _enqueue(mail_ids: list[int]) -> None:
    # Imported here: the task module imports this one for the delivery itself.
    from ssp.mail.tasks import deliver_mail

    for mail_id in mail_ids:
        deliver_mail.enqueue(mail_id)


@transaction.atomic
def queue_mail(drafts: Sequence[MailDraft]) -> list[OutgoingMail]:
    """Write the drafts to the outbox and hand them to the task queue once the transaction commits.

    Recipients without an e-mail address are skipped; a rolled-back change leaves no row and sends nothing.
    """
    rows = OutgoingMail.objects.bulk_create([_row(draft) for draft in drafts if draft.recipient.email])
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return rows


def _message(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage(subject=mail.subject, body=mail.body, to=[mail.to_address])
    if mail.attachment_name:
        message.attach(mail.attachment_name, mail.attachment_content, mail.attachment_type)
    return message


def retry_delays() -> list[timedelta]:
    return [timedelta(seconds=seconds) for seconds in settings.SSP_MAIL_RETRY_DELAYS]


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:REASON_LENGTH]


def attempt_delivery(mail_id: int) -> OutgoingMail:
    """Try to send one queued message once and record the outcome.

    1. A message that is no longer queued (sent, failed) is left alone, so a repeated task sends nothing twice.
    2. On success it is marked sent.
    3. On a mail-server error the attempt and the reason are recorded; while retries remain it stays queued
       with ``next_attempt_at`` after the next delay, otherwise it is marked failed.
    """
    mail = OutgoingMail.objects.get(pk=mail_id)
    if mail.state != MailState.QUEUED:
        return mail
    mail.attempts += 1
    try:
        get_connection(fail_silently=False).send_messages([_message(mail)])
    except (OSError, smtplib.SMTPException) as exc:
        _record_failure(mail, _reason(exc))
    else:
        mail.state = MailState.SENT
        mail.sent_at = timezone.now()
        mail.next_attempt_at = None
        mail.last_error = ""
    mail.full_clean(exclude=["recipient", "municipality"])
    mail.save(update_fields=["attempts", "state", "sent_at", "next_attempt_at", "last_error"])
    return mail


def _record_failure(mail: OutgoingMail, reason: str) -> None:
    delays = retry_delays()
    mail.last_error = reason
    if mail.attempts > len(delays):
        mail.state = MailState.FAILED
        mail.next_attempt_at = None
    else:
        mail.next_attempt_at = timezone.now() + delays[mail.attempts - 1]
