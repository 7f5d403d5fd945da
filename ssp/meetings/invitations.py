"""E-mails about meetings: invitations with .ics, updates, cancellations, deadline notices and reminders.

Every message is built from the forum, the time, the place, item numbers and times and a link — never a
citizen's name, a CPR number or a person-sensitive item's title. Messages go to the outbox
(``ssp.mail``), which the task queue sends after the transaction commits: a rolled-back change sends nothing and
a mail server that is down never fails the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.mail.services import Attachment, MailDraft, queue_mail, topic_for
from ssp.meetings.ical import invitation_calendar, meeting_url
from ssp.meetings.models import Agreement, ItemParticipant, Meeting


@dataclass(frozen=True)
class ItemSlot:
    number: int
    starts_at: datetime
    ends_at: datetime
    remote_allowed: bool


def _local(when: datetime, fmt: str) -> str:
    return timezone.localtime(when).strftime(fmt)


def slots_by_user(meeting: Meeting) -> dict[int, tuple[User, list[ItemSlot]]]:
    """Each invited user's items in number order, with the slot's start and end."""
    rows = (
        ItemParticipant.objects.filter(item__meeting=meeting)
        .select_related("user", "item")
        .order_by("user_id", "item__number")
    )
    result: dict[int, tuple[User, list[ItemSlot]]] = {}
    for row in rows:
        start = row.item.planned_start or meeting.starts_at
        slot = ItemSlot(
            row.item.number, start, start + timedelta(minutes=row.item.slot_minutes), row.item.remote_allowed
        )
        result.setdefault(row.user_id, (row.user, []))[1].append(slot)
    return result


def _body(meeting: Meeting, heading: str, slots: list[ItemSlot]) -> str:
    lines = [
        heading,
        "",
        _("Forum: %(forum)s") % {"forum": meeting.forum.name},
        _("Tid: %(day)s kl. %(start)s–%(end)s")
        % {
            "day": _local(meeting.starts_at, "%d.%m.%Y"),
            "start": _local(meeting.starts_at, "%H:%M"),
            "end": _local(meeting.ends_at, "%H:%M"),
        },
        _("Sted: %(place)s") % {"place": meeting.place or _("oplyses senere")},
    ]
    if slots:
        lines += ["", _("Dine punkter:")]
        for slot in slots:
            remote = _(" (deltagelse via Teams muligt)") if slot.remote_allowed else ""
            lines.append(
                _("Punkt %(number)d kl. %(start)s–%(end)s%(remote)s")
                % {
                    "number": slot.number,
                    "start": _local(slot.starts_at, "%H:%M"),
                    "end": _local(slot.ends_at, "%H:%M"),
                    "remote": remote,
                }
            )
    lines += ["", _("Se dagsordenen på platformen: %(url)s") % {"url": meeting_url(meeting)}]
    return "\n".join(lines)


def _invitation(
    meeting: Meeting, user: User, slots: list[ItemSlot], *, method: str, subject: str, heading: str
) -> MailDraft:
    starts_at = min((slot.starts_at for slot in slots), default=meeting.starts_at)
    ends_at = max((slot.ends_at for slot in slots), default=meeting.ends_at)
    ics = invitation_calendar(
        meeting,
        method=method,
        starts_at=starts_at,
        ends_at=max(ends_at, starts_at + timedelta(minutes=5)),
        description=_("Punkter: %(numbers)s") % {"numbers": ", ".join(str(slot.number) for slot in slots)},
        attendee_email=user.email,
    )
    return MailDraft(
        recipient=user,
        subject=subject,
        body=_body(meeting, heading, slots),
        topic=topic_for(meeting),
        attachment=Attachment("invitation.ics", ics.decode("utf-8"), f"text/calendar; method={method}; charset=utf-8"),
    )


def _date(meeting: Meeting) -> str:
    return _local(meeting.starts_at, "%d.%m.%Y")


def send_invitations(meeting: Meeting, *, update: bool) -> None:
    subject = (_("Ændret: %(forum)s %(day)s") if update else _("Indkaldelse: %(forum)s %(day)s")) % {
        "forum": meeting.forum.name,
        "day": _date(meeting),
    }
    heading = _("Mødet er ændret.") if update else _("Du er indkaldt til møde.")
    queue_mail(
        [
            _invitation(meeting, user, slots, method="REQUEST", subject=subject, heading=heading)
            for user, slots in slots_by_user(meeting).values()
        ]
    )


def send_meeting_update(meeting: Meeting) -> None:
    send_invitations(meeting, update=True)


def send_cancellation(meeting: Meeting) -> None:
    subject = _("Aflyst: %(forum)s %(day)s") % {"forum": meeting.forum.name, "day": _date(meeting)}
    queue_mail(
        [
            _invitation(meeting, user, slots, method="CANCEL", subject=subject, heading=_("Mødet er aflyst."))
            for user, slots in slots_by_user(meeting).values()
        ]
    )


def _plain(users: list[User], subject: str, body: str, *, topic: str) -> None:
    queue_mail([MailDraft(recipient=user, subject=subject, body=body, topic=topic) for user in users])


def send_cancellation_proposal(meeting: Meeting, members: list[User]) -> None:
    subject = _("Forslag om aflysning: %(forum)s %(day)s") % {"forum": meeting.forum.name, "day": _date(meeting)}
    body = _(
        "Der er ingen punkter på dagsordenen til mødet i %(forum)s den %(day)s, og fristen for dagsordenen er "
        "passeret. Mødet foreslås derfor aflyst. Tovholderen aflyser mødet på platformen: %(url)s"
    ) % {"forum": meeting.forum.name, "day": _date(meeting), "url": meeting_url(meeting)}
    _plain(members, subject, body, topic=topic_for(meeting))


def send_minutes_published(meeting: Meeting, members: list[User]) -> None:
    subject = _("Referat: %(forum)s %(day)s") % {"forum": meeting.forum.name, "day": _date(meeting)}
    body = _("Referatet af mødet i %(forum)s den %(day)s er udsendt. Læs det på platformen: %(url)s") % {
        "forum": meeting.forum.name,
        "day": _date(meeting),
        "url": meeting_url(meeting),
    }
    _plain(members, subject, body, topic=topic_for(meeting))


def send_agreement_reminder(agreement: Agreement) -> None:
    subject = _("Påmindelse: aftale med frist %(due)s") % {"due": agreement.due_on.strftime("%d.%m.%Y")}
    if agreement.meeting is None:
        # A case action's agreement: the mail names no child and no text, only a link to the action's page.
        action_url = settings.SITE_URL.rstrip("/") + reverse("casework:action", args=[agreement.case_action_id])
        body = _(
            "Du har en åben aftale fra en indsats i en sag med frist %(due)s. Se og afslut den på platformen: %(url)s"
        ) % {"due": agreement.due_on.strftime("%d.%m.%Y"), "url": action_url}
        _plain([agreement.owner], subject, body, topic=topic_for(agreement))
        return
    url = settings.SITE_URL.rstrip("/") + reverse("meetings:agreements")
    body = _(
        "Du har en åben aftale fra mødet i %(forum)s den %(day)s med frist %(due)s. Se og afslut den på platformen: %(url)s"
    ) % {
        "forum": agreement.meeting.forum.name,
        "day": _date(agreement.meeting),
        "due": agreement.due_on.strftime("%d.%m.%Y"),
        "url": url,
    }
    _plain([agreement.owner], subject, body, topic=topic_for(agreement.meeting))
