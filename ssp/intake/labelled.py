"""A labelled linkage test set: a fictional register and a daily report whose every row knows its true citizen.

Every hard case the linkage must survive appears in the report (``CASES``): CPR with and without a passing
modulus-11 check, upper case, æ/ø/å written ae/oe/aa, "Surname, First" order, missing and extra middle names,
hyphenated and partial double surnames, one typo in a first name or surname, a one-digit typo in the birth
date, twins and siblings (registered or not) whose first names are one letter apart, and children not in the
register at all, some with a common name and a birth date shared with a registered namesake's sibling.

``evaluate`` scores a linker's automatic links against the truth: precision (links that are right), recall
(true matches linked automatically) and how many rows were left for a person to confirm. The same set drives
the unit test (a goal the linkage must keep) and the benchmark (ours next to Splink's).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

# Surnames with a skewed distribution as in Denmark (the -sen names are a fifth of the population).
COMMON_SURNAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
]
RARE_SURNAMES = [
    "Brændgaard",
    "Østergaard",
    "Kjærsgaard",
    "Aagaard",
    "Bækgaard",
    "Søndergaard",
    "Vestergaard",
    "Damgaard",
    "Skovgaard",
    "Lykke",
    "Holm",
    "Krogh",
    "Dahl",
    "Bach",
    "Frandsen",
    "Lund",
    "Kjær",
    "Juhl",
    "Friis",
    "Bruun",
    "Schmidt",
    "Iversen",
    "Jakobsen",
    "Knudsen",
    "Mikkelsen",
    "Berg",
    "Lauridsen",
    "Svendsen",
    "Eriksen",
    "Henriksen",
    "Villadsen",
    "Bertelsen",
    "Ravn",
    "Mølgaard",
    "Thygesen",
    "Nørgaard",
    "Højgaard",
    "Ålund",
    "Fogh",
    "Grøn",
    "Winther",
    "Yilmaz",
    "Ahmed",
    "Hussein",
    "Ali",
    "Nguyen",
    "Kowalski",
    "Demir",
    "Öztürk",
    "Khan",
    "Abdi",
    "Jørgensen-Ravn",
    "Bjerre",
    "Sloth",
    "Toft",
    "Kirk",
    "Hald",
    "Storgaard",
    "Brøndum",
    "Kragh",
    "Kvist",
    "Overgaard",
    "Rømer",
    "Skaarup",
    "Sejersen",
    "Tvede",
    "Ulrich",
    "Vinther",
    "Wulff",
    "Æbelø",
    "Øhlenschlæger",
]
GIVEN = [
    "Emma",
    "Ida",
    "Clara",
    "Alma",
    "Freja",
    "Ella",
    "Sofia",
    "Agnes",
    "Karla",
    "Olivia",
    "Nora",
    "Laura",
    "Anna",
    "Ellen",
    "Lærke",
    "Mathilde",
    "Josefine",
    "Frida",
    "Lea",
    "Asta",
    "Esther",
    "Emily",
    "Victoria",
    "Maja",
    "Mille",
    "Caroline",
    "Julie",
    "Cecilie",
    "Amalie",
    "Sara",
    "Signe",
    "Louise",
    "Mia",
    "Maria",
    "Katrine",
    "Thea",
    "Malou",
    "Selma",
    "Sigrid",
    "Saga",
    "Astrid",
    "Liv",
    "Vilma",
    "Johanne",
    "Fatima",
    "Maryam",
    "William",
    "Noah",
    "Oscar",
    "Lucas",
    "Carl",
    "Victor",
    "Malthe",
    "Alfred",
    "Oliver",
    "Emil",
    "Valdemar",
    "Frederik",
    "Elias",
    "Aksel",
    "August",
    "Arthur",
    "Magnus",
    "Anton",
    "Johan",
    "Felix",
    "Theo",
    "Mads",
    "Mikkel",
    "Mathias",
    "Jonas",
    "Rasmus",
    "Kasper",
    "Jeppe",
    "Jakob",
    "Christian",
    "Nikolaj",
    "Simon",
    "Sebastian",
    "Tobias",
    "Marcus",
    "Lasse",
    "Søren",
    "Bjørn",
    "Asger",
    "Storm",
    "Bertram",
    "Villads",
    "Viggo",
    "Omar",
    "Yusuf",
    "Ibrahim",
    "Mohammed",
    "Ahmad",
    "Leon",
    "Sander",
    "Julius",
]
MIDDLE = [
    "Marie",
    "Sofie",
    "Louise",
    "Emilie",
    "Kristine",
    "Johan",
    "Peter",
    "Christian",
    "Emil",
    "Valdemar",
    "Aksel",
    "Holm",
    "Bech",
    "Krogh",
    "Juul",
]
# First names one letter apart, each a real name: twins and siblings the linkage must keep apart.
NEAR_NAMES = (
    ("Mia", "Mie"),
    ("Ida", "Ina"),
    ("Ida", "Isa"),
    ("Eva", "Ea"),
    ("Nora", "Noa"),
    ("Liv", "Liva"),
    ("Anna", "Hanna"),
    ("Sofia", "Sofie"),
    ("Emil", "Emir"),
    ("Leo", "Leon"),
    ("Sander", "Sandro"),
    ("Jakob", "Jacob"),
)
CASES = (
    "cpr",
    "cpr_no_modulus11",
    "exact",
    "upper_case",
    "ascii_letters",
    "surname_first",
    "missing_middle",
    "extra_middle",
    "hyphen",
    "one_of_two_surnames",
    "typo_first",
    "typo_last",
    "typo_birth_date",
    "twin_registered",
    "twin_unregistered",
    "sibling_unregistered",
    "new_citizen",
)


@dataclass(frozen=True)
class Person:
    ref: int
    first_name: str  # given names, first then middle, as the register holds them
    last_name: str
    birth_date: date
    cpr: str


@dataclass(frozen=True)
class ReportRow:
    name: str  # as the police wrote it
    birth_date: date
    cpr: str
    truth: int | None  # the register's ref, or None for a child not in the register
    case: str


@dataclass
class LabelledSet:
    register: list[Person]
    rows: list[ReportRow]


@dataclass
class Evaluation:
    rows: int
    true_matches: int
    linked: int
    linked_correctly: int
    needs_confirmation: int
    wrong_links: list[ReportRow] = field(default_factory=list)
    missed: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.linked_correctly / self.linked if self.linked else 1.0

    @property
    def recall(self) -> float:
        return self.linked_correctly / self.true_matches if self.true_matches else 1.0


def cpr_for(birth: date, rng: random.Random, *, modulus11: bool = True) -> str:
    """A fictional CPR number for ``birth`` that passes (or, for numbers issued since 2007, fails) modulus 11."""
    prefix = birth.strftime("%d%m%y")
    century_digit = "4" if birth.year >= 2000 else "1"
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    while True:
        number = prefix + century_digit + f"{rng.randrange(1000):03d}"
        passes = sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11 == 0
        if passes == modulus11:
            return number


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.55:
        # Zipf-like: Nielsen is far more common than Mortensen.
        return rng.choices(COMMON_SURNAMES, weights=[1 / (i + 1) for i in range(len(COMMON_SURNAMES))])[0]
    if rng.random() < 0.12:
        return f"{rng.choice(RARE_SURNAMES)}-{rng.choice(COMMON_SURNAMES)}"
    return rng.choice(RARE_SURNAMES)


def _birth(rng: random.Random) -> date:
    return date(2008, 1, 1) + timedelta(days=rng.randrange(11 * 365))


def _typo(word: str, rng: random.Random, avoid: set[str]) -> str:
    """One keystroke wrong, never producing a real name (that would be another child, not a typo)."""
    letters = "abdefghijklmnoprstuvy"
    for _ in range(50):
        i = rng.randrange(1, len(word))
        kind = rng.randrange(3)
        if kind == 0:
            typo = word[:i] + rng.choice(letters) + word[i + 1 :]
        elif kind == 1:
            typo = word[:i] + word[i + 1 :]
        else:
            typo = word[:i] + rng.choice(letters) + word[i:]
        if typo.lower() != word.lower() and typo.capitalize() not in avoid and len(typo) >= 3:
            return typo
    return word + "h"


def _date_typo(birth: date, rng: random.Random) -> date:
    for _ in range(50):
        text = list(birth.strftime("%d%m%Y"))
        i = rng.choice([0, 1, 2, 3, 6, 7])
        text[i] = str(rng.randrange(10))
        try:
            changed = date(int("".join(text[4:])), int("".join(text[2:4])), int("".join(text[:2])))
        except ValueError:
            continue
        if changed != birth:
            return changed
    return birth + timedelta(days=1)


_ASCII_LETTERS: dict[str, str | int | None] = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"}


def _ascii(text: str) -> str:
    return text.translate(str.maketrans(_ASCII_LETTERS))


def generate(*, seed: int = 20261130, citizens: int = 5000, rows: int = 600) -> LabelledSet:
    """A register of ``citizens`` fictional children and ``rows`` report rows spread over every case."""
    rng = random.Random(seed)
    register: list[Person] = []
    used_cprs: set[str] = set()

    def add(first: str, last: str, birth: date, *, modulus11: bool = True) -> Person:
        cpr = cpr_for(birth, rng, modulus11=modulus11)
        while cpr in used_cprs:
            cpr = cpr_for(birth, rng, modulus11=modulus11)
        used_cprs.add(cpr)
        person = Person(len(register) + 1, first, last, birth, cpr)
        register.append(person)
        return person

    for _ in range(citizens):
        first = rng.choice(GIVEN)
        if rng.random() < 0.3:
            first += " " + rng.choice([m for m in MIDDLE if m != first])
        add(first, _surname(rng), _birth(rng), modulus11=rng.random() > 0.1)
    # Registered twins: same surname and birth date, first names one letter apart.
    twins: list[tuple[Person, Person]] = []
    for _ in range(max(citizens // 100, 4)):
        pair = rng.choice(NEAR_NAMES)
        last, birth = _surname(rng), _birth(rng)
        twins.append((add(pair[0], last, birth), add(pair[1], last, birth)))

    avoid = set(GIVEN) | {n for pair in NEAR_NAMES for n in pair}
    report: list[ReportRow] = []
    singles = _singles(register)
    failing = [p for p in register if not _passes(p.cpr)]
    for index in range(rows):
        # A third of the rows carry a CPR number (suspects mostly have one); the rest spread over every case.
        case = "cpr" if index % 3 == 0 else CASES[index % len(CASES)]
        report.append(_row(case, rng, register, twins, singles, failing, avoid))
    rng.shuffle(report)
    return LabelledSet(register=register, rows=report)


def _singles(register: list[Person]) -> list[tuple[Person, str]]:
    """Registered children with a near-name sibling name (Mia for Mie) whose near-name twin is not registered."""
    registered = {(p.first_name.split()[0], p.last_name, p.birth_date) for p in register}
    near = {a: b for a, b in NEAR_NAMES} | {b: a for a, b in NEAR_NAMES}
    return [
        (p, near[first])
        for p in register
        if (first := p.first_name.split()[0]) in near
        and near[first] not in p.first_name.split()
        and (near[first], p.last_name, p.birth_date) not in registered
    ]


def _row(
    case: str,
    rng: random.Random,
    register: list[Person],
    twins: list[tuple[Person, Person]],
    singles: list[tuple[Person, str]],
    failing: list[Person],
    avoid: set[str],
) -> ReportRow:
    person = rng.choice(register)
    given, last = person.first_name, person.last_name
    first, *middle = given.split()
    name = f"{given} {last}"
    birth, cpr = person.birth_date, ""
    truth: int | None = person.ref
    if case == "cpr":
        cpr = person.cpr
    elif case == "cpr_no_modulus11":
        person = rng.choice(failing)
        name, birth, cpr, truth = f"{person.first_name} {person.last_name}", person.birth_date, person.cpr, person.ref
    elif case == "upper_case":
        name = name.upper()
    elif case == "ascii_letters":
        name = _ascii(name)
    elif case == "surname_first":
        name = f"{last}, {given}"
    elif case == "missing_middle":
        name = f"{first} {last}"
    elif case == "extra_middle":
        name = f"{first} {rng.choice(MIDDLE)} {last}" if not middle else f"{given} {rng.choice(MIDDLE)} {last}"
    elif case == "hyphen":
        name = f"{given} {last.replace('-', ' ')}" if "-" in last else f"{given} {last}-{rng.choice(COMMON_SURNAMES)}"
    elif case == "one_of_two_surnames":
        name = f"{given} {last.split('-')[0]}"
    elif case == "typo_first":
        name = f"{' '.join([_typo(first, rng, avoid), *middle])} {last}"
    elif case == "typo_last":
        name = f"{given} {_typo(last, rng, avoid)}"
    elif case == "typo_birth_date":
        birth = _date_typo(birth, rng)
    elif case == "twin_registered":
        twin = rng.choice(rng.choice(twins))
        name, birth, truth = f"{twin.first_name} {twin.last_name}", twin.birth_date, twin.ref
    elif case in {"twin_unregistered", "sibling_unregistered"}:
        known, other = rng.choice(singles)
        name, birth, truth = f"{other} {known.last_name}", known.birth_date, None
        if case == "sibling_unregistered":
            name = f"{rng.choice(GIVEN)} {known.last_name}"
            if name.split()[0] in known.first_name.split():
                name = f"{other} {known.last_name}"
    elif case == "new_citizen":
        name, birth, truth = f"{rng.choice(GIVEN)} {_surname(rng)}", _birth(rng), None
    return ReportRow(name=name, birth_date=birth, cpr=cpr, truth=truth, case=case)


def _passes(cpr: str) -> bool:
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(cpr, weights, strict=True)) % 11 == 0


def evaluate(rows: list[ReportRow], linked_refs: list[int | None], confirm: list[bool]) -> Evaluation:
    """Score automatic links (``linked_refs``: the ref linked per row, or None) against each row's truth."""
    result = Evaluation(
        rows=len(rows),
        true_matches=sum(1 for row in rows if row.truth is not None),
        linked=sum(1 for ref in linked_refs if ref is not None),
        linked_correctly=0,
        needs_confirmation=sum(confirm),
    )
    for row, ref in zip(rows, linked_refs, strict=True):
        if ref is not None and ref == row.truth:
            result.linked_correctly += 1
        elif ref is not None:
            result.wrong_links.append(row)
        elif row.truth is not None:
            result.missed[row.case] += 1
    return result
