"""Disclosure control (diskretionering): no table the platform shows lets a reader single out a child.

Every aggregate the platform publishes — survey tables, intake and concern figures, programme counts, dashboard
tiles and reports — passes through ``suppress()``. The rule follows Statistics Denmark and the Danish health data
authority: a figure with fewer than ``min_count`` (5) respondents is shown as "<5" (primary suppression), and
enough other figures are hidden as "x" (secondary, complementary suppression) that no hidden figure can be worked
out from what is shown.

The model
---------
A *linked table* is a set of cells (interior figures and every total) and a list of *constraints*: a total equals
the sum of its parts. Row and column totals, the grades or schools of the same table, a municipality against its
schools (so "the municipality minus the other schools"), a sum over waves and a shared total over municipalities
are all constraints, so every published view of the same figures is audited together, not table by table.
``hypercube()`` builds the cube with all its margins from interior counts; other shapes add constraints by hand.

The attacker
------------
Someone who knows every shown figure exactly, every constraint, that counts are whole numbers ≥ 0, that a "<5" cell
lies in [0, min_count - 1] and that an "x" cell (hidden to protect another) is ≥ min_count. For a hidden cell the
attacker's best knowledge is the interval [lo, hi] of values consistent with all of that: two linear programmes
(minimise, maximise the cell) over the hidden cells. HiGHS through scipy's ``linprog`` solves them exactly; the
integer polytope lies inside the LP's, so the LP interval is an outer bound the attacker cannot beat by algebra.

The guarantee
-------------
1. A "<5" cell: the published figures add nothing to "<5" — its interval is the whole [0, min_count - 1].
2. An "x" cell: its interval is at least ``min_count - 1`` wide, so the attacker cannot pin it.
If no choice of hidden cells reaches that (tiny tables where even the totals are small), the table is *withheld*:
nothing of it is shown.

The algorithm (greedy, auditing as it goes)
-------------------------------------------
1. Hide every cell below ``min_count`` (zero included: "nobody in the class" is a statement about every pupil).
2. Close singletons: while a constraint has exactly one hidden member (pinned by subtraction), hide one more of
   its members — first one that closes several such constraints at once (the corner of a rectangle).
3. Audit the hidden cells not yet passed, each over its *component* only (the hidden cells linked to it by
   constraints; the rest are constants), one LP problem per component reused for every objective. Every solution
   is a feasible point, so it *witnesses* the value of every cell of the component; a cell passes once witnesses
   span its required range. A few LPs with random-sign objectives over the pending cells witness most of them
   (a plain sum cannot move cells whose total is published); witnesses are kept between rounds, because hiding
   more only enlarges the polytope. Of the cells no witness settled, at most ``EXACT_AUDITS`` get their own two
   LPs (exact optima, so a failure is proven); more than that are treated as failing without proof — hiding one
   more cell for each is always safe, costs a little over-suppression, and saves the hundreds of LPs a large
   table of a rare behaviour needs to prove every failure.
4. For each failing cell, hide one more cell: a member of a pinning constraint of its component if there is one,
   else of a constraint of the cell, else of any constraint touching the component — an interior cell before a
   total, the smallest with room to absorb the whole "<5" range (≥ 2·min_count - 1), else the largest. Go to 2.
A cell passes only on witnesses, so the published pattern is audited whatever the random signs chose; a cell that
passed stays passed (hiding a cell only widens every other hidden cell's interval), so each cell is passed once.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
from scipy import sparse
from scipy.linalg import null_space
from scipy.optimize import linprog

Key = tuple[str, ...]
TOTAL = "\u03a3"  # the label of a margin along a dimension ("I alt" when shown)
DEFAULT_MIN_COUNT = 5


class Mark(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # fewer than min_count: "<5"
    SECONDARY = "secondary"  # hidden to protect another cell: "x"
    WITHHELD = "withheld"  # the whole table is not shown


@dataclass(frozen=True)
class Constraint:
    """``total`` equals the sum of ``parts``."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class LinkedTable:
    values: Mapping[Key, int]
    constraints: Sequence[Constraint]

    def __post_init__(self) -> None:
        for key, value in self.values.items():
            if value < 0:
                raise ValueError(f"Negative count in cell {key}: {value}")
        for constraint in self.constraints:
            missing = [key for key in constraint.members if key not in self.values]
            if missing:
                raise ValueError(f"Constraint refers to unknown cells: {missing}")
            if self.values[constraint.total] != sum(self.values[key] for key in constraint.parts):
                raise ValueError(f"Total {constraint.total} is not the sum of its parts")


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @property
    def width(self) -> float:
        return self.hi - self.lo


@dataclass(frozen=True)
class Suppressed:
    """A linked table as it may be published."""

    table: LinkedTable
    min_count: int
    primary: frozenset[Key]
    secondary: frozenset[Key]
    withheld: bool = False

    def mark(self, key: Key) -> Mark:
        if self.withheld:
            return Mark.WITHHELD
        if key in self.primary:
            return Mark.PRIMARY
        if key in self.secondary:
            return Mark.SECONDARY
        return Mark.SHOWN

    def shown(self, key: Key) -> int | None:
        """The figure, or None when it is hidden."""
        return self.table.values[key] if self.mark(key) == Mark.SHOWN else None

    def label(self, key: Key) -> str:
        """The text a reader sees in the cell."""
        mark = self.mark(key)
        if mark == Mark.SHOWN:
            return str(self.table.values[key])
        if mark == Mark.PRIMARY:
            return f"<{self.min_count}"
        if mark == Mark.SECONDARY:
            return "x"
        return "–"

    @property
    def hidden(self) -> frozenset[Key]:
        if self.withheld:
            return frozenset(self.table.values)
        return self.primary | self.secondary


def hypercube(counts: Mapping[Any, int], labels: Sequence[Sequence[str]] | None = None) -> LinkedTable:
    """The cube of ``counts`` with every margin (``TOTAL`` along each dimension and each combination).

    ``labels`` lists each dimension's categories (cells missing from ``counts`` are 0); by default the categories
    seen in ``counts``.
    """
    if not counts and labels is None:
        raise ValueError("An empty table needs its labels")
    if labels is None:
        dims = len(next(iter(counts)))
        labels = [sorted({key[d] for key in counts}) for d in range(dims)]
    if any(TOTAL in axis for axis in labels):
        raise ValueError(f"{TOTAL!r} is reserved for totals")
    axes = [[*axis, TOTAL] for axis in labels]
    values: dict[Key, int] = dict.fromkeys(itertools.product(*axes), 0)
    dims = len(labels)
    # Each interior count adds to its own cell and to every margin above it: 2^dims additions per count.
    for key, count in counts.items():
        if key not in values or TOTAL in key:
            raise ValueError(f"Cell {key} is not in the table's labels")
        for mask in itertools.product((False, True), repeat=dims):
            values[tuple(TOTAL if up else part for part, up in zip(key, mask, strict=True))] += count
    constraints = []
    for key in values:
        for d, part in enumerate(key):
            if part == TOTAL:
                parts = tuple((*key[:d], label, *key[d + 1 :]) for label in labels[d])
                constraints.append(Constraint(total=key, parts=parts))
    return LinkedTable(values=values, constraints=constraints)


def suppress(
    table: LinkedTable,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    locked: Iterable[Key] = (),
    hidden_elsewhere: Iterable[Key] = (),
) -> Suppressed:
    """Primary and secondary suppression of ``table`` (the algorithm is in the module docstring).

    ``locked`` cells are already published elsewhere and may not be hidden here (they count as known figures);
    ``hidden_elsewhere`` cells are hidden elsewhere with the same figure and stay hidden here, so one figure is
    never shown on one page and hidden on another.
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    auditor = _Auditor(table, min_count, frozenset(locked))
    for key in hidden_elsewhere:
        auditor.hide(key, primary=table.values[key] < min_count)
    for key, value in table.values.items():
        if value < min_count:
            if key in auditor.locked:
                raise ValueError(f"Cell {key} is below {min_count} but published elsewhere")
            auditor.hide(key, primary=True)
    withheld = Suppressed(table, min_count, frozenset(), frozenset(), withheld=True)
    while True:
        if not auditor.close_singletons():
            return withheld
        failing = auditor.failing()
        if not failing:
            break
        for key in failing:
            candidate = auditor.next_to_hide(key)
            if candidate is None:
                return withheld
            auditor.hide(candidate, primary=False)
    return Suppressed(
        table,
        min_count,
        primary=frozenset(auditor.primary),
        secondary=frozenset(auditor.hidden - auditor.primary),
    )


def attacker_interval(suppressed: Suppressed, key: Key) -> Interval:
    """What the attacker described in the module docstring can know of the hidden cell ``key``."""
    auditor = _Auditor(suppressed.table, suppressed.min_count, frozenset())
    for hidden in suppressed.hidden:
        auditor.hide(hidden, primary=hidden in suppressed.primary)
    return auditor.interval(key)


_EPS = 1e-6
# Cells of one component that the random-sign witnesses left open and that get their own exact LPs; beyond this
# many, they count as failing without proof (see the module docstring, step 3).
EXACT_AUDITS = 8
# Components up to this many cells are first walked along their null space (no LP; an SVD of this size is cheap).
NULL_SPACE_CELLS = 120
# The attacker's polytope: equality matrix (sparse), right-hand side and per-cell bounds.
_Problem = tuple[Any, np.ndarray | None, list[tuple[float, float]]]


class _Auditor:
    def __init__(self, table: LinkedTable, min_count: int, locked: frozenset[Key]) -> None:
        self.table = table
        self.min_count = min_count
        self.locked = locked
        # An attacker knows no cell exceeds the largest figure of the table; the bound keeps every LP bounded.
        self.ceiling = max(table.values.values(), default=0)
        self.hidden: set[Key] = set()
        self.primary: set[Key] = set()
        self.passed: set[Key] = set()  # audited and wide enough; hiding more cannot narrow them again
        self.seen: dict[Key, list[float]] = {}  # per audited cell: the lowest and highest value any witness showed
        self.constraints_of: dict[Key, list[Constraint]] = defaultdict(list)
        for constraint in table.constraints:
            for key in constraint.members:
                self.constraints_of[key].append(constraint)
        self.hidden_in: dict[int, int] = dict.fromkeys(map(id, table.constraints), 0)  # kept as cells are hidden

    def hide(self, key: Key, *, primary: bool) -> None:
        if key not in self.hidden:
            for constraint in self.constraints_of[key]:
                self.hidden_in[id(constraint)] += 1
        self.hidden.add(key)
        if primary:
            self.primary.add(key)

    def bounds(self, key: Key) -> tuple[float, float]:
        if key in self.primary:
            return (0, self.min_count - 1)
        return (self.min_count, max(self.ceiling, self.min_count))

    def _enough(self, key: Key, found: Interval) -> bool:
        if key in self.primary:
            return found.lo <= _EPS and found.hi >= self.min_count - 1 - _EPS
        return found.width >= self.min_count - 1 - _EPS

    def close_singletons(self) -> bool:
        """Hide partners until no constraint has exactly one hidden member; False when a constraint has no partner left.

        A partner that also sits in another such constraint closes both (the corner of a rectangle), so it goes first.
        """
        while True:
            singles = [constraint for constraint in self.table.constraints if self._hidden_in(constraint) == 1]
            if not singles:
                return True
            constraint = singles[0]
            candidates = {m for m in constraint.members if m not in self.hidden and m not in self.locked}
            if not candidates:
                return False
            single_ids = {id(single) for single in singles}
            closes = {key: sum(id(other) in single_ids for other in self.constraints_of[key]) for key in candidates}
            best = max(closes.values())
            self.hide(self._cheapest({key for key in candidates if closes[key] == best}), primary=False)

    def _hidden_in(self, constraint: Constraint) -> int:
        return self.hidden_in[id(constraint)]

    def failing(self) -> list[Key]:
        """The hidden cells not shown wide enough, with as few LPs as possible (step 3 of the module docstring).

        Only cells not yet passed are audited, each over its component alone: the hidden cells linked to it, which
        are all the attacker's LP can move. Every feasible point of that LP witnesses every cell of the component
        at once and stays feasible when more is hidden later (the new cells at their true values), so witnesses
        are kept across rounds: a cell seen at 0 in one solution and at its top in another spans its whole range.
        """
        pending = {key for key in self.hidden if key not in self.passed}
        for key in pending:
            self.seen.setdefault(key, [float(self.table.values[key])] * 2)
        failing: list[Key] = []
        done: set[Key] = set()
        for start in sorted(pending):
            if start in done:
                continue
            cells, constraints = self.component(start)
            done.update(cells)
            failing.extend(self._audit(cells, constraints, [cell for cell in cells if cell in pending]))
        self.passed.update(pending - set(failing))
        return failing

    def _audit(self, cells: list[Key], constraints: list[Constraint], pending: list[Key]) -> list[Key]:
        position = {cell: i for i, cell in enumerate(cells)}
        problem = self._problem(cells, constraints)

        def witness(objective: np.ndarray) -> None:
            self._witness(cells, _solve(objective, *problem))

        def open_cells(keys: Iterable[Key]) -> list[Key]:
            return [key for key in keys if not self._enough(key, Interval(*self.seen[key]))]

        if len(constraints) <= 1:
            # One constraint over boxes: each cell's range is exact by interval arithmetic (a one-way table, a
            # dashboard tile), with no LP at all.
            for cell, found in zip(cells, self._one_constraint(cells, constraints), strict=True):
                self._widen(cell, found.lo, found.hi)
            return open_cells(pending)
        if len(cells) <= NULL_SPACE_CELLS and self._walk_null_space(cells, problem) <= 1:
            # The feasible set is a point or a segment through the true table: the walk reached both ends of every
            # cell's range, so what is still open fails, proven without an LP.
            return open_cells(pending)
        todo = open_cells(pending)
        signs = random.Random(len(cells))
        while len(todo) > 2:
            objective = np.zeros(len(cells))
            for key in todo:
                objective[position[key]] = signs.choice((-1.0, 1.0))
            witness(objective)
            still = open_cells(todo)
            if len(still) == len(todo):
                break
            todo = still
        failing = []
        for key in todo:
            for sign in (1.0, -1.0):
                if open_cells([key]) and len(todo) <= EXACT_AUDITS:
                    objective = np.zeros(len(cells))
                    objective[position[key]] = sign
                    witness(objective)
            if open_cells([key]):
                failing.append(key)
        return failing

    def _witness(self, cells: list[Key], solution: np.ndarray) -> None:
        for cell, found in zip(cells, solution, strict=True):
            self._widen(cell, float(found), float(found))

    def _walk_null_space(self, cells: list[Key], problem: _Problem) -> int:
        """Witnesses without an LP: from the true table, move along each direction that keeps every constraint
        (a basis of the null space, e.g. the +t/-t corners of a rectangle) as far as the cells' bounds allow.
        Returns the null space's dimension (one more than any component the caller hands in can have)."""
        matrix, _rhs, bounds = problem
        if matrix is None:
            return len(cells)
        truth = np.array([float(self.table.values[cell]) for cell in cells])
        low = np.array([bound[0] for bound in bounds], dtype=float)
        high = np.array([bound[1] for bound in bounds], dtype=float)
        directions = null_space(matrix.toarray()).T
        for direction in directions:
            moving = np.abs(direction) > _EPS
            if not moving.any():
                continue
            step = direction[moving]
            up = np.where(step > 0, high[moving] - truth[moving], low[moving] - truth[moving]) / step
            down = np.where(step > 0, low[moving] - truth[moving], high[moving] - truth[moving]) / step
            for t in (float(up.min()), float(down.max())):
                self._witness(cells, truth + t * direction)
        return len(directions)

    def _widen(self, cell: Key, lo: float, hi: float) -> None:
        if cell in self.seen:
            seen = self.seen[cell]
            seen[0], seen[1] = min(seen[0], lo), max(seen[1], hi)

    def _one_constraint(self, cells: list[Key], constraints: list[Constraint]) -> list[Interval]:
        """The exact range of each hidden cell when at most one constraint links them: the box of each cell cut by
        ``total = sum(parts)``, the others' boxes summed."""
        boxes = [self.bounds(cell) for cell in cells]
        if not constraints:
            return [Interval(lo, hi) for lo, hi in boxes]
        [constraint] = constraints
        sign = {member: -1.0 for member in constraint.parts} | {constraint.total: 1.0}
        index = {cell: i for i, cell in enumerate(cells)}
        # sum(sign * hidden) = rest, the shown members moved to the right-hand side.
        rest = -sum(sign[m] * self.table.values[m] for m in constraint.members if m not in index)
        low = sum(min(sign[c] * lo, sign[c] * hi) for c, (lo, hi) in zip(cells, boxes, strict=True))
        high = sum(max(sign[c] * lo, sign[c] * hi) for c, (lo, hi) in zip(cells, boxes, strict=True))
        found = []
        for cell, (lo, hi) in zip(cells, boxes, strict=True):
            own_low, own_high = min(sign[cell] * lo, sign[cell] * hi), max(sign[cell] * lo, sign[cell] * hi)
            # sign * cell = rest - (the others), the others between (low - own_low) and (high - own_high).
            reach = (rest - (high - own_high), rest - (low - own_low))
            ends = sorted(value * sign[cell] for value in reach)
            found.append(Interval(max(lo, ends[0]), min(hi, ends[1])))
        return found

    def _touching(self, cells: Iterable[Key]) -> list[Constraint]:
        seen: dict[int, Constraint] = {}
        for cell in cells:
            for constraint in self.constraints_of[cell]:
                seen[id(constraint)] = constraint
        return list(seen.values())

    def _problem(self, cells: list[Key], constraints: list[Constraint]) -> _Problem:
        index = {cell: i for i, cell in enumerate(cells)}
        data: list[float] = []
        row_ids: list[int] = []
        column_ids: list[int] = []
        rhs = np.zeros(len(constraints))
        for r, constraint in enumerate(constraints):
            for member, sign in ((constraint.total, 1.0), *((part, -1.0) for part in constraint.parts)):
                if member in index:
                    data.append(sign)
                    row_ids.append(r)
                    column_ids.append(index[member])
                else:
                    rhs[r] -= sign * self.table.values[member]
        bounds = [self.bounds(cell) for cell in cells]
        if not constraints:
            return None, None, bounds
        matrix = sparse.csr_array((data, (row_ids, column_ids)), shape=(len(constraints), len(cells)))
        return matrix, rhs, bounds

    def component(self, key: Key) -> tuple[list[Key], list[Constraint]]:
        """The hidden cells linked to ``key`` by constraints with two or more hidden members, and their constraints."""
        cells, constraints, seen_constraints = [key], [], set()
        seen = {key}
        queue = deque([key])
        while queue:
            current = queue.popleft()
            for constraint in self.constraints_of[current]:
                if id(constraint) in seen_constraints:
                    continue
                seen_constraints.add(id(constraint))
                constraints.append(constraint)
                for member in constraint.members:
                    if member in self.hidden and member not in seen:
                        seen.add(member)
                        cells.append(member)
                        queue.append(member)
        return cells, constraints

    def interval(self, key: Key) -> Interval:
        cells, constraints = self.component(key)
        problem = self._problem(cells, constraints)
        objective = np.zeros(len(cells))
        objective[0] = 1.0
        low = _solve(objective, *problem)
        high = _solve(-objective, *problem)
        return Interval(lo=float(low[0]), hi=float(high[0]))

    def next_to_hide(self, key: Key) -> Key | None:
        cells, _ = self.component(key)
        pinning = [
            constraint for cell in cells for constraint in self.constraints_of[cell] if self._hidden_in(constraint) == 1
        ]
        groups = [pinning] if pinning else []
        groups.append(self.constraints_of[key])
        groups.append(self._touching(cells))
        for constraints in groups:
            candidates = {
                member
                for constraint in constraints
                for member in constraint.members
                if member not in self.hidden and member not in self.locked
            }
            if candidates:
                return self._cheapest(candidates)
        return None

    def _cheapest(self, candidates: set[Key]) -> Key:
        room = 2 * self.min_count - 1

        def cost(key: Key) -> tuple[int, int, int, Key]:
            value = self.table.values[key]
            is_total = int(TOTAL in key)
            return (is_total, 0, value, key) if value >= room else (is_total, 1, -value, key)

        return min(candidates, key=cost)


def _solve(objective: np.ndarray, a_eq: Any, b_eq: np.ndarray | None, bounds: list[tuple[float, float]]) -> np.ndarray:
    """Minimise ``objective`` over the attacker's polytope; the true table lies in it, so it is never empty."""
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if result.status != 0:
        raise ArithmeticError(f"Disclosure audit failed: {result.message}")
    return np.asarray(result.x)


@dataclass(frozen=True)
class PublishedRow:
    label: str
    cells: list[str]
    total: str


@dataclass(frozen=True)
class PublishedTable:
    """A two-way table as a reader sees it: labels, "<5", "x" and totals."""

    row_labels: list[str]
    column_labels: list[str]
    rows: list[PublishedRow] = field(default_factory=list)
    totals: list[str] = field(default_factory=list)
    grand_total: str = ""
    withheld: bool = False


def publish_two_way(
    counts: Mapping[tuple[str, str], int],
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    *,
    min_count: int = DEFAULT_MIN_COUNT,
) -> PublishedTable:
    """Suppress a two-way table with its row, column and grand totals and lay it out for display."""
    cube = hypercube(counts, [list(row_labels), list(column_labels)])
    result = suppress(cube, min_count=min_count)
    rows = [
        PublishedRow(
            label=row,
            cells=[result.label((row, column)) for column in column_labels],
            total=result.label((row, TOTAL)),
        )
        for row in row_labels
    ]
    return PublishedTable(
        row_labels=list(row_labels),
        column_labels=list(column_labels),
        rows=rows,
        totals=[result.label((TOTAL, column)) for column in column_labels],
        grand_total=result.label((TOTAL, TOTAL)),
        withheld=result.withheld,
    )


def publish_counts(counts: Mapping[str, int], *, min_count: int = DEFAULT_MIN_COUNT) -> tuple[dict[str, str], str]:
    """A one-way list of counts with its total (a dashboard tile): the labels per category and for the total."""
    labels = list(counts)
    result = suppress(hypercube({(label,): value for label, value in counts.items()}, [labels]), min_count=min_count)
    return {label: result.label((label,)) for label in labels}, result.label((TOTAL,))


def primary_label(count: int, *, min_count: int = DEFAULT_MIN_COUNT) -> str:
    """One figure of a table that publishes no total it is part of (so nothing can be recomputed and only primary
    suppression applies): 1 to ``min_count - 1`` is shown as "<5"; 0 stays 0, which here singles nobody out."""
    return f"<{min_count}" if 0 < count < min_count else str(count)
