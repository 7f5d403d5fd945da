"""Links into the meetings pages from other capabilities' pages, offered only to whom the page will open."""

from __future__ import annotations

from typing import Any

from django import template

from ssp.meetings.permissions import can_read_forum
from ssp.structure.models import Forum

register = template.Library()


@register.inclusion_tag("meetings/partials/forum_meetings_link.html", takes_context=True)
def forum_meetings_link(context: dict[str, Any], forum: Forum) -> dict[str, Any]:
    """The forum's calendar for its members and managers; nothing for anyone the calendar would refuse."""
    user = context["request"].user
    return {"forum": forum, "readable": user.is_authenticated and can_read_forum(user, forum)}
