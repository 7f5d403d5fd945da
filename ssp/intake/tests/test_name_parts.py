"""PostgreSQL keeps every citizen's folded name parts (``intake_name_part``) as the linkage folds them, through every
kind of write, and the linkage through it decides as it does over whole birth-date blocks in memory."""

from __future__ import annotations

import importlib
import random
from collections import Counter
from datetime import date, timedelta

import psycopg
import pytest
from django.db import connection

from ssp.citizens.models import Citizen
from ssp.intake import labelled, registry
from ssp.intake.linkage import Candidate, MemoryRegistry, Name, Query, fold, link_many, tokens
from ssp.intake.registry import DatabaseRegistry
from ssp.structure.models import Municipality

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="intake_name_part and its triggers exist on PostgreSQL only"
)

migration = importlib.import_module("ssp.intake.migrations.0012_name_parts_for_the_blocks")
# Every character the SQL folding translates, drops or spells out.
TABLE_CHARACTERS = [chr(code) for code in (*range(0x20, 0x7F), *range(0xA0, 0x250))]


def test_the_migrations_tables_are_still_what_fold_does_to_each_character() -> None:
    # Were ``fold`` changed, the SQL folding would part from it: a citizen could then miss the block of a row
    # that names them.
    dropped = set(migration.DROPPED)
    translated = dict(zip(migration.FOLDED_FROM, migration.FOLDED_TO, strict=True))
    for character in (chr(code) for code in (*range(0x41, 0x5B), *range(0xA0, 0x250))):
        expected = fold(character)
        if character in dropped:
            assert expected == "", character
        elif character in translated:
            assert expected == translated[character], character
        else:
            assert migration.SPELLED_OUT[character] == expected, character


def _sql_parts(names: list[str]) -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT intake_name_parts(name) FROM unnest(%s::text[]) WITH ORDINALITY AS n(name, i) ORDER BY i", [names]
        )
        return [sorted(parts) for (parts,) in cursor.fetchall()]


@postgresql_only
def test_sql_folds_names_into_the_parts_python_folds_them_into() -> None:
    rng = random.Random(11)
    names = [f"Ma{character}ja Kj{character}r" for character in TABLE_CHARACTERS]
    names += ["".join(rng.choice(TABLE_CHARACTERS) for _ in range(rng.randint(1, 20))) for _ in range(3000)]
    names += ["Søren Ærø-Åberg", "MIA BRÆNDGAARD", "Łukasz O'Neil", "Zoë Straße", "Anne-Sofie  Ølgaard", ""]

    assert _sql_parts(names) == [sorted(set(tokens(name))) for name in names]


@postgresql_only
def test_a_name_sql_cannot_fold_has_the_part_that_always_reads_the_citizen() -> None:
    # A combining mark, Vietnamese, Greek: the linkage folds such a name in Python instead.
    assert _sql_parts(["Zoe\u0308", "Nguyễn", "Σοφία", "Mia"]) == [["*"], ["*"], ["*"], ["mia"]]


def _stored_parts() -> set[tuple[int, date | None, str, bool]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT citizen_id, birth_date, part, is_surname FROM intake_name_part")
        return set(cursor.fetchall())


def _expected_parts() -> set[tuple[int, date | None, str, bool]]:
    return {
        (pk, born, part, is_surname)
        for pk, first_name, last_name, born in Citizen.objects.values_list(
            "pk", "first_name", "last_name", "birth_date"
        )
        for name, is_surname in ((first_name, False), (last_name, True))
        for part in tokens(name)
    }


def _stored_counts() -> dict[tuple[str, bool], int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT part, is_surname, SUM(n) FROM intake_name_count GROUP BY part, is_surname HAVING SUM(n) <> 0"
        )
        return {(part, is_surname): n for part, is_surname, n in cursor.fetchall()}


def _expected_counts() -> dict[tuple[str, bool], int]:
    # Each citizen once per part (``NameFrequencies.of``), and the citizens themselves under the empty part.
    counts = Counter((part, is_surname) for _pk, _born, part, is_surname in _expected_parts())
    if citizens := Citizen.objects.count():
        counts["", False] = citizens
    return dict(counts)


@postgresql_only
def test_the_parts_follow_every_write_of_a_citizen() -> None:
    place = Municipality.objects.get(code="376")
    mia = Citizen.objects.create(
        first_name="Mia Sofie", last_name="Brændgaard", birth_date=date(2012, 5, 5), municipality=place
    )
    Citizen.objects.bulk_create(
        [
            Citizen(first_name="Noah", last_name="Hansen-Kjær", birth_date=date(2011, 1, 2), municipality=place),
            Citizen(first_name="Ida", last_name="Ølgaard", birth_date=None, municipality=place),
        ]
    )
    assert _stored_parts() == _expected_parts()
    assert _stored_counts() == _expected_counts()
    assert {part for _pk, _born, part, _surname in _stored_parts()} >= {"mia", "sofie", "braendgaard", "kjaer"}

    mia.first_name = "Mie"
    mia.save()
    Citizen.objects.filter(last_name="Hansen-Kjær").update(birth_date=date(2011, 1, 3), last_name="Hansen")
    Citizen.objects.filter(first_name="Ida").update(municipality=place)
    assert _stored_parts() == _expected_parts()
    assert _stored_counts() == _expected_counts()

    Citizen.objects.filter(pk=mia.pk).delete()
    assert _stored_parts() == _expected_parts()
    assert _stored_counts() == _expected_counts()
    assert ("mie", False) not in _stored_counts()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(Citizen._meta.db_table)} CASCADE")
    assert _stored_parts() == set()
    assert _stored_counts() == {}


def _count_rows(part: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM intake_name_count WHERE part = %s", [part])
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("reference_data")  # an earlier browser test may have flushed the municipalities
def test_two_transactions_counting_the_same_name_never_wait_for_each_other() -> None:
    # A consultant registering a Mia while an import registers others holds the count rows of "mia" until it
    # commits; the import must neither wait for it nor deadlock with it, and the counts must add up afterwards.
    place = Municipality.objects.get(code="376")
    ida = Citizen.objects.create(first_name="Ida", last_name="Hansen", birth_date=date(2012, 5, 5), municipality=place)
    Citizen.objects.create(first_name="Mia", last_name="Hansen", birth_date=date(2012, 5, 6), municipality=place)
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    try:
        other.execute(
            f"UPDATE {Citizen._meta.db_table} SET first_name = 'Mia' WHERE id = %s",  # noqa: S608 - the model's table
            [ida.pk],
        )
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")
            Citizen.objects.create(first_name="Mia", last_name="Jensen", birth_date=None, municipality=place)
            cursor.execute("SET lock_timeout = 0")
        other.commit()
    finally:
        other.close()

    assert _stored_counts() == _expected_counts()
    assert _stored_counts()["mia", False] == 3
    # Each transaction left a row of its own for "mia"; the next write folds them into one.
    Citizen.objects.create(first_name="Mia", last_name="Olsen", birth_date=None, municipality=place)
    assert _count_rows("mia") == 1
    assert _stored_counts() == _expected_counts()


@pytest.mark.parametrize(
    ("batch_pairs", "vocabulary_from_dates"),
    [(registry.BATCH_PAIRS, registry.VOCABULARY_FROM_DATES), (5, 1)],
    ids=["one-batch-dates-parts", "batches-vocabulary"],
)
def test_the_database_register_links_as_the_memory_register_does(
    batch_pairs: int, vocabulary_from_dates: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On PostgreSQL the blocks and the name frequencies come from ``intake_name_part``, on SQLite from whole blocks
    # and names: the decisions and scores are the memory's, for names SQL cannot fold ("Thị Nguyễn") too, whether
    # the candidates come in one batch or in several read one ahead of the scoring, and whether the dates' parts
    # are read from the dates or found in the register's vocabulary.
    monkeypatch.setattr(registry, "BATCH_PAIRS", batch_pairs)
    monkeypatch.setattr(registry, "VOCABULARY_FROM_DATES", vocabulary_from_dates)
    data = labelled.generate(seed=3, citizens=800, rows=160)
    place = Municipality.objects.get(code="376")
    born = date(2012, 3, 4)
    unfoldable = [("Thị", "Nguyễn", born), ("Thị Lan", "Trần", born), ("Minh", "Nguyễn", date(2011, 6, 7))]
    citizens = Citizen.objects.bulk_create(
        [
            *(
                Citizen(first_name=p.first_name, last_name=p.last_name, birth_date=p.birth_date, municipality=place)
                for p in data.register
            ),
            *(
                Citizen(first_name=first, last_name=last, birth_date=day, municipality=place)
                for first, last, day in unfoldable
            ),
        ]
    )
    memory = MemoryRegistry(Candidate(c.pk, c.first_name, c.last_name, c.birth_date, "", place.pk) for c in citizens)
    rows = [Query(Name.from_full(row.name), row.birth_date) for row in data.rows]
    rows += [Query(Name.from_full("Thi Nguyen"), born), Query(Name.from_full("Thi Lan Tran"), born)]

    in_database = link_many(rows, DatabaseRegistry(Citizen.objects.all()))
    in_memory = link_many(rows, memory)

    def decisions(results: list) -> list[tuple[str, list[int], list[float]]]:
        return [
            (r.outcome, [s.candidate.ref for s in r.candidates], [round(s.total, 6) for s in r.candidates])
            for r in results
        ]

    assert decisions(in_database) == decisions(in_memory)
    assert sum(1 for r in in_database if r.chosen) > len(rows) // 2


def test_the_candidates_are_read_in_a_few_batches_of_whole_dates() -> None:
    # Every date's candidates must come in one batch (a row is scored once, against its whole date), and a big
    # report must still ask a bounded number of queries.
    days = {date(2010, 1, 1) + timedelta(days=i): [f"p{j}" for j in range(i % 7)] for i in range(3000)}

    batches = registry._batches(days)

    assert 1 < len(batches) <= registry.MAX_BATCHES
    assert [day for batch in batches for day in batch] == sorted(days)
    assert {day: parts for batch in batches for day, parts in batch.items()} == days
    assert registry._batches({date(2010, 1, 1): [], date(2010, 1, 2): []}) == [
        {date(2010, 1, 1): [], date(2010, 1, 2): []}
    ]


@postgresql_only
def test_a_large_reports_dates_find_the_same_parts_in_the_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    # A large report looks the register's vocabulary up part by part; it must find exactly the parts of the
    # citizens born on its dates, as reading the dates' own entries does, and nothing of the other dates.
    place = Municipality.objects.get(code="376")
    people = [
        ("Mia Sofie", "Brændgaard", date(2012, 5, 5)),
        ("Noah", "Hansen-Kjær", date(2012, 5, 5)),
        ("Ida", "Ølgaard", date(2011, 1, 2)),
        ("Thị", "Nguyễn", date(2011, 1, 2)),
        ("Anton", "Zachariassen", date(2009, 9, 9)),
        ("Ukendt", "Fødselsdato", None),
    ]
    Citizen.objects.bulk_create(
        Citizen(first_name=first, last_name=last, birth_date=born, municipality=place) for first, last, born in people
    )
    Citizen.objects.filter(first_name="Anton").update(first_name="Ib")
    for dates in [{date(2012, 5, 5)}, {date(2011, 1, 2), date(2009, 9, 9)}, {date(2000, 1, 1)}]:
        monkeypatch.setattr(registry, "VOCABULARY_FROM_DATES", 10**6)
        of_the_dates = DatabaseRegistry(Citizen.objects.all()).name_parts(dates)
        monkeypatch.setattr(registry, "VOCABULARY_FROM_DATES", 1)
        in_the_vocabulary = DatabaseRegistry(Citizen.objects.all()).name_parts(dates)
        expected = {part for first, last, born in people if born in dates for part in (*tokens(first), *tokens(last))}
        expected = {"ib" if part == "anton" else part for part in expected}

        assert of_the_dates == in_the_vocabulary == expected, dates


def test_a_citizen_whose_name_sql_cannot_fold_is_found_by_name_and_birth_date_and_by_a_typo() -> None:
    # "Thị Nguyễn" has only the part ``*`` in the database: the citizen is read for every row born that day, and
    # the Python folding of the name ("thi", "nguyen") gives the typo search its parts.
    place = Municipality.objects.get(code="376")
    born = date(2012, 3, 4)
    thi = Citizen.objects.create(first_name="Thị", last_name="Nguyễn", birth_date=born, municipality=place)
    Citizen.objects.create(first_name="Mia", last_name="Hansen", birth_date=born, municipality=place)
    rows = [Query(Name.from_full("THI NGUYEN"), born), Query(Name.from_full("Thu Ngyuen"), born)]

    exact, typos = link_many(rows, DatabaseRegistry(Citizen.objects.all()))

    assert exact.chosen is not None and exact.chosen.candidate.ref == thi.pk
    assert [s.candidate.ref for s in typos.candidates] == [thi.pk]
    if connection.vendor == "postgresql":
        assert {part for pk, _born, part, _surname in _stored_parts() if pk == thi.pk} == {"*"}
