"""What of a concern may leave the cooperation around the citizen: the retsplejeloven §115 rule, in one place.

Information the police shared under retsplejeloven §115 may be passed on only within the SSP cooperation about
that citizen (§115 stk. 2). Here that cooperation is the concern's team: the responsible consultant, the team
members and the caseworker. Every page, export and API response that shows notes asks ``disclose_notes`` and
shows the ``withheld`` entries so the reader knows something was left out and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import User
from ssp.concerns.models import Concern, ConcernNote

SECTION_115_REASON = _(
    "Oplysninger modtaget efter retsplejelovens §115 deles kun i samarbejdet om borgeren "
    "(sagens team: ansvarlig SSP-konsulent, teammedlemmer og sagsbehandler), jf. §115, stk. 2."
)


@dataclass(frozen=True)
class Withheld:
    count: int
    reason: str


@dataclass(frozen=True)
class Disclosure:
    notes: list[ConcernNote]
    withheld: list[Withheld]


def is_in_cooperation(user: User, concern: Concern, team_user_ids: Sequence[int]) -> bool:
    """Responsible, caseworker or team member of ``concern``; ``team_user_ids`` are the team's user ids."""
    return user.pk in (concern.responsible_id, concern.caseworker_id) or user.pk in team_user_ids


def disclose_notes(
    user: User, concern: Concern, notes: Sequence[ConcernNote], *, team_user_ids: Sequence[int]
) -> Disclosure:
    """The notes ``user`` may receive and a ``Withheld`` entry per reason for the ones left out."""
    if is_in_cooperation(user, concern, team_user_ids):
        return Disclosure(notes=list(notes), withheld=[])
    shown = [note for note in notes if not note.section_115]
    left_out = len(notes) - len(shown)
    withheld = [Withheld(count=left_out, reason=str(SECTION_115_REASON))] if left_out else []
    return Disclosure(notes=shown, withheld=withheld)
