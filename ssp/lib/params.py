"""Bounded types for whatever a client sends: ids, pages, offsets, dates and text.

A number beyond what the database stores (2^63 - 1), a year 0 or 99999, a birth date in the future or a NUL
byte would otherwise reach the database and fail there with a 500. These types refuse them at the door with a
message naming the field: the API uses them in its schemas (answered 422), pages through
:func:`parse_int` and :func:`parse_year` (answered 400).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import BadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, Field

DB_INT_MAX = 2**63 - 1
# Years the platform deals in: the oldest citizen born, the furthest meeting planned.
YEAR_MIN = 1900
YEAR_MAX = 2100
PAGE_MAX = 100_000
LIMIT_MAX = 500


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("Teksten må ikke indeholde NUL-tegn."))
    return value


def _plausible(value: date) -> date:
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValueError(_("Datoen skal ligge mellem år %(min)s og %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX})
    return value


def _in_the_past(value: date) -> date:
    if value > timezone.localdate():
        raise ValueError(_("Fødselsdatoen kan ikke ligge i fremtiden."))
    return _plausible(value)


ObjectId = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
Offset = Annotated[int, Field(ge=0, le=DB_INT_MAX)]
Limit = Annotated[int, Field(ge=1, le=LIMIT_MAX)]
Text = Annotated[str, AfterValidator(_no_nul)]
PlausibleDate = Annotated[date, AfterValidator(_plausible)]
BirthDate = Annotated[date, AfterValidator(_in_the_past)]


def parse_int(raw: str | None, *, field: str, default: int | None = None, minimum: int = 0) -> int | None:
    """A whole number from a query string, or BadRequest (400) naming ``field``; absent gives ``default``."""
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(_("%(field)s skal være et helt tal.") % {"field": field}) from None
    if not minimum <= value <= DB_INT_MAX:
        raise BadRequest(_("%(field)s er uden for det gyldige område.") % {"field": field})
    return value


def parse_year(year: int, *, field: str = "år") -> int:
    """A year in a URL (``/aar/<int:year>/``) within the years the platform plans, else BadRequest (400)."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise BadRequest(
            _("%(field)s skal ligge mellem %(min)s og %(max)s.") % {"field": field, "min": YEAR_MIN, "max": YEAR_MAX}
        )
    return year


class BoundedPageNumberPagination(PageNumberPagination):
    """Ninja's page-number pagination with a largest page, so ``?page=2**70`` is a 422, not a database error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int | None = Field(None, ge=1, le=PAGE_MAX)
