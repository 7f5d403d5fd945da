"""E-mails of case work, through the outbox (``ssp.mail``): a request only writes outbox rows and the task queue
delivers them with retries. Reminders and invitations carry a link and a date, never a name or a case's content.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.casework.models import CaseAction, Programme
from ssp.casework.programmes import outcome_due_on
from ssp.mail.services import Attachment, MailDraft, queue_mail, topic_for
from ssp.meetings.ical import invitation_calendar


def _url(name: str, *args: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def action_reminder(action: CaseAction, *, overdue: bool) -> MailDraft:
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
    return MailDraft(recipient=action.owner, subject=subject, body=body, topic=topic_for(action))


def send_action_reminders(actions: list[tuple[CaseAction, bool]]) -> None:
    queue_mail([action_reminder(action, overdue=overdue) for action, overdue in actions])


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
    drafts = []
    for person in people:
        ics = invitation_calendar(
            meeting,
            method="REQUEST",
            starts_at=meeting.starts_at,
            ends_at=max(meeting.ends_at, meeting.starts_at + timedelta(minutes=5)),
            description=_("Bekymringssamtale"),
            attendee_email=person.email,
        )
        attachment = Attachment("invitation.ics", ics.decode(), "text/calendar; method=REQUEST; charset=utf-8")
        drafts.append(MailDraft(person, subject, body, topic=topic_for(meeting), attachment=attachment))
    queue_mail(drafts)


def send_outcome_reminders(programmes: list[tuple[Programme, bool]]) -> None:
    """The 12-month status of a programme is due: a date and a link, never the young person's name."""
    drafts = []
    for programme, overdue in programmes:
        due = outcome_due_on(programme.started_on).strftime("%d.%m.%Y")
        if overdue:
            subject = _("Overskredet: status efter 12 måneder (frist %(due)s)") % {"due": due}
        else:
            subject = _("Påmindelse: status efter 12 måneder senest %(due)s") % {"due": due}
        body = _("Et %(kind)s, du koordinerer, skal have sin status efter 12 måneder senest %(due)s: %(url)s") % {
            "kind": programme.get_kind_display(),
            "due": due,
            "url": _url("casework:programme", programme.pk),
        }
        drafts.append(MailDraft(programme.coordinator, subject, body, topic=topic_for(programme)))
    queue_mail(drafts)
