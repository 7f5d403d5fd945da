"""E-mails of the intake: a link to the platform and nothing else (no child's name, no offence, no CPR number).

Mail goes through the task queue (django-tasks, database backend) after the transaction commits, so a mail server
that is down never fails the meeting's decision; the queue retries and shows the job's state.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ssp.accounts.models import User
from ssp.intake.models import Deadline, TriageItem


def _queue_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("intake:queue")


@task()
def send_notice(user_id: int, subject: str, body: str) -> int:
    """Send one plain e-mail to an active user with an address (run by the task worker)."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return 0
    return EmailMessage(subject=subject, body=body, to=[user.email]).send()


def _enqueue(user: User, subject: str, body: str) -> None:
    transaction.on_commit(lambda: send_notice.enqueue(user.pk, subject, body))


def notify_caseworker(caseworker: User, item: TriageItem) -> None:
    """Tell the citizen's caseworker that the intervention meeting discussed one of their citizens."""
    _enqueue(
        caseworker,
        _("SSP: ny henvendelse om en af dine borgere"),
        _(
            "Indsatsmødet har behandlet en henvendelse om en borger, du er sagsbehandler for. Se den på platformen: %(url)s"
        )
        % {"url": _queue_url()},
    )


def remind_deadline(responsible: User, deadline: Deadline) -> None:
    _enqueue(
        responsible,
        _("SSP: en frist udløber snart"),
        _("En frist (%(kind)s) udløber %(due)s. Se arbejdskøen på platformen: %(url)s")
        % {
            "kind": deadline.get_kind_display(),
            "due": timezone.localtime(deadline.due_at).strftime("%d.%m.%Y %H:%M"),
            "url": _queue_url(),
        },
    )
