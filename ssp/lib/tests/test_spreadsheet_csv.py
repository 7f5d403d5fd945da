"""The shared CSV writer: semicolons, a BOM, Danish local dates and no formula can reach Excel."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

from ssp.lib.spreadsheet_csv import csv_text


def _read(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_it_writes_local_time_and_danish_dates() -> None:
    summer_utc = datetime(2026, 6, 30, 22, 15, tzinfo=UTC)  # 1 July 00:15 in Copenhagen (summer time)
    rows = _read(csv_text(["Tidspunkt", "Dato"], [[summer_utc, date(2026, 12, 24)]]))
    assert rows == [["Tidspunkt", "Dato"], ["01.07.2026 00:15", "24.12.2026"]]


def test_cells_that_excel_would_run_as_formulas_are_text() -> None:
    dangerous = ["=1+1", "+45 12345678", "-2", "@SUM(A1)", "\tx", "\rx"]
    [_, row] = _read(csv_text(["a"] * 6, [dangerous]))
    assert row == ["'" + value for value in dangerous]


def test_separators_quotes_and_line_breaks_stay_inside_their_cell() -> None:
    [_, row] = _read(csv_text(["Tekst", "Tal"], [['Han sagde "nej"; igen\nog igen', 7]]))
    assert row == ['Han sagde "nej"; igen\nog igen', "7"]


def test_every_csv_the_platform_writes_goes_through_the_shared_writer() -> None:
    """An export written with its own ``csv.writer`` skipped the BOM, local dates and formula guard (the case record
    did); only the shared writer, and demo files that imitate what a municipality uploads, write CSV."""
    ssp = Path(__file__).resolve().parents[2]
    allowed = {"lib/spreadsheet_csv.py", "insight/demo.py"}
    writers = [
        str(path.relative_to(ssp))
        for path in sorted(ssp.rglob("*.py"))
        if "tests" not in path.parts
        and str(path.relative_to(ssp)) not in allowed
        and re.search(r"csv\.(Dict)?[Ww]riter\(", path.read_text(encoding="utf-8"))
    ]
    assert writers == []
