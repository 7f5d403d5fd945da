"""Notifications and e-mails of the intake: a link to the platform and nothing else (no name, offence or CPR number).

A notification (``Notification``) is stored in the platform for its recipient and shown on their start page; the
e-mail only says that there is something to see, with a link to it. Mail goes through the outbox (``ssp.mail``):
the rows are written in the caller's transaction and the task queue sends them after the commit, so a mail server
that is down never fails the meeting's decision.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.intake.models import Deadline, Notification, NotificationKind
from ssp.mail.services import MailDraft, queue_mail, topic_for


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify(recipient: User, *, kind: NotificationKind, link: str) -> Notification:
    """Store a notification for ``recipient`` and e-mail them that there is something to see (link only)."""
    notification = Notification(recipient=recipient, kind=kind, link=link)
    notification.full_clean()
    notification.save()
    queue_mail(
        [
            MailDraft(
                recipient=recipient,
                subject=_("SSP: du har en ny besked på platformen"),
                body=_("Du har en ny besked på SSP-platformen. Se den her: %(url)s")
                % {"url": _url(reverse("intake:notification", args=[notification.pk]))},
                topic=topic_for(notification),
            )
        ]
    )
    return notification


def notify_caseworker(caseworker: User, *, concern_id: int) -> Notification:
    """Tell the citizen's caseworker that the intervention meeting discussed one of their citizens: the link is the
    concern, which the caseworker relation opens to them."""
    return notify(caseworker, kind=NotificationKind.CITIZEN_TRIAGED, link=reverse("concerns:detail", args=[concern_id]))


def remind_deadline(responsible: User, deadline: Deadline) -> None:
    queue_mail(
        [
            MailDraft(
                recipient=responsible,
                subject=_("SSP: en frist udløber snart"),
                body=_("En frist (%(kind)s) udløber %(due)s. Se arbejdskøen på platformen: %(url)s")
                % {
                    "kind": deadline.get_kind_display(),
                    "due": timezone.localtime(deadline.due_at).strftime("%d.%m.%Y %H:%M"),
                    "url": _url(reverse("intake:queue")),
                },
                topic=topic_for(deadline),
            )
        ]
    )
