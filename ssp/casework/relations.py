"""The relations through which case work lets a user see a citizen, registered with the privacy core.

- ``PROGRAMME_COORDINATOR``: the coordinator of a running pre-entry or exit programme sees the programme's citizen
  (the exit coordinator is "borgerens kontaktperson" and coordinates every department, seed 004). It ends when the
  programme ends or another coordinator takes over.
- ``TRANSFERRED_PROGRAMME``: when the citizen moves, the receiving municipality's coordinator who accepted the
  transfer sees the citizen while the programme runs; the first municipality keeps its own relation (its
  coordinator) for the programme's duration, as the seed states.

Both are relations to the person (``citizen_q``), because a programme concerns the young person as a whole, and
neither lets the holder change the citizen's master data (``may_write=False``). docs/privacy.md explains why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ssp.accounts.models import User
from ssp.casework.models import Programme, ProgrammeTransfer
from ssp.casework.programmes import ProgrammeStatus
from ssp.citizens.models import Citizen
from ssp.privacy.relations import Relation, RelationSource, register_source


def _coordinator_q(user: User, at: datetime) -> Q:
    running = Programme.objects.filter(
        status=ProgrammeStatus.ACTIVE,
        coordinator=user,
        concern__citizen=OuterRef("pk"),
        started_on__lte=timezone.localdate(at),
    )
    return Q(Exists(running))


def _coordinator_holders(citizen: Citizen, at: datetime) -> Iterable[User]:
    ids = Programme.objects.filter(status=ProgrammeStatus.ACTIVE, concern__citizen=citizen).values("coordinator")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def _transferred_q(user: User, at: datetime) -> Q:
    accepted = ProgrammeTransfer.objects.filter(
        receiving_coordinator=user,
        accepted_at__lte=at,
        programme__status=ProgrammeStatus.ACTIVE,
        programme__concern__citizen=OuterRef("pk"),
    )
    return Q(Exists(accepted))


def _transferred_holders(citizen: Citizen, at: datetime) -> Iterable[User]:
    ids = ProgrammeTransfer.objects.filter(
        accepted_at__lte=at, programme__status=ProgrammeStatus.ACTIVE, programme__concern__citizen=citizen
    ).values("receiving_coordinator")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def register() -> None:
    register_source(
        RelationSource(
            Relation.PROGRAMME_COORDINATOR,
            app_label="casework",
            citizen_q=_coordinator_q,
            holders=_coordinator_holders,
        )
    )
    register_source(
        RelationSource(
            Relation.TRANSFERRED_PROGRAMME,
            app_label="casework",
            citizen_q=_transferred_q,
            holders=_transferred_holders,
        )
    )
