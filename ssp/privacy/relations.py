"""The relation-source registry: every way a user can come to see a citizen, in one enum and one list.

Access follows from a relation between a user and a citizen or a concern, never from a role (DESIGN.md's privacy
model). ``ssp.privacy`` owns the list of relations (``Relation``) but not the capabilities' tables: each capability
*registers* the relations it serves in its ``AppConfig.ready()``, and the policy (``ssp.privacy.policy``) composes
the registered sources. ``ssp.privacy`` therefore imports no capability app.

Two kinds of source:

``register_source(RelationSource(...))``
    A relation that follows from the capability's own rows (the concern's responsible consultant, its team, ...).
    The source contributes

    - ``concern_q(user, at)``: a ``Q`` over rows of the concern model (see ``register_concern_model``) that holds
      when the relation opens that concern; written with ``Exists``/``OuterRef`` subqueries, never a Python loop,
      so ``concerns_visible_to``/``citizens_visible_to`` stay ONE query however many sources are registered;
    - or ``citizen_q(user, at)``: a ``Q`` over ``citizens.Citizen`` rows for a relation to the person as a whole
      (it then opens every concern of that citizen);
    - ``holds(user, obj, at)``: the check for one concern (``concern_q`` sources) or one citizen (``citizen_q``
      sources) that ``relation_to_concern``/``relation_to_citizen`` use on detail pages. When left out the policy
      derives it from the ``Q`` with one ``exists()`` query;
    - ``holders(obj, at)``: the users holding the relation to one concern/citizen, for the page "who can see this
      citizen?" (``ssp.privacy.policy.who_has_access``).

``register_window_relation(relation, app_label=..., may_write=False)``
    A time-limited relation held in ``privacy.AccessGrant`` rows (a *window*), opened and closed only through
    ``ssp.privacy.door.open_window``/``close_windows`` with a ``source_ref`` naming what opened it (an agenda item,
    a triage meeting, ...). The policy reads windows itself; the capability only declares that the relation
    exists and who owns it. ``open_window`` refuses a relation nobody registered.

``may_write`` says whether the relation lets the user change the citizen's master data (a CPR number): only
relations that work in the case may; relations that only read (an agenda participant, a school representative,
emergency access) never may (``ssp.privacy.policy.may_edit_citizen``).

Every registered relation must be described in ``docs/privacy.md`` (who registers it, why the law allows it); a
test fails on an undocumented one. Register in ``ready()``::

    from ssp.privacy.relations import Relation, RelationSource, register_source

    register_source(RelationSource(Relation.RESPONSIBLE, app_label="concerns", concern_q=..., may_write=True))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ssp.accounts.models import User


class Relation(models.TextChoices):
    """The only ways to see a citizen. Order of declaration is no ranking; the registry's order is."""

    RESPONSIBLE = "responsible", _("ansvarlig SSP-konsulent")
    TEAM_MEMBER = "team_member", _("medlem af sagens team")
    CASEWORKER = "caseworker", _("borgerens sagsbehandler")
    SCHOOL_REPRESENTATIVE = "school_representative", _("repræsentant for borgerens skole")
    AGENDA_PARTICIPANT = "agenda_participant", _("deltager i personfølsomt dagsordenspunkt")
    EMERGENCY = "emergency", _("nødadgang")
    TRIAGE_PARTICIPANT = "triage_participant", _("deltager i visitationsmøde")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("koordinator for forløbet")
    TRANSFERRED_PROGRAMME = "transferred_programme", _("modtager af overdraget forløb")


QFactory = Callable[["User", datetime], Q]
Check = Callable[["User", Any, datetime], bool]


@dataclass(frozen=True)
class RelationSource:
    """One registered way to see a citizen, backed by the registering capability's own rows."""

    relation: Relation
    app_label: str
    concern_q: QFactory | None = None
    citizen_q: QFactory | None = None
    holds: Check | None = None
    # Who holds the relation to one concern/citizen now, for "who can see this child?" (active users only).
    holders: Callable[[Any, datetime], Iterable[User]] | None = None
    may_write: bool = False

    def __post_init__(self) -> None:
        if (self.concern_q is None) == (self.citizen_q is None):
            raise ValueError("a relation source gives exactly one of concern_q and citizen_q")


@dataclass(frozen=True)
class WindowRelation:
    """A relation held in time-limited ``AccessGrant`` rows (see ``ssp.privacy.door.open_window``)."""

    relation: Relation
    app_label: str
    may_write: bool = False


_sources: list[RelationSource] = []
_windows: dict[Relation, WindowRelation] = {}
_concern_model: list[type[models.Model]] = []


def register_source(source: RelationSource) -> None:
    """Add ``source``; registering the same relation twice is a programming error."""
    if any(existing.relation == source.relation for existing in _sources) or source.relation in _windows:
        raise ValueError(f"relation {source.relation} is already registered")
    _sources.append(source)


def register_window_relation(relation: Relation, *, app_label: str, may_write: bool = False) -> None:
    if relation in _windows or any(existing.relation == relation for existing in _sources):
        raise ValueError(f"relation {relation} is already registered")
    _windows[relation] = WindowRelation(relation, app_label, may_write)


def register_concern_model(model: type[models.Model]) -> None:
    """The capability whose rows are "concerns" (one citizen each, field ``citizen``) registers the model once."""
    if _concern_model and _concern_model[0] is not model:
        raise ValueError("a concern model is already registered")
    _concern_model[:] = [model]


def sources() -> tuple[RelationSource, ...]:
    return tuple(_sources)


def window_relations() -> dict[Relation, WindowRelation]:
    return dict(_windows)


def registered_relations() -> list[Relation]:
    """Every relation some app registered, sources first (in the order the policy ranks them), then windows."""
    return [source.relation for source in _sources] + list(_windows)


def may_write(relation: Relation) -> bool:
    for source in _sources:
        if source.relation == relation:
            return source.may_write
    window = _windows.get(relation)
    return window.may_write if window else False


def concern_model() -> type[models.Model]:
    if not _concern_model:
        raise LookupError("no app registered a concern model (the concerns capability does in its AppConfig.ready)")
    return _concern_model[0]
