"""Writes to the structure: forums, organisations, seats and memberships.

Every rule that keeps the structure coherent lives here once; the in-app editing and the
structure packs (``ssp.structure.packs``) both go through these functions. Errors are raised as
:class:`StructureError` with a message per field, so a form shows them next to the field and a
pack names the key in the file.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import reduce
from importlib import import_module
from typing import Any, Protocol, cast

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.structure.models import (
    Forum,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    Position,
    Seat,
    StructureAction,
    StructureActivity,
)

# The only legal basis that lets a forum exchange information about named persons:
# section 115 of the Administration of Justice Act (retsplejeloven).
_SECTION_115 = re.compile(r"§\s*115\b")
MAX_MEETINGS_PER_YEAR = 366

_FORUM_FIELDS_CHECKED_HERE = frozenset({"meetings_per_year_min", "meetings_per_year_max", "school_district"})
_MEMBERSHIP_FIELDS_CHECKED_HERE = frozenset({"role", "ends_on"})
_UPDATABLE_MEMBERSHIP_FIELDS = frozenset({"role", "organisation", "seat", "starts_on", "ends_on"})


class StructureError(ValidationError):
    """A structure rule was broken; ``message_dict`` maps field names to messages."""


def _raise_if_any(errors: dict[str, list[str]]) -> None:
    if errors:
        raise StructureError(errors)


def _model_errors(
    obj: Forum | Organisation | Position | Seat | Membership, *, checked_here: frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    """``full_clean`` as a dict, leaving out database constraints on ``checked_here`` fields.

    Those constraints are checked by this module with a message naming the field and the fix,
    instead of Django's generic "constraint violated".
    """
    errors = _field_errors(obj)
    try:
        obj.validate_constraints(checked_here)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    return errors


def _field_errors(obj: models.Model) -> dict[str, list[str]]:
    """``full_clean`` without the model's constraints: fields, choices, lengths; no query for a loaded key."""
    try:
        obj.full_clean(exclude=_loaded_foreign_keys(obj), validate_constraints=False)
    except ValidationError as exc:
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {}


def _loaded_foreign_keys(obj: models.Model) -> list[str]:
    """Foreign keys whose target is an instance read from the database, so its existence is known.

    ``full_clean`` would ask the database again for each (one query per key and object: most of a structure
    pack's load); the database's own foreign key constraint still refuses a target deleted in the meantime.
    """
    loaded = []
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey) or not field.is_cached(obj):
            continue
        target = field.get_cached_value(obj)
        if target is not None and target.pk is not None and not target._state.adding:
            loaded.append(field.name)
    return loaded


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _record(
    action: StructureAction,
    *,
    actor: User,
    subject: str,
    forum: Forum | None = None,
    member: User | None = None,
    role: str = "",
    changes: dict[str, str] | None = None,
    source: str = "",
) -> None:
    """Add a row to the structure's activity log, in the caller's transaction."""
    activity = StructureActivity(
        actor=actor,
        action=action,
        subject=subject,
        forum=forum,
        member=member,
        role=role,
        changes=changes or {},
        source=source,
    )
    activity.full_clean()
    activity.save()


# Forums ---------------------------------------------------------------------------------------


def check_forum(forum: Forum, *, member_municipalities: Iterable[Municipality] | None = None) -> None:
    """Raise :class:`StructureError` unless ``forum`` may be saved.

    1. The model's own validation (required fields, choices, names unique in the scope).
    2. ``reports_to`` does not lead back to the forum.
    3. The cadence can happen: at least one and at most 366 meetings a year, minimum not above
       maximum, anchor months are months, and the recurrence rule parses as an RFC 5545 RRULE.
    4. A school district only inside a municipality.
    5. Person-sensitive items only where the legal basis names § 115.
    6. Member municipalities lie in the forum's police district.
    """
    errors = _model_errors(forum, checked_here=_FORUM_FIELDS_CHECKED_HERE)
    _check_forum_rules(forum, member_municipalities, errors, _ReportingLines())
    _raise_if_any(errors)


def _check_forum_rules(
    forum: Forum,
    member_municipalities: Iterable[Municipality] | None,
    errors: dict[str, list[str]],
    lines: _ReportingLines,
) -> None:
    """Rules 2-6 of :func:`check_forum`, shared with :func:`save_forums`."""
    _check_reporting_chain(forum, errors, lines)
    _check_cadence(forum, errors)
    if forum.school_district and forum.municipality_id is None:
        _add(errors, "school_district", _("Et skoledistrikt kan kun angives for et forum i en kommune."))
    if forum.allows_person_sensitive and not _SECTION_115.search(forum.legal_basis):
        _add(
            errors,
            "allows_person_sensitive",
            _(
                "Personfølsomme punkter kræver, at lovgrundlaget nævner § 115 i retsplejeloven "
                "(fx »Retsplejelovens § 115«)."
            ),
        )
    if member_municipalities is not None:
        _check_member_municipalities(forum, list(member_municipalities), errors)


class _ReportingLines:
    """Which forum each forum reports to, and forum names, asked of the database one step at a time.

    :func:`save_forums` uses :meth:`preloaded`: every line read in one query, and each forum of the batch laid
    over them once it passed (:meth:`accept`), so a batch is checked as if its forums were saved one by one.
    """

    def __init__(self, lines: dict[int, int | None] | None = None, names: dict[int, str] | None = None) -> None:
        self.lines, self.known_names = lines, names

    @classmethod
    def preloaded(cls) -> _ReportingLines:
        lines: dict[int, int | None] = {}
        names: dict[int, str] = {}
        for pk, reports_to_id, name in Forum.objects.values_list("pk", "reports_to_id", "name"):
            lines[pk], names[pk] = reports_to_id, name
        return cls(lines, names)

    def accept(self, forum: Forum) -> None:
        if self.lines is not None and self.known_names is not None and forum.pk is not None:
            self.lines[forum.pk], self.known_names[forum.pk] = forum.reports_to_id, forum.name

    def next(self, pk: int) -> int | None:
        if self.lines is not None:
            return self.lines.get(pk)
        return Forum.objects.filter(pk=pk).values_list("reports_to_id", flat=True).first()

    def names(self, pks: list[int]) -> dict[int, str]:
        if self.known_names is not None:
            return {pk: self.known_names[pk] for pk in pks}
        return dict(Forum.objects.filter(pk__in=pks).values_list("pk", "name"))


def _check_reporting_chain(forum: Forum, errors: dict[str, list[str]], lines: _ReportingLines) -> None:
    if forum.reports_to_id is None:
        return
    if forum.pk is not None and forum.reports_to_id == forum.pk:
        _add(errors, "reports_to", _("Et forum kan ikke referere til sig selv."))
        return
    walked: list[int] = []
    current_id: int | None = forum.reports_to_id
    while current_id is not None and current_id not in walked:
        if forum.pk is not None and current_id == forum.pk:
            names = lines.names(walked)
            ring = " → ".join([forum.name, *(names[pk] for pk in walked), forum.name])
            _add(errors, "reports_to", _("Referencen giver en ring: %(ring)s.") % {"ring": ring})
            return
        walked.append(current_id)
        current_id = lines.next(current_id)


def _check_cadence(forum: Forum, errors: dict[str, list[str]]) -> None:
    low, high = forum.meetings_per_year_min, forum.meetings_per_year_max
    if low is not None and low < 1:
        _add(errors, "meetings_per_year_min", _("Mindst ét møde om året, eller lad feltet stå tomt."))
    for field, value in (("meetings_per_year_min", low), ("meetings_per_year_max", high)):
        if value is not None and value > MAX_MEETINGS_PER_YEAR:
            _add(errors, field, _("Højst %(max)d møder om året (ét om dagen).") % {"max": MAX_MEETINGS_PER_YEAR})
    if low is not None and high is not None and low > high:
        _add(
            errors,
            "meetings_per_year_max",
            _("Højst %(high)d møder er færre end mindst %(low)d; højst skal være mindst lige så mange.")
            % {"high": high, "low": low},
        )
    if forum.recurrence_rule:
        try:
            rrulestr(forum.recurrence_rule, dtstart=None)
        except (ValueError, TypeError) as exc:
            _add(
                errors,
                "recurrence_rule",
                _("Reglen kan ikke læses som en gentagelse i iCalendar-format (fx »FREQ=WEEKLY;BYDAY=TU«): %(error)s")
                % {"error": exc},
            )
    months = forum.anchor_months
    if not isinstance(months, list) or any(not isinstance(m, int) or not 1 <= m <= 12 for m in months):
        _add(errors, "anchor_months", _("Faste måneder skal være en liste af månedsnumre fra 1 til 12."))
    elif high is not None and len(set(months)) > high:
        _add(
            errors,
            "anchor_months",
            _("%(count)d faste måneder er flere end højst %(high)d møder om året.")
            % {"count": len(set(months)), "high": high},
        )


def _check_member_municipalities(
    forum: Forum, municipalities: list[Municipality], errors: dict[str, list[str]]
) -> None:
    district_id = forum.police_district_id or (forum.municipality.police_district_id if forum.municipality else None)
    outside = [m.name for m in municipalities if m.police_district_id != district_id]
    if outside:
        _add(
            errors,
            "member_municipalities",
            _("Deltagende kommuner skal ligge i forummets politikreds; det gør %(names)s ikke.")
            % {"names": ", ".join(sorted(outside))},
        )


@transaction.atomic
def save_forum(
    forum: Forum, *, actor: User, member_municipalities: Iterable[Municipality] | None = None, source: str = ""
) -> Forum:
    """Create or update ``forum`` (and its member municipalities when given) after :func:`check_forum`.

    ``source`` names the structure pack's file when a pack made the change.
    """
    members = list(member_municipalities) if member_municipalities is not None else None
    check_forum(forum, member_municipalities=members)
    forum.save()
    if members is not None:
        forum.member_municipalities.set(members)
    _record(StructureAction.FORUM_SAVED, actor=actor, subject=forum.name, forum=forum, source=source)
    return forum


@transaction.atomic
def delete_forum(forum: Forum, *, actor: User, source: str = "") -> None:
    """Delete ``forum``; refused while other forums report to it (they would lose their line)."""
    reporting = list(forum.reporting_forums.order_by("name").values_list("name", flat=True))
    if reporting:
        raise StructureError(
            {
                NON_FIELD_ERRORS: [
                    _("%(name)s kan ikke slettes, fordi disse fora refererer til det: %(forums)s.")
                    % {"name": forum.name, "forums": ", ".join(reporting)}
                ]
            }
        )
    _record(StructureAction.FORUM_DELETED, actor=actor, subject=forum.name, source=source)
    forum.delete()


# Seats ----------------------------------------------------------------------------------------


def _in_scope(organisation: Organisation, forum: Forum) -> bool:
    """Whether ``organisation`` may take part in ``forum``.

    A municipal forum takes the municipality's own organisations and the police district's
    (the police sit in municipal forums); a district forum takes the district's organisations and
    those of its municipalities.
    """
    district_id = forum.police_district_id or (forum.municipality.police_district_id if forum.municipality else None)
    if organisation.police_district_id is not None:
        return organisation.police_district_id == district_id
    if forum.municipality_id is not None:
        return organisation.municipality_id == forum.municipality_id
    return organisation.municipality is not None and organisation.municipality.police_district_id == district_id


def _scope_error(organisation: Organisation, forum: Forum) -> str:
    return _("%(organisation)s hører ikke til i %(forum)s' område (%(scope)s).") % {
        "organisation": organisation.name,
        "forum": forum.name,
        "scope": forum.municipality or forum.police_district,
    }


@transaction.atomic
def save_seat(seat: Seat, *, actor: User, source: str = "") -> Seat:
    """Create or update a line of a forum's composition.

    1. The model's own validation.
    2. A named organisation lies in the forum's scope.
    3. ``per_organisation`` needs an organisation kind to count organisations of.
    """
    errors = _model_errors(seat)
    _check_seat_rules(seat, errors)
    _raise_if_any(errors)
    seat.save()
    _record(
        StructureAction.SEAT_SAVED, actor=actor, subject=seat.title, forum=seat.forum, role=seat.role, source=source
    )
    return seat


def _check_seat_rules(seat: Seat, errors: dict[str, list[str]]) -> None:
    """Rules 2-3 of :func:`save_seat`, shared with :func:`save_seats`."""
    if seat.organisation is not None and seat.forum_id is not None and not _in_scope(seat.organisation, seat.forum):
        _add(errors, "organisation", _scope_error(seat.organisation, seat.forum))
    if seat.per_organisation and not seat.organisation_kind:
        _add(errors, "organisation_kind", _("»Én pr. organisation« kræver en organisationstype."))


@transaction.atomic
def delete_seat(seat: Seat, *, actor: User, source: str = "") -> None:
    """Remove a line of a forum's composition; memberships that held it keep their role without a seat."""
    _record(StructureAction.SEAT_DELETED, actor=actor, subject=seat.title, forum=seat.forum, source=source)
    seat.delete()


# Organisations --------------------------------------------------------------------------------


@transaction.atomic
def save_organisation(organisation: Organisation, *, actor: User, source: str = "") -> Organisation:
    """Create or update ``organisation``: its parent lies in the same scope and never below itself."""
    errors = _model_errors(organisation)
    _check_parent(organisation, errors)
    _raise_if_any(errors)
    organisation.save()
    _record(StructureAction.ORGANISATION_SAVED, actor=actor, subject=organisation.name, source=source)
    return organisation


def _check_parent(organisation: Organisation, errors: dict[str, list[str]]) -> None:
    """The parent lies in the same scope and never below the organisation (shared with ``save_organisations``)."""
    parent = organisation.parent
    if parent is not None:
        if (parent.municipality_id, parent.police_district_id) != (
            organisation.municipality_id,
            organisation.police_district_id,
        ):
            _add(
                errors,
                "parent",
                _("Den overordnede enhed %(parent)s skal høre til samme kommune eller politikreds.")
                % {"parent": parent.name},
            )
        seen: set[int] = set()
        current: Organisation | None = parent
        while current is not None and current.pk not in seen:
            if organisation.pk is not None and current.pk == organisation.pk:
                _add(errors, "parent", _("%(parent)s ligger allerede under denne enhed.") % {"parent": parent.name})
                break
            seen.add(current.pk)
            current = current.parent


@transaction.atomic
def delete_organisation(organisation: Organisation, *, actor: User, source: str = "") -> None:
    """Delete ``organisation``; refused while staff, memberships or sub-units still point at it."""
    users = [
        (organisation.positions.exists(), _("stillinger")),
        (organisation.memberships.exists(), _("medlemskaber")),
        (organisation.children.exists(), _("underenheder")),
    ]
    in_use = [label for used, label in users if used]
    if in_use:
        raise StructureError(
            {
                NON_FIELD_ERRORS: [
                    _("%(name)s kan ikke slettes, fordi den stadig har %(what)s.")
                    % {"name": organisation.name, "what": ", ".join(str(label) for label in in_use)}
                ]
            }
        )
    _record(StructureAction.ORGANISATION_DELETED, actor=actor, subject=organisation.name, source=source)
    organisation.delete()


# Bulk writes (structure packs) ----------------------------------------------------------------


class StructureErrors(Exception):
    """A bulk write was refused: for each refused object, its position in the list and its errors by field.

    Nothing of the batch was written.
    """

    def __init__(self, errors: dict[int, dict[str, list[str]]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _unique_clashes(objects: Sequence[models.Model]) -> dict[int, dict[str, list[str]]]:
    """The model's unique constraints over a whole batch in one query: a clash with a stored row or in the batch.

    The message is the constraint's own, as ``validate_constraints`` gives it one object at a time. A key with an
    empty part is skipped: the structure's unique constraints hold only where their scope field is set.
    """
    if not objects:
        return {}
    model = type(objects[0])
    constraints = [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    columns = {
        c.name: [cast(models.Field, model._meta.get_field(name)).attname for name in c.fields] for c in constraints
    }

    def keys(obj: models.Model) -> Iterator[tuple[models.UniqueConstraint, tuple[Any, ...]]]:
        for constraint in constraints:
            key = tuple(getattr(obj, column) for column in columns[constraint.name])
            if None not in key:
                yield constraint, key

    wanted = [Q(**dict(zip(columns[c.name], key, strict=True))) for obj in objects for c, key in keys(obj)]
    if not wanted:
        return {}
    in_batch = [obj.pk for obj in objects if obj.pk is not None]
    stored = model._base_manager.filter(reduce(operator.or_, wanted)).exclude(pk__in=in_batch)
    taken = {
        (c.name, key) for row in stored.only(*{a for names in columns.values() for a in names}) for c, key in keys(row)
    }
    errors: dict[int, dict[str, list[str]]] = {}
    for index, obj in enumerate(objects):
        for constraint, key in keys(obj):
            if (constraint.name, key) in taken:
                _add(errors.setdefault(index, {}), NON_FIELD_ERRORS, str(constraint.get_violation_error_message()))
            taken.add((constraint.name, key))
    return errors


def _merge(errors: dict[int, dict[str, list[str]]], index: int, found: dict[str, list[str]]) -> None:
    for field, messages in found.items():
        errors.setdefault(index, {}).setdefault(field, []).extend(messages)


def _write(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """New objects in one INSERT (their keys come back), changed ones in one UPDATE."""
    new = [obj for obj in objects if obj.pk is None]
    changed = [obj for obj in objects if obj.pk is not None]
    model._base_manager.bulk_create(new)
    model._base_manager.bulk_update(
        changed, [field.name for field in model._meta.concrete_fields if not field.primary_key]
    )


def _record_all(activities: list[StructureActivity]) -> None:
    """:func:`_record` for many rows: one INSERT; the actor and forums are instances in hand, so not asked again."""
    for activity in activities:
        activity.full_clean(exclude=_loaded_foreign_keys(activity))
    StructureActivity.objects.bulk_create(activities)


@transaction.atomic
def save_organisations(organisations: Sequence[Organisation], *, actor: User, source: str = "") -> None:
    """:func:`save_organisation` for many organisations at once, with the same rules and log rows.

    A fixed number of queries whatever the number: one for the unique names, one INSERT, one UPDATE, one for the
    log. The parents are instances in hand (a structure pack reads them first). Raises :class:`StructureErrors`.
    """
    errors = _unique_clashes(organisations)
    for index, organisation in enumerate(organisations):
        found = _field_errors(organisation)
        _check_parent(organisation, found)
        _merge(errors, index, found)
    if errors:
        raise StructureErrors(errors)
    _write(Organisation, organisations)
    _record_all(
        [
            StructureActivity(
                action=StructureAction.ORGANISATION_SAVED, actor=actor, subject=organisation.name, source=source
            )
            for organisation in organisations
        ]
    )


@transaction.atomic
def save_forums(
    forums: Sequence[Forum],
    *,
    actor: User,
    member_municipalities: Sequence[Iterable[Municipality] | None] | None = None,
    source: str = "",
) -> None:
    """:func:`save_forum` for many forums at once, with the same rules and log rows.

    ``member_municipalities`` gives each forum's new member list, or None to leave it. The reporting lines are
    read once for the ring check; names, inserts, updates, member lists and log rows take one query each.
    Raises :class:`StructureErrors`.
    """
    members = [None if m is None else list(m) for m in member_municipalities or [None] * len(forums)]
    lines = _ReportingLines.preloaded()
    errors = _unique_clashes(forums)
    for index, forum in enumerate(forums):
        found = _field_errors(forum)
        _check_forum_rules(forum, members[index], found, lines)
        _merge(errors, index, found)
        if not found:
            lines.accept(forum)
    if errors:
        raise StructureErrors(errors)
    _write(Forum, forums)
    changed = [(forum, found) for forum, found in zip(forums, members, strict=True) if found is not None]
    if changed:
        through = Forum.member_municipalities.through
        through.objects.filter(forum_id__in=[forum.pk for forum, _found in changed]).delete()
        through.objects.bulk_create(
            [through(forum_id=forum.pk, municipality_id=m.pk) for forum, found in changed for m in found]
        )
    _record_all(
        [
            StructureActivity(
                action=StructureAction.FORUM_SAVED, actor=actor, subject=forum.name, forum=forum, source=source
            )
            for forum in forums
        ]
    )


@transaction.atomic
def save_seats(seats: Sequence[Seat], *, actor: User, source: str = "") -> None:
    """:func:`save_seat` for many seats at once, with the same rules and log rows; raises :class:`StructureErrors`."""
    errors = _unique_clashes(seats)
    for index, seat in enumerate(seats):
        found = _field_errors(seat)
        _check_seat_rules(seat, found)
        _merge(errors, index, found)
    if errors:
        raise StructureErrors(errors)
    _write(Seat, seats)
    _record_all(
        [
            StructureActivity(
                action=StructureAction.SEAT_SAVED,
                actor=actor,
                subject=seat.title,
                forum=seat.forum,
                role=seat.role,
                source=source,
            )
            for seat in seats
        ]
    )


# Positions ------------------------------------------------------------------------------------


@transaction.atomic
def add_position(*, user: User, organisation: Organisation, title: str, starts_on: date, actor: User) -> Position:
    """Record that ``user`` works in ``organisation`` as ``title`` from ``starts_on``."""
    position = Position(user=user, organisation=organisation, title=title, starts_on=starts_on)
    _raise_if_any(_model_errors(position))
    position.save()
    _record(
        StructureAction.POSITION_ADDED,
        actor=actor,
        subject=organisation.name,
        member=user,
        changes={"title": title, "starts_on": starts_on.isoformat()},
    )
    return position


# Memberships ----------------------------------------------------------------------------------


class MembershipPolicy(Protocol):
    """Who may be made a member of a forum: the module ``ssp.privacy.memberships``, named by the setting
    ``SSP_MEMBERSHIP_POLICY`` because structure sits below privacy and does not import it."""

    def eligible_members(self, forum: Forum, *, actor: User) -> QuerySet[User]: ...

    def eligible_organisations(self, forum: Forum) -> QuerySet[Organisation]: ...

    def membership_refusals(self, forum: Forum, *, user: User, actor: User) -> dict[str, list[str]]: ...


def membership_policy() -> MembershipPolicy:
    return cast(MembershipPolicy, import_module(settings.SSP_MEMBERSHIP_POLICY))


def _check_membership(membership: Membership, *, actor: User, grants: bool) -> None:
    """Raise :class:`StructureError` unless ``membership`` may be saved.

    1. The model's own validation, and the end date not before the start.
    2. One chair at a time: date ranges of chairs of the same forum do not overlap.
    3. A seat belongs to the forum and fits: same role, and an organisation-specific seat needs
       that organisation (or one of its kind, or in its municipality).
    4. The organisation represented lies in the forum's scope.
    5. When the change grants something (a new membership, another role), the privacy policy lets ``actor``
       make this user a member of this forum.
    """
    errors = _model_errors(membership, checked_here=_MEMBERSHIP_FIELDS_CHECKED_HERE)
    forum = membership.forum
    if grants and membership.user_id is not None:
        for field, messages in (
            membership_policy().membership_refusals(forum, user=membership.user, actor=actor).items()
        ):
            errors.setdefault(field, []).extend(messages)
    if membership.ends_on and membership.starts_on and membership.ends_on < membership.starts_on:
        _add(errors, "ends_on", _("Slutdatoen skal ligge på eller efter startdatoen."))
    if membership.role == MembershipRole.CHAIR and membership.starts_on:
        _check_single_chair(membership, errors)
    if membership.seat is not None:
        _check_seat_fits(membership, membership.seat, errors)
    organisation = membership.organisation
    if organisation is not None and not _in_scope(organisation, forum):
        _add(errors, "organisation", _scope_error(organisation, forum))
    _raise_if_any(errors)


def _check_single_chair(membership: Membership, errors: dict[str, list[str]]) -> None:
    overlapping = Membership.objects.filter(forum=membership.forum_id, role=MembershipRole.CHAIR).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=membership.starts_on)
    )
    if membership.ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=membership.ends_on)
    if membership.pk is not None:
        overlapping = overlapping.exclude(pk=membership.pk)
    other = overlapping.select_related("user").first()
    if other is not None:
        _add(
            errors,
            "role",
            _("%(forum)s har allerede %(user)s som formand fra %(start)s; der kan kun være én formand ad gangen.")
            % {"forum": membership.forum.name, "user": other.user, "start": other.starts_on.strftime("%d.%m.%Y")},
        )


def _check_seat_fits(membership: Membership, seat: Seat, errors: dict[str, list[str]]) -> None:
    if seat.forum_id != membership.forum_id:
        _add(errors, "seat", _("Pladsen »%(seat)s« hører til et andet forum.") % {"seat": seat.title})
        return
    if seat.role != membership.role:
        _add(
            errors,
            "role",
            _("Pladsen »%(seat)s« er til rollen %(expected)s.")
            % {"seat": seat.title, "expected": seat.get_role_display()},
        )
    organisation = membership.organisation
    if seat.organisation_id is not None and membership.organisation_id != seat.organisation_id:
        _add(
            errors,
            "organisation",
            _("Pladsen »%(seat)s« er til %(expected)s.")
            % {"seat": seat.title, "expected": seat.organisation.name if seat.organisation else ""},
        )
    elif seat.organisation_kind and (organisation is None or organisation.kind != seat.organisation_kind):
        _add(
            errors,
            "organisation",
            _("Pladsen »%(seat)s« er til en organisation af typen %(expected)s.")
            % {"seat": seat.title, "expected": seat.get_organisation_kind_display()},
        )
    if seat.municipality_id is not None:
        place = organisation.municipality_id if organisation is not None else membership.user.municipality_id
        if place != seat.municipality_id:
            _add(
                errors,
                "seat",
                _("Pladsen »%(seat)s« er til en repræsentant for %(expected)s.")
                % {"seat": seat.title, "expected": seat.municipality},
            )


@transaction.atomic
def add_membership(
    *,
    forum: Forum,
    user: User,
    role: str,
    starts_on: date,
    actor: User,
    organisation: Organisation | None = None,
    seat: Seat | None = None,
    ends_on: date | None = None,
) -> Membership:
    """Make ``user`` a member of ``forum`` in ``role`` (see :func:`_check_membership` for the rules)."""
    membership = Membership(
        forum=forum,
        user=user,
        role=role,
        organisation=organisation,
        seat=seat,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _check_membership(membership, actor=actor, grants=True)
    membership.save()
    _record(
        StructureAction.MEMBERSHIP_ADDED,
        actor=actor,
        subject=forum.name,
        forum=forum,
        member=user,
        role=role,
        changes=_membership_dates(membership),
    )
    return membership


@transaction.atomic
def update_membership(membership: Membership, *, actor: User, **fields: Any) -> Membership:
    """Change ``role``, ``organisation``, ``seat``, ``starts_on`` or ``ends_on`` of a membership."""
    unknown = set(fields) - _UPDATABLE_MEMBERSHIP_FIELDS
    if unknown:
        raise TypeError(f"update_membership() cannot change {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(membership, name, value)
    # Compared with the stored row, not the instance: an instance left changed by a refused update must not
    # carry its new role past the policy on the next save.
    stored_role = Membership.objects.filter(pk=membership.pk).values_list("role", flat=True).first()
    _check_membership(membership, actor=actor, grants=membership.role != stored_role)
    membership.save()
    _record(
        StructureAction.MEMBERSHIP_CHANGED,
        actor=actor,
        subject=membership.forum.name,
        forum=membership.forum,
        member=membership.user,
        role=membership.role,
        changes={name: _as_text(value) for name, value in fields.items()},
    )
    return membership


def _membership_dates(membership: Membership) -> dict[str, str]:
    return {"starts_on": _as_text(membership.starts_on), "ends_on": _as_text(membership.ends_on)}


def _as_text(value: object) -> str:
    """A changed value for the log: dates in ISO form, objects by name, nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def end_membership(membership: Membership, *, ends_on: date, actor: User) -> Membership:
    """End a membership on ``ends_on`` (the last day it counts)."""
    return update_membership(membership, actor=actor, ends_on=ends_on)
