"""Record linkage: CPR first, then a term-frequency weighted score that keeps siblings and twins apart."""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable
from datetime import date

import pytest
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from ssp.intake import labelled
from ssp.intake.linkage import (
    Candidate,
    Field,
    Level,
    LinkResult,
    MemoryRegistry,
    Method,
    Name,
    NearParts,
    Outcome,
    Query,
    RowComparison,
    link_many,
    neighbour_dates,
)
from ssp.lib import crypto

# Before the filler population's birth years, so no stranger shares the date by chance.
BIRTH = date(2006, 5, 5)


def _register(*people: tuple[str, str, date], filler: int = 2000) -> MemoryRegistry:
    """The named children plus a population of others, so name frequencies mean something."""
    others = labelled.generate(seed=7, citizens=filler, rows=0).register
    candidates = [Candidate(i + 1, first, last, birth) for i, (first, last, birth) in enumerate(people)]
    candidates += [Candidate(1000 + p.ref, p.first_name, p.last_name, p.birth_date) for p in others]
    return MemoryRegistry(candidates)


def _chosen(result: LinkResult) -> int | None:
    return result.chosen.candidate.ref if result.chosen else None


def _link(registry: MemoryRegistry, name: str, birth: date = BIRTH, cpr_hash: str = "") -> LinkResult:
    (result,) = link_many([Query(Name.from_full(name), birth, cpr_hash)], registry)
    return result


@pytest.mark.parametrize(
    "written",
    [
        "Søren Ærø Brændgaard",
        "SØREN ÆRØ BRÆNDGAARD",
        "Soeren Aeroe Braendgaard",
        "Brændgaard, Søren Ærø",
        "Søren Brændgaard",
        "Søren Ærø Kjær Brændgaard",
        "Søren Ærø Brændgård",
        "Sørn Ærø Brændgaard",
        "Søren Ærø Brændgaad",
    ],
)
def test_it_links_the_same_child_however_the_police_wrote_the_name(written: str) -> None:
    registry = _register(("Søren Ærø", "Brændgaard", BIRTH))

    result = _link(registry, written)

    assert result.outcome == Outcome.LINKED
    assert _chosen(result) == 1


def test_it_links_by_cpr_even_when_the_number_fails_modulus_11() -> None:
    # 0101201234 is a well-formed number issued after 2007 that does not pass modulus 11.
    cpr_hash = crypto.lookup_hash("0101201234")
    registry = MemoryRegistry([Candidate(9, "Mia", "Hansen", date(2020, 1, 1), cpr_hash)])

    result = _link(registry, "Helt Andet Navn", date(2020, 1, 1), cpr_hash)

    assert (result.outcome, result.method, _chosen(result)) == (Outcome.LINKED, Method.CPR, 9)


def test_a_candidate_with_another_cpr_number_is_another_child() -> None:
    registry = _register(("Mia", "Brændgaard", BIRTH))
    other = MemoryRegistry([Candidate(1, "Mia", "Brændgaard", BIRTH, crypto.lookup_hash("0505124321"))])

    result = _link(other, "Mia Brændgaard", cpr_hash=crypto.lookup_hash("0505124322"))

    assert result.outcome == Outcome.NEW_CITIZEN
    assert _link(registry, "Mia Brændgaard").outcome == Outcome.LINKED


def test_an_unregistered_twin_one_letter_apart_is_never_linked_automatically() -> None:
    registry = _register(("Mia", "Brændgaard", BIRTH))

    result = _link(registry, "Mie Brændgaard")

    assert result.outcome == Outcome.NEEDS_CONFIRMATION
    assert "first_name_conflict" in result.reasons
    assert result.candidates[0].weights[0].level == Level.CONFLICT


def test_registered_twins_each_get_their_own_link() -> None:
    registry = _register(("Mia", "Brændgaard", BIRTH), ("Mie", "Brændgaard", BIRTH))

    assert _chosen(_link(registry, "Mia Brændgaard")) == 1
    assert _chosen(_link(registry, "Mie Brændgaard")) == 2


def test_a_twin_with_another_first_name_is_never_linked_automatically() -> None:
    registry = _register(("Mads", "Brændgaard", BIRTH))

    result = _link(registry, "Mikkel Brændgaard")

    assert result.outcome != Outcome.LINKED
    first = result.candidates[0].weights[0]
    assert (first.level, first.weight < -7) == (Level.DIFFERENT, True)


def test_a_common_surname_is_weaker_evidence_than_a_rare_one() -> None:
    registry = _register(("Emma", "Nielsen", BIRTH), ("Emma", "Brændgaard", BIRTH))

    common = _link(registry, "Emma Nielsen").candidates[0]
    rare = _link(registry, "Emma Brændgaard").candidates[0]

    weight = {s.candidate.ref: {w.field: w.weight for w in s.weights} for s in (common, rare)}
    assert weight[2][Field.LAST_NAME] > weight[1][Field.LAST_NAME] + 2


def test_the_waterfall_adds_up_to_the_score() -> None:
    registry = _register(("Emma", "Brændgaard", BIRTH))

    best = _link(registry, "Emma Brændgaard").candidates[0]

    assert [w.field for w in best.weights] == [Field.FIRST_NAME, Field.MIDDLE_NAMES, Field.LAST_NAME, Field.BIRTH_DATE]
    assert best.total == pytest.approx(best.prior + sum(w.weight for w in best.weights))
    assert 0.9 < best.probability <= 1


def test_a_birth_date_typo_is_found_through_the_surname_block_and_confirmed_by_a_person() -> None:
    registry = _register(("Mia", "Hansen", BIRTH))

    result = _link(registry, "Mia Hansen", date(2006, 5, 6))

    assert result.outcome == Outcome.NEEDS_CONFIRMATION
    assert result.candidates[0].candidate.ref == 1


class _CountingRegistry(MemoryRegistry):
    """The register, noting which (surname, date) pairs the surname pass asks for."""

    def __init__(self, candidates: list[Candidate]) -> None:
        super().__init__(candidates)
        self.surname_pairs: set[tuple[str, date]] = set()

    def by_surname(self, pairs: Collection[tuple[str, date]]) -> Iterable[Candidate]:
        self.surname_pairs |= set(pairs)
        return super().by_surname(pairs)


def test_a_row_ambiguous_between_two_namesakes_born_that_day_skips_the_surname_pass() -> None:
    # Two children with one name and birth date: no citizen born on another date can outrank either of them, so
    # the row stays ambiguous between the two whatever the surname pass would find.
    people = [Candidate(1, "Mia", "Brændgaard", BIRTH), Candidate(2, "Mia", "Brændgaard", BIRTH)]
    people.append(Candidate(3, "Mia", "Brændgaard", date(2006, 5, 6)))
    registry = _CountingRegistry(people)

    (twins,) = link_many([Query(Name.from_full("Mia Brændgaard"), BIRTH)], registry)
    (alone,) = link_many([Query(Name.from_full("Mia Brændgaard"), date(2006, 5, 8))], registry)

    assert (twins.outcome, twins.reasons) == (Outcome.NEEDS_CONFIRMATION, ("ambiguous",))
    assert [s.candidate.ref for s in twins.candidates] == [1, 2]
    # The row with no one born that day still searches the dates one keystroke away, and finds all three.
    assert {day for _, day in registry.surname_pairs} == neighbour_dates(date(2006, 5, 8))
    assert sorted(s.candidate.ref for s in alone.candidates) == [1, 2, 3]


def test_no_citizen_born_one_keystroke_away_scores_above_the_rows_ceiling() -> None:
    # The bound the surname pass is skipped by: were it ever exceeded, a skipped row could have been decided
    # differently.
    data = labelled.generate(seed=5, citizens=3000, rows=400)
    registry = MemoryRegistry(Candidate(p.ref, p.first_name, p.last_name, p.birth_date) for p in data.register)
    with registry.frequencies((), ()) as counted:
        freq = counted()
    by_date: dict[date, list[Candidate]] = {}
    for candidate in registry.by_birth_date({p.birth_date for p in data.register}):
        by_date.setdefault(candidate.birth_date, []).append(candidate)  # type: ignore[arg-type]
    pairs = 0
    for row in data.rows:
        comparison = RowComparison(Query(Name.from_full(row.name), row.birth_date), freq)
        ceiling = comparison.mistyped_date_ceiling()
        for day in neighbour_dates(row.birth_date):
            for candidate in by_date.get(day, ()):
                weights, _conflict = comparison.weights(candidate)
                assert freq.prior + sum(w.weight for w in weights) <= ceiling + 1e-9, (row, candidate)
                pairs += 1
    assert pairs > 1000


def test_the_labelled_set_meets_the_precision_and_recall_goal() -> None:
    data = labelled.generate(seed=11, citizens=3000, rows=500)
    registry = MemoryRegistry(
        Candidate(p.ref, p.first_name, p.last_name, p.birth_date, crypto.lookup_hash(p.cpr)) for p in data.register
    )
    queries = [
        Query(Name.from_full(row.name), row.birth_date, crypto.lookup_hash(row.cpr) if row.cpr else "")
        for row in data.rows
    ]

    results = link_many(queries, registry)
    evaluation = labelled.evaluate(
        data.rows,
        [_chosen(r) for r in results],
        [r.outcome == Outcome.NEEDS_CONFIRMATION for r in results],
    )

    assert {row.case for row in data.rows} == set(labelled.CASES)
    assert evaluation.precision >= 0.99, evaluation.wrong_links
    assert evaluation.recall >= 0.97, evaluation.missed
    # No twin or sibling outside the register was ever merged into a registered child.
    assert not [r for r in evaluation.wrong_links if r.case in {"twin_unregistered", "sibling_unregistered"}]


def test_a_birth_year_mistyped_outside_the_register_is_less_doubtful_than_an_ordinary_slip() -> None:
    # One keystroke from 05.05.2006 lie some forty dates; from 05.05.2056 only 05.05.2006 is a registered child's.
    registry = _register(("Mia", "Brændgaard", BIRTH))

    slip = _link(registry, "Mia Brændgaard", date(2006, 5, 6)).candidates[0]
    far = _link(registry, "Mia Brændgaard", date(2056, 5, 5)).candidates[0]

    levels = [{w.field: w.level for w in s.weights}[Field.BIRTH_DATE] for s in (slip, far)]
    assert levels == [Level.TYPO, Level.TYPO]
    assert far.total > slip.total + 2


def test_near_parts_finds_exactly_the_parts_a_typo_or_a_near_miss_away() -> None:
    # The index of one-letter deletions and the batch of near misses must find what comparing every row part with
    # every candidate part finds: a part they missed would leave a plausible candidate unscored.
    rng = random.Random(3)

    def part() -> str:
        return "".join(rng.choice("aenrst") for _ in range(rng.randint(2, 9)))

    vocabulary = sorted({part() for _ in range(600)})
    names = [Name(first=rng.choice(vocabulary), middle=(part(),), last=(part(), part())) for _ in range(150)]

    def close(row: str, other: str) -> bool:
        typo = min(len(row), len(other)) >= 3 and DamerauLevenshtein.distance(row, other) <= 1
        return row == other or typo or (min(len(row), len(other)) >= 6 and JaroWinkler.similarity(row, other) >= 0.95)

    batched, asked_one_by_one = NearParts(vocabulary, names[:100]), NearParts(vocabulary)
    for name in names:
        parts = {*name.given, *name.last}
        expected = {other for other in vocabulary if any(close(p, other) for p in parts)}
        assert batched.of(name) - parts == expected - parts
        assert asked_one_by_one.of(name) - parts == expected - parts
    assert sum(len(batched.of(name)) for name in names) > 3 * len(names)
