"""The citizen register as the linkage asks it: a fixed number of queries per preview, never one per row.

Each pass sends the whole file's keys as ONE parameter (PostgreSQL arrays, SQLite ``json_each``), so the query
count does not grow with the file and no ``IN`` list of 10,000 placeholders is built, quoted and parsed. It reads
only the columns the linkage compares (tuples, no model instances; on PostgreSQL psycopg reads each row straight
into a ``Candidate``):

- ``by_cpr_hash``: the keyed CPR hashes, one probe of a ``cpr_lookup`` index each;
- ``name_parts``: the distinct folded name parts of the citizens born on the rows' dates, read from
  ``intake_name_part`` (PostgreSQL keeps it with triggers: ``ssp/intake/migrations/0012``); for a file of many dates,
  the register's vocabulary (``intake_name_count``) tested part by part against the dates;
- ``by_parts``: the citizens born on a row's date with a name part close to one of the row's, one probe of
  ``intake_name_part``'s index per (date, part): some 20,000 citizens for a 10,000-row report where the whole
  birth-date blocks hold 150,000, in up to four batches of whole dates read one ahead of the scoring; a citizen
  carries only whether a CPR number is on file (``CPR_ON_FILE``), not its hash. SQLite has no ``intake_name_part``:
  there the blocks are read whole and filtered in Python (``WholeBlocks``);
- ``by_surname``: exactly the (surname, birth date) pairs the surname pass wants, for rows the first two passes
  left unlinked, one probe of the ``citizen_surname_birth`` index each; the folded surname is turned back into the
  spellings a register may hold (ae/æ, oe/ø, aa/å, capitalised);
- ``frequencies``: term frequencies of exactly the given names and surnames in the file (PostgreSQL: read from
  ``intake_name_count``, which triggers keep per folded part as ``NameFrequencies.of`` counts), with the register's
  size for the prior and its first and last birth date (how many dates a mistyped one could have been), all in one
  query.

``by_cpr_hash`` and ``frequencies`` are asked and read apart (``_asked``): on PostgreSQL they are sent in psycopg's
pipeline mode, and the database looks them up while the linkage finds the parts close to the rows' in Python.

These reads feed a preview that shows the consultant only scores and citizen ids; names reach the screen only
through the privacy module's audited door. The citizens themselves are read through the queryset the door hands
the linkage (``citizen_register_for_linkage``); ``intake_name_part`` holds the parts of the whole register, which
is what that queryset is, and gives only parts to compare and counts, never a person.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date
from functools import cache, partial
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Case, F, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from ssp.citizens.models import Citizen
from ssp.intake.linkage import CPR_ON_FILE, Candidate, NameFrequencies, WholeBlocks, candidate_parts, tokens
from ssp.lib.bulk import AnyOf, array_literal, probe_each

_FIELDS = ("pk", "first_name", "last_name", "birth_date", "cpr_lookup", "municipality_id")
# The blocks' citizens carry ``CPR_ON_FILE`` for their hash: a third of the bytes of 150,000 rows is no longer sent.
_BLOCK_FIELDS = ("pk", "first_name", "last_name", "birth_date", "cpr_on_file", "municipality_id")
# ``Candidate._make`` without its Python frame and length check: the fields are the candidate's fields in order.
_NEW_CANDIDATE = partial(tuple.__new__, Candidate)
# The row of ``_COUNTED`` and ``_GROUPED_APART`` for the whole register (its size and birth-date range).
_REGISTER = 3
# PostgreSQL: the register's size (``intake_name_count``'s empty part) and birth-date range (``citizen_birth``), and
# the counts of the wanted folded parts as given names (1) and as surnames (2), each the sum of its part's rows in
# ``intake_name_count`` (migration ``0015``); a name SQL could not fold (its part ``*``) is counted by the name
# itself, whose parts ``_frequencies`` folds.
_COUNTED = (
    "SELECT 3, NULL, NULL, (SELECT COALESCE(SUM(n), 0)::bigint FROM intake_name_count WHERE part = '' AND NOT is_surname), "
    "MIN(birth_date), MAX(birth_date) FROM ({citizens}) AS citizen "
    "UNION ALL SELECT CASE WHEN is_surname THEN 2 ELSE 1 END, CASE WHEN is_surname THEN NULL ELSE part END, "
    "CASE WHEN is_surname THEN part END, SUM(n)::bigint, NULL, NULL "
    "FROM intake_name_count WHERE part = ANY(%s::text[]) GROUP BY part, is_surname "
    "UNION ALL SELECT CASE WHEN n.is_surname THEN 2 ELSE 1 END, CASE WHEN n.is_surname THEN NULL ELSE c.first_name END, "
    "CASE WHEN n.is_surname THEN c.last_name END, COUNT(*), NULL, NULL "
    "FROM intake_name_part n JOIN ({citizens}) AS c ON c.pk = n.citizen_id WHERE n.part = '*' "
    "GROUP BY n.is_surname, c.first_name, c.last_name"
)
# The distinct parts of the citizens born on the dates (``{parts}``), and the names of those whose parts SQL could
# not fold (the part ``*``), to be folded here.
_PARTS = (
    "{parts} UNION ALL SELECT NULL, pk, birth_date, first_name, last_name FROM ({citizens}) AS citizen WHERE pk IN "
    "(SELECT citizen_id FROM intake_name_part WHERE birth_date = ANY(%s::date[]) AND part = '*')"
)
# A few dates: their citizens' parts, read from the ``(birth_date, part)`` index.
_PARTS_OF_THE_DATES = (
    "SELECT DISTINCT part, NULL::bigint, NULL::date, NULL, NULL FROM intake_name_part "
    "WHERE birth_date = ANY(%s::date[]) AND part <> '*'"
)
# Many dates (a large report): the register's vocabulary (``intake_name_count``), each part kept if one of its
# citizens was born on one of the dates, looked for among that part's own entries (``intake_name_part_born``) and
# given up at the first: a common part is kept after a few entries, where the dates' parts were read from every
# entry on the dates (290,000 of them for a 10,000-row report: 0.09 s against 0.003 s). ``birth_date + 0`` keeps
# the planner off the ``(birth_date, part)`` index, which would look for a part absent from the dates once per date.
_PARTS_OF_THE_VOCABULARY = (
    "SELECT part, NULL::bigint, NULL::date, NULL, NULL FROM intake_name_count AS vocabulary "
    "WHERE part <> '' AND part <> '*' GROUP BY part HAVING EXISTS (SELECT FROM intake_name_part AS entry "
    "WHERE entry.part = vocabulary.part AND entry.birth_date + 0 = ANY(%s::date[]))"
)
# From this many dates the vocabulary is read (``_PARTS_OF_THE_VOCABULARY``): each of the register's parts is then
# likely to be found on the dates within its first entries. Below it, the dates' entries are the fewer to read.
VOCABULARY_FROM_DATES = 1_000
# The citizens born on a date with one of its parts, and those whose parts SQL could not fold (``_unfolded``). An
# array of their ids, not ``IN``: the citizens are then read in the order of the table (0.22 s, not 0.29 s, for
# 18,000 of them).
_WITH_PARTS = (
    "{id} = ANY(ARRAY(SELECT citizen_id FROM unnest(%s::date[], %s::text[]) AS wanted(birth_date, part) "
    "JOIN intake_name_part USING (birth_date, part) UNION SELECT unnest(%s::bigint[])))"
)
# SQLite: the same rows from three scans of one statement, counted by every name as the register writes it (its
# parts are counted in Python).
_GROUPED_APART = (
    "SELECT 3, NULL, NULL, COUNT(*), MIN(birth_date), MAX(birth_date) FROM ({citizens}) AS citizen "
    "UNION ALL SELECT 1, first_name, NULL, COUNT(*), NULL, NULL FROM ({citizens}) AS citizen GROUP BY first_name "
    "UNION ALL SELECT 2, NULL, last_name, COUNT(*), NULL, NULL FROM ({citizens}) AS citizen GROUP BY last_name"
)
_DANISH = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))
MAX_SPELLINGS = 8


# The (date, part) pairs of one batch of ``by_parts``: few enough batches that a report's queries stay a handful,
# and each big enough that its query is worth sending (a small report asks once).
BATCH_PAIRS = 2_000
MAX_BATCHES = 4


def _batches(days: dict[date, list[str]]) -> list[dict[date, list[str]]]:
    """The days in date order (the index's), cut into at most ``MAX_BATCHES`` batches of about as many parts."""
    pairs = sum(map(len, days.values()))
    size = pairs / min(MAX_BATCHES, max(1, pairs // BATCH_PAIRS))
    batches: list[dict[date, list[str]]] = [{}]
    held = 0
    for day in sorted(days):
        if held and held >= size and len(batches) < MAX_BATCHES:
            batches.append({})
            held = 0
        batches[-1][day] = days[day]
        held += len(days[day])
    return batches


def _pairs_condition(pairs: list[tuple[str, date]]) -> RawSQL:
    """SQLite: (last_name, birth_date) is one of ``pairs``, as one parameter whatever their number."""
    sql = (
        "(last_name, birth_date) IN "
        "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s))"
    )
    params = [json.dumps([[name, day.isoformat()] for name, day in pairs])]
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - fixed SQL, the pairs are parameters


def _sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def _candidate_rows(_cursor: Any) -> Callable[[Sequence[Any]], Candidate]:
    """psycopg's row factory for ``_FIELDS``: each row read straight into a ``Candidate``."""
    return _NEW_CANDIDATE


def _day(value: date | str | None) -> date | None:
    """A birth date an aggregate returned: a date on PostgreSQL, its ISO text on SQLite."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def spellings(folded: str) -> set[str]:
    """Register spellings of a folded name: "braendgaard" → Braendgaard, Brændgaard, … (capitalised)."""
    forms = {folded}
    for ascii_form, letter in _DANISH:
        forms |= {form.replace(ascii_form, letter) for form in forms}
    return {form.capitalize() for form in sorted(forms)[:MAX_SPELLINGS]} | {folded.upper()}


class DatabaseRegistry:
    """The ``Registry`` the linkage uses in production: citizens in the database."""

    def __init__(self, citizens: QuerySet[Citizen]) -> None:
        # The register comes through the privacy door (``citizen_register_for_linkage``), which audits the matching.
        self._citizens = citizens
        self._rows = citizens.order_by().values_list(*_FIELDS)
        on_file = Case(When(cpr_lookup="", then=Value("")), default=Value(CPR_ON_FILE))
        self._block_rows = citizens.order_by().annotate(cpr_on_file=on_file).values_list(*_BLOCK_FIELDS)
        self._postgresql = connections[citizens.db].vendor == "postgresql"
        self._whole_blocks = WholeBlocks(self._birth_date_blocks)
        # PostgreSQL: the dates ``name_parts`` was asked for, and their citizens whose parts SQL could not fold.
        self._dates_asked: set[date] = set()
        self._unfolded: defaultdict[date, set[int]] = defaultdict(set)

    def _candidates(self, rows: QuerySet[Citizen, tuple[Any, ...]], condition: Any) -> list[Candidate]:
        # SQLite; fetched whole, not through a server-side cursor: one round trip for a block of 150,000 citizens.
        return list(map(Candidate._make, rows.filter(condition)))

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[Candidate]:
        with self._sent(sql, params) as cursor:
            return cursor.fetchall()

    @contextmanager
    def by_cpr_hash(self, hashes: Collection[str]) -> Iterator[Callable[[], dict[str, Candidate]]]:
        if not hashes:
            yield dict
            return
        query: tuple[str, Sequence[Any]] = (
            probe_each(self._rows, {"cpr_lookup": sorted(hashes)})
            if self._postgresql
            else _sql(self._rows.filter(AnyOf(F("cpr_lookup"), sorted(hashes))))
        )
        sql, params = query
        with self._asked(sql, params, _candidate_rows) as found:
            yield cache(lambda: {c.cpr_hash: c for c in found()})

    @contextmanager
    def _asked(
        self, sql: str, params: Sequence[Any], row_factory: Callable[[Any], Callable[[Sequence[Any]], Any]] | None
    ) -> Iterator[Callable[[], list[Any]]]:
        """The query sent on entering, its rows read when asked for: on PostgreSQL in psycopg's pipeline mode, so
        the database answers while the linkage works in Python (``Registry``: no other query in between)."""
        connection = connections[self._citizens.db]
        connection.ensure_connection()
        pipelined = connection.connection.pipeline() if self._postgresql else nullcontext()
        with pipelined, connection.cursor() as cursor:
            if row_factory and self._postgresql:
                cursor.cursor.row_factory = row_factory
            cursor.execute(sql, params)
            if row_factory and not self._postgresql:
                yield cache(lambda: list(map(row_factory(None), cursor.fetchall())))
            else:
                yield cache(cursor.fetchall)

    def name_parts(self, dates: Collection[date]) -> set[str]:
        if not dates:
            return set()
        if not self._postgresql:
            return self._whole_blocks.name_parts(dates)
        days = sorted(dates)
        citizens, params = _sql(self._citizens.order_by().values_list("pk", "birth_date", "first_name", "last_name"))
        with connections[self._citizens.db].cursor() as cursor:
            of = _PARTS_OF_THE_VOCABULARY if len(days) >= VOCABULARY_FROM_DATES else _PARTS_OF_THE_DATES
            cursor.execute(
                _PARTS.format(parts=of, citizens=citizens), [array_literal(days), *params, array_literal(days)]
            )
            found = cursor.fetchall()
        self._dates_asked.update(days)
        parts = {part for part, *_citizen in found if part}
        for _part, pk, day, first_name, last_name in (row for row in found if not row[0]):
            self._unfolded[day].add(pk)
            parts |= candidate_parts(first_name, last_name)
        return parts

    def by_parts(self, wanted: Mapping[date, Collection[str]]) -> Iterable[Iterable[Candidate]]:
        if not self._postgresql:
            return [self._whole_blocks.by_parts(wanted)]
        # Sorted: the index is probed in its own order. A date ``name_parts`` was not asked for: its citizens whose
        # parts SQL could not fold come by their part ``*``.
        days = {day: sorted({*parts, *(() if day in self._dates_asked else "*")}) for day, parts in wanted.items()}
        return self._read_ahead([self._with_parts(batch) for batch in _batches(days)])

    def _with_parts(self, days: dict[date, list[str]]) -> tuple[str, Sequence[Any]]:
        """The query for the citizens born on one of ``days`` with one of its parts, and the days' citizens whose
        parts SQL could not fold."""
        pairs = [(day, part) for day, parts in days.items() for part in parts]
        unfolded = sorted(pk for day in days for pk in self._unfolded.get(day, ()))
        table = connections[self._citizens.db].ops.quote_name(Citizen._meta.db_table)
        condition = RawSQL(  # noqa: S611 - fixed SQL and the table's name, the keys are parameters
            _WITH_PARTS.format(id=f"{table}.id"),
            # Array literals: psycopg would adapt 8,000 dates and parts one by one in Python.
            [array_literal(day for day, _ in pairs), array_literal(part for _, part in pairs), array_literal(unfolded)],
            output_field=BooleanField(),
        )
        return _sql(self._block_rows.filter(condition))

    def _read_ahead(self, queries: list[tuple[str, Sequence[Any]]]) -> Iterator[list[Candidate]]:
        """Each query's candidates, in psycopg's pipeline mode: the next query is sent as soon as one is read, so
        the database reads the next batch while the caller scores this one. (A read waits for every query sent
        before it, so only one is ever ahead.)"""
        connection = connections[self._citizens.db]
        connection.ensure_connection()
        with connection.connection.pipeline():
            cursor = self._sent(*queries[0])
            for following in [*queries[1:], None]:
                batch = cursor.fetchall()
                cursor.close()
                if following:
                    cursor = self._sent(*following)
                yield batch

    def _sent(self, sql: str, params: Sequence[Any]) -> Any:
        """PostgreSQL: a cursor with the query sent, whose rows psycopg makes into Candidates as it reads them,
        without a tuple per row first (a 10,000-row report's candidates are some 20,000 rows)."""
        cursor = connections[self._citizens.db].cursor()
        cursor.cursor.row_factory = _candidate_rows
        cursor.execute(sql, params)
        return cursor

    def _birth_date_blocks(self, dates: Collection[date]) -> Iterable[Candidate]:
        # SQLite: a scan of the citizens (the blocks of a 10,000-row report hold half of them).
        return self._candidates(self._block_rows, AnyOf(F("birth_date"), sorted(dates)))

    def by_surname(self, pairs: Collection[tuple[str, date]]) -> Iterable[Candidate]:
        """Citizens whose surname is a register spelling of a pair's folded surname, born on the pair's date."""
        forms = {surname: spellings(surname) for surname in {surname for surname, _ in pairs}}
        wanted = sorted({(form, day) for surname, day in pairs for form in forms[surname]})
        if not wanted:
            return []
        if self._postgresql:
            # Served by the ``citizen_surname_birth`` index.
            keys: dict[str, list[Any]] = {
                "last_name": [name for name, _ in wanted],
                "birth_date": [day for _, day in wanted],
            }
            return self._fetch(*probe_each(self._block_rows, keys))
        return self._candidates(self._block_rows, _pairs_condition(wanted))

    @contextmanager
    def frequencies(
        self, given_names: Collection[str], last_names: Collection[str]
    ) -> Iterator[Callable[[], NameFrequencies]]:
        """One query: the register's size and birth-date range, and the counts of the names.

        Sent on entering, read when asked for (``_asked``): the database counts while the linkage finds the parts
        close to the rows' in Python."""
        if self._postgresql:
            sql, params = _sql(self._citizens.order_by().values_list("pk", "birth_date", "first_name", "last_name"))
            wanted = array_literal(sorted({*given_names, *last_names}))
            with self._asked(_COUNTED.format(citizens=sql), [*params, wanted, *params], None) as rows:
                yield cache(lambda: _frequencies(rows()))
            return
        sql, params = _sql(self._citizens.order_by().values_list("first_name", "last_name", "birth_date"))
        with self._asked(_GROUPED_APART.format(citizens=sql), params * 3, None) as rows:
            yield cache(lambda: _frequencies(rows()))


def _frequencies(rows: Iterable[Sequence[Any]]) -> NameFrequencies:
    """The frequencies from the rows of ``_COUNTED`` (or ``_GROUPED_APART``)."""
    result = NameFrequencies()
    for grouping, given_name, last_name, n, first, last in rows:
        if grouping == _REGISTER:
            result.population, result.born_from, result.born_to = n, _day(first), _day(last)
        for name, counter in ((given_name, result.given), (last_name, result.last)):
            # Each part once per citizen, as ``NameFrequencies.of`` counts them.
            for token in set(tokens(name)) if name else ():
                counter[token] += n
    return result
