"""Record linkage of daily-report rows to registered citizens.

A row links in one of two ways:

1. **By CPR**: the row's CPR number (well formed; a failed modulus-11 check is only a warning, numbers issued
   since 2007 need not pass it) is hashed with the keyed look-up hash and found among the citizens. Certain.
2. **By name and birth date**, a Fellegi-Sunter score. Each field's agreement level adds ``log2(m/u)`` bits:
   ``m`` is how often the level occurs for the same person, ``u`` for two different people. For an exact name
   ``u`` is the name's frequency among the candidates' population (term-frequency weighting: agreeing on
   "Nielsen" is weaker evidence than on "Brændgaard"). The sum plus a prior gives the match probability.
   The per-field weights are kept, so every candidate explains itself (the waterfall).

Candidates come from blocks, never from the whole register: citizens with the row's birth date, and citizens
with one of the row's surnames whose birth date is one keystroke away (a typo in the date). The register is
asked once per batch of rows (``Registry``), not per row.

Outcomes: ``linked`` above the link threshold, ``needs_confirmation`` in the grey zone, ``new_citizen`` below.
Three rules keep different children apart even when the score is high:

- a first name that is one letter from the candidate's but is itself a real given name ("Mie" for "Mia") is a
  *conflict*, not a typo: such a pair is never linked automatically (siblings and twins share a birth date);
- a second candidate close behind the best (within ``AMBIGUITY_MARGIN`` bits) sends the row to confirmation;
- a candidate with another CPR number on file is a different person.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property, lru_cache
from importlib import resources
from itertools import chain, compress, groupby
from operator import attrgetter, itemgetter, not_
from typing import NamedTuple, Protocol

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

# The prior log2-odds that a row and one registered citizen are the same person is 1 in the register's size
# (each row is at most one citizen); a register under this size is taken as this size.
MIN_POPULATION = 1000
# Match probability thresholds: at or above LINK the link is made, at or above REVIEW a person confirms.
# Calibrated on the labelled set (ssp.intake.labelled, three seeds): 0.9 kept precision at 1.0 where 0.8 let
# siblings with a birth date one keystroke apart through.
LINK_PROBABILITY = 0.9
REVIEW_PROBABILITY = 0.05
# A runner-up within this many bits of the best candidate makes the row ambiguous (32 times less likely).
AMBIGUITY_MARGIN = 5.0
MAX_CANDIDATES_SHOWN = 5
# Without the register's birth-date range: the share of dates one keystroke from a given date (~40 of 6,570).
TYPICAL_BIRTH_TYPO_SHARE = 0.006
MAX_WEIGHT = 13.0

_DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_TOKEN = re.compile(r"[a-z]+")


class Outcome(StrEnum):
    LINKED = "linked"
    NEEDS_CONFIRMATION = "needs_confirmation"
    NEW_CITIZEN = "new_citizen"


class Method(StrEnum):
    CPR = "cpr"
    PROBABILISTIC = "probabilistic"


class Field(StrEnum):
    CPR = "cpr"
    FIRST_NAME = "first_name"
    MIDDLE_NAMES = "middle_names"
    LAST_NAME = "last_name"
    BIRTH_DATE = "birth_date"


class Level(StrEnum):
    EXACT = "exact"
    OTHER_GIVEN_NAME = "other_given_name"
    PARTIAL = "partial"
    TYPO = "typo"
    CONFLICT = "conflict"
    DIFFERENT = "different"
    MISSING = "missing"


# --- names ------------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case ASCII the Danish way: æ/ø/å as ae/oe/aa, other accents dropped, so "Ågård" == "AAGAARD"."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_DANISH_ASCII)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=200_000)
def tokens(text: str) -> tuple[str, ...]:
    """Folded name parts; hyphens and spaces both separate ("Hansen-Brændgaard" is two surnames).

    Cached: a register repeats its names, and a birth-date block of a 10,000-row report holds 150,000 of them."""
    return tuple(_TOKEN.findall(fold(text)))


@dataclass(frozen=True)
class Name:
    """A person's name as folded tokens: first given name, further given names (middle), surnames."""

    first: str
    middle: tuple[str, ...]
    last: tuple[str, ...]

    @classmethod
    def from_parts(cls, given: str, last: str) -> Name:
        given_tokens = tokens(given)
        return cls(first=given_tokens[0] if given_tokens else "", middle=given_tokens[1:], last=tokens(last))

    @classmethod
    def from_full(cls, full: str) -> Name:
        """Parse "First Middle Last" or the register's "Last, First Middle" order."""
        if "," in full:
            surname, _comma, given_names = full.partition(",")
            return cls.from_parts(given_names, surname)
        folded = fold(full)  # once: a report's full names are mostly distinct (``tokens`` would fold it again)
        parts = tuple(_TOKEN.findall(folded))
        if len(parts) < 2:
            return cls(first=parts[0] if parts else "", middle=(), last=())
        # A hyphenated surname stays whole: "Mia Hansen-Brændgaard" keeps both as surnames.
        words = folded.split()
        last_word = tokens(words[-1]) if words else ()
        given = parts[: len(parts) - len(last_word)]
        return cls(first=given[0] if given else "", middle=tuple(given[1:]), last=last_word)

    @property
    def given(self) -> tuple[str, ...]:
        return (self.first, *self.middle) if self.first else self.middle

    # Worked out once per name: every pair of a report compares them.
    @cached_property
    def middle_set(self) -> frozenset[str]:
        return frozenset(self.middle)

    @cached_property
    def last_set(self) -> frozenset[str]:
        return frozenset(self.last)


@lru_cache(maxsize=100_000)
def _candidate_name(first_name: str, last_name: str) -> Name:
    return Name.from_parts(first_name, last_name)


@lru_cache(maxsize=200_000)
def candidate_parts(first_name: str, last_name: str) -> frozenset[str]:
    """Every folded part of a registered name, each once (a row finds its plausible candidates by them)."""
    return frozenset(tokens(first_name) + tokens(last_name))


# --- records ----------------------------------------------------------------------------------------------


class Candidate(NamedTuple):
    """A registered citizen as the linkage sees it (names in clear, CPR only as its keyed hash).

    A named tuple, not a dataclass: the register's rows become candidates by the hundred thousand."""

    ref: int
    first_name: str
    last_name: str
    birth_date: date | None
    cpr_hash: str = ""
    municipality: int | None = None  # where the citizen lives: a linked row is routed there

    @property
    def name(self) -> Name:
        return _candidate_name(self.first_name, self.last_name)


@dataclass(frozen=True)
class Query:
    """One report row to link: a name (full, or given and last apart), birth date, and CPR hash if any."""

    name: Name
    birth_date: date | None
    cpr_hash: str = ""


class FieldWeight(NamedTuple):
    """What one field added to a candidate's score, in bits (log2 of the likelihood ratio).

    A named tuple: every plausible pair of a 10,000-row report makes four of them."""

    field: Field
    level: Level
    weight: float


def total_bits(prior: float, weights: Iterable[FieldWeight]) -> float:
    """Log2-odds of a match: the prior plus every field's weight (the waterfall's last bar)."""
    # Summed in the waterfall's order, as ``sum`` would, without its generator.
    summed = 0.0
    for part in weights:
        summed += part.weight
    return prior + summed


# Scored and LinkResult are plain slotted dataclasses, not frozen ones: a report makes some 35,000 of them, and a
# frozen dataclass sets each field through ``object.__setattr__`` (20-30 ms of a preview). Nothing changes them.
@dataclass(slots=True)
class Scored:
    candidate: Candidate
    weights: tuple[FieldWeight, ...]
    prior: float
    conflict: bool = False
    total: float = field(init=False)

    def __post_init__(self) -> None:
        # Summed once: ranking, the ambiguity rule and the probability all read it.
        self.total = total_bits(self.prior, self.weights)

    @property
    def probability(self) -> float:
        return match_probability(self.total)


def match_probability(total: float) -> float:
    """The probability of a match at ``total`` bits of log2-odds (``Scored.total``)."""
    return 1.0 / (1.0 + 2.0 ** (-total))


@dataclass(slots=True)
class LinkResult:
    outcome: Outcome
    method: Method
    candidates: tuple[Scored, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def chosen(self) -> Scored | None:
        return self.candidates[0] if self.outcome == Outcome.LINKED and self.candidates else None


# --- the register -----------------------------------------------------------------------------------------


@dataclass
class NameFrequencies:
    """How many citizens carry each folded given name and surname: the ``u`` of an exact agreement."""

    given: Counter[str] = field(default_factory=Counter)
    last: Counter[str] = field(default_factory=Counter)
    population: int = 0
    # The register's birth dates run from ``born_from`` to ``born_to`` (the ``u`` of a mistyped birth date).
    born_from: date | None = None
    born_to: date | None = None

    @classmethod
    def of(cls, candidates: Collection[Candidate]) -> NameFrequencies:
        frequencies = cls()
        for candidate in candidates:
            name = candidate.name
            frequencies.given.update(set(name.given))
            frequencies.last.update(set(name.last))
            frequencies.population += 1
        born = [candidate.birth_date for candidate in candidates if candidate.birth_date]
        frequencies.born_from, frequencies.born_to = (min(born), max(born)) if born else (None, None)
        return frequencies

    def u_birth_typo(self, birth: date) -> float:
        """The chance that a random citizen's birth date is one keystroke from ``birth``: the dates one keystroke
        away that fall within the register's birth dates, out of all its days. A mistyped year far outside the
        register ("2063" for "2013") has one such neighbour where an ordinary slip has some forty."""
        if self.born_from is None or self.born_to is None or self.population < MIN_POPULATION:
            # A register this small says little about its birth dates (as about its size: ``prior``).
            return TYPICAL_BIRTH_TYPO_SHARE
        return _birth_typo_share(birth, self.born_from, self.born_to)

    def u_given(self, token: str) -> float:
        return self._u(self.given[token])

    def u_last(self, token: str) -> float:
        return self._u(self.last[token])

    def _u(self, count: int) -> float:
        # Add-one smoothing: an unseen name is rare, not impossible; a tiny population cannot claim certainty.
        return (count + 1) / (self.population + 100)

    @property
    def prior(self) -> float:
        return -math.log2(max(self.population, MIN_POPULATION))

    def is_known_given(self, token: str) -> bool:
        return self.given[token] > 0 or token in known_given_names()


@lru_cache(maxsize=1)
def known_given_names() -> frozenset[str]:
    """Danish given names in use (shipped list), so a name one letter from another is known to be a name."""
    text = resources.files("ssp.intake").joinpath("data/given_names.txt").read_text(encoding="utf-8")
    return frozenset(fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


# A block's candidate may carry this for its CPR hash: a CPR number is on file. The blocks are asked only for rows
# whose CPR number (if any) is nobody's on file, so a candidate with one on file is someone else either way.
CPR_ON_FILE = "*"


class Registry(Protocol):
    """Where candidates come from. Each method answers a whole batch of rows in a bounded number of queries.

    The blocks (``by_parts``, ``by_surname``) may give ``CPR_ON_FILE`` for a candidate's CPR hash."""

    def by_cpr_hash(self, hashes: Collection[str]) -> AbstractContextManager[Callable[[], dict[str, Candidate]]]:
        """The citizens with these keyed CPR hashes; asked and read like ``frequencies``."""
        ...

    def name_parts(self, dates: Collection[date]) -> set[str]:
        """The folded name parts of the citizens born on ``dates`` (more may come back): where a row's parts look
        for their typos and near misses (``NearParts``)."""
        ...

    def by_parts(self, wanted: Mapping[date, Collection[str]]) -> Iterable[Iterable[Candidate]]:
        """The citizens born on a date of ``wanted`` with a name part among that date's; more may come back.

        In batches, each holding every such citizen of its dates: a database reads the next batch while the
        linkage scores the rows of this one. No other question may be put to the register until the last."""
        ...

    def by_surname(self, pairs: Collection[tuple[str, date]]) -> Iterable[Candidate]:
        """Citizens with a surname part (folded) born on the date of one of ``pairs``; more may come back."""
        ...

    def frequencies(
        self, given_names: Collection[str], last_names: Collection[str]
    ) -> AbstractContextManager[Callable[[], NameFrequencies]]:
        """Term frequencies of (at least) the folded names given; the population size sets the prior.

        Asked on entering, read by calling what it gives: a database counts while the linkage finds the parts close
        to the rows'. No other question may be put to the register in between."""
        ...


class MemoryRegistry:
    """A register held in memory: for tests, the labelled evaluation and the benchmark's comparison."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self._all = list(candidates)
        self._by_cpr = {c.cpr_hash: c for c in self._all if c.cpr_hash}
        self._by_date: dict[date, list[Candidate]] = {}
        self._by_surname: dict[str, list[Candidate]] = {}
        for candidate in self._all:
            if candidate.birth_date:
                self._by_date.setdefault(candidate.birth_date, []).append(candidate)
            for token in candidate.name.last:
                self._by_surname.setdefault(token, []).append(candidate)
        self._frequencies = NameFrequencies.of(self._all)
        self._blocks = WholeBlocks(self.by_birth_date)

    @contextmanager
    def by_cpr_hash(self, hashes: Collection[str]) -> Iterator[Callable[[], dict[str, Candidate]]]:
        yield lambda: {h: self._by_cpr[h] for h in hashes if h in self._by_cpr}

    def by_birth_date(self, dates: Collection[date]) -> list[Candidate]:
        return [c for d in dates for c in self._by_date.get(d, ())]

    def name_parts(self, dates: Collection[date]) -> set[str]:
        return self._blocks.name_parts(dates)

    def by_parts(self, wanted: Mapping[date, Collection[str]]) -> Iterable[Iterable[Candidate]]:
        return [self._blocks.by_parts(wanted)]

    def by_surname(self, pairs: Collection[tuple[str, date]]) -> Iterable[Candidate]:
        return [c for surname, day in pairs for c in self._by_surname.get(surname, ()) if c.birth_date == day]

    @contextmanager
    def frequencies(
        self, given_names: Collection[str], last_names: Collection[str]
    ) -> Iterator[Callable[[], NameFrequencies]]:
        yield lambda: self._frequencies


class WholeBlocks:
    """``name_parts`` and ``by_parts`` for a register that reads whole birth-date blocks (in memory, SQLite): each
    date's block is read once, with its candidates' name parts, and filtered in Python."""

    def __init__(self, read: Callable[[Collection[date]], Iterable[Candidate]]) -> None:
        self._read = read
        self._blocks: dict[date, Block] = {}

    def name_parts(self, dates: Collection[date]) -> set[str]:
        if missing := set(dates) - self._blocks.keys():
            found = _blocks(self._read(missing))
            self._blocks |= {day: found.get(day, Block([], [])) for day in missing}
        return set().union(*(parts for day in dates for parts in self._blocks[day].parts))

    def by_parts(self, wanted: Mapping[date, Collection[str]]) -> list[Candidate]:
        self.name_parts(wanted.keys())
        return [
            candidate
            for day, close in wanted.items()
            for candidate, parts in zip(*self._blocks[day], strict=True)
            if not parts.isdisjoint(close)
        ]


# --- comparisons ------------------------------------------------------------------------------------------


@lru_cache(maxsize=65_536)
def _weight(field: Field, level: Level, m: float, u: float) -> FieldWeight:
    """The field's weight ``log2(m/u)`` at this level, capped at ``MAX_WEIGHT``.

    Cached, and shared (a named tuple never changes): the pairs of a large report come back to a few hundred."""
    return FieldWeight(field, level, max(-MAX_WEIGHT, min(MAX_WEIGHT, math.log2(m / u))))


_MISSING = {field: FieldWeight(field, Level.MISSING, 0.0) for field in Field}


@lru_cache(maxsize=65_536)
def _one_typo(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours, or a near miss on a long name.

    Cached: a report's pairs ask about the same few thousand pairs of names again and again."""
    if not a or not b:
        return False
    if min(len(a), len(b)) >= 3 and DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1:
        return True
    return min(len(a), len(b)) >= 6 and JaroWinkler.similarity(a, b) >= 0.95


@lru_cache(maxsize=65_536)
def _birth_typo_share(birth: date, born_from: date, born_to: date) -> float:
    # Cached: every candidate of a row with a mistyped date asks it again.
    near = sum(1 for day in neighbour_dates(birth) if born_from <= day <= born_to)
    return max(1, near) / ((born_to - born_from).days + 1)


@lru_cache(maxsize=65_536)
def _date_text(day: date) -> str:
    return day.strftime("%d%m%Y")


def _date_one_edit(a: date, b: date) -> bool:
    x, y = _date_text(a), _date_text(b)
    return DamerauLevenshtein.distance(x, y, score_cutoff=1) <= 1 or (a.day, a.month) == (b.month, b.day)


# The weights whose m and u are fixed, made once: a report weighs 50,000 pairs.
_FIRST_OTHER_GIVEN_NAME = _weight(Field.FIRST_NAME, Level.OTHER_GIVEN_NAME, 0.03, 0.002)
_FIRST_CONFLICT = _weight(Field.FIRST_NAME, Level.CONFLICT, 0.004, 0.01)
_FIRST_TYPO = _weight(Field.FIRST_NAME, Level.TYPO, 0.03, 0.001)
# m: a child reported under a wholly different first name (a nickname) is rare.
_FIRST_DIFFERENT = _weight(Field.FIRST_NAME, Level.DIFFERENT, 0.005, 0.98)
_MIDDLE_EXACT = _weight(Field.MIDDLE_NAMES, Level.EXACT, 0.6, 0.02)
_MIDDLE_TYPO = _weight(Field.MIDDLE_NAMES, Level.TYPO, 0.05, 0.005)
_MIDDLE_DIFFERENT = _weight(Field.MIDDLE_NAMES, Level.DIFFERENT, 0.1, 0.9)
_LAST_TYPO = _weight(Field.LAST_NAME, Level.TYPO, 0.03, 0.001)
_LAST_DIFFERENT = _weight(Field.LAST_NAME, Level.DIFFERENT, 0.03, 0.98)
# u: two children drawn from ~18 birth years share a date 1 in 6,570 times.
_BIRTH_EXACT = _weight(Field.BIRTH_DATE, Level.EXACT, 0.97, 1 / 6570)
_BIRTH_DIFFERENT = _weight(Field.BIRTH_DATE, Level.DIFFERENT, 0.01, 0.99)
_CPR_DIFFERENT = FieldWeight(Field.CPR, Level.DIFFERENT, -2 * MAX_WEIGHT)


class RowComparison:
    """One row compared with candidates, field by field: the row's side (its name sets, the weight of an exact
    first name or surname, whether its first name is a known name) is worked out once for all its candidates."""

    def __init__(self, query: Query, freq: NameFrequencies) -> None:
        row = query.name
        self._query, self._freq, self._row = query, freq, row
        # A row without a first name or surname never agrees on it: the weight stays missing.
        self._first_exact = (
            _weight(Field.FIRST_NAME, Level.EXACT, 0.92, freq.u_given(row.first))
            if row.first
            else _MISSING[Field.FIRST_NAME]
        )
        # The candidate's name is a name (the child is registered under it); the row's decides typo or sibling.
        self._first_typo = _FIRST_CONFLICT if row.first and freq.is_known_given(row.first) else _FIRST_TYPO
        self._last_exact = (
            _weight(Field.LAST_NAME, Level.EXACT, 0.9, min(freq.u_last(token) for token in row.last_set))
            if row.last_set
            else _MISSING[Field.LAST_NAME]
        )

    def mistyped_date_ceiling(self) -> float:
        """The highest total a candidate born one keystroke from the row's date could reach: each name field at the
        best level it could reach for this row (a field the candidate lacks adds 0 bits), the birth date a typo."""
        row = self._row
        first = (self._first_exact, _FIRST_OTHER_GIVEN_NAME, self._first_typo) if row.first else ()
        middle = (_MIDDLE_EXACT,) if row.middle else ()
        partial = (self._last_partial(token) for token in row.last_set | row.middle_set)
        last = (self._last_exact, _LAST_TYPO, *partial) if row.last_set else ()
        birth = (self._birth_typo(),) if self._query.birth_date else ()
        return self._freq.prior + sum(max([0.0, *(w.weight for w in field)]) for field in (first, middle, last, birth))

    def weights(self, candidate: Candidate) -> tuple[tuple[FieldWeight, ...], bool]:
        """Every field's weight for the pair, in waterfall order, and whether the first names conflict."""
        cand = candidate.name
        first = self.first(cand)
        weights: tuple[FieldWeight, ...] = (first, self.middle(cand), self.last(cand), self.birth(candidate.birth_date))
        query = self._query
        if query.cpr_hash and candidate.cpr_hash and query.cpr_hash != candidate.cpr_hash:
            weights = (_CPR_DIFFERENT, *weights)
        return weights, first is _FIRST_CONFLICT

    def first(self, cand: Name) -> FieldWeight:
        row = self._row
        if not row.first or not cand.first:
            return _MISSING[Field.FIRST_NAME]
        if row.first == cand.first:
            return self._first_exact
        if row.first in cand.middle or cand.first in row.middle:
            return _FIRST_OTHER_GIVEN_NAME
        if _one_typo(row.first, cand.first):
            return self._first_typo
        return _FIRST_DIFFERENT

    def last(self, cand: Name) -> FieldWeight:
        # A given name written as a second surname (or the reverse) is common in Danish names: compare all.
        row = self._row
        row_last, cand_last = row.last_set, cand.last_set
        if not row_last or not cand_last:
            return _MISSING[Field.LAST_NAME]
        # "Saga Aagaard Rasmussen" for "Saga Aagaard-Rasmussen": a surname read as a middle name still agrees.
        if row_last | (row.middle_set & cand_last) == cand_last | (cand.middle_set & row_last):
            return self._last_exact
        shared = row_last & (cand_last | cand.middle_set) or (row_last | row.middle_set) & cand_last
        if shared:
            return self._last_partial(min(shared, key=self._freq.u_last))
        if any(_one_typo(a, b) for a in row_last for b in cand_last) or _one_typo(
            "".join(row.last), "".join(cand.last)
        ):
            return _LAST_TYPO
        return _LAST_DIFFERENT

    def middle(self, cand: Name) -> FieldWeight:
        # Middle names that double as a surname on the other side were counted with the surname.
        row = self._row
        row_middle = row.middle_set - cand.last_set
        cand_middle = cand.middle_set - row.last_set
        if not row_middle or not cand_middle:
            return _MISSING[Field.MIDDLE_NAMES]
        if row_middle & cand_middle:
            return _MIDDLE_EXACT
        if any(_one_typo(a, b) for a in row_middle for b in cand_middle):
            return _MIDDLE_TYPO
        return _MIDDLE_DIFFERENT

    def birth(self, cand: date | None) -> FieldWeight:
        row = self._query.birth_date
        if row is None or cand is None:
            return _MISSING[Field.BIRTH_DATE]
        if row == cand:
            return _BIRTH_EXACT
        if _date_one_edit(row, cand):
            return self._birth_typo()
        return _BIRTH_DIFFERENT

    def _last_partial(self, token: str) -> FieldWeight:
        # One of two surnames (the other added or dropped) happens to a tenth of children with double names.
        return _weight(Field.LAST_NAME, Level.PARTIAL, 0.1, self._freq.u_last(token))

    def _birth_typo(self) -> FieldWeight:
        # u: the share of the register's dates one keystroke from the row's (~40 of 6,570 for an ordinary slip).
        assert self._query.birth_date is not None
        return _weight(Field.BIRTH_DATE, Level.TYPO, 0.03, self._freq.u_birth_typo(self._query.birth_date))


def score(query: Query, candidate: Candidate, freq: NameFrequencies) -> Scored:
    weights, conflict = RowComparison(query, freq).weights(candidate)
    return Scored(candidate, weights, prior=freq.prior, conflict=conflict)


class NearParts:
    """Which name parts of a batch's candidates are plausible for a row's parts: the same part, one a single typo
    away (``_one_typo``), or a near miss on a long one.

    Built over every distinct part of the candidates' names at once (``Registry.name_parts``) and asked once per
    distinct row part (a report repeats its names). A candidate is plausible for a row when one of its parts is
    close to one of the row's (``plausible``); only those are scored in full. With a real register's variety of
    names (some 25,000 distinct parts in the blocks of a 10,000-row report) comparing every row part with every
    candidate part took seconds;
    so the typos come from an index and the near misses from one matrix:

    - a typo (one insertion, deletion, substitution or swap of neighbours) leaves the two parts with a common form
      once at most one letter is deleted from each, so each part is indexed under its one-letter deletions and a
      row part is compared only with the parts sharing one of its own (``_deletions``);
    - the near misses of the row parts named up front (``wanted``) come from ``cdist`` in C, the row parts of
      each length against the long parts of a length they can be a near miss of (``_comparable_lengths``); a
      part asked later is compared on its own.
    """

    def __init__(self, parts: Collection[str], wanted: Iterable[Name] = ()) -> None:
        self._by_deletion: defaultdict[str, list[str]] = defaultdict(list)
        for part in parts:
            if len(part) >= 3:
                for key in _deletions(part):
                    self._by_deletion[key].append(part)
        self._long_parts = [part for part in parts if len(part) >= 6]
        self._close: dict[str, frozenset[str]] = {}
        self._near: defaultdict[str, set[str]] = defaultdict(set)
        long_wanted = {part for name in wanted for part in (*name.given, *name.last) if len(part) >= 6}
        by_length: defaultdict[int, list[str]] = defaultdict(list)
        for part in self._long_parts:
            by_length[len(part)].append(part)
        for length, rows in groupby(sorted(long_wanted, key=len), key=len):
            self._add_near_misses(list(rows), [p for n in _comparable_lengths(length) for p in by_length.get(n, ())])
        self._near_known = frozenset(long_wanted)

    def _add_near_misses(self, rows: list[str], parts: list[str]) -> None:
        if not parts:
            return
        # Every core: with a real register's names this is most of the linkage's time.
        similar = process.cdist(rows, parts, scorer=JaroWinkler.similarity, score_cutoff=0.95, workers=-1)
        for row, column in zip(*similar.nonzero(), strict=True):
            self._near[rows[row]].add(parts[column])

    def of(self, name: Name) -> frozenset[str]:
        """The candidates' parts close to any of ``name``'s parts."""
        found: frozenset[str] = frozenset()
        for part in {*name.given, *name.last}:
            close = self._close.get(part)
            if close is None:
                close = self._close[part] = self._close_to(part)
            found |= close
        return found

    def _close_to(self, part: str) -> frozenset[str]:
        close = {part}
        if len(part) >= 3:
            sharing = {other for key in _deletions(part) for other in self._by_deletion.get(key, ())}
            close.update(other for other in sharing if DamerauLevenshtein.distance(part, other, score_cutoff=1) <= 1)
        if len(part) >= 6:
            if part in self._near_known:
                close |= self._near[part]
            else:
                near = process.extract(
                    part, self._long_parts, scorer=JaroWinkler.similarity, score_cutoff=0.95, limit=None
                )
                close.update(match for match, _similarity, _index in near)
        return frozenset(close)


def _comparable_lengths(length: int) -> range:
    """The lengths of the parts a part of ``length`` can be a near miss of (Jaro-Winkler 0.95 at least).

    Jaro-Winkler adds at most 0.4 of what Jaro leaves to 1 (a common prefix of four letters, weight 0.1), so
    0.95 needs a Jaro of 11/12; Jaro is at most (1 + shorter/longer + 1) / 3, so the shorter part is at least
    three quarters of the longer."""
    return range(-(-3 * length // 4), 4 * length // 3 + 1)


def _deletions(part: str) -> set[str]:
    """The part and every form of it with one letter deleted: two parts one typo apart share one of these."""
    return {part, *(part[:i] + part[i + 1 :] for i in range(len(part)))}


class Block(NamedTuple):
    """Candidates and, side by side, their folded name parts (``parts[i]`` are ``candidates[i]``'s)."""

    candidates: list[Candidate]
    parts: list[frozenset[str]]


_FIRST_NAME = attrgetter("first_name")
_LAST_NAME = attrgetter("last_name")


def with_parts(candidates: Iterable[Candidate]) -> Block:
    """The candidates with their folded name parts, worked out once however many rows they are compared with."""
    found = list(candidates)
    # Mapped, not looped: a report's birth-date blocks hold 145,000 candidates.
    return Block(found, list(map(candidate_parts, map(_FIRST_NAME, found), map(_LAST_NAME, found))))


def plausible(close: frozenset[str], block: Block) -> list[Candidate]:
    """The block's candidates (each listed once) with a part among ``close`` (``NearParts.of``)."""
    # Filtered by mapping C functions over the parts (``compress``), not by a Python loop over every candidate.
    return list(compress(block.candidates, map(not_, map(close.isdisjoint, block.parts))))


def decide(scored: list[Scored]) -> LinkResult:
    """Rank the scored candidates and apply the thresholds and the three keep-apart rules."""
    ranked = tuple(sorted(scored, key=lambda s: (-s.total, s.candidate.ref))[:MAX_CANDIDATES_SHOWN])
    if not ranked or ranked[0].probability < REVIEW_PROBABILITY:
        return LinkResult(Outcome.NEW_CITIZEN, Method.PROBABILISTIC, ranked)
    best = ranked[0]
    reasons: list[str] = []
    if best.conflict:
        reasons.append("first_name_conflict")
    if len(ranked) > 1 and ranked[1].total > best.total - AMBIGUITY_MARGIN:
        reasons.append("ambiguous")
    if best.probability >= LINK_PROBABILITY and not reasons:
        return LinkResult(Outcome.LINKED, Method.PROBABILISTIC, ranked)
    return LinkResult(Outcome.NEEDS_CONFIRMATION, Method.PROBABILISTIC, ranked, tuple(reasons))


def _cpr_result(candidate: Candidate, prior: float) -> LinkResult:
    scored = Scored(candidate, (FieldWeight(Field.CPR, Level.EXACT, 2 * MAX_WEIGHT - prior),), prior=prior)
    return LinkResult(Outcome.LINKED, Method.CPR, (scored,))


@lru_cache(maxsize=4096)
def neighbour_dates(birth: date) -> frozenset[date]:
    """Dates one keystroke from ``birth`` (one digit of DDMMYYYY changed, two neighbours swapped, day and month
    swapped): where a mistyped birth date's child is found.

    Cached: the surname pass and the typo share (``_birth_typo_share``) both ask it for every unresolved row."""
    text = birth.strftime("%d%m%Y")
    variants = {text[:i] + digit + text[i + 1 :] for i in range(8) for digit in "0123456789"}
    variants |= {text[:i] + text[i + 1] + text[i] + text[i + 2 :] for i in range(7)}
    variants.add(text[2:4] + text[:2] + text[4:])
    found = set()
    for variant in variants:
        try:
            found.add(date(int(variant[4:]), int(variant[2:4]), int(variant[:2])))
        except ValueError:
            continue
    found.discard(birth)
    return frozenset(found)


def link_many(queries: Sequence[Query], registry: Registry) -> list[LinkResult]:
    """Link every row of a batch, asking the register once per pass, never per row.

    1. CPR numbers, by keyed hash.
    2. For every other row (and a row with a CPR number nobody has): the citizens born on its birth date with a
       name part close to one of the row's (``NearParts`` over the name parts of those dates); only such a
       candidate can be scored (``plausible``), so the rest of the birth-date block is never read.
    3. Only for rows still without a link whose decision it could change (``_settled``): the surname block,
       citizens with the row's surname born on a date one keystroke from the row's (a mistyped birth date).
    """
    named = [q for q in queries if not q.cpr_hash]
    dates = {q.birth_date for q in named if q.birth_date}
    parts = registry.name_parts(dates)
    given, last = {t for q in queries for t in q.name.given}, {t for q in queries for t in q.name.last}
    # The CPR numbers and the name frequencies are looked up while Python finds the close parts (``Registry``).
    with (
        registry.by_cpr_hash({q.cpr_hash for q in queries if q.cpr_hash}) as cpr_answer,
        registry.frequencies(given, last) as counted,
    ):
        near = NearParts(parts, [q.name for q in named])
        by_cpr, freq = cpr_answer(), counted()
    rest = [q for q in queries if q.cpr_hash not in by_cpr]
    close = {id(q): near.of(q.name) for q in rest if q.birth_date in dates}
    # A row with a CPR number nobody has on file is linked by name and birth date like the others; the parts of
    # its date are asked for once that is known.
    if unlisted := [q for q in rest if q.birth_date and q.birth_date not in dates]:
        near_unlisted = NearParts(registry.name_parts({q.birth_date for q in unlisted if q.birth_date}))
        close |= {id(q): near_unlisted.of(q.name) for q in unlisted}
    wanted: defaultdict[date, set[str]] = defaultdict(set)
    for query in rest:
        if query.birth_date:
            wanted[query.birth_date] |= close[id(query)]
    scored: dict[int, list[Scored]] = {}
    waiting: defaultdict[date | None, list[Query]] = defaultdict(list)
    for query in rest:
        waiting[query.birth_date].append(query)
    for batch in registry.by_parts(wanted) if wanted else ():
        for day, block in _blocks(batch).items():
            for query in waiting.pop(day, ()):
                scored[id(query)] = _score(query, plausible(close[id(query)], block), freq)
    for query in chain.from_iterable(waiting.values()):
        scored[id(query)] = _score(query, [], freq)
    first = {key: decide(found) for key, found in scored.items()}
    unresolved = [q for q in rest if q.birth_date and q.name.last and not _settled(q, first[id(q)], freq)]
    if unresolved:
        _add_mistyped_dates(unresolved, registry, freq, scored, first)
    return [_cpr_result(by_cpr[q.cpr_hash], freq.prior) if q.cpr_hash in by_cpr else first[id(q)] for q in queries]


def _blocks(candidates: Iterable[Candidate]) -> dict[date, Block]:
    """The candidates by birth date, each date's with their name parts (``with_parts``)."""
    by_date: defaultdict[date | None, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_date[candidate.birth_date].append(candidate)
    return {day: with_parts(block) for day, block in by_date.items() if day is not None}


def _settled(query: Query, result: LinkResult, freq: NameFrequencies) -> bool:
    """Whether the surname pass cannot change the row's decision: it is linked, or its best two candidates both
    score above what any citizen born one keystroke from its date could (``decide`` reads only those two).

    A row ambiguous between two namesakes born the same day stays ambiguous between them; the pass would at most
    add candidates below them to the list shown."""
    if result.outcome == Outcome.LINKED:
        return True
    ranked = result.candidates
    return len(ranked) > 1 and ranked[1].total > RowComparison(query, freq).mistyped_date_ceiling()


def _add_mistyped_dates(
    unresolved: list[Query],
    registry: Registry,
    freq: NameFrequencies,
    scored: dict[int, list[Scored]],
    first: dict[int, LinkResult],
) -> None:
    """The surname pass: score the citizens with an unresolved row's surname born one keystroke from its date."""
    neighbours = {id(q): neighbour_dates(q.birth_date) if q.birth_date else frozenset() for q in unresolved}
    wanted = {(token, day) for q in unresolved for token in q.name.last for day in neighbours[id(q)]}
    surname_block: dict[tuple[str, date], list[Candidate]] = {}
    found = list(registry.by_surname(wanted))
    for candidate in found:
        for token in tokens(candidate.last_name):
            if candidate.birth_date and (token, candidate.birth_date) in wanted:
                surname_block.setdefault((token, candidate.birth_date), []).append(candidate)
    near = NearParts(set().union(*with_parts(found).parts), [q.name for q in unresolved])
    for query in unresolved:
        seen = {s.candidate.ref for s in scored[id(query)]}
        extra = {
            c.ref: c
            for token in query.name.last
            for day in neighbours[id(query)]
            for c in surname_block.get((token, day), ())
            if c.ref not in seen
        }
        if extra:
            scored[id(query)] += _score(query, plausible(near.of(query.name), with_parts(extra.values())), freq)
            first[id(query)] = decide(scored[id(query)])


def _score(query: Query, candidates: list[Candidate], freq: NameFrequencies) -> list[Scored]:
    """The candidates a decision can depend on: the ``MAX_CANDIDATES_SHOWN`` best of the row's plausible pairs.

    ``decide`` looks at the best and the runner-up and shows the first few, so a block's pairs are scored as
    plain numbers and only the few kept become ``Scored`` with their waterfall. Another CPR number on file means
    another person: such candidates are scored (and shown) but lose.
    """
    prior = freq.prior
    weigh = RowComparison(query, freq).weights
    pairs = []
    for candidate in candidates:
        weights, conflict = weigh(candidate)
        pairs.append((-total_bits(prior, weights), candidate.ref, candidate, weights, conflict))
    kept = heapq.nsmallest(MAX_CANDIDATES_SHOWN, pairs, key=itemgetter(0, 1))
    return [Scored(candidate, weights, prior, conflict) for _key, _ref, candidate, weights, conflict in kept]
