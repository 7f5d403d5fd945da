"""Writes of the daily-report intake: preview, confirm or reject a grey-zone row, commit.

The preview is stored (``IntakePreview`` and its ``PreviewRow``s), so the consultant can leave and come back and
several app servers see the same preview. Nothing becomes an intake before ``commit_preview``, which writes all of
the actor's rows or none.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.concerns import services as concern_services
from ssp.intake.linkage import (
    FieldWeight,
    LinkResult,
    Method,
    Name,
    Outcome,
    Query,
    Scored,
    link_many,
    match_probability,
    total_bits,
)
from ssp.intake.models import (
    ImportJob,
    ImportState,
    Intake,
    IntakePreview,
    IntakeSetting,
    LinkMethod,
    Notification,
    PreviewCommit,
    PreviewPersons,
    PreviewRow,
    PreviewStatus,
    RowDecision,
    RowState,
)
from ssp.intake.registry import DatabaseRegistry
from ssp.intake.report import ParsedReport, ReportLine, ReportSource, parse_report
from ssp.lib import crypto
from ssp.lib.bulk import AnyOf, JsonText, cyclic_gc_paused, insert_rows, probe_each
from ssp.lib.tabular import CellError, TabularError
from ssp.privacy import door, policy
from ssp.privacy.models import AuditAction
from ssp.structure.models import Municipality

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
_OUTCOME_STATE = {
    Outcome.LINKED: RowState.LINKED,
    Outcome.NEEDS_CONFIRMATION: RowState.NEEDS_CONFIRMATION,
    Outcome.NEW_CITIZEN: RowState.NEW_CITIZEN,
}


@dataclass(frozen=True)
class CommitResult:
    rows: int
    citizens: int
    intakes: int


# --- preview ----------------------------------------------------------------------------------------------


def _query(line: ReportLine) -> Query | None:
    if line.name is None and not line.cpr:
        return None
    name = line.name or Name(first="", middle=(), last=())
    return Query(name, line.birth_date, crypto.lookup_hash(line.cpr) if line.cpr else "")


# The JSON of the columns most rows leave empty, written once: 10,000 rows through the encoder cost 0.1 s.
_EMPTY_OBJECT = JsonText("{}")
_EMPTY_LIST = JsonText("[]")


def _candidates_json(result: LinkResult) -> JsonText:
    """The row's candidates as the ``candidates`` column's JSON:
    ``[{"citizen", "probability", "total", "prior", "weights": [[field, level, bits], …]}, …]``."""
    return JsonText(f"[{','.join(map(_candidate_json, result.candidates))}]")


def _candidate_json(scored: Scored) -> str:
    # Written as text (a float's repr is its JSON): a report's candidates through the JSON encoder, as nested
    # dicts and lists, cost 0.16 s of CPU per 10,000 rows, the text 0.10 s.
    return f'{{"citizen":{int(scored.candidate.ref)},{_score_json(scored.weights, scored.prior)}}}'


@lru_cache(maxsize=4096)
def _score_json(weights: tuple[FieldWeight, ...], prior: float) -> str:
    # Cached: the probability and total follow from the waterfall and the prior, which a report's 20,000
    # candidates repeat a few thousand times.
    total = total_bits(prior, weights)
    return (
        f'"probability":{round(match_probability(total), 4)!r},"total":{round(total, 2)!r},'
        f'"prior":{round(prior, 2)!r},"weights":{_waterfall_json(weights)}'
    )


@lru_cache(maxsize=4096)
def _waterfall_json(weights: tuple[FieldWeight, ...]) -> str:
    # Cached whole: a report's 20,000 candidates repeat a few thousand waterfalls of a few hundred bars.
    return f"[{','.join(map(_weight_json, weights))}]"


@lru_cache(maxsize=4096)
def _weight_json(weight: FieldWeight) -> str:
    return json.dumps([weight.field.value, weight.level.value, round(weight.weight, 2)], separators=(",", ":"))


@lru_cache(maxsize=64)
def _reasons_json(reasons: tuple[str, ...]) -> JsonText:
    return JsonText(json.dumps(list(reasons)))


def _payload(line: ReportLine) -> dict[str, Any]:
    """Who the row is about, as the file wrote it: encrypted in the preview (``PreviewRow.payload``)."""
    return {
        "cpr": line.cpr,
        "written_name": line.written_name,
        "given_names": line.given_names,
        "last_name": line.last_name,
        "birth_date": line.birth_date.isoformat() if line.birth_date else "",
    }


def _cells(errors: Sequence[CellError], warnings: Sequence[CellError]) -> JsonText:
    """The ``cells`` column's JSON: ``{cell or column: [{"state": "error"|"warning", "message": …}, …]}``."""
    if not errors and not warnings:
        return _EMPTY_OBJECT
    return _cells_json(_problems(errors), _problems(warnings))


def _problems(problems: Sequence[CellError]) -> tuple[tuple[str, str], ...]:
    return tuple((problem.cell or problem.column, problem.message) for problem in problems)


@lru_cache(maxsize=1024)
def _cells_json(errors: tuple[tuple[str, str], ...], warnings: tuple[tuple[str, str], ...]) -> JsonText:
    # Cached: a report's problems repeat (a third of its CPR numbers may fail modulus 11, with the same warning).
    cells: dict[str, list[dict[str, str]]] = {}
    for state, problems in (("error", errors), ("warning", warnings)):
        for where, message in problems:
            cells.setdefault(where, []).append({"state": state, "message": message})
    return JsonText(json.dumps(cells))


def _district_id(actor: User) -> int | None:
    if actor.municipality_id is not None:
        return Municipality.objects.filter(pk=actor.municipality_id).values_list("police_district_id", flat=True)[0]
    return int(actor.police_district_id) if actor.police_district_id is not None else None


def _route(
    lines: list[ReportLine], results: dict[int, LinkResult], actor: User, home: int | None
) -> tuple[dict[int, int | None], dict[int, str]]:
    """Each row's municipality (column, else linked citizen, else the uploader's) and routing errors by row."""
    codes = {line.municipality for line in lines if line.municipality}
    places = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    in_district = set(Municipality.objects.filter(police_district_id=_district_id(actor)).values_list("pk", flat=True))
    routed: dict[int, int | None] = {}
    problems: dict[int, str] = {}
    for line in lines:
        result = results.get(line.number)
        place: int | None = None
        if line.municipality:
            found = places.get(line.municipality)
            place = found.pk if found else None
            if found is None:
                problems[line.number] = _("Kommunekoden findes ikke.")
        elif result is not None and result.chosen is not None:
            place = result.chosen.candidate.municipality
        else:
            place = home
        if place is None and line.number not in problems:
            problems[line.number] = _("Kommunen kan ikke afgøres; udfyld kolonnen Kommunekode.")
        elif place is not None and place not in in_district:
            problems[line.number] = _("Rækken handler om en borger i en kommune uden for politikredsen.")
        routed[line.number] = place
    return routed, problems


def _triage_filter(municipality_ids: set[int]) -> dict[int, bool]:
    """Per municipality: does the meeting take only suspects under 18 (default yes, the common practice)?"""
    chosen = dict(
        IntakeSetting.objects.filter(municipality_id__in=municipality_ids).values_list(
            "municipality_id", "triage_only_suspects_under_18"
        )
    )
    return {pk: chosen.get(pk, True) for pk in municipality_ids}


def _imported_before(lines: list[ReportLine], results: dict[int, LinkResult]) -> set[tuple[str, int]]:
    """(journal number, citizen) pairs already stored, among each row's link or, unlinked, its candidates."""
    pairs = {(line.journal, citizen) for line in lines if (r := results.get(line.number)) for citizen in _could_be(r)}
    if not pairs:
        return set()
    if connection.vendor != "postgresql":
        citizens = sorted({citizen for _, citizen in pairs})
        journals = sorted({journal for journal, _ in pairs})
        found = Intake.objects.filter(AnyOf(F("citizen_id"), citizens), AnyOf(F("journal_number"), journals))
        return set(found.order_by().values_list("journal_number", "citizen_id")) & pairs
    # One probe of the (citizen, journal number) index per pair: as ``= ANY`` lists the planner scanned every
    # intake (0.4 s with 160,000 intakes, growing with the table).
    keys = sorted(pairs)
    stored = Intake.objects.values_list("journal_number", "citizen_id")
    sql, params = probe_each(stored, {"citizen": [c for _, c in keys], "journal_number": [j for j, _ in keys]})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return set(cursor.fetchall())


def _stored_before(journal: str, result: LinkResult, before: set[tuple[str, int]]) -> list[int]:
    """The row's citizens already imported with its journal number (``_imported_before``), best first."""
    return [citizen for citizen in _could_be(result) if (journal, citizen) in before]


def _could_be(result: LinkResult) -> list[int]:
    """The citizens a row may be: its link's, or unlinked, its candidates' (a linked row's runners-up are not it)."""
    chosen = result.chosen
    return [chosen.candidate.ref] if chosen else [scored.candidate.ref for scored in result.candidates]


def _person_key(line: ReportLine) -> str:
    if line.cpr:
        return crypto.lookup_hash(line.cpr)
    name = line.name
    return f"{name.first}|{'-'.join(name.last)}|{line.birth_date}" if name else ""


def _check_uploader(actor: User, municipality: Municipality | None) -> int | None:
    """The home of rows that say nothing else (default the uploader's); ``PermissionDenied`` if not the actor's."""
    home = municipality.pk if municipality else actor.municipality_id
    if not policy.intake_inbox(actor).exists() or (home is not None and not policy.may_handle_intake(actor, home)):
        raise PermissionDenied
    return home


@cyclic_gc_paused()
def create_preview(
    data: bytes,
    *,
    actor: User,
    file_name: str,
    source: str = ReportSource.DAILY_REPORT,
    municipality: Municipality | None = None,
    today: date | None = None,
    on_progress: Callable[[int, bool], None] | None = None,
) -> IntakePreview:
    """Read, check, link and route an uploaded report into a stored preview; nothing is imported yet.

    1. Only a user with an intake inbox may upload (``ssp.privacy.policy.intake_inbox``), and ``municipality`` (the home of
       rows that say nothing else; default the uploader's) must be in it; otherwise ``PermissionDenied``.
    2. A file-level problem (size, format, encoding, missing columns) is a ``ValidationError`` on ``file``.
    3. Every row is linked (``ssp.intake.linkage`` against the database register, a fixed number of queries) and
       routed to the municipality where the citizen lives: the file's Kommunekode, else the linked citizen's
       municipality, else the uploader's. A row about a municipality outside the police district is an error.
    4. A row whose journal number and citizen were imported before, or repeat an earlier row, is "already
       imported". Rows the municipality does not triage (by default: all but suspects under 18) are marked so.

    ``on_progress(rows read, reading done)`` follows the reading (``ImportJob``). The file is read outside the
    transaction that stores the preview, so a worker's progress writes are seen while it reads.
    """
    home = _check_uploader(actor, municipality)
    read = (lambda rows: on_progress(rows, False)) if on_progress else None
    try:
        report = parse_report(data, max_bytes=MAX_UPLOAD_BYTES, today=today or timezone.localdate(), on_progress=read)
    except TabularError as problem:
        raise ValidationError({"file": str(problem)}) from None
    if on_progress:
        on_progress(len(report.lines), True)
    return _store_preview(report, data, actor=actor, file_name=file_name, source=source, home=home)


@transaction.atomic
def _store_preview(
    report: ParsedReport, data: bytes, *, actor: User, file_name: str, source: str, home: int | None
) -> IntakePreview:
    """Link, route and store the read report as a preview (one transaction)."""
    queries = {line.number: q for line in report.lines if not line.person_invalid and (q := _query(line))}
    linked = link_many(
        list(queries.values()), DatabaseRegistry(door.citizen_register_for_linkage(actor, rows=len(queries)))
    )
    results = dict(zip(queries.keys(), linked, strict=True))
    routed, routing_problems = _route(report.lines, results, actor, home)
    triage_only_young_suspects = _triage_filter({pk for pk in routed.values() if pk is not None})
    before = _imported_before(report.lines, results)
    preview = IntakePreview(
        source=source,
        created_by=actor,
        municipality_id=actor.municipality_id,
        police_district_id=None if actor.municipality_id else actor.police_district_id,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
    )
    preview.full_clean()
    preview.save()
    seen: dict[tuple[str, str], int] = {}
    persons: dict[int | None, dict[int, dict[str, Any]]] = {}

    def rows() -> Iterator[tuple[Any, ...]]:
        for line in report.lines:
            if line.number in routing_problems:
                line.errors.append(
                    CellError(line.number, report.table.labels.get("municipality", ""), routing_problems[line.number])
                )
            persons.setdefault(routed.get(line.number), {})[line.number] = _payload(line)
            yield _row(preview, line, results.get(line.number), routed, triage_only_young_suspects, before, seen)

    # Written with COPY: 10,000 rows through bulk_create cost more than reading and linking them. Each row is
    # made as the COPY asks for it, so the database stores the first rows while Python makes the next.
    insert_rows(PreviewRow, ROW_FIELDS, rows())
    # COPY too: bulk_create sends the parts as one array literal, which PostgreSQL parsed at 0.25 s for 2 MB.
    insert_rows(
        PreviewPersons,
        ("preview", "municipality", "ciphertext"),
        ((preview.pk, place, PreviewPersons.encrypt(payloads)) for place, payloads in persons.items()),
    )
    return preview


ROW_FIELDS = (
    "preview",
    "number",
    "municipality",
    "state",
    "has_warning",
    "cells",
    "journal_number",
    "role",
    "occurred_at",
    "for_triage",
    "offence",
    "place",
    "unit",
    "note",
    "age_at_incident",
    "citizen",
    "candidates",
    "reasons",
    "link_method",
    "link_probability",
    "link_score",
    "link_weights",
    "decision",
)


def _row(
    preview: IntakePreview,
    line: ReportLine,
    result: LinkResult | None,
    routed: dict[int, int | None],
    triage_only_young_suspects: dict[int, bool],
    before: set[tuple[str, int]],
    seen: dict[tuple[str, str], int],
) -> tuple[Any, ...]:
    """The row's values in the order of ``ROW_FIELDS``, checked to fit their columns."""
    place = routed.get(line.number)
    # The chosen candidate is the link's citizen: marking the row imported before keeps a chosen citizen.
    chosen = result.chosen if result else None
    citizen = chosen.candidate.ref if chosen else None
    state = RowState.ERROR if line.errors or result is None else _OUTCOME_STATE[result.outcome]
    stored = _stored_before(line.journal, result, before) if before and result else []
    if state != RowState.ERROR and stored and (citizen is None or citizen in stored):
        # Imported before: a grey-zone row whose candidate already has this journal number is that citizen.
        state, citizen = RowState.ALREADY_IMPORTED, citizen or stored[0]
    key = (line.journal, str(citizen) if citizen else _person_key(line))
    if state != RowState.ERROR and state != RowState.ALREADY_IMPORTED and key in seen:
        state = RowState.ALREADY_IMPORTED
        line.warnings.append(
            CellError(line.number, "", _("Samme person og journalnummer som række %(row)d.") % {"row": seen[key]})
        )
    seen.setdefault(key, line.number)
    for_triage = not triage_only_young_suspects.get(place or 0, True) or line.is_suspect_under_18
    age = line.age
    return (
        preview.pk,
        line.number,
        place,
        state,
        bool(line.warnings),
        _cells(line.errors, line.warnings),
        line.journal[:100],
        line.role.value if line.role else "",
        line.occurred_at,
        for_triage,
        line.offence[:300],
        line.place[:300],
        line.unit[:200],
        line.note,
        age if age is not None and age >= 0 else None,
        citizen,
        _candidates_json(result) if result else _EMPTY_LIST,
        _reasons_json(result.reasons) if result else _EMPTY_LIST,
        result.method.value if result and chosen else "",
        round(chosen.probability, 4) if chosen else None,
        round(chosen.total, 2) if chosen else None,
        JsonText(_waterfall_json(chosen.weights)) if chosen else _EMPTY_LIST,
        RowDecision.NONE,
    )


# --- a large file, read in the background -----------------------------------------------------------------

# From this size (about 2,500 report rows) the file is read by the worker while the page shows progress; a smaller
# one is read within the upload's request, which answers in about a second and lands on the preview directly.
BACKGROUND_FROM_BYTES = 256 * 1024


def start_import(
    data: bytes, *, actor: User, file_name: str, source: str, municipality: Municipality | None
) -> ImportJob:
    """Keep the file (encrypted) for the worker and queue its reading; the same checks as ``create_preview``."""
    _check_uploader(actor, municipality)
    job = ImportJob(
        created_by=actor,
        municipality=municipality,
        source=source,
        file_name=file_name[:255],
        # An XLSX file (a zip) has no lines to count before it is read.
        rows_expected=0 if data.startswith(b"PK") else max(0, data.count(b"\n") - 1),
    )
    job.file = data
    job.full_clean()
    with transaction.atomic():
        job.save()
        transaction.on_commit(lambda: _enqueue_import(job.pk))
    return job


def _enqueue_import(job_id: uuid.UUID) -> None:
    from ssp.intake.tasks import read_report

    read_report.enqueue(str(job_id))


def run_import_job(job_id: str) -> str:
    """Read the job's file into a preview, writing how many rows are read as it goes (the waiting page shows it).

    A file the upload page would refuse ends the job as failed with the same problems; the file is then dropped.
    """
    job = ImportJob.objects.select_related("created_by", "municipality").get(pk=job_id)
    jobs = ImportJob.objects.filter(pk=job.pk)
    jobs.update(state=ImportState.READING, rows_read=0, error="")

    def progress(rows: int, done: bool) -> None:
        jobs.update(rows_read=rows, state=ImportState.LINKING if done else ImportState.READING)

    try:
        preview = create_preview(
            job.file,
            actor=job.created_by,
            file_name=job.file_name,
            source=job.source,
            municipality=job.municipality,
            on_progress=progress,
        )
    except PermissionDenied:
        # The uploader lost the municipality between upload and reading.
        return _fail(jobs, [_("Du kan ikke længere indlæse til den valgte kommune.")])
    except ValidationError as problem:
        return _fail(jobs, _messages(problem))
    except Exception:
        # Recorded for the waiting page and re-raised, so the queue shows the failure.
        _fail(jobs, [_("Filen kunne ikke læses.")])
        raise
    jobs.update(state=ImportState.DONE, preview=preview, file_ciphertext="", finished_at=timezone.now())
    return ImportState.DONE


def _fail(jobs: QuerySet[ImportJob], problems: list[str]) -> str:
    jobs.update(state=ImportState.FAILED, error="\n".join(problems), file_ciphertext="", finished_at=timezone.now())
    return ImportState.FAILED


def _messages(problem: ValidationError) -> list[str]:
    if hasattr(problem, "error_dict"):
        return [message for messages in problem.message_dict.values() for message in messages]
    return list(problem.messages)


# --- grey zone --------------------------------------------------------------------------------------------


LINK_FIELDS = ("citizen", "link_probability", "link_score", "link_weights")


def _decidable(row: PreviewRow, actor: User) -> None:
    if row.preview.status != PreviewStatus.OPEN or row.committed:
        raise ValidationError(_("Forhåndsvisningen er allerede indlæst eller kasseret."))
    if not policy.may_handle_intake(actor, row.municipality_id):
        raise PermissionDenied
    if row.state != RowState.NEEDS_CONFIRMATION:
        raise ValidationError(_("Kun rækker, der skal bekræftes, kan bekræftes eller afvises."))


@transaction.atomic
def confirm_row(row: PreviewRow, *, actor: User, citizen_id: int, request: HttpRequest | None = None) -> PreviewRow:
    """The consultant confirms that the row is ``citizen_id``, one of the candidates the preview showed."""
    _decidable(row, actor)
    if citizen_id not in {candidate["citizen"] for candidate in row.candidates}:
        raise ValidationError({"citizen_id": _("Borgeren er ikke blandt rækkens kandidater.")})
    chosen = next(candidate for candidate in row.candidates if candidate["citizen"] == citizen_id)
    row.citizen_id = citizen_id
    row.link_probability, row.link_score, row.link_weights = chosen["probability"], chosen["total"], chosen["weights"]
    row.decision = RowDecision.CONFIRMED
    row.decided_by, row.decided_at = actor, timezone.now()
    row.full_clean()
    row.save(update_fields=[*LINK_FIELDS, "decision", "decided_by", "decided_at"])
    door.record_change(
        actor,
        action=AuditAction.UPDATE,
        citizen=citizen_id,
        request=request,
        changed_fields=("link",),
        detail=f"intake_preview:{row.preview_id} row:{row.number} confirmed",
    )
    return row


@transaction.atomic
def reject_row(row: PreviewRow, *, actor: User, request: HttpRequest | None = None) -> PreviewRow:
    """The consultant rejects every candidate: the row becomes a new citizen at commit."""
    _decidable(row, actor)
    row.citizen_id = None
    row.link_probability, row.link_score, row.link_weights = None, None, []
    row.decision = RowDecision.REJECTED
    row.decided_by, row.decided_at = actor, timezone.now()
    row.full_clean()
    row.save(update_fields=[*LINK_FIELDS, "decision", "decided_by", "decided_at"])
    # Deciding that the row is none of the candidates is a decision about each of them, recorded as the
    # confirmation is, whether or not the answer shows them again (a plain form post is answered with a redirect).
    for candidate in sorted({c["citizen"] for c in row.candidates}):
        door.record_change(
            actor,
            action=AuditAction.UPDATE,
            citizen=candidate,
            request=request,
            changed_fields=("link",),
            detail=f"intake_preview:{row.preview_id} row:{row.number} rejected",
        )
    return row


# --- commit -----------------------------------------------------------------------------------------------


def _blocking(states: list[tuple[int, str, str]]) -> None:
    """Refuse the commit while a row (number, state, decision) has an error or an undecided grey zone."""
    errors = [number for number, state, _decision in states if state == RowState.ERROR]
    undecided = [
        number
        for number, state, decision in states
        if state == RowState.NEEDS_CONFIRMATION and decision == RowDecision.NONE
    ]
    messages = []
    if errors:
        messages.append(_("Ret fejlene i række %(rows)s og indlæs filen igen.") % {"rows": _numbers(errors)})
    if undecided:
        messages.append(_("Bekræft eller afvis række %(rows)s.") % {"rows": _numbers(undecided)})
    if messages:
        raise ValidationError({"rows": messages})


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def _new_citizens(rows: list[PreviewRow], *, actor: User, request: HttpRequest | None) -> int:
    """Register one citizen per distinct new person (a child in two rows is one citizen) and link the rows to
    them; returns how many citizens were registered."""
    if not rows:
        return 0
    payloads = PreviewPersons.payloads(rows[0].preview_id, {row.municipality_id for row in rows if row.municipality_id})
    by_person: dict[str, int] = {}
    for row in rows:
        data = payloads[row.number]
        key = (
            data["cpr"] and crypto.lookup_hash(data["cpr"])
        ) or f"{data['written_name'].casefold()}|{data['birth_date']}"
        if key not in by_person:
            if row.municipality is None:
                # Routing gives every row without an error a municipality; this row would need an error first.
                raise ValidationError(
                    {"rows": [_("Kommunen kan ikke afgøres for række %(row)d.") % {"row": row.number}]}
                )
            registration = concern_services.register_citizen(
                actor=actor,
                first_name=data["given_names"][:100],
                last_name=data["last_name"][:100],
                municipality=row.municipality,
                cpr=data["cpr"],
                birth_date=date.fromisoformat(data["birth_date"]) if data["birth_date"] and not data["cpr"] else None,
                request=request,
            )
            by_person[key] = registration.citizen.pk
        row.citizen_id = by_person[key]
    PreviewRow.objects.bulk_update(rows, ["citizen"])
    return len(by_person)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _insert_intakes(preview: IntakePreview, scope: list[int], *, actor: User) -> list[int]:
    """Copy the commit's rows into intakes, with their link, inside the database; returns each intake's citizen.

    The rows: the actor's not yet committed municipalities' (``scope``), for the meeting, not imported before, with
    their citizen set. One intake per journal number and citizen: the first row of a pair, and none where an intake
    exists already, which the unique index answers as it is written (``ON CONFLICT … DO NOTHING``): as a join, an
    empty intake table (a municipality's first import) was scanned once per row, 1.5 s for 10,000 rows. The link
    is the row's method and its chosen candidate's score and waterfall (a new citizen's row holds none: ``_row``
    and ``reject_row`` leave them empty), and who confirmed it.
    """
    rows, intakes = _table(PreviewRow), _table(Intake)
    sql = f"""
        INSERT INTO {intakes} (citizen_id, municipality_id, source, journal_number, occurred_at, offence, place, unit,
            note, role, age_at_incident, for_triage, preview_id, row_number, created_by_id, created_at,
            link_method, link_probability, link_score, link_weights, link_confirmed_by_id, link_confirmed_at)
        SELECT r.citizen_id, r.municipality_id, %s, r.journal_number, r.occurred_at, r.offence, r.place, r.unit,
            r.note, r.role, r.age_at_incident, r.for_triage, r.preview_id, r.number, %s, %s,
            CASE WHEN r.state = %s OR r.decision = %s THEN %s WHEN r.decision = %s THEN %s
                WHEN r.link_method = %s THEN %s ELSE %s END,
            r.link_probability, r.link_score, r.link_weights,
            CASE WHEN r.decision = %s THEN r.decided_by_id END,
            CASE WHEN r.decision = %s THEN r.decided_at END
        FROM (
            SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.journal_number, c.citizen_id ORDER BY c.id) AS nth
            FROM {rows} c
            WHERE c.preview_id = %s AND c.for_triage = %s AND c.state <> %s
                AND c.citizen_id IS NOT NULL AND c.municipality_id IN (SELECT value FROM {_json_or_array()})
        ) AS r
        WHERE r.nth = 1
        ON CONFLICT (citizen_id, journal_number) DO NOTHING
        RETURNING citizen_id
    """  # noqa: S608 - table names come from the models' meta, every value is a parameter
    params = [
        preview.source,
        actor.pk,
        connection.ops.adapt_datetimefield_value(timezone.now()),
        RowState.NEW_CITIZEN,
        RowDecision.REJECTED,
        LinkMethod.NEW_CITIZEN,
        RowDecision.CONFIRMED,
        LinkMethod.CONFIRMED,
        Method.CPR.value,
        LinkMethod.CPR,
        LinkMethod.SCORE,
        RowDecision.CONFIRMED,
        RowDecision.CONFIRMED,
        _preview_key(preview),
        True,
        RowState.ALREADY_IMPORTED,
        _id_list(scope),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [citizen_id for (citizen_id,) in cursor.fetchall()]


def _json_or_array() -> str:
    # One parameter for the actor's municipalities, whatever their number (PostgreSQL array, SQLite JSON).
    return "unnest(%s::bigint[]) AS value" if connection.vendor == "postgresql" else "json_each(%s)"


def _preview_key(preview: IntakePreview) -> Any:
    return IntakePreview._meta.pk.get_db_prep_value(preview.pk, connection)


def _id_list(ids: list[int]) -> Any:
    return ids if connection.vendor == "postgresql" else json.dumps(ids)


@transaction.atomic
@cyclic_gc_paused()
def commit_preview(preview: IntakePreview, *, actor: User, request: HttpRequest | None = None) -> CommitResult:
    """Write the actor's rows of ``preview`` as intakes, all or nothing.

    1. Refused while any of the actor's rows has an error or an undecided grey-zone row (``ValidationError`` on
       ``rows`` naming the row numbers), and when the preview is already committed or discarded.
    2. Rows for the meeting become intakes; a new person becomes one citizen however many rows name them.
    3. Idempotent: an intake already stored for the journal number and citizen is not added again.
    4. Each intake holds its link (method, score, waterfall, who confirmed) and gets an audit event (``CREATE``, written in bulk by the privacy door)
       for its citizen.

    The intakes are copied from the preview rows inside the database, so the queries are the
    same for 3 rows and for 10,000 (``bench/bench_intake.py``).
    """
    locked = IntakePreview.objects.select_for_update().get(pk=preview.pk)
    if locked.status != PreviewStatus.OPEN:
        raise ValidationError(_("Forhåndsvisningen er allerede indlæst eller kasseret."))
    # The committed parts as one list, not a test per row: with a preview's 10,000 rows just written, the planner
    # took them for one row and tested each against every commit (0.17 s).
    committed = PreviewCommit.objects.filter(preview=locked).values("municipality_id")
    inbox = list(policy.intake_inbox(actor).exclude(pk__in=committed).values_list("pk", flat=True))
    mine = locked.rows.filter(municipality_id__in=inbox)
    # Ordered by number alone: the model's ordering would join every row to its preview to sort 10,000 rows.
    found = list(mine.order_by("number").values_list("number", "state", "decision", "municipality_id"))
    if not found:
        raise ValidationError(_("Der er ingen rækker at indlæse for dig i denne forhåndsvisning."))
    states = [(number, state, decision) for number, state, decision, _place in found]
    _blocking(states)
    # The actor's municipalities with rows still to commit: each becomes one PreviewCommit.
    scope = sorted({place for *_row, place in found})
    new_rows = mine.filter(for_triage=True).filter(
        Q(state=RowState.NEW_CITIZEN) | Q(state=RowState.NEEDS_CONFIRMATION, decision=RowDecision.REJECTED)
    )
    citizens = _new_citizens(list(new_rows.select_related("municipality")), actor=actor, request=request)
    created = _insert_intakes(locked, scope, actor=actor)
    door.disclose(
        actor,
        [(citizen_id, None) for citizen_id in created],
        purpose=AuditAction.CREATE,
        request=request,
        detail=f"intake_commit:{locked.pk}",
    )
    now = timezone.now()
    PreviewCommit.objects.bulk_create(
        PreviewCommit(preview=locked, municipality_id=place, committed_by=actor, committed_at=now) for place in scope
    )
    if not locked.rows.exclude(municipality_id__in=committed).exists():
        locked.status, locked.committed_at, locked.committed_by = PreviewStatus.COMMITTED, now, actor
        locked.save(update_fields=["status", "committed_at", "committed_by"])
    return CommitResult(rows=len(states), citizens=citizens, intakes=len(created))


@transaction.atomic
def discard_preview(preview: IntakePreview, *, actor: User) -> IntakePreview:
    """Throw an open preview away (its rows and their encrypted data go with it)."""
    if not policy.may_discard_preview(actor, uploaded_by_id=preview.created_by_id):
        raise PermissionDenied
    if preview.status != PreviewStatus.OPEN:
        raise ValidationError(_("Forhåndsvisningen er allerede indlæst eller kasseret."))
    preview.rows.all().delete()
    preview.persons.all().delete()
    preview.status = PreviewStatus.DISCARDED
    preview.save(update_fields=["status"])
    return preview


def read_notification(notification: Notification, *, actor: User) -> Notification:
    """The recipient opens a notification: it is marked read (the first time) and no longer on the start page."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
