"""``{% mail_about meeting %}``: the state of every message about one thing, for the page of that thing."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from ssp.mail.selectors import mail_about as select_mail_about
from ssp.mail.services import topic_for

register = template.Library()


@register.inclusion_tag("mail/partials/mail_about.html")
def mail_about(obj: Model) -> dict[str, Any]:
    return {"mails": select_mail_about(topic_for(obj))}
