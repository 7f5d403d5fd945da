"""E-mails of the plans capability: reminders of milestones, review deadlines and project deadlines.

Messages name the step, the date and a link; plans hold no citizen data, and none is ever put in a message.
They go through the outbox (``ssp.mail``): written with the change, sent by the worker after the commit with
retries, so a rolled-back change sends nothing and a mail server that is down fails no request.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.mail.services import MailDraft, queue_mail, topic_for
from ssp.plans.models import Milestone, Project, StatutoryPlan


def _url(name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _queue(users: Iterable[User], subject: str, body: str, *, about: Model) -> None:
    queue_mail([MailDraft(recipient=user, subject=subject, body=body, topic=topic_for(about)) for user in users])


def send_milestone_reminder(milestone: Milestone) -> None:
    if milestone.owner is None:
        return
    due = milestone.due_on.strftime("%d.%m.%Y")
    subject = _("Påmindelse: %(step)s senest %(due)s") % {"step": milestone.get_kind_display(), "due": due}
    body = _("Årshjulet for %(year)s har en milepæl med frist %(due)s: %(step)s. Se årshjulet: %(url)s") % {
        "year": milestone.cycle.year,
        "due": due,
        "step": milestone.get_kind_display(),
        "url": _url("plans:cycle", milestone.cycle.police_district.slug, milestone.cycle.year),
    }
    _queue([milestone.owner], subject, body, about=milestone)


def send_review_warning(plan: StatutoryPlan, recipients: list[User], due_text: str) -> None:
    subject = _("Lovpligtig plan skal evalueres senest %(due)s") % {"due": due_text}
    body = _("%(title)s skal evalueres senest %(due)s (%(basis)s). Se planen: %(url)s") % {
        "title": plan.title,
        "due": due_text,
        "basis": plan.legal_basis,
        "url": _url("plans:statutory", plan.municipality.slug),
    }
    _queue(recipients, subject, body, about=plan)


def send_project_deadline_reminder(project: Project) -> None:
    assert project.deadline is not None
    due = project.deadline.strftime("%d.%m.%Y")
    subject = _("Påmindelse: projektbeskrivelse senest %(due)s") % {"due": due}
    body = _("Projektgruppen skal aflevere projektbeskrivelsen senest %(due)s. Se projektet: %(url)s") % {
        "due": due,
        "url": _url("plans:project", project.pk),
    }
    _queue(project.members.all(), subject, body, about=project)
