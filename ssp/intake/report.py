"""The police daily report (døgnrapport) and NEC list as files: columns, Danish dates, roles, and row checks.

``parse_report`` reads a CSV or XLSX upload through ``ssp.lib.tabular`` and turns each row into a
``ReportLine``: the values parsed, and every problem as a ``CellError`` (an error blocks the commit, a warning
does not). It knows nothing of the database; linking and routing happen in the services.

Rules per row:

1. Journal number, date and time, offence and role are required; a person needs a CPR number, or a name and a
   birth date (error "neither CPR nor name and birth date").
2. A CPR number must be well formed with a real date; failing modulus 11 is a warning (numbers issued since
   2007 need not pass). A birth date in the file that contradicts the CPR number is an error.
3. Dates are Danish (``23.11.2026 14:30``, ``23-11-2026``, ``23/11/26 kl. 14.30``) or ISO from a spreadsheet.
4. Roles: sigtet and mistænkt are suspects; forurettet and vidne are victims and witnesses, kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ssp.intake.linkage import Name
from ssp.lib import cpr as cpr_lib
from ssp.lib.tabular import CellError, Column, Table, read_table

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# A person this old or older at the incident is outside SSP's target group (and the 7-day rule).
ADULT_AGE = 18


class ReportSource(models.TextChoices):
    DAILY_REPORT = "daily_report", gettext_lazy("Døgnrapport")
    NEC_LIST = "national_investigation_centre_list", gettext_lazy("NEC-liste")


class PersonRole(models.TextChoices):
    CHARGED = "charged", gettext_lazy("Sigtet")
    SUSPECTED = "suspected", gettext_lazy("Mistænkt")
    VICTIM = "victim", gettext_lazy("Forurettet")
    WITNESS = "witness", gettext_lazy("Vidne")

    @property
    def is_suspect(self) -> bool:
        return self in {PersonRole.CHARGED, PersonRole.SUSPECTED}


_ROLE_WORDS = {
    "sigtet": PersonRole.CHARGED,
    "sigtede": PersonRole.CHARGED,
    "mistaenkt": PersonRole.SUSPECTED,
    "mistaenkte": PersonRole.SUSPECTED,
    "forurettet": PersonRole.VICTIM,
    "forurettede": PersonRole.VICTIM,
    "offer": PersonRole.VICTIM,
    "vidne": PersonRole.WITNESS,
}

COLUMNS = (
    Column("journal", ("journalnummer", "journal nr", "j nr", "journal"), required=True),
    Column("occurred_at", ("dato og tid", "dato", "tidspunkt", "gerningstidspunkt"), required=True),
    Column("offence", ("hændelse/overtrædelse", "hændelse", "overtrædelse", "sigtelse"), required=True),
    Column("place", ("sted", "gerningssted", "adresse")),
    Column("cpr", ("cpr-nummer", "cpr nr", "cpr", "personnummer")),
    Column("name", ("navn", "fulde navn")),
    Column("first_name", ("fornavn", "fornavne")),
    Column("last_name", ("efternavn",)),
    Column("birth_date", ("fødselsdato", "født")),
    Column("role", ("rolle",), required=True),
    Column("unit", ("enhed", "politienhed", "station")),
    Column("note", ("fritekst", "bemærkning", "beskrivelse")),
    Column("municipality", ("kommunekode", "bopælskommune", "kommune")),
)

_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MUNICIPALITY = re.compile(r"\d{3}")
_TIME = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})(?:[.:]\d{2})?$")


@dataclass
class ReportLine:
    """One parsed row: what it says, and its problems by column."""

    number: int
    journal: str = ""
    occurred_at: datetime | None = None
    offence: str = ""
    place: str = ""
    unit: str = ""
    note: str = ""
    role: PersonRole | None = None
    cpr: str = ""  # ten digits, or empty
    name: Name | None = None
    written_name: str = ""
    given_names: str = ""  # as written (title case when the police wrote capitals), for a new citizen
    last_name: str = ""
    birth_date: date | None = None
    municipality: str = ""  # three-digit kommunekode from the file, if any
    person_invalid: bool = False  # the person cannot be linked (bad CPR or birth date, or neither given)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)

    @property
    def age(self) -> int | None:
        if self.birth_date is None or self.occurred_at is None:
            return None
        on = self.occurred_at.date()
        return on.year - self.birth_date.year - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def is_suspect_under_18(self) -> bool:
        age = self.age
        return self.role is not None and self.role.is_suspect and age is not None and age < ADULT_AGE


@dataclass
class ParsedReport:
    lines: list[ReportLine]
    table: Table


def parse_date(text: str, *, two_digit_century_from: date | None = None) -> date:
    """A Danish or ISO date; a two-digit year is the latest year not after ``two_digit_century_from``."""
    text = text.strip()
    if match := _ISO.match(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    match = _DATE.match(text)
    if not match:
        raise ValueError(text)
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    if len(match[3]) == 2:
        ceiling = two_digit_century_from or date.today()
        year += 2000 if 2000 + year <= ceiling.year else 1900
    return date(year, month, day)


def parse_datetime(text: str) -> datetime:
    """``23.11.2026 14:30``, ``23-11-2026 kl. 14.30``, ``2026-11-23 14:30`` or a date alone (midnight)."""
    parts = text.strip().split(None, 1)
    if not parts:
        raise ValueError(text)
    day = parse_date(parts[0])
    clock = time(0, 0)
    if len(parts) == 2:
        match = _TIME.match(parts[1].strip())
        if not match:
            raise ValueError(text)
        clock = time(int(match[1]), int(match[2]))
    return datetime.combine(day, clock, tzinfo=COPENHAGEN)


def split_written_name(written: str) -> tuple[str, str]:
    """(given names, surname) as written: "Hansen, Mia Sofie" or "Mia Sofie Hansen"; capitals become title case."""
    text = " ".join(written.split())
    if text.isupper():
        text = text.title()
    if "," in text:
        surname, _comma, given = text.partition(",")
        return given.strip(), surname.strip()
    given, _space, surname = text.rpartition(" ")
    return given, surname


def parse_report(
    data: bytes, *, max_bytes: int, today: date, on_progress: Callable[[int], None] | None = None
) -> ParsedReport:
    """Read and check every row; file-level problems raise ``ssp.lib.tabular.TabularError``.

    ``on_progress`` gets the number of rows read, every 500 rows (``ssp.lib.tabular.read_table``)."""
    table = read_table(data, columns=COLUMNS, max_bytes=max_bytes, on_progress=on_progress)
    # A report's rows share a few dates and times: each text is read once, and the rows share its (immutable)
    # value, which the preview's COPY then prepares once (``ssp.lib.bulk``). Per report, as a two-digit year
    # depends on the day it is read.
    occurred = cache(parse_datetime)
    lines = []
    for row in table.rows:
        line = ReportLine(number=row.number, errors=list(row.errors))
        _fill_line(line, row.values, table.labels, today, occurred)
        lines.append(line)
    return ParsedReport(lines=lines, table=table)


def _fill_line(
    line: ReportLine,
    values: dict[str, str],
    labels: dict[str, str],
    today: date,
    occurred: Callable[[str], datetime],
) -> None:
    def error(key: str, message: str) -> None:
        line.errors.append(CellError(line.number, labels.get(key, key), message))

    def warning(key: str, message: str) -> None:
        line.warnings.append(CellError(line.number, labels.get(key, key), message))

    line.journal = values.get("journal", "")
    line.offence = values.get("offence", "")
    line.place, line.unit, line.note = values.get("place", ""), values.get("unit", ""), values.get("note", "")
    for key in ("journal", "offence"):
        if not values.get(key):
            error(key, _("Feltet skal udfyldes."))
    when = values.get("occurred_at", "")
    try:
        line.occurred_at = occurred(when)
    except ValueError:
        error(
            "occurred_at",
            _("Datoen kan ikke læses; skriv den som dd.mm.åååå tt:mm.") if when else _("Feltet skal udfyldes."),
        )
    role = _role(values.get("role", ""))
    if role is None:
        error("role", _("Rollen skal være sigtet, mistænkt, forurettet eller vidne."))
    line.role = role
    _fill_person(line, values, today, error, warning)
    municipality = values.get("municipality", "").strip()
    if municipality and not _MUNICIPALITY.fullmatch(municipality.zfill(3)):
        error("municipality", _("Kommunekoden skal være tre cifre (fx 376)."))
    line.municipality = municipality.zfill(3) if municipality else ""


def _fill_person(
    line: ReportLine,
    values: dict[str, str],
    today: date,
    error: Callable[[str, str], None],
    warning: Callable[[str, str], None],
) -> None:
    raw_cpr = values.get("cpr", "")
    if raw_cpr:
        # Spreadsheets drop the leading zero of a CPR number typed as a number.
        digits = raw_cpr.replace("-", "").strip()
        if digits.isdigit() and len(digits) == 9:
            digits = "0" + digits
        try:
            parsed = cpr_lib.parse(digits, today=today)
        except ValidationError as refused:
            error("cpr", " ".join(str(m) for m in refused.messages))
            line.person_invalid = True
        else:
            line.cpr, line.birth_date = parsed.number, parsed.birth_date
            if not parsed.checksum_ok:
                for message in _cpr_warnings(get_language()):
                    warning("cpr", message)
    written = values.get("name", "") or " ".join(
        p for p in (values.get("first_name", ""), values.get("last_name", "")) if p
    )
    line.written_name = written.strip()
    if values.get("first_name") or values.get("last_name"):
        line.name = Name.from_parts(values.get("first_name", ""), values.get("last_name", ""))
        line.given_names, line.last_name = values.get("first_name", ""), values.get("last_name", "")
    elif written:
        line.name = Name.from_full(written)
        line.given_names, line.last_name = split_written_name(written)
    raw_birth = values.get("birth_date", "")
    if raw_birth:
        try:
            born = parse_date(raw_birth, two_digit_century_from=today)
        except ValueError:
            error("birth_date", _("Fødselsdatoen kan ikke læses; skriv den som dd.mm.åååå."))
            line.person_invalid = True
        else:
            if line.birth_date and born != line.birth_date:
                error("birth_date", _("Fødselsdatoen passer ikke med CPR-nummeret."))
                line.person_invalid = True
            elif born > today:
                error("birth_date", _("Fødselsdatoen ligger i fremtiden."))
                line.person_invalid = True
            line.birth_date = line.birth_date or born
    has_name = line.name is not None and bool(line.name.first) and bool(line.name.last)
    if not line.cpr and not raw_cpr and not (has_name and line.birth_date):
        error("name" if "name" in values else "cpr", _("Rækken mangler både CPR-nummer og navn med fødselsdato."))
        line.person_invalid = True


@lru_cache(maxsize=16)
def _cpr_warnings(language: str | None) -> tuple[str, ...]:
    # Translated once per language, not once per row: a third of a report's numbers may fail modulus 11.
    return cpr_lib.ParsedCpr("", date.min, "", checksum_ok=False).warnings


@lru_cache(maxsize=64)
def _role(text: str) -> PersonRole | None:
    # Cached: a report writes its roles with a handful of words.
    return _ROLE_WORDS.get(_fold_word(text))


def _fold_word(text: str) -> str:
    return text.strip().casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
