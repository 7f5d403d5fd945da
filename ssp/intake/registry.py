"""The citizen register as the linkage asks it: a fixed number of queries per preview, never one per row.

Each pass sends the whole file's keys as ONE parameter (PostgreSQL ``= ANY(array)``, SQLite ``json_each``), so the
query count does not grow with the file and no ``IN`` list of 10,000 placeholders is built, quoted and parsed. It
reads only the columns the linkage compares (tuples, no model instances):

- ``by_cpr_hash``: the keyed CPR hashes (``cpr_lookup`` is indexed and unique);
- ``by_birth_date``: the birth-date blocks (served by the ``citizen_muni_birth_name`` index's birth date);
- ``by_surname``: exactly the (surname, birth date) pairs the surname pass wants, for rows the first two passes
  left unlinked; the folded surname is turned back into the spellings a register may hold (ae/æ, oe/ø, aa/å,
  capitalised);
- ``frequencies``: term frequencies of exactly the given names and surnames in the file, counted in SQL
  (``GROUP BY``), plus the register's size for the prior and its first and last birth date (how many dates a
  mistyped one could have been).

These reads feed a preview that shows the consultant only scores and citizen ids; names reach the screen only
through the privacy module's audited door.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Count, F, Max, Min, QuerySet
from django.db.models.expressions import RawSQL

from ssp.citizens.models import Citizen
from ssp.intake.linkage import Candidate, NameFrequencies, tokens
from ssp.lib.bulk import AnyOf, array_literal

_FIELDS = ("pk", "first_name", "last_name", "birth_date", "cpr_lookup", "municipality_id")
_DANISH = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))
MAX_SPELLINGS = 8


def _pairs_condition(pairs: list[tuple[str, date]], vendor: str) -> RawSQL:
    """(last_name, birth_date) is one of ``pairs``, as one or two parameters whatever their number."""
    if vendor == "postgresql":
        sql = "(last_name, birth_date) IN (SELECT * FROM unnest(%s::text[], %s::date[]))"
        params: list[Any] = [array_literal(name for name, _ in pairs), array_literal(day for _, day in pairs)]
    else:
        sql = (
            "(last_name, birth_date) IN "
            "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s))"
        )
        params = [json.dumps([[name, day.isoformat()] for name, day in pairs])]
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - fixed SQL, the pairs are parameters


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

    def _candidates(self, condition: Any) -> Iterator[Candidate]:
        # Fetched whole, not through a server-side cursor: one round trip for a block of 150,000 citizens.
        return map(Candidate._make, list(self._citizens.filter(condition).order_by().values_list(*_FIELDS)))

    def by_cpr_hash(self, hashes: Collection[str]) -> dict[str, Candidate]:
        if not hashes:
            return {}
        return {c.cpr_hash: c for c in self._candidates(AnyOf(F("cpr_lookup"), sorted(hashes)))}

    def by_birth_date(self, dates: Collection[date]) -> Iterable[Candidate]:
        if not dates:
            return []
        return self._candidates(AnyOf(F("birth_date"), sorted(dates)))

    def by_surname(self, pairs: Collection[tuple[str, date]]) -> Iterable[Candidate]:
        """Citizens whose surname is a register spelling of a pair's folded surname, born on the pair's date."""
        wanted = sorted({(form, day) for surname, day in pairs for form in spellings(surname)})
        if not wanted:
            return []
        return self._candidates(_pairs_condition(wanted, connections[self._citizens.db].vendor))

    def frequencies(self, given_names: Collection[str], last_names: Collection[str]) -> NameFrequencies:
        register = self._citizens.order_by().aggregate(n=Count("pk"), first=Min("birth_date"), last=Max("birth_date"))
        result = NameFrequencies(population=register["n"], born_from=register["first"], born_to=register["last"])
        for field, names, counter in (
            ("first_name", given_names, result.given),
            ("last_name", last_names, result.last),
        ):
            wanted = sorted({form for name in names for form in spellings(name)})
            if not wanted:
                continue
            counts = (
                self._citizens.filter(AnyOf(F(field), wanted)).order_by().values_list(field).annotate(n=Count("pk"))
            )
            for name, n in counts:
                for token in tokens(name):
                    counter[token] += n
        return result
