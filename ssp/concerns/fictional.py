"""Fictional citizens for the demo and the benchmark: names nobody carries and CPR numbers valid in form.

The surnames are invented ("Fiktivsen", "Demogaard") so a screenshot of the demo can never be mistaken for a
real child. CPR numbers follow the real structure (DDMMYY + a serial whose first digit gives the century and
whose last digit gives the legal gender) and are dated in the past. Numbers for births before 2007 pass the
modulus-11 check; some of the later ones deliberately do not, as the CPR office has issued such numbers since
2007 and the platform must accept them (with a soft warning only).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.dk import cpr as stdnum_cpr

FIRST_NAMES_FEMALE = (
    "Freja", "Ida", "Clara", "Emma", "Alma", "Ella", "Sofie", "Laura", "Karla", "Anna",
    "Olivia", "Josefine", "Maja", "Agnes", "Asta", "Nora", "Liva", "Mathilde", "Signe", "Cecilie",
)  # fmt: skip
FIRST_NAMES_MALE = (
    "William", "Noah", "Oscar", "Lucas", "Carl", "Victor", "Malthe", "Emil", "Alfred", "Magnus",
    "Frederik", "Elias", "Anton", "Mikkel", "Jonas", "Mads", "Kasper", "Rasmus", "Tobias", "Sebastian",
)  # fmt: skip
# Invented surnames: Danish in form, carried by nobody.
FICTIONAL_SURNAMES = (
    "Fiktivsen", "Demogaard", "Prøvesen", "Eksempelsen", "Opdigtsen", "Påfundsen", "Testrup",
    "Skitsebæk", "Udkastholm", "Modelsen", "Attrapgaard", "Kulissesen", "Digtersted", "Fantasibjerg",
    "Forsøgsen", "Prototoft", "Drømmerup", "Skyggelund", "Papirvang", "Tankegaard",
)  # fmt: skip

# The modulus-11 weights of the CPR number; a number passes when the weighted digit sum is divisible by 11.
_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
# From this birth date on, numbers need not pass modulus 11 (the CPR office ran out of such serials in 2007).
MODULUS_11_OPTIONAL_FROM = date(2007, 10, 1)


@dataclass(frozen=True)
class FictionalPerson:
    first_name: str
    last_name: str
    birth_date: date
    gender: str  # "female" or "male", as the last digit of the CPR number says
    cpr: str  # ten digits, DDMMYYSSSS

    @property
    def passes_modulus_11(self) -> bool:
        return passes_modulus_11(self.cpr)


def passes_modulus_11(number: str) -> bool:
    return sum(int(d) * w for d, w in zip(number, _WEIGHTS, strict=True)) % 11 == 0


def _century_digits(birth: date) -> range:
    """The first serial digits that place ``birth`` in its century (the CPR office's table)."""
    if birth.year < 2000:
        return range(0, 4)
    return range(4, 10) if birth.year <= 2036 else range(5, 9)


def make_cpr(birth: date, *, female: bool, modulus_11: bool, rng: random.Random) -> str:
    """A CPR number for ``birth`` with the gender digit set; passing modulus 11 or, on request, not passing it."""
    stem = birth.strftime("%d%m%y")
    centuries = list(_century_digits(birth))
    while True:
        serial = f"{rng.choice(centuries)}{rng.randrange(100):02d}{rng.randrange(10)}"
        number = stem + serial
        if int(number[-1]) % 2 == (0 if female else 1) and passes_modulus_11(number) == modulus_11:
            # stdnum checks the date and century as well, so a bad table entry above fails loudly here.
            stdnum_cpr.get_birth_date(number)
            return number


def fictional_people(count: int, *, seed: int, on: date, min_age: int = 10, max_age: int = 26) -> list[FictionalPerson]:
    """``count`` distinct people aged ``min_age``..``max_age`` on ``on``, the same list for the same seed."""
    rng = random.Random(seed)
    people: list[FictionalPerson] = []
    seen: set[str] = set()
    while len(people) < count:
        female = rng.random() < 0.45
        age_days = rng.randrange(min_age * 365 + 1, (max_age + 1) * 365 - 1)
        birth = on - timedelta(days=age_days)
        # Roughly one in three of those born after 2007 gets a number without a modulus-11 check digit.
        modulus_11 = birth < MODULUS_11_OPTIONAL_FROM or rng.random() >= 0.35
        number = make_cpr(birth, female=female, modulus_11=modulus_11, rng=rng)
        if number in seen:
            continue
        seen.add(number)
        first = rng.choice(FIRST_NAMES_FEMALE if female else FIRST_NAMES_MALE)
        people.append(
            FictionalPerson(
                first_name=first,
                last_name=rng.choice(FICTIONAL_SURNAMES),
                birth_date=birth,
                gender="female" if female else "male",
                cpr=number,
            )
        )
    return people
