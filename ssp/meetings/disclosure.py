"""The audit of an agenda shown to a reader: every citizen of the person-sensitive items the reader was shown."""

from __future__ import annotations

from django.http import HttpRequest

from ssp.accounts.models import User
from ssp.meetings.models import AgendaItem, Meeting
from ssp.meetings.selectors import ItemView
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.relations import Relation


def disclose_agenda(
    user: User, meeting: Meeting, views: list[ItemView], *, purpose: AuditAction, request: HttpRequest
) -> None:
    """One audit event per citizen shown (two queries for the page); nothing when no such item was shown."""
    shown = [view.item for view in views if view.item.is_person_sensitive and view.content_visible]
    if shown:
        rows = sorted({(concern.citizen_id, concern.pk) for item in shown for concern in item.concerns.all()})
        door.disclose(
            user,
            rows,
            purpose=purpose,
            relation=Relation.AGENDA_PARTICIPANT,
            request=request,
            detail=f"meeting:{meeting.pk} items={len(shown)}",
        )


def disclose_item_minutes(
    user: User, item: AgendaItem, *, request: HttpRequest, purpose: AuditAction = AuditAction.MINUTES
) -> None:
    """A page about one person-sensitive item (its minutes, the question whether to remove it) shows its concerns:
    one audit event per citizen of the item."""
    if item.is_person_sensitive:
        rows = sorted({(concern.citizen_id, concern.pk) for concern in item.concerns.all()})
        door.disclose(
            user,
            rows,
            purpose=purpose,
            relation=Relation.AGENDA_PARTICIPANT,
            request=request,
            detail=f"{item.source_ref}",
        )
