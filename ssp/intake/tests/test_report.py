"""Parsing the daily report: Danish dates and roles, CPR checks, and every problem named by row and column."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from ssp.intake.report import COPENHAGEN, PersonRole, ReportLine, parse_datetime, parse_report

TODAY = date(2026, 11, 30)
HEADER = ["Journalnummer", "Dato og tid", "Hændelse/overtrædelse", "Sted", "CPR-nummer", "Navn", "Fødselsdato", "Rolle"]


def _file(*rows: list[str], encoding: str = "cp1252") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";").writerows([HEADER, *rows])
    return out.getvalue().encode(encoding)


def _parse(*rows: list[str]) -> list[ReportLine]:
    return parse_report(_file(*rows), max_bytes=1_000_000, today=TODAY).lines


def test_it_reads_a_suspect_with_cpr_and_derives_birth_date_and_age() -> None:
    (line,) = _parse(
        ["0300-1", "23.11.2026 14:30", "Butikstyveri", "Nykøbing F", "050512-4326", "Søren Ærø", "", "Sigtet"]
    )

    assert line.errors == []
    assert line.cpr == "0505124326"
    assert line.birth_date == date(2012, 5, 5)
    assert line.occurred_at == datetime(2026, 11, 23, 14, 30, tzinfo=COPENHAGEN)
    assert line.role == PersonRole.CHARGED
    assert (line.age, line.is_suspect_under_18) == (14, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23.11.2026 14:30", datetime(2026, 11, 23, 14, 30)),
        ("23-11-2026 kl. 14.30", datetime(2026, 11, 23, 14, 30)),
        ("23/11/26", datetime(2026, 11, 23)),
        ("2026-11-23 09:05", datetime(2026, 11, 23, 9, 5)),
    ],
)
def test_it_reads_danish_and_spreadsheet_dates(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected.replace(tzinfo=COPENHAGEN)


def test_a_cpr_number_failing_modulus_11_is_a_warning_not_an_error() -> None:
    (line,) = _parse(["J-1", "23.11.2026", "Vold", "", "0101201234", "", "", "mistænkt"])

    assert line.errors == []
    assert line.cpr == "0101201234"
    assert [w.column for w in line.warnings] == ["CPR-nummer"]


def test_a_spreadsheet_cpr_without_its_leading_zero_is_restored() -> None:
    (line,) = _parse(["J-1", "23.11.2026", "Vold", "", "101201234", "", "", "Sigtet"])

    assert line.cpr == "0101201234"


def test_every_problem_is_named_by_row_and_column_without_the_value() -> None:
    lines = _parse(
        ["J-1", "32.13.2026", "Vold", "", "3113124326", "Mia Hansen", "", "Sigtet"],
        ["", "23.11.2026", "Vold", "", "", "Mia Hansen", "", "tilskuer"],
        ["J-3", "23.11.2026", "Vold", "", "", "Mia Hansen", "", "Vidne"],
        ["J-4", "23.11.2026", "Vold", "", "0505124326", "Mia Hansen", "06.05.2012", "Sigtet"],
    )

    found = [(e.row, e.column) for line in lines for e in line.errors]
    assert found == [
        (2, "Dato og tid"),
        (2, "CPR-nummer"),
        (3, "Journalnummer"),
        (3, "Rolle"),
        (3, "Navn"),
        (4, "Navn"),
        (5, "Fødselsdato"),
    ]
    assert all("Mia" not in str(e) and "3113124326" not in str(e) for line in lines for e in line.errors)


def test_victims_and_witnesses_are_not_suspects() -> None:
    lines = _parse(
        ["J-1", "23.11.2026", "Vold", "", "", "Ida Berg", "01.01.2012", "Forurettet"],
        ["J-1", "23.11.2026", "Vold", "", "", "Bo Berg", "01.01.2010", "vidne"],
        ["J-1", "23.11.2026", "Vold", "", "", "Jens Berg", "01.01.2000", "Sigtet"],
    )

    assert [line.role for line in lines] == [PersonRole.VICTIM, PersonRole.WITNESS, PersonRole.CHARGED]
    assert [line.is_suspect_under_18 for line in lines] == [False, False, False]
