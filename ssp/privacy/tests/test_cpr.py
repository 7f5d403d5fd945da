"""CPR parsing: shapes, dates, century, gender, the soft modulus-11 warning and masking."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ssp.lib import cpr


def test_it_accepts_both_forms_and_derives_birth_date_century_and_gender() -> None:
    parsed = cpr.parse("070761-4285")

    assert parsed.number == "0707614285"
    assert parsed.birth_date == date(1961, 7, 7)
    assert parsed.gender == cpr.MALE
    assert cpr.parse("0707614285").number == "0707614285"


def test_the_seventh_digit_decides_the_century() -> None:
    assert cpr.parse("0101104000").birth_date == date(2010, 1, 1)
    assert cpr.gender("0101104000") == cpr.FEMALE


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("07076-14285", "cpr_format"),
        ("12345", "cpr_format"),
        ("310299-1234", "cpr_date"),
        ("010130-4000", "cpr_future"),
    ],
)
def test_it_refuses_with_a_specific_danish_error(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        cpr.parse(raw, today=date(2026, 1, 1))
    assert error.value.code == code


def test_a_failed_modulus_11_check_is_only_a_warning() -> None:
    parsed = cpr.parse("0101104002")

    assert not parsed.checksum_ok
    assert parsed.warnings and "modulus 11" in parsed.warnings[0]
    assert cpr.parse("070761-4285").warnings == ()


def test_masking_hides_the_serial_number() -> None:
    assert cpr.mask("0707614285") == "070761-xxxx"
    assert cpr.mask("") == ""


@pytest.mark.parametrize(
    "raw",
    [
        "０７０７６１４２８５",  # full-width
        "٠٧٠٧٦١-٤٢٨٥",  # Arabic-Indic
        "۰۷۰۷۶۱۴۲۸۵",  # Extended Arabic-Indic (Persian)
        "०७०७६१४२८५",  # Devanagari
        "07076１4285",  # one full-width digit among ASCII ones
    ],
)
def test_digits_of_other_scripts_are_refused_not_read_as_another_number(raw: str) -> None:
    with pytest.raises(ValidationError) as error:
        cpr.parse(raw)
    assert error.value.code == "cpr_digits"
    assert "0-9" in str(error.value.messages[0])
