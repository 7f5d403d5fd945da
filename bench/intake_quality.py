"""Linkage quality on the labelled set: ours next to Splink 5 (Fellegi-Sunter, term frequencies, DuckDB).

Splink is a benchmark-only extra (``pip install -e ".[bench]"``, done by ``make bench``); the platform never
imports it. Both linkers get the same register and report rows, cleaned the same way (names folded to lower
case ASCII with æ/ø/å as ae/oe/aa and split into first, middle and last names by our parser, so Splink is not
penalised for "Surname, First" order), and the same CPR numbers. Splink's set-up is the standard one from its
tutorials: ``NameComparison`` with term-frequency adjustment on first and last name, a Jaro-Winkler comparison on
middle names, ``DateOfBirthComparison``, exact CPR; blocking on birth date and on surname; λ from deterministic
rules, u by random sampling, m by expectation maximisation blocked on birth date and on surname.

Precision and recall count automatic links only (one best candidate per row above the link threshold). Splink is
shown at its usual 0.9 threshold and at the threshold that gives the highest recall with precision at least ours.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench.report import figure
from ssp.intake import labelled
from ssp.intake.linkage import Candidate, MemoryRegistry, Name, Outcome, Query, link_many
from ssp.lib import crypto


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    needs_confirmation: int
    seconds: float


def ours(data: labelled.LabelledSet) -> Quality:
    started = time.perf_counter()
    registry = MemoryRegistry(
        Candidate(p.ref, p.first_name, p.last_name, p.birth_date, crypto.lookup_hash(p.cpr)) for p in data.register
    )
    queries = [
        Query(Name.from_full(row.name), row.birth_date, crypto.lookup_hash(row.cpr) if row.cpr else "")
        for row in data.rows
    ]
    results = link_many(queries, registry)
    seconds = time.perf_counter() - started
    evaluation = labelled.evaluate(
        data.rows,
        [r.chosen.candidate.ref if r.chosen else None for r in results],
        [r.outcome == Outcome.NEEDS_CONFIRMATION for r in results],
    )
    return Quality(evaluation.precision, evaluation.recall, evaluation.needs_confirmation, seconds)


def _splink_record(uid: int, name: Name, birth: str, cpr: str) -> dict[str, object]:
    return {
        "unique_id": uid,
        "first_name": name.first or None,
        "middle_names": " ".join(name.middle) or None,
        "surname": " ".join(name.last) or None,
        "dob": birth,
        "cpr": cpr or None,
    }


def splink_best_matches(data: labelled.LabelledSet) -> tuple[list[tuple[int | None, float]], float]:
    """Splink's best registered candidate and its match probability per report row, and the seconds it took."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    left = [
        _splink_record(p.ref, Name.from_parts(p.first_name, p.last_name), p.birth_date.isoformat(), p.cpr)
        for p in data.register
    ]
    right = [
        _splink_record(100_000_000 + i, Name.from_full(row.name), row.birth_date.isoformat(), row.cpr)
        for i, row in enumerate(data.rows)
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.JaroWinklerAtThresholds("middle_names", [0.92]),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("cpr"),
        ],
        blocking_rules_to_generate_predictions=[block_on("dob"), block_on("surname"), block_on("cpr")],
    )
    db_api = DuckDBAPI()
    linker = Linker(
        [db_api.register(left, table_name="register"), db_api.register(right, table_name="report")],
        settings,
        log_level="WARNING",
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("cpr")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2_000_000)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    pairs = linker.inference.predict(threshold_match_probability=0.01).as_record_list()
    best: dict[int, tuple[int, float]] = {}
    for pair in pairs:
        left_id, right_id = int(pair["unique_id_l"]), int(pair["unique_id_r"])
        register_id, row_id = (left_id, right_id) if left_id < 100_000_000 else (right_id, left_id)
        probability = float(pair["match_probability"])
        if row_id not in best or probability > best[row_id][1]:
            best[row_id] = (register_id, probability)
    seconds = time.perf_counter() - started
    matches: list[tuple[int | None, float]] = [best.get(100_000_000 + i, (None, 0.0)) for i in range(len(data.rows))]
    return matches, seconds


def splink_at(data: labelled.LabelledSet, matches: Sequence[tuple[int | None, float]], threshold: float) -> Quality:
    linked = [ref if ref is not None and probability >= threshold else None for ref, probability in matches]
    evaluation = labelled.evaluate(data.rows, linked, [False] * len(data.rows))
    return Quality(evaluation.precision, evaluation.recall, 0, 0.0)


def main(*, citizens: int = 5000, rows: int = 600, seed: int = 20261130) -> None:
    data = labelled.generate(seed=seed, citizens=citizens, rows=rows)
    figure("intake.labelled.citizens", len(data.register), "citizens")
    figure("intake.labelled.rows", len(data.rows), "rows")
    mine = ours(data)
    figure("intake.linkage.ours.precision", mine.precision, "")
    figure("intake.linkage.ours.recall", mine.recall, "")
    figure("intake.linkage.ours.needs_confirmation", mine.needs_confirmation, "rows")
    figure("intake.linkage.ours.seconds", mine.seconds, "s")
    try:
        matches, seconds = splink_best_matches(data)
    except ImportError:
        print("intake.linkage.splink: skipped (install the bench extra: pip install -e '.[bench]')", flush=True)
        return
    figure("intake.linkage.splink.seconds", seconds, "s")
    usual = splink_at(data, matches, 0.9)
    figure("intake.linkage.splink@0.9.precision", usual.precision, "")
    figure("intake.linkage.splink@0.9.recall", usual.recall, "")
    # The highest recall Splink reaches while its precision is at least ours: "equal precision".
    thresholds = sorted({probability for _, probability in matches if probability > 0})
    at_equal = [q for q in (splink_at(data, matches, t) for t in thresholds) if q.precision >= mine.precision]
    if at_equal:
        best = max(at_equal, key=lambda q: q.recall)
        figure("intake.linkage.splink@equal_precision.precision", best.precision, "")
        figure("intake.linkage.splink@equal_precision.recall", best.recall, "")
    else:
        print("intake.linkage.splink@equal_precision: no threshold reaches our precision", flush=True)
