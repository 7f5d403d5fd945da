"""The citizen register as the linkage asks it: a bounded number of queries per preview, never one per row.

Each method takes the whole batch's keys and asks in chunks (``CHUNK`` keys per ``IN`` list, within SQLite's
parameter limit), reading only the four columns the linkage compares (``values_list``, no model instances):

- ``by_cpr_hash``: the keyed CPR hashes (``cpr_lookup`` is indexed and unique);
- ``by_birth_date``: the birth-date blocks (served by the ``citizen_muni_birth_name`` index's birth date);
- ``by_surname``: the surname blocks, asked only for rows the first two passes left unlinked, restricted to the
  birth dates one keystroke from theirs; the folded surname is turned back into the spellings a register may
  hold (ae/æ, oe/ø, aa/å, capitalised);
- ``frequencies``: term frequencies of exactly the given names and surnames in the file, counted in SQL
  (``GROUP BY``), plus the register's size for the prior.

These reads feed a preview that shows the consultant only scores and citizen ids; names reach the screen only
through the privacy module's audited door.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from ssp.citizens.models import Citizen
from ssp.intake.linkage import Candidate, NameFrequencies, tokens

CHUNK = 500
_FIELDS = ("pk", "first_name", "last_name", "birth_date", "cpr_lookup")
_DANISH = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))
MAX_SPELLINGS = 8


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(values)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk


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

    def _candidates(self, **lookup: Sequence[Any]) -> Iterator[Candidate]:
        ((field, values),) = lookup.items()
        for chunk in _chunks(values):
            rows = self._citizens.filter(**{field: chunk}).order_by().values_list(*_FIELDS)
            for pk, first_name, last_name, birth_date, cpr_hash in rows:
                yield Candidate(pk, first_name, last_name, birth_date, cpr_hash)

    def by_cpr_hash(self, hashes: Collection[str]) -> dict[str, Candidate]:
        return {c.cpr_hash: c for c in self._candidates(cpr_lookup__in=sorted(hashes))}

    def by_birth_date(self, dates: Collection[date]) -> Iterable[Candidate]:
        return list(self._candidates(birth_date__in=sorted(dates)))

    def by_surname(self, surnames: Collection[str], dates: Collection[date]) -> Iterable[Candidate]:
        """Citizens with one of the surnames born on one of ``dates`` (the neighbours of unlinked rows' dates)."""
        names = sorted({form for surname in surnames for form in spellings(surname)})
        found: list[Candidate] = []
        for chunk in _chunks(sorted(dates)):
            found.extend(self._candidates_where(last_name__in=names, birth_date__in=chunk))
        return found

    def _candidates_where(self, **lookup: Any) -> Iterator[Candidate]:
        rows = self._citizens.filter(**lookup).order_by().values_list(*_FIELDS)
        for pk, first_name, last_name, birth_date, cpr_hash in rows:
            yield Candidate(pk, first_name, last_name, birth_date, cpr_hash)

    def frequencies(self, given_names: Collection[str], last_names: Collection[str]) -> NameFrequencies:
        result = NameFrequencies(population=self._citizens.order_by().count())
        for field, names, counter in (
            ("first_name", given_names, result.given),
            ("last_name", last_names, result.last),
        ):
            wanted = sorted({form for name in names for form in spellings(name)})
            for chunk in _chunks(wanted):
                counts = (
                    self._citizens.filter(**{f"{field}__in": chunk}).order_by().values(field).annotate(n=Count("pk"))
                )
                for entry in counts:
                    for token in tokens(entry[field]):
                        counter[token] += entry["n"]
        return result
