"""Dated entries that other capabilities put on the meetings calendars, without the meetings capability knowing them.

The annual cycle's milestones (``ssp.plans``) belong on the same calendars as the meetings where they happen, but
meetings must not import plans. A capability registers a source in its ``AppConfig.ready()``::

    register_calendar_source(milestone_entries)

and the calendar pages and the iCalendar feed ask every source for the entries of a scope. The source decides who
may see which of its rows (through its own access rules) and reads them in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ssp.accounts.models import User
    from ssp.structure.models import Forum, Municipality


@dataclass(frozen=True)
class CalendarScope:
    """Which calendar asks: one forum's, one municipality's, or (both empty) the user's own; ``last`` None is open."""

    user: User
    first: date
    last: date | None
    forum: Forum | None = None
    municipality: Municipality | None = None


@dataclass(frozen=True)
class CalendarEntry:
    """A whole-day entry: ``url`` is the page of the thing (a path), ``uid`` is stable for calendar programs."""

    day: date
    title: str
    url: str
    uid: str
    note: str = ""


CalendarSource = Callable[[CalendarScope], Iterable[CalendarEntry]]
_sources: list[CalendarSource] = []


def register_calendar_source(source: CalendarSource) -> None:
    if source not in _sources:
        _sources.append(source)


def calendar_entries(scope: CalendarScope) -> list[CalendarEntry]:
    """Every registered source's entries for ``scope``, in date order."""
    entries = [entry for source in _sources for entry in source(scope)]
    return sorted(entries, key=lambda entry: (entry.day, entry.title, entry.uid))
