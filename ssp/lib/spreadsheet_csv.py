"""CSV that opens correctly in Danish Excel, and that Excel cannot be tricked into running.

Danish Excel splits on ``;`` (the comma is the decimal separator), reads UTF-8 only after a byte-order mark,
and shows dates as dd.mm.yyyy. A cell that begins with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return)
is read as a formula, so a note typed as ``=HYPERLINK(...)`` would run on the reader's machine (CSV injection,
OWASP); such a cell is prefixed with an apostrophe, which Excel shows as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | date | datetime | bool | None


def cell_text(value: Cell) -> str:
    """One cell as Danish Excel should show it: local time as dd.mm.yyyy HH:MM, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([cell_text(title) for title in header])
    writer.writerows([cell_text(value) for value in row] for row in rows)
    return BOM + out.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> HttpResponse:
    """A download of ``filename`` (ASCII, chosen by the view, never a person's name)."""
    response = HttpResponse(csv_text(header, rows).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
