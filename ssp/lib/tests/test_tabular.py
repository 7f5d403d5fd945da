"""The generic table reader on real files: CSV in both encodings and separators, XLSX, and broken uploads."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Sequence
from datetime import datetime

import openpyxl
import pytest

from ssp.lib.tabular import Column, TabularError, read_table, read_upload

COLUMNS = (
    Column("journal", ("journalnummer", "journal nr"), required=True),
    Column("event", ("hændelse", "overtrædelse", "hændelse/overtrædelse"), required=True),
    Column("name", ("navn",)),
    Column("cpr", ("cpr-nummer", "cpr")),
    Column("note", ("fritekst",)),
)

ROWS = [
    ["Journalnummer", "Hændelse/overtrædelse", "Navn", "CPR-nummer", "Fritekst"],
    ["0300-80123-00001-26", "Butikstyveri", "Søren Ærø Åberg", "0101121234", "Set ved Føtex, sammen med to andre"],
    ["0300-80123-00002-26", "Hærværk", "Mia Østergård", "0202111235", ""],
]


def _csv(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_it_reads_csv_in_every_encoding_and_separator_police_systems_export(encoding: str, delimiter: str) -> None:
    table = read_table(_csv(ROWS, delimiter=delimiter, encoding=encoding), columns=COLUMNS)

    assert table.format == "csv"
    assert table.delimiter == delimiter
    assert table.encoding == encoding
    assert [row.values["name"] for row in table.rows] == ["Søren Ærø Åberg", "Mia Østergård"]
    # The free text's comma stays inside its field whatever the separator.
    assert table.rows[0].values["note"] == "Set ved Føtex, sammen med to andre"
    assert [row.number for row in table.rows] == [2, 3]


def test_it_maps_headers_in_any_order_by_synonym_case_and_ascii_spelling() -> None:
    rows = [["FRITEKST", "haendelse", "Journal nr.", "ukendt kolonne"], ["x", "Vold", "J-1", "y"]]
    table = read_table(_csv(rows), columns=COLUMNS)

    assert table.rows[0].values == {"note": "x", "event": "Vold", "journal": "J-1"}
    assert table.labels["journal"] == "Journal nr."
    assert table.unknown_labels == ["ukendt kolonne"]


def test_it_names_every_missing_required_column() -> None:
    with pytest.raises(TabularError, match=r"mangler disse kolonner: »journalnummer«, »hændelse«"):
        read_table(_csv([["Navn"], ["Mia"]]), columns=COLUMNS)


def test_it_refuses_two_columns_meaning_the_same() -> None:
    with pytest.raises(TabularError, match="betyder det samme"):
        read_table(_csv([["Journalnummer", "Journal nr", "Hændelse"], ["1", "2", "3"]]), columns=COLUMNS)


def test_it_ignores_empty_rows_and_trailing_separators_only_rows() -> None:
    data = _csv([*ROWS, ["", "", "", "", ""], [], ["", "", "", "", ""]]) + b";;;;\r\n\r\n"
    table = read_table(data, columns=COLUMNS)

    assert len(table.rows) == 2


def test_it_keeps_a_quoted_newline_in_one_row_and_numbers_rows_as_the_file_does() -> None:
    rows = [ROWS[0], ["J-1", "Vold", "A", "", "linje et\nlinje to"], ["J-2", "Tyveri", "B", "", ""]]
    table = read_table(_csv(rows), columns=COLUMNS)

    assert table.rows[0].values["note"] == "linje et\nlinje to"
    assert [row.number for row in table.rows] == [2, 4]


def test_it_refuses_a_file_that_is_neither_utf8_nor_windows_1252() -> None:
    # 0x81 and 0x9D are undefined in Windows-1252 and never valid UTF-8 on their own.
    data = _csv(ROWS[:1]) + b"J-1;Vold;\x81\x9d;;\r\n"
    with pytest.raises(TabularError, match="hverken UTF-8 eller Windows-1252"):
        read_table(data, columns=COLUMNS)


def test_it_refuses_utf16_with_a_clear_message() -> None:
    with pytest.raises(TabularError, match="nul-tegn"):
        read_table(_csv(ROWS).decode().encode("utf-16"), columns=COLUMNS)


def test_it_refuses_an_upload_over_the_byte_limit_without_reading_it_all() -> None:
    junk = io.BytesIO(os.urandom(10 * 1024 * 1024))
    with pytest.raises(TabularError, match="for stor"):
        read_upload(junk, max_bytes=8 * 1024 * 1024)
    # Only one byte past the limit was read.
    assert junk.tell() == 8 * 1024 * 1024 + 1


def test_it_refuses_random_bytes_under_the_limit() -> None:
    with pytest.raises(TabularError):
        read_table(os.urandom(200_000), columns=COLUMNS)


def test_it_refuses_more_rows_than_the_limit() -> None:
    rows = [ROWS[0]] + [[f"J-{i}", "Vold", "", "", ""] for i in range(11)]
    with pytest.raises(TabularError, match="mere end 10 rækker"):
        read_table(_csv(rows), columns=COLUMNS, max_rows=10)


def test_it_reads_xlsx_with_dates_and_numbers_as_text() -> None:
    rows: list[list[object]] = [
        ["Journalnummer", "Hændelse", "Dato og tid", "CPR"],
        ["J-1", "Vold", datetime(2026, 11, 23, 14, 30), 101121234],
        ["J-2", "Tyveri", datetime(2026, 11, 24), 2.0],
        [None, None, None, None],
    ]
    columns = (*COLUMNS, Column("when", ("dato og tid",)))
    table = read_table(_xlsx(rows), columns=columns)

    assert table.format == "xlsx"
    assert [row.values["when"] for row in table.rows] == ["2026-11-23 14:30", "2026-11-24"]
    assert [row.values["cpr"] for row in table.rows] == ["101121234", "2"]
    assert [row.number for row in table.rows] == [2, 3]


def test_it_reports_a_formula_cell_as_an_error_naming_the_cell() -> None:
    rows: list[list[object]] = [
        ["Journalnummer", "Hændelse", "Navn"],
        ["J-1", "Vold", "Mia"],
        ["J-2", '=A2&"x"', "Ida"],
    ]
    table = read_table(_xlsx(rows), columns=COLUMNS)

    (error,) = table.errors
    assert (error.row, error.column, error.cell) == (3, "Hændelse", "B3")
    assert "formel" in error.message
    assert table.rows[1].values["event"] == ""


def test_it_refuses_an_xlsx_zip_bomb_before_inflating_it() -> None:
    # A real (broken) zip bomb: one member that claims to be the workbook and inflates 1000-fold.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 1024 * 1024

    with pytest.raises(TabularError, match="zip-bombe"):
        read_table(data, columns=COLUMNS)


def test_it_refuses_a_damaged_xlsx_and_a_zip_that_is_no_workbook() -> None:
    with pytest.raises(TabularError, match="ødelagt"):
        read_table(_xlsx([list(ROWS[0])])[:400], columns=COLUMNS)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hej")
    with pytest.raises(TabularError, match="ikke et Excel-regneark"):
        read_table(out.getvalue(), columns=COLUMNS)


def test_it_refuses_the_old_binary_excel_format() -> None:
    with pytest.raises(TabularError, match=r"\.xls"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, columns=COLUMNS)


def test_it_reports_progress_while_reading_a_large_file() -> None:
    rows = [ROWS[0]] + [[f"J-{i}", "Vold", "", "", ""] for i in range(1200)]
    seen: list[int] = []
    read_table(_csv(rows), columns=COLUMNS, on_progress=seen.append)

    assert seen == [500, 1000, 1200]


def test_messages_never_echo_cell_values() -> None:
    rows: list[list[object]] = [["Journalnummer", "Hændelse", "Navn"], ["J-1", "=1+1", "Søren Hemmelig"]]
    (error,) = read_table(_xlsx(rows), columns=COLUMNS).errors
    assert "Søren" not in str(error)
    assert str(error).startswith("række 2, kolonne Hændelse (B2)")
