"""The database register answers a whole batch in a fixed number of queries and links like the memory one."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from ssp.citizens.models import Citizen
from ssp.intake.linkage import Field, Method, Name, Outcome, Query, link_many
from ssp.intake.registry import DatabaseRegistry, spellings
from ssp.lib import crypto
from ssp.structure.models import Municipality

pytestmark = pytest.mark.django_db

BIRTH = date(2012, 5, 5)


def _citizen(first: str, last: str, birth: date, cpr: str = "") -> Citizen:
    citizen = Citizen(
        first_name=first, last_name=last, birth_date=birth, municipality=Municipality.objects.get(code="376")
    )
    citizen.cpr = cpr
    citizen.save()
    return citizen


def test_spellings_turn_folded_names_back_into_register_spellings() -> None:
    assert {"Braendgaard", "Brændgaard", "BRAENDGAARD"} <= spellings("braendgaard")
    assert "Åberg" in spellings("aaberg")


def test_it_links_a_batch_in_a_fixed_number_of_queries(django_assert_num_queries: object) -> None:
    mia = _citizen("Mia", "Brændgaard", BIRTH)
    mie = _citizen("Mie", "Brændgaard", BIRTH)
    søren = _citizen("Søren Ærø", "Åberg", date(2011, 1, 2), cpr="0201114321")
    _citizen("Noah", "Nielsen", BIRTH)
    rows = [
        Query(Name.from_full("MIA BRAENDGAARD"), BIRTH),
        Query(Name.from_full("Brændgaard, Mie"), BIRTH),
        Query(Name.from_full("Søren Aaberg"), date(2011, 1, 2), crypto.lookup_hash("0201114321")),
        Query(Name.from_full("Mia Brændgaard"), date(2012, 5, 6)),
        Query(Name.from_full("Ida Brændgaard"), BIRTH),
    ]

    # CPR hashes, birth dates (on PostgreSQL two: the name parts born those days, then the citizens with a part
    # close to a row's), surnames, and the register's size with the given-name and surname frequencies.
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 4):  # type: ignore[operator]
        results = link_many(rows, DatabaseRegistry(Citizen.objects.all()))

    assert [r.outcome for r in results[:4]] == [
        Outcome.LINKED,
        Outcome.LINKED,
        Outcome.LINKED,
        Outcome.NEEDS_CONFIRMATION,
    ]
    # Ida is a third sibling, not Mia or Mie.
    assert results[4].outcome != Outcome.LINKED
    assert [r.chosen.candidate.ref for r in results[:3] if r.chosen] == [mia.pk, mie.pk, søren.pk]
    assert results[3].candidates[0].candidate.ref == mia.pk


def test_a_row_with_a_cpr_number_nobody_has_is_linked_by_name_and_birth_date() -> None:
    # Its birth-date block is read after the CPR look-up (the blocks of rows without a number come first), and a
    # citizen with another CPR number on file is someone else, though the block carries only that one is on file.
    mia = _citizen("Mia", "Brændgaard", BIRTH)
    _citizen("Noah", "Brændgaard", date(2012, 7, 7), cpr="0707124321")
    rows = [
        Query(Name.from_full("Mia Brændgaard"), BIRTH, crypto.lookup_hash("0505120000")),
        Query(Name.from_full("Noah Brændgaard"), date(2012, 7, 7), crypto.lookup_hash("0707120000")),
    ]

    mia_row, noah_row = link_many(rows, DatabaseRegistry(Citizen.objects.all()))

    assert (mia_row.outcome, mia_row.method) == (Outcome.LINKED, Method.PROBABILISTIC)
    assert mia_row.chosen is not None and mia_row.chosen.candidate.ref == mia.pk
    assert noah_row.outcome != Outcome.LINKED
    assert Field.CPR in {w.field for w in noah_row.candidates[0].weights}
