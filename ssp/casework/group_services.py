"""Writes of groups and places: who is seen together where, with observations over time and their source.

A group is person data. Members are added only by someone who sees the citizen (``ssp.privacy``); every change
writes the audit event through the privacy door for each citizen it touches. Groups are deleted by retention.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.casework.models import Group, GroupMember, GroupObservation, GroupPlace
from ssp.citizens.models import Citizen
from ssp.concerns.models import Concern
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import concerns_visible_to, relation_to_citizen

# Who maps groups (seed 004: the SSP consultants, with the police).
GROUP_ROLES = frozenset({"ssp_consultant", "police_prevention_officer"})


def _touch(group: Group) -> None:
    group.last_activity_at = timezone.now()
    group.save(update_fields=["last_activity_at"])


def _audit_members(group: Group, *, actor: User, fields: tuple[str, ...], request: HttpRequest | None) -> None:
    for citizen_id in group.members.values_list("citizen_id", flat=True):
        door.record_change(
            actor,
            action=AuditAction.UPDATE,
            citizen=citizen_id,
            changed_fields=fields,
            detail=f"group:{group.pk}",
            request=request,
        )


@transaction.atomic
def create_group(group_municipality_id: int, *, actor: User, name: str, description: str = "") -> Group:
    if actor.role not in GROUP_ROLES or actor.municipality_id != group_municipality_id:
        raise PermissionDenied
    group = Group(
        municipality_id=group_municipality_id, name=name.strip(), description=description.strip(), created_by=actor
    )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def add_member(group: Group, *, actor: User, citizen: Citizen, request: HttpRequest | None = None) -> GroupMember:
    """Add a citizen the actor sees (any other is refused as if unknown: the error names no one)."""
    grant = relation_to_citizen(actor, citizen)
    if grant is None:
        raise ValidationError({"citizen": _("Borgeren findes ikke, eller du har ikke adgang til borgeren.")})
    if group.members.filter(citizen=citizen).exists():
        raise ValidationError({"citizen": _("Borgeren er allerede med i grupperingen.")})
    member = GroupMember(group=group, citizen=citizen, added_by=actor)
    member.full_clean()
    member.save()
    _touch(group)
    door.record_change(
        actor,
        action=AuditAction.CREATE,
        citizen=citizen,
        relation=grant.relation,
        changed_fields=("group_member",),
        detail=f"group:{group.pk}",
        request=request,
    )
    return member


@transaction.atomic
def add_place(
    group: Group,
    *,
    actor: User,
    name: str,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    request: HttpRequest | None = None,
) -> GroupPlace:
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("Angiv både bredde- og længdegrad, eller ingen af dem.")})
    place = GroupPlace(group=group, name=name.strip(), latitude=latitude, longitude=longitude)
    place.full_clean()
    place.save()
    _touch(group)
    _audit_members(group, actor=actor, fields=("group_place",), request=request)
    return place


@transaction.atomic
def add_observation(
    group: Group,
    *,
    actor: User,
    observed_on: date,
    source: str,
    text: str,
    request: HttpRequest | None = None,
) -> GroupObservation:
    if observed_on > timezone.localdate():
        raise ValidationError({"observed_on": _("Datoen ligger i fremtiden.")})
    observation = GroupObservation(
        group=group, observed_on=observed_on, source=source, text=text.strip(), recorded_by=actor
    )
    observation.full_clean()
    observation.save()
    _touch(group)
    _audit_members(group, actor=actor, fields=("group_observation",), request=request)
    return observation


@transaction.atomic
def link_concern(group: Group, *, actor: User, concern_id: int, request: HttpRequest | None = None) -> Concern:
    concern = concerns_visible_to(actor).filter(pk=concern_id).first()
    if concern is None:
        raise ValidationError({"concern": _("Sagen findes ikke, eller du har ikke adgang til den.")})
    group.concerns.add(concern)
    _touch(group)
    door.record_change(
        actor,
        action=AuditAction.UPDATE,
        concern=concern,
        changed_fields=("group",),
        detail=f"group:{group.pk}",
        request=request,
    )
    return concern
