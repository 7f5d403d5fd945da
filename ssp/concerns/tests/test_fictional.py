from __future__ import annotations

from datetime import date

from stdnum.dk import cpr

from ssp.concerns.fictional import FICTIONAL_SURNAMES, MODULUS_11_OPTIONAL_FROM, fictional_people

ON = date(2026, 1, 1)


def test_numbers_are_valid_in_form_dated_in_the_past_and_match_the_gender() -> None:
    people = fictional_people(200, seed=7, on=ON)
    assert len({p.cpr for p in people}) == 200
    for person in people:
        assert cpr.get_birth_date(person.cpr) == person.birth_date < ON
        assert (int(person.cpr[-1]) % 2 == 1) == (person.gender == "male")
        assert person.last_name in FICTIONAL_SURNAMES


def test_only_numbers_issued_after_2007_may_fail_modulus_11() -> None:
    people = fictional_people(200, seed=7, on=ON)
    failing = [p for p in people if not p.passes_modulus_11]
    assert failing
    assert all(p.birth_date >= MODULUS_11_OPTIONAL_FROM for p in failing)
    assert all(p.passes_modulus_11 for p in people if p.birth_date < MODULUS_11_OPTIONAL_FROM)


def test_the_same_seed_gives_the_same_people() -> None:
    assert fictional_people(5, seed=161, on=ON) == fictional_people(5, seed=161, on=ON)
