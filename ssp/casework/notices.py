"""E-mails of case work: reminders and invitations carry a link and a date, never a name or a case's content."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.casework.models import CaseAction, Programme
from ssp.casework.programmes import outcome_due_on
from ssp.meetings.ical import invitation_calendar


def _url(name: str, *args: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send_on_commit(messages: list[EmailMessage]) -> None:
    ready = [message for message in messages if message.to and message.to[0]]
    if ready:
        transaction.on_commit(lambda: get_connection().send_messages(ready))


def action_reminder(action: CaseAction, *, overdue: bool) -> EmailMessage:
    due = action.due_on.strftime("%d.%m.%Y")
    if overdue:
        subject = _("Overskredet frist: indsats planlagt til %(due)s") % {"due": due}
    else:
        subject = _("Påmindelse: indsats planlagt til %(due)s") % {"due": due}
    body = _("Du er ansvarlig for en indsats (%(kind)s) med frist %(due)s. Se den på platformen: %(url)s") % {
        "kind": action.get_kind_display(),
        "due": due,
        "url": _url("casework:action", action.pk),
    }
    return EmailMessage(subject=subject, body=body, to=[action.owner.email])


def send_action_reminders(actions: list[tuple[CaseAction, bool]]) -> None:
    _send_on_commit([action_reminder(action, overdue=overdue) for action, overdue in actions])


def send_conversation_invitations(action: CaseAction, people: list[User]) -> None:
    """The meetings capability's invitation (.ics) for a concern conversation: the forum, time and place only."""
    meeting = action.meeting
    assert meeting is not None
    day = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y")
    subject = _("Indkaldelse: bekymringssamtale %(day)s") % {"day": day}
    body = _("Du er indkaldt til en bekymringssamtale %(day)s. Se indsatsen på platformen: %(url)s") % {
        "day": day,
        "url": _url("casework:action", action.pk),
    }
    messages = []
    for person in people:
        message = EmailMessage(subject=subject, body=body, to=[person.email])
        ics = invitation_calendar(
            meeting,
            method="REQUEST",
            starts_at=meeting.starts_at,
            ends_at=max(meeting.ends_at, meeting.starts_at + timedelta(minutes=5)),
            description=_("Bekymringssamtale"),
            attendee_email=person.email,
        )
        message.attach("invitation.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
        messages.append(message)
    _send_on_commit(messages)


def send_outcome_reminders(programmes: list[tuple[Programme, bool]]) -> None:
    """The 12-month status of a pre-entry course is due: a date and a link, never the young person's name."""
    messages = []
    for programme, overdue in programmes:
        due = outcome_due_on(programme.started_on).strftime("%d.%m.%Y")
        subject = (
            _("Overskredet: status efter 12 måneder (frist %(due)s)")
            if overdue
            else _("Påmindelse: status efter 12 måneder senest %(due)s")
        ) % {"due": due}
        body = _(
            "Et pre-entry-forløb, du koordinerer, skal have sin status efter 12 måneder senest %(due)s: %(url)s"
        ) % {
            "due": due,
            "url": _url("casework:programme", programme.pk),
        }
        messages.append(EmailMessage(subject=subject, body=body, to=[programme.coordinator.email]))
    _send_on_commit(messages)
