"""Suppression cannot be undone: generated tables, suppressed, then attacked over everything published.

The attacker here is written independently of the module's auditor: it builds its own equations from the published
figures and every constraint, then (1) asks linear algebra whether a hidden cell is fixed by the equations alone and
(2) asks linear programming for the interval the cell can take given whole-number bounds ("<5" means 0-4, "x" means
at least 5). A "<5" cell must still range over all of 0-4 (the table says nothing beyond "<5"); an "x" cell must
range at least 4 wide. A withheld table shows nothing.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from ssp.lib.disclosure import (
    TOTAL,
    Constraint,
    Key,
    LinkedTable,
    Mark,
    Suppressed,
    hypercube,
    publish_counts,
    publish_two_way,
    suppress,
)

MIN = 5
# Counts that make tables with many small cells, as a school's grade split by answer does.
COUNT = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 8, 11, 15, 24, 40])


def attack(result: Suppressed) -> dict[Key, tuple[float, float, bool]]:
    """For each hidden cell: the interval an attacker can prove, and whether the equations alone fix it."""
    table = result.table
    hidden = sorted(result.hidden)
    if not hidden:
        return {}
    index = {key: i for i, key in enumerate(hidden)}
    rows, rhs = [], []
    for constraint in table.constraints:
        row = np.zeros(len(hidden))
        constant = 0.0
        for member, sign in [(constraint.total, 1.0)] + [(part, -1.0) for part in constraint.parts]:
            if member in index:
                row[index[member]] += sign
            else:
                constant -= sign * result.shown(member)  # type: ignore[operator]
        if row.any():
            rows.append(row)
            rhs.append(constant)
    matrix = np.array(rows) if rows else np.zeros((0, len(hidden)))
    rank = np.linalg.matrix_rank(matrix) if rows else 0
    ceiling = max(table.values.values())
    if result.withheld:
        bounds = [(0, ceiling)] * len(hidden)
    else:
        bounds = [(0, MIN - 1) if key in result.primary else (MIN, ceiling) for key in hidden]
    found = {}
    for key, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1.0
        fixed = bool(rows) and np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank
        objective = unit
        low = linprog(objective, A_eq=matrix if rows else None, b_eq=rhs if rows else None, bounds=bounds)
        high = linprog(-objective, A_eq=matrix if rows else None, b_eq=rhs if rows else None, bounds=bounds)
        assert low.status == 0 and high.status == 0
        found[key] = (low.fun, -high.fun, fixed)
    return found


def assert_cannot_be_recovered(result: Suppressed) -> None:
    for key in result.table.values:
        if result.mark(key) == Mark.SHOWN:
            assert result.table.values[key] >= MIN, f"{key} is shown below {MIN}"
    for key, (lo, hi, fixed) in attack(result).items():
        assert not fixed, f"{key} follows from the published equations"
        if result.withheld:
            continue
        if key in result.primary:
            assert lo <= 1e-6 and hi >= MIN - 1 - 1e-6, f"{key} narrowed to [{lo}, {hi}], more than '<5' says"
        else:
            assert hi - lo >= MIN - 1 - 1e-6, f"{key} pinned to [{lo}, {hi}]"


@st.composite
def two_way(draw: st.DrawFn) -> dict[Key, int]:
    rows = draw(st.integers(2, 5))
    columns = draw(st.integers(2, 5))
    return {(f"r{r}", f"c{c}"): draw(COUNT) for r in range(rows) for c in range(columns)}


@st.composite
def three_way(draw: st.DrawFn) -> dict[Key, int]:
    """Schools × grades × answers; the school margin is the municipality, so school-vs-municipality is included."""
    schools = draw(st.integers(2, 3))
    grades = draw(st.integers(1, 3))
    answers = draw(st.integers(2, 3))
    cells = itertools.product(range(schools), range(grades), range(answers))
    return {(f"s{s}", f"{7 + g}", f"a{a}"): draw(COUNT) for s, g, a in cells}


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(two_way())
def test_two_way_table_with_totals_cannot_be_recovered(counts: dict[Key, int]) -> None:
    assert_cannot_be_recovered(suppress(hypercube(counts), min_count=MIN))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_way())
def test_schools_grades_and_municipality_cannot_be_recovered(counts: dict[Key, int]) -> None:
    assert_cannot_be_recovered(suppress(hypercube(counts), min_count=MIN))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(two_way(), min_size=2, max_size=3), st.data())
def test_waves_with_a_sum_over_waves_cannot_be_recovered(waves: list[dict[Key, int]], data: st.DataObject) -> None:
    """A total over all waves links every wave's table: the attacker subtracts the other waves from it."""
    shape = sorted({key for key in waves[0]})
    counts = {(f"w{w}", *key): wave.get(key, data.draw(COUNT)) for w, wave in enumerate(waves) for key in shape}
    assert_cannot_be_recovered(suppress(hypercube(counts), min_count=MIN))


@FAST
@given(two_way())
def test_every_small_cell_is_hidden_and_nothing_else_is_shown_below_the_limit(counts: dict[Key, int]) -> None:
    result = suppress(hypercube(counts), min_count=MIN)
    for key, value in result.table.values.items():
        if value < MIN:
            assert result.mark(key) in (Mark.PRIMARY, Mark.WITHHELD)
            assert result.label(key) in ("<5", "–")


def test_a_single_small_cell_in_a_row_takes_a_row_partner_a_column_partner_and_the_corner() -> None:
    counts = {("a", "ja"): 2, ("a", "nej"): 20, ("b", "ja"): 12, ("b", "nej"): 30}
    result = suppress(hypercube(counts), min_count=MIN)
    assert result.primary == {("a", "ja")}
    # a-ja is pinned by its row and its column until both partners and the cell across from it are hidden.
    assert {("a", "nej"), ("b", "ja"), ("b", "nej")} <= result.secondary
    assert_cannot_be_recovered(result)


def test_a_municipality_published_on_its_own_page_stays_consistent_on_the_shared_page() -> None:
    """The shared comparison may not hide a municipality figure its own page shows, nor show one it hides."""
    own = suppress(hypercube({("7", "ja"): 3, ("7", "nej"): 40, ("8", "ja"): 9, ("8", "nej"): 31}))
    shared_counts = {("Holstebro", a): own.table.values[(TOTAL, a)] for a in ("ja", "nej")}
    shared_counts |= {("Guldborgsund", "ja"): 30, ("Guldborgsund", "nej"): 60}
    shared = hypercube(shared_counts)
    own_hidden = {("Holstebro", a) for a in ("ja", "nej") if own.mark((TOTAL, a)) != Mark.SHOWN}
    own_shown = {("Holstebro", a) for a in ("ja", "nej")} - own_hidden
    result = suppress(shared, locked=own_shown, hidden_elsewhere=own_hidden)
    for key in own_shown:
        assert result.mark(key) == Mark.SHOWN
    for key in own_hidden:
        assert result.mark(key) != Mark.SHOWN


def test_a_table_of_only_small_figures_whose_total_reveals_them_is_withheld() -> None:
    counts = {("a",): 3, ("b",): 3}
    table = LinkedTable(
        values={("a",): 3, ("b",): 3, ("sum",): 6}, constraints=[Constraint(total=("sum",), parts=(("a",), ("b",)))]
    )
    # Hiding the total does not help: it is at least 5 ("x"), so neither part can be 0.
    assert suppress(hypercube(counts)).withheld is True
    locked = suppress(table, locked=[("sum",)])
    assert locked.withheld is True
    assert {locked.label(key) for key in table.values} == {"–"}


def test_publish_two_way_lays_out_labels_and_totals() -> None:
    counts = {("7. kl.", "ja"): 3, ("7. kl.", "nej"): 47, ("8. kl.", "ja"): 12, ("8. kl.", "nej"): 38}
    table = publish_two_way(counts, ["7. kl.", "8. kl."], ["ja", "nej"])
    assert table.rows[0].cells[0] == "<5"
    assert "3" not in {cell for row in table.rows for cell in row.cells}
    assert table.grand_total == "100"


def test_publish_counts_hides_a_small_category_and_one_more() -> None:
    labels, total = publish_counts({"underretning": 3, "bekymringssamtale": 10, "hjemmebesøg": 12})
    assert labels["underretning"] == "<5"
    assert labels["bekymringssamtale"] == "x"
    assert labels["hjemmebesøg"] == "12"
    assert total == "25"


def test_an_inconsistent_table_is_refused() -> None:
    with pytest.raises(ValueError, match="not the sum"):
        LinkedTable(values={("a",): 1, ("t",): 2}, constraints=[Constraint(total=("t",), parts=(("a",),))])
