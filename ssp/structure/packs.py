"""Structure packs: a municipality's or a police district's organisations and forums as a YAML file.

A pack is loaded in four steps: parse (YAML, keeping the line of every key) → validate (the
schema below, then names and references) → apply (through ``ssp.structure.services``, so the
rules of the in-app editing hold for packs too) → diff (the pack's part of the database before
and after, in the export format). The format is described in ``docs/structure-packs.md``.

What a pack owns:

- a municipality pack: the municipality's organisations and forums, except the forums of the
  police-municipal cooperation (:data:`DISTRICT_GOVERNED_KINDS`), which the district pack owns;
- a district pack: the district's organisations and forums, and those forums in each of its
  municipalities (``municipality:`` on the forum).

Owned objects the pack no longer names are deleted, except the standard forums the migrations
create for every district and municipality (Kredsråd, SSP-samråd, Lokalråd): a pack may describe
them, never delete them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from pydantic import ValidationError as SchemaError

from ssp.accounts.models import User
from ssp.structure import services
from ssp.structure.models import (
    Forum,
    ForumKind,
    Level,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
    PoliceDistrict,
    ProArea,
    Seat,
)

# The packs kept with the code: one per seed document (see structure-packs/ at the repository root).
PACKS_DIR = settings.BASE_DIR / "structure-packs"
SEED_PACKS = ("glostrup", "holstebro", "guldborgsund", "midt-og-vestjylland", "sydoestjylland")

# Forums of the cooperation between the police and the municipalities (retsplejeloven §§ 110-114):
# they live in a municipality but belong to the police district's pack.
DISTRICT_GOVERNED_KINDS = frozenset(
    {ForumKind.LOCAL_COUNCIL, ForumKind.LOCAL_COUNCIL_PLUS, ForumKind.PSP, ForumKind.GANG_COUNCIL}
)

KeyPath = tuple[str | int, ...]


# Schema ---------------------------------------------------------------------------------------


def _code(value: Any) -> Any:
    """Kommunekoder may be written unquoted (``161``); they are three digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:03d}"
    return value


MunicipalityCode = Annotated[StrictStr, BeforeValidator(_code), Field(pattern=r"^\d{3}$")]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class OrganisationSpec(_Spec):
    name: StrictStr = Field(min_length=1, max_length=200)
    kind: OrganisationKind
    parent: StrictStr | None = None


class SeatSpec(_Spec):
    title: StrictStr = Field(min_length=1, max_length=200)
    role: MembershipRole = MembershipRole.MEMBER
    organisation_kind: OrganisationKind | None = None
    organisation: StrictStr | None = None
    municipality: MunicipalityCode | None = None
    count: StrictInt = Field(default=1, ge=1)
    per_organisation: StrictBool = False


class ForumSpec(_Spec):
    name: StrictStr = Field(min_length=1, max_length=200)
    kind: ForumKind
    level: Level
    municipality: MunicipalityCode | None = None
    school_district: StrictStr = ""
    member_municipalities: list[MunicipalityCode] = []
    pro_area: ProArea | None = None
    legal_basis: StrictStr = ""
    allows_person_sensitive: StrictBool = False
    purpose: StrictStr = ""
    chair_rule: StrictStr = ""
    meetings_per_year_min: StrictInt | None = None
    meetings_per_year_max: StrictInt | None = None
    recurrence_rule: StrictStr = ""
    anchor_months: list[StrictInt] = []
    cadence_note: StrictStr = ""
    rotates_host: StrictBool = False
    agenda_deadline_days: StrictInt | None = Field(default=None, ge=0)
    cancel_without_items: StrictBool = False
    has_decision_power: StrictBool = True
    reports_to: StrictStr | None = None
    seats: list[SeatSpec] = []


class PackSpec(_Spec):
    municipality: MunicipalityCode | None = None
    police_district: StrictStr | None = None
    organisations: list[OrganisationSpec] = []
    forums: list[ForumSpec] = []


# Errors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackIssue:
    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}: " if self.file else ""
        return f"{place}{self.key}: {self.message}" if self.key else f"{place}{self.message}"


class PackError(Exception):
    """The pack cannot be loaded; ``issues`` say where and why."""

    def __init__(self, issues: list[PackIssue]) -> None:
        super().__init__("\n".join(str(issue) for issue in issues))
        self.issues = issues


def _key(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass
class _Source:
    """The parsed file: its data and the line of every key (1-based)."""

    name: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def issue(self, path: KeyPath, message: str) -> PackIssue:
        probe = path
        while probe and probe not in self.lines:
            probe = probe[:-1]
        return PackIssue(self.name, self.lines.get(probe, 1), _key(path), message)


# Parse ----------------------------------------------------------------------------------------


def _parse(text: str, name: str) -> _Source:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise PackError(
            [PackIssue(name, line, "", _("ugyldig YAML: %(problem)s") % {"problem": exc.problem or exc})]
        ) from exc
    source = _Source(name, data)
    issues: list[PackIssue] = []
    if root is not None:
        _record_lines(root, (), source, issues)
    if issues:
        raise PackError(issues)
    return source


def _record_lines(node: yaml.Node, path: KeyPath, source: _Source, issues: list[PackIssue]) -> None:
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                issues.append(
                    PackIssue(source.name, key_node.start_mark.line + 1, _key((*path, key)), _("nøglen står to gange"))
                )
            seen.add(key)
            source.lines[(*path, key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key), source, issues)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), source, issues)


# Validate -------------------------------------------------------------------------------------


@dataclass
class _Scope:
    """Where the pack's objects live and what it owns there."""

    municipality: Municipality | None
    district: PoliceDistrict
    municipalities: dict[str, Municipality]

    def standard_forum_names(self) -> set[tuple[str, str]]:
        if self.municipality is not None:
            return set()
        names = {("", f"Kredsrådet i {self.district.name}"), ("", f"SSP-samrådet i {self.district.name}")}
        return names | {(code, f"Lokalrådet i {m.name}") for code, m in self.municipalities.items()}

    def forums(self) -> QuerySet[Forum]:
        if self.municipality is not None:
            return Forum.objects.filter(municipality=self.municipality).exclude(kind__in=DISTRICT_GOVERNED_KINDS)
        return Forum.objects.filter(
            Q(police_district=self.district)
            | Q(municipality__police_district=self.district, kind__in=DISTRICT_GOVERNED_KINDS)
        )

    def organisations(self) -> QuerySet[Organisation]:
        if self.municipality is not None:
            return Organisation.objects.filter(municipality=self.municipality)
        return Organisation.objects.filter(police_district=self.district)

    def borrowed_organisations(self) -> QuerySet[Organisation]:
        """Organisations a seat may name without the pack owning them: a municipality's police district's."""
        if self.municipality is None:
            return Organisation.objects.none()
        return Organisation.objects.filter(police_district=self.district)


def _schema(source: _Source) -> PackSpec:
    if not isinstance(source.data, dict):
        raise PackError(
            [
                source.issue(
                    (), _("en pakke er en YAML-mapping med municipality eller police_district, organisations og forums")
                )
            ]
        )
    try:
        return PackSpec.model_validate(source.data)
    except SchemaError as exc:
        raise PackError([source.issue(tuple(error["loc"]), _schema_message(error)) for error in exc.errors()]) from exc


def _unknown_code(code: str | None) -> str:
    return _("ukendt kommunekode %(code)s") % {"code": code}


# What pydantic's error types expect, in the words of the error lines.
_EXPECTED = {
    "int_type": _lazy("forventede et heltal"),
    "int_parsing": _lazy("forventede et heltal"),
    "bool_type": _lazy("forventede true eller false"),
    "string_type": _lazy("forventede tekst"),
    "list_type": _lazy("forventede en liste"),
    "model_type": _lazy("forventede en mapping (nøgle: værdi)"),
    "dict_type": _lazy("forventede en mapping (nøgle: værdi)"),
    "string_pattern_mismatch": _lazy("forventede en kommunekode med tre cifre"),
    "string_too_short": _lazy("må ikke være tom"),
    "string_too_long": _lazy("er for lang"),
}


def _schema_message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return _("ukendt nøgle")
    if kind == "missing":
        return _("mangler (skal angives)")
    if kind == "enum":
        expected = _("forventede en af %(values)s") % {
            "values": error["ctx"]["expected"].replace("' or '", "' eller '")
        }
    elif kind in ("greater_than_equal", "greater_than"):
        expected = _("skal være mindst %(limit)s") % {"limit": error["ctx"].get("ge", error["ctx"].get("gt"))}
    else:
        expected = str(_EXPECTED.get(kind, error["msg"]))
    return _("%(expected)s (fik %(value)r)") % {"expected": expected, "value": error["input"]}


def _scope(source: _Source, pack: PackSpec) -> _Scope:
    if (pack.municipality is None) == (pack.police_district is None):
        raise PackError(
            [source.issue((), _("angiv enten municipality (kommunekode) eller police_district (kortnavn), ikke begge"))]
        )
    if pack.municipality is not None:
        municipality = Municipality.objects.select_related("police_district").filter(code=pack.municipality).first()
        if municipality is None:
            raise PackError([source.issue(("municipality",), _unknown_code(pack.municipality))])
        return _Scope(municipality, municipality.police_district, {municipality.code: municipality})
    district = PoliceDistrict.objects.filter(slug=pack.police_district).first()
    if district is None:
        slugs = ", ".join(PoliceDistrict.objects.values_list("slug", flat=True))
        raise PackError(
            [
                source.issue(
                    ("police_district",),
                    _("ukendt politikreds %(slug)r; forventede en af %(slugs)s")
                    % {"slug": pack.police_district, "slugs": slugs},
                )
            ]
        )
    return _Scope(None, district, {m.code: m for m in district.municipalities.all()})


def _check_names(source: _Source, pack: PackSpec, scope: _Scope) -> None:
    """Duplicate names, unknown codes and references that point nowhere, all reported at once."""
    issues: list[PackIssue] = []
    organisation_names = _unique(
        source, [((("organisations", i, "name")), o.name) for i, o in enumerate(pack.organisations)], issues
    )
    known_organisations = organisation_names | set(scope.borrowed_organisations().values_list("name", flat=True))
    for i, organisation in enumerate(pack.organisations):
        if organisation.parent is not None and organisation.parent not in organisation_names:
            issues.append(
                source.issue(
                    ("organisations", i, "parent"),
                    _("ukendt organisation %(name)r; forventede en af pakkens organisationer")
                    % {"name": organisation.parent},
                )
            )
    forum_keys = _unique(
        source, [(("forums", i, "name"), (f.municipality or "", f.name)) for i, f in enumerate(pack.forums)], issues
    )
    forum_names = {name for _, name in forum_keys} | set(
        Forum.objects.filter(_near(scope)).values_list("name", flat=True)
    )
    codes = set(Municipality.objects.values_list("code", flat=True))
    for i, forum in enumerate(pack.forums):
        issues += _check_forum_names(source, scope, i, forum, forum_names, known_organisations, codes)
    if issues:
        raise PackError(issues)


def _near(scope: _Scope) -> Q:
    """Forums a pack may report to by name: its district's and its municipalities'."""
    return Q(police_district=scope.district) | Q(municipality__in=scope.municipalities.values())


def _unique(source: _Source, entries: list[tuple[KeyPath, Any]], issues: list[PackIssue]) -> set[Any]:
    seen: set[Any] = set()
    for path, value in entries:
        if value in seen:
            shown = value[1] if isinstance(value, tuple) else value
            issues.append(
                source.issue(path, _("navnet %(name)r står to gange; navne skal være entydige") % {"name": shown})
            )
        seen.add(value)
    return seen


def _check_forum_names(
    source: _Source,
    scope: _Scope,
    i: int,
    forum: ForumSpec,
    forum_names: set[str],
    organisations: set[str],
    codes: set[str],
) -> Iterator[PackIssue]:
    here = ("forums", i)
    if forum.municipality is not None:
        if scope.municipality is not None:
            yield source.issue(
                (*here, "municipality"), _("kun en politikreds' pakke placerer fora i en kommune; udelad nøglen")
            )
        elif forum.municipality not in scope.municipalities:
            yield source.issue(
                (*here, "municipality"),
                _("kommunekode %(code)s ligger ikke i %(district)s; forventede en af %(codes)s")
                % {
                    "code": forum.municipality,
                    "district": scope.district.name,
                    "codes": ", ".join(sorted(scope.municipalities)),
                },
            )
        elif forum.kind not in DISTRICT_GOVERNED_KINDS:
            yield source.issue(
                (*here, "kind"),
                _(
                    "kun lokalråd, lokalråd+, PSP og banderåd hører til politikredsens pakke; "
                    "andre kommunale fora hører til kommunens pakke"
                ),
            )
    elif scope.municipality is not None and forum.kind in DISTRICT_GOVERNED_KINDS:
        yield source.issue((*here, "kind"), _("lokalråd, lokalråd+, PSP og banderåd beskrives i politikredsens pakke"))
    for j, code in enumerate(forum.member_municipalities):
        if code not in codes:
            yield source.issue((*here, "member_municipalities", j), _unknown_code(code))
    if forum.reports_to is not None and forum.reports_to not in forum_names:
        yield source.issue(
            (*here, "reports_to"),
            _("ukendt forum %(name)r; forventede et forum i pakken eller i %(district)s")
            % {"name": forum.reports_to, "district": scope.district.name},
        )
    for j, seat in enumerate(forum.seats):
        if seat.organisation is not None and seat.organisation not in organisations:
            yield source.issue(
                (*here, "seats", j, "organisation"),
                _("ukendt organisation %(name)r; forventede en af pakkens organisationer eller politikredsens")
                % {"name": seat.organisation},
            )
        if seat.municipality is not None and seat.municipality not in codes:
            yield source.issue((*here, "seats", j, "municipality"), _unknown_code(seat.municipality))
    titles: list[PackIssue] = []
    _unique(source, [((*here, "seats", j, "title"), s.title) for j, s in enumerate(forum.seats)], titles)
    yield from titles


# Apply ----------------------------------------------------------------------------------------

_FORUM_FIELDS = (
    "school_district",
    "pro_area",
    "legal_basis",
    "allows_person_sensitive",
    "purpose",
    "chair_rule",
    "meetings_per_year_min",
    "meetings_per_year_max",
    "recurrence_rule",
    "anchor_months",
    "cadence_note",
    "rotates_host",
    "agenda_deadline_days",
    "cancel_without_items",
    "has_decision_power",
)


class _Applier:
    """Writes a validated pack through the services, collecting every refusal with its place in the file."""

    def __init__(self, source: _Source, pack: PackSpec, scope: _Scope, actor: User, source_name: str) -> None:
        self.source, self.pack, self.scope, self.actor = source, pack, scope, actor
        self.source_name = source_name
        self.issues: list[PackIssue] = []
        self.organisations = {o.name: o for o in scope.organisations()}
        self.borrowed = {o.name: o for o in scope.borrowed_organisations()}
        self.forums = {
            _forum_key(f): f
            for f in scope.forums().select_related("municipality").prefetch_related("member_municipalities", "seats")
        }
        # Forums read here have their seats prefetched; a forum the pack creates has none to ask for.
        self.known_forums = {f.pk for f in self.forums.values()}
        self.pack_forum_keys = {spec.name: (spec.municipality or "", spec.name) for spec in pack.forums}
        self.near_forums = {f.name: f for f in Forum.objects.filter(_near(scope))}

    def attempt(self, here: KeyPath, write: Any, obj: Any) -> None:
        """One write through a per-object service (deletions), its refusal kept with its place in the file."""
        try:
            write(obj, actor=self.actor, source=self.source_name)
        except services.StructureError as exc:
            self.refused(here, exc.message_dict)

    def refused(self, here: KeyPath, messages: dict[str, list[str]]) -> None:
        for name, texts in messages.items():
            path = here if name == NON_FIELD_ERRORS else (*here, _PACK_KEYS.get(name, name))
            self.issues += [self.source.issue(path, text) for text in texts]

    def write(self, save: Any, pending: list[tuple[KeyPath, Any]], **kwargs: Any) -> None:
        """Write the pending objects with one bulk service call (a few queries, not a few per object)."""
        if pending:
            try:
                save([obj for _here, obj in pending], actor=self.actor, source=self.source_name, **kwargs)
            except services.StructureErrors as exc:
                for index, messages in exc.errors.items():
                    self.refused(pending[index][0], messages)
        self.checkpoint()

    def checkpoint(self) -> None:
        if self.issues:
            raise PackError(self.issues)

    def run(self) -> None:
        self.save_organisations()
        self.save_forums()
        self.save_seats()
        self.delete_unnamed()

    def save_organisations(self) -> None:
        scope = self.scope
        pending: list[tuple[KeyPath, Organisation]] = []
        for i, spec in enumerate(self.pack.organisations):
            organisation = self.organisations.get(spec.name) or Organisation(
                name=spec.name,
                municipality=scope.municipality,
                police_district=None if scope.municipality else scope.district,
            )
            before = _state(organisation)
            organisation.kind = spec.kind
            # A parent that changes is set in a second pass, so a reordered tree never looks like a cycle midway.
            if organisation.parent_id != _pk(self.organisations.get(spec.parent or "")):
                organisation.parent = None
            if organisation.pk is None or _state(organisation) != before:
                pending.append((("organisations", i), organisation))
            self.organisations[spec.name] = organisation
        self.write(services.save_organisations, pending)
        pending = []
        for i, spec in enumerate(self.pack.organisations):
            organisation = self.organisations[spec.name]
            if spec.parent is not None and organisation.parent_id != self.organisations[spec.parent].pk:
                organisation.parent = self.organisations[spec.parent]
                pending.append((("organisations", i), organisation))
        self.write(services.save_organisations, pending)

    def save_forums(self) -> None:
        codes = {spec.municipality for spec in self.pack.forums} | {
            code for spec in self.pack.forums for code in spec.member_municipalities
        }
        municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes - {None})}
        pending: list[tuple[KeyPath, Forum]] = []
        member_lists: list[list[Municipality] | None] = []
        for i, spec in enumerate(self.pack.forums):
            forum = self.forums.get((spec.municipality or "", spec.name)) or Forum(name=spec.name)
            before = _state(forum)
            self._scope_forum(forum, spec, municipalities)
            forum.kind, forum.level = spec.kind, spec.level
            for name in _FORUM_FIELDS:
                value = getattr(spec, name)
                setattr(forum, name, "" if value is None and name == "pro_area" else value)
            # A reports_to that changes follows in a second pass, as for parents (the pack's own new forums get
            # their keys in the first pass's insert).
            if forum.reports_to_id != _pk(self.target(spec.reports_to)):
                forum.reports_to = None
            members = [municipalities[code] for code in spec.member_municipalities]
            current = {m.pk for m in forum.member_municipalities.all()} if forum.pk else set()
            changed_members = members if current != {m.pk for m in members} or forum.pk is None else None
            if forum.pk is None or _state(forum) != before or changed_members is not None:
                pending.append((("forums", i), forum))
                member_lists.append(changed_members)
            self.forums[_forum_key(forum)] = forum
        self.write(services.save_forums, pending, member_municipalities=member_lists)
        pending = []
        for i, spec in enumerate(self.pack.forums):
            forum = self.forums[(spec.municipality or "", spec.name)]
            target = self.target(spec.reports_to)
            if forum.reports_to_id != _pk(target):
                forum.reports_to = target
                pending.append((("forums", i), forum))
        self.write(services.save_forums, pending)

    def target(self, name: str | None) -> Forum | None:
        """The forum ``reports_to`` names: one of the pack's (once saved), else one near the pack's scope."""
        if name is None:
            return None
        key = self.pack_forum_keys.get(name)
        if key is not None:
            forum = self.forums.get(key)
            return forum if forum is not None and forum.pk is not None else None
        return self.near_forums.get(name)

    def _scope_forum(self, forum: Forum, spec: ForumSpec, municipalities: dict[str, Municipality]) -> None:
        if spec.municipality is not None:
            forum.municipality, forum.police_district = municipalities[spec.municipality], None
        elif self.scope.municipality is not None:
            forum.municipality, forum.police_district = self.scope.municipality, None
        else:
            forum.municipality, forum.police_district = None, self.scope.district

    def save_seats(self) -> None:
        codes = {seat.municipality for spec in self.pack.forums for seat in spec.seats}
        municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes - {None})}
        pending: list[tuple[KeyPath, Seat]] = []
        for i, spec in enumerate(self.pack.forums):
            forum = self.forums[(spec.municipality or "", spec.name)]
            existing = {seat.title: seat for seat in forum.seats.all()} if forum.pk in self.known_forums else {}
            for j, seat_spec in enumerate(spec.seats):
                seat = existing.pop(seat_spec.title, None) or Seat(forum=forum, title=seat_spec.title)
                before = _state(seat)
                seat.role, seat.count, seat.per_organisation = (
                    seat_spec.role,
                    seat_spec.count,
                    seat_spec.per_organisation,
                )
                seat.organisation_kind = seat_spec.organisation_kind or ""
                name = seat_spec.organisation or ""
                seat.organisation = self.organisations.get(name) or self.borrowed.get(name)
                seat.municipality = municipalities.get(seat_spec.municipality or "")
                if seat.pk is None or _state(seat) != before:
                    pending.append((("forums", i, "seats", j), seat))
            for seat in existing.values():
                services.delete_seat(seat, actor=self.actor, source=self.source_name)
        self.write(services.save_seats, pending)

    def delete_unnamed(self) -> None:
        named = {(spec.municipality or "", spec.name) for spec in self.pack.forums}
        keep = named | self.scope.standard_forum_names()
        for key, forum in self.forums.items():
            if key not in keep:
                self.attempt(("forums",), services.delete_forum, forum)
        names = {spec.name for spec in self.pack.organisations}
        for name, organisation in self.organisations.items():
            if name not in names:
                self.attempt(("organisations",), services.delete_organisation, organisation)
        self.checkpoint()


def _state(obj: Forum | Organisation | Seat) -> dict[str, Any]:
    """The stored values of ``obj``, to tell whether the pack changes it."""
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _pk(obj: Forum | Organisation | None) -> int | None:
    return obj.pk if obj is not None else None


# Model field names the services name in errors, as the pack spells them.
_PACK_KEYS = {"police_district": "municipality"}


def _forum_key(forum: Forum) -> tuple[str, str]:
    """A forum's identity inside a pack: its municipality (for a district pack's local forums) and name."""
    municipality = forum.municipality
    return (municipality.code if municipality is not None and forum.kind in DISTRICT_GOVERNED_KINDS else "", forum.name)


# Export and diff ------------------------------------------------------------------------------


def _export(scope: _Scope) -> dict[str, Any]:
    """The pack's part of the database in the pack format, leaving out values equal to the defaults."""
    data: dict[str, Any] = (
        {"municipality": scope.municipality.code} if scope.municipality else {"police_district": scope.district.slug}
    )
    organisations = scope.organisations().select_related("parent").order_by("name")
    data["organisations"] = [
        {"name": o.name, "kind": o.kind, **({"parent": o.parent.name} if o.parent else {})} for o in organisations
    ]
    forums = (
        scope.forums()
        .select_related("municipality", "reports_to")
        .prefetch_related("member_municipalities", "seats__organisation", "seats__municipality")
        .order_by("municipality__code", "name")
    )
    data["forums"] = [_forum_entry(forum, scope) for forum in forums]
    return data


def _forum_entry(forum: Forum, scope: _Scope) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": forum.name, "kind": forum.kind, "level": forum.level}
    if scope.municipality is None and forum.municipality is not None:
        entry["municipality"] = forum.municipality.code
    for name in _FORUM_FIELDS:
        value = getattr(forum, name)
        default = ForumSpec.model_fields[name].get_default(call_default_factory=True)
        if value != default and not (name == "pro_area" and value == ""):
            entry[name] = value
    codes = sorted(m.code for m in forum.member_municipalities.all())
    if codes:
        entry["member_municipalities"] = codes
    if forum.reports_to is not None:
        entry["reports_to"] = forum.reports_to.name
    seats = [_seat_entry(seat) for seat in forum.seats.all()]
    if seats:
        entry["seats"] = seats
    return entry


def _seat_entry(seat: Seat) -> dict[str, Any]:
    entry: dict[str, Any] = {"title": seat.title}
    if seat.role != MembershipRole.MEMBER:
        entry["role"] = seat.role
    if seat.organisation_kind:
        entry["organisation_kind"] = seat.organisation_kind
    if seat.organisation is not None:
        entry["organisation"] = seat.organisation.name
    if seat.municipality is not None:
        entry["municipality"] = seat.municipality.code
    if seat.count != 1:
        entry["count"] = seat.count
    if seat.per_organisation:
        entry["per_organisation"] = True
    return entry


def _diff(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """One line per organisation or forum created, changed (naming the keys) or deleted."""
    changes: list[str] = []
    for section, label in (("organisations", "organisation"), ("forums", "forum")):
        old = {(e.get("municipality", ""), e["name"]): e for e in before[section]}
        new = {(e.get("municipality", ""), e["name"]): e for e in after[section]}
        for key in sorted(new.keys() - old.keys()):
            changes.append(f"+ {label} {key[1]}")
        for key in sorted(new.keys() & old.keys()):
            keys = sorted(k for k in old[key].keys() | new[key].keys() if old[key].get(k) != new[key].get(k))
            if keys:
                changes.append(f"~ {label} {key[1]}: {', '.join(keys)}")
        for key in sorted(old.keys() - new.keys()):
            changes.append(f"- {label} {key[1]}")
    return changes


# Entry points ---------------------------------------------------------------------------------


def load_pack(path: Path, *, actor: User, dry_run: bool = False) -> list[str]:
    """Make the database match the pack at ``path``; return the changes (rolled back on ``dry_run``).

    Every change is written by ``actor`` and logged with the pack's file name as its source.

    Raises :class:`PackError` naming file, line and key; the database is then unchanged.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([PackIssue(str(path), 1, "", _("filen kan ikke læses: %(error)s") % {"error": exc})]) from exc
    source = _parse(text, str(path))
    pack = _schema(source)
    with transaction.atomic():
        scope = _scope(source, pack)
        _check_names(source, pack, scope)
        before = _export(scope)
        _Applier(source, pack, scope, actor, _source_name(path)).run()
        changes = _diff(before, _export(scope))
        if dry_run:
            transaction.set_rollback(True)
    return changes


def _source_name(path: Path) -> str:
    """The pack's file as the log shows it: relative to the shipped packs' folder when it is one of them."""
    try:
        return str(path.resolve().relative_to(PACKS_DIR.resolve().parent))
    except ValueError:
        return str(path)[-300:]


def export_pack(code: str) -> str:
    """The pack (YAML) of a municipality's kommunekode or a police district's slug."""
    municipality = Municipality.objects.select_related("police_district").filter(code=code).first()
    if municipality is not None:
        scope = _Scope(municipality, municipality.police_district, {municipality.code: municipality})
    else:
        district = PoliceDistrict.objects.filter(slug=code).first()
        if district is None:
            raise PackError([PackIssue("", 0, "", _("ukendt kommunekode eller politikreds %(code)r") % {"code": code})])
        scope = _Scope(None, district, {m.code: m for m in district.municipalities.all()})
    return yaml.safe_dump(_export(scope), allow_unicode=True, sort_keys=False, width=100)
