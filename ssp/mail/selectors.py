"""Reads of the outbox: what an administrator and a meeting's coordinator may see of sent mail."""

from __future__ import annotations

from django.db.models import QuerySet

from ssp.accounts.models import StaffRole, User
from ssp.mail.models import MailState, OutgoingMail


def outbox_for(user: User) -> QuerySet[OutgoingMail]:
    """A system administrator reads the whole outbox, a municipality's administrator their own municipality's."""
    rows = OutgoingMail.objects.select_related("recipient").order_by("-created_at", "-pk")
    if user.role == StaffRole.SYSTEM_ADMIN:
        return rows
    if user.role == StaffRole.MUNICIPAL_ADMIN and user.municipality_id is not None:
        return rows.filter(municipality_id=user.municipality_id)
    return rows.none()


def may_read_outbox(user: User) -> bool:
    return user.role == StaffRole.SYSTEM_ADMIN or (
        user.role == StaffRole.MUNICIPAL_ADMIN and user.municipality_id is not None
    )


def mail_about(topic: str) -> list[OutgoingMail]:
    """Every message about one thing (a meeting's invitations), newest first."""
    return list(OutgoingMail.objects.filter(topic=topic).select_related("recipient").order_by("-created_at", "-pk"))


def state_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in MailState.choices]
