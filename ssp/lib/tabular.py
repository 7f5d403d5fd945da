"""Reading uploaded tables (CSV and XLSX) the way Danish authorities export them.

One entry point, ``read_table``, turns the bytes of an upload into rows keyed by the caller's column names:

1. The size is checked first (``max_bytes``); an upload over it is refused before anything is parsed.
2. The format is told from the bytes, not the file name: a zip (``PK``) is XLSX, an OLE file is the old binary
   Excel format (refused: save as .xlsx or CSV), anything else is CSV text.
3. CSV text is UTF-8 (with or without BOM) or Windows-1252. Strict UTF-8 is tried first: Danish letters in
   Windows-1252 (æ = 0xE6, ø = 0xF8, å = 0xE5) are never valid UTF-8 on their own, so a file that decodes as
   UTF-8 is UTF-8. A file that decodes as neither, or holds NUL bytes (UTF-16, binary junk), is refused.
4. The separator is ``;`` or ``,``, whichever occurs more often outside quotes in the header line (``;`` on a
   tie, as Danish Excel writes it). Header
   labels hold neither, while the free-text column of data rows often holds commas, so the header line is the
   only reliable witness (csv.Sniffer looks at data rows and is fooled by such free text).
5. XLSX is opened only after its zip directory has been checked (member count, total uncompressed size and
   compression ratio: a zip bomb is refused without inflating it); openpyxl then reads it read-only, first
   sheet, and a formula cell is an error naming the cell (the stored value of a formula is not trustworthy).
6. The header is the first non-empty row. Labels are matched to the caller's columns by synonyms, in any order,
   ignoring case, spacing, punctuation and æ/ø/å written ae/oe/aa. Missing required columns are one error that
   names them all; unknown columns are ignored (and listed).
7. Fully empty rows are skipped (trailing ones too); every problem in a row is a ``CellError`` with the row
   number as the user sees it in a spreadsheet and the column's label from the file. Cell values never appear
   in messages: they may be personal data.

Values come back as stripped strings; XLSX dates become ISO 8601 (``2026-11-23`` or ``2026-11-23 14:30``) and
whole numbers lose the ``.0``, so callers parse one text form.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO, Any

from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000
# Ceiling on what an XLSX may inflate to, and on how hard one member may be compressed. A real export of
# 50,000 rows is ~30 MB of sheet XML at a ratio of 10-30; a zip bomb is thousands to one.
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_XLSX_MEMBERS = 500

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_UTF8_BOM = b"\xef\xbb\xbf"
_DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


class TabularError(Exception):
    """The file as a whole cannot be read (size, format, encoding, missing columns). The message is for the user."""


@dataclass(frozen=True)
class Column:
    """A column the caller wants: its key, the header labels that mean it, and whether it must be present."""

    key: str
    synonyms: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class CellError:
    """A problem in one cell: row number as in the spreadsheet, the column's label in the file, and the cell."""

    row: int
    column: str
    message: str
    cell: str = ""

    def __str__(self) -> str:
        where = _("række %(row)d, kolonne %(column)s") % {"row": self.row, "column": self.column}
        if self.cell:
            where += f" ({self.cell})"
        return f"{where}: {self.message}"


@dataclass
class Row:
    """One non-empty data row: its number in the file, the values by column key, and its cell errors."""

    number: int
    values: dict[str, str]
    errors: list[CellError] = field(default_factory=list)


@dataclass
class Table:
    """What ``read_table`` found: the rows, how the file was read, and the header labels by column key."""

    rows: list[Row]
    format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    unknown_labels: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]


def normalise_label(label: str) -> str:
    """A header label reduced for matching: lower case, æ/ø/å as ae/oe/aa, accents and punctuation gone."""
    text = unicodedata.normalize("NFKC", label).casefold().translate(_DANISH_ASCII)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def read_upload(stream: IO[bytes], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read at most ``max_bytes`` from an upload; refuse a larger one without reading it all."""
    data = stream.read(max_bytes + 1)
    _check_size(len(data), max_bytes)
    return data


def read_table(
    data: bytes,
    *,
    columns: Sequence[Column],
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
    on_progress: Callable[[int], None] | None = None,
) -> Table:
    """Read CSV or XLSX ``data`` into rows keyed by ``columns``; raise ``TabularError`` for a file-level problem."""
    _check_size(len(data), max_bytes)
    if not data.strip():
        raise TabularError(_("Filen er tom."))
    if data.startswith(_OLE_MAGIC):
        raise TabularError(_("Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV og prøv igen."))
    if data.startswith(_ZIP_MAGIC):
        records: Iterator[tuple[int, list[str], list[str]]] = _xlsx_records(data)
        table = Table(rows=[], format="xlsx")
    else:
        text, encoding = _decode(data)
        delimiter = _delimiter(text)
        records = _csv_records(text, delimiter)
        table = Table(rows=[], format="csv", encoding=encoding, delimiter=delimiter)
    _fill(table, records, columns, max_rows=max_rows, on_progress=on_progress)
    return table


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise TabularError(
            _("Filen er for stor: højst %(limit)s MB kan indlæses ad gangen.")
            % {"limit": f"{max_bytes / (1024 * 1024):.0f}"}
        )


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise TabularError(
            _(
                "Filen er ikke en tekstfil i UTF-8 eller Windows-1252 (den indeholder nul-tegn, fx UTF-16 eller binære data)."
            )
        )
    if data.startswith(_UTF8_BOM):
        try:
            return data[len(_UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise TabularError(_("Filen begynder som UTF-8, men indeholder tegn, der ikke er gyldig UTF-8.")) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise TabularError(
            _("Filens tegnsæt kan ikke læses: den er hverken UTF-8 eller Windows-1252. Gem den som CSV (UTF-8).")
        ) from None


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {";": 0, ",": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    # A header without either is a single column; the header check then names what is missing.
    return ";" if counts[";"] >= counts[","] else ","


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str], list[str]]]:
    """Yield (row number, values, cell references) for CSV; a quoted value may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    start = 1
    try:
        for values in reader:
            yield start, values, []
            start = reader.line_num + 1
    except csv.Error:
        raise TabularError(
            _("CSV-filen kan ikke læses fra linje %(line)d: et anførselstegn er ikke lukket korrekt.") % {"line": start}
        ) from None


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TabularError(_("Filen ligner en XLSX-fil, men er ødelagt (ikke en gyldig zip-fil).")) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise TabularError(_("XLSX-filen indeholder usædvanligt mange dele og afvises."))
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if total > MAX_XLSX_UNCOMPRESSED_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_XLSX_RATIO):
                raise TabularError(
                    _("XLSX-filen udpakker til langt mere, end et regneark fylder (mulig zip-bombe), og afvises.")
                )
        if "xl/workbook.xml" not in {member.filename for member in members}:
            raise TabularError(_("Filen er en zip-fil, men ikke et Excel-regneark (.xlsx)."))


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[str], list[str]]]:
    """Yield (row number, values, cell references) for the first sheet; formulas become ``=…`` markers."""
    import openpyxl

    _check_zip(data)
    with warnings.catch_warnings():
        # openpyxl warns about styles and data validation it does not read; none matter to a data import.
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception:
            # openpyxl raises many kinds (KeyError, ValueError, InvalidFileException) for a damaged package.
            raise TabularError(_("XLSX-filen kan ikke åbnes: den er ødelagt eller ikke et Excel-regneark.")) from None
        try:
            sheet = workbook.worksheets[0]
            for cells in sheet.iter_rows():
                real = [cell for cell in cells if getattr(cell, "row", None) is not None]
                if not real:
                    continue
                width = max(cell.column for cell in real)
                values = [""] * width
                refs = [""] * width
                for cell in real:
                    values[cell.column - 1] = _formula_marker if cell.data_type == "f" else _cell_text(cell.value)
                    refs[cell.column - 1] = cell.coordinate
                yield real[0].row, values, refs
        finally:
            workbook.close()


# A value no text cell can hold (NUL is refused in CSV and cannot be typed in Excel) marks a formula cell.
_formula_marker = "\x00formula"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0, 0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _match_header(labels: list[str], columns: Sequence[Column]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    wanted = {normalise_label(synonym): column.key for column in columns for synonym in (column.key, *column.synonyms)}
    positions: dict[str, int] = {}
    found: dict[str, str] = {}
    unknown: list[str] = []
    for index, label in enumerate(labels):
        key = wanted.get(normalise_label(label))
        if not label.strip():
            continue
        if key is None:
            unknown.append(label.strip())
        elif key in positions:
            raise TabularError(
                _("Kolonnerne »%(first)s« og »%(second)s« betyder det samme; fjern den ene.")
                % {"first": found[key], "second": label.strip()}
            )
        else:
            positions[key] = index
            found[key] = label.strip()
    missing = [column for column in columns if column.required and column.key not in positions]
    if missing:
        names = ", ".join(f"»{column.synonyms[0] if column.synonyms else column.key}«" for column in missing)
        raise TabularError(_("Filen mangler disse kolonner: %(names)s.") % {"names": names})
    return positions, found, unknown


def _row_with_formulas(
    number: int,
    values: list[str],
    refs: list[str],
    positions: dict[str, int],
    known: set[int],
    labels: dict[str, str],
) -> Row:
    """A row with a formula cell: the formula's value is dropped and each formula cell is an error."""
    row = Row(number=number, values={})
    for key, index in positions.items():
        value = values[index] if index < len(values) else ""
        if value == _formula_marker:
            row.errors.append(
                CellError(
                    number, labels[key], _("Cellen indeholder en formel; gem regnearket med værdier."), refs[index]
                )
            )
            value = ""
        row.values[key] = value.strip()
    stray = [i for i, value in enumerate(values) if i not in known and value == _formula_marker]
    for index in stray:
        row.errors.append(
            CellError(number, refs[index], _("Cellen indeholder en formel; gem regnearket med værdier."), refs[index])
        )
    return row


def _fill(
    table: Table,
    records: Iterable[tuple[int, list[str], list[str]]],
    columns: Sequence[Column],
    *,
    max_rows: int,
    on_progress: Callable[[int], None] | None,
) -> None:
    positions: dict[str, int] | None = None
    for number, values, refs in records:
        # Joined, not a check per value: a large file has 50,000 rows.
        if not "".join(values).strip():
            continue
        if positions is None:
            positions, table.labels, table.unknown_labels = _match_header(values, columns)
            known = set(positions.values())
            continue
        if len(table.rows) >= max_rows:
            raise TabularError(_("Filen har mere end %(limit)d rækker; del den op.") % {"limit": max_rows})
        if _formula_marker in values:
            row = _row_with_formulas(number, values, refs, positions, known, table.labels)
        else:
            width = len(values)
            cells = {key: values[index].strip() if index < width else "" for key, index in positions.items()}
            row = Row(number=number, values=cells)
        table.rows.append(row)
        if on_progress is not None and len(table.rows) % 500 == 0:
            on_progress(len(table.rows))
    if positions is None:
        raise TabularError(_("Filen har ingen overskriftsrække."))
    if on_progress is not None:
        on_progress(len(table.rows))
