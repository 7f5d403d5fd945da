"""From a forum's cadence to proposed meeting dates: pure date arithmetic, no database.

The rule:
1. A forum with a recurrence rule (RFC 5545 RRULE, e.g. ``FREQ=WEEKLY;BYDAY=TU``) gets its occurrences in the
   period. Otherwise it gets a count per year, prorated to the period: the anchor months first (one meeting in
   each anchor month inside the period, around the 10th), the rest spread evenly over the period.
2. Forums whose count is a range ("ca. 12-25") get the upper bound when they cancel meetings without items
   (the proposals are pared down), else the lower bound.
3. Every date is moved to the next working day: not a weekend, not a Danish public holiday, not inside a
   blackout period of the municipality.
4. Dates are unique; a forum without any cadence gets none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from dateutil.rrule import rrulestr

ANCHOR_DAY = 10
DAYS_PER_YEAR = 365.25
# Blackout periods are (first day, last day) pairs.
Blackout = tuple[date, date]


def yearly_count(*, minimum: int | None, maximum: int | None, cancel_without_items: bool) -> int:
    if minimum is None and maximum is None:
        return 0
    if cancel_without_items:
        return maximum if maximum is not None else minimum or 0
    return minimum if minimum is not None else maximum or 0


@lru_cache(maxsize=32)
def danish_holidays(first_year: int, last_year: int) -> frozenset[date]:
    """Danish public holidays; cached because building them costs more than a forum's whole cadence."""
    return frozenset(holidays.country_holidays("DK", years=range(first_year, last_year + 1)).keys())


def is_working_day_factory(start: date, end: date, blackouts: Iterable[Blackout]) -> Callable[[date], bool]:
    public_holidays = danish_holidays(start.year, end.year + 1)
    periods = list(blackouts)

    def is_working_day(day: date) -> bool:
        if day.weekday() >= 5 or day in public_holidays:
            return False
        return not any(first <= day <= last for first, last in periods)

    return is_working_day


def next_working_day(day: date, is_working_day: Callable[[date], bool]) -> date:
    # A blackout period may be long (summer holiday); a year bounds the search.
    for offset in range(366):
        candidate = day + timedelta(days=offset)
        if is_working_day(candidate):
            return candidate
    return day


def _anchor_dates(start: date, end: date, anchor_months: Iterable[int]) -> list[date]:
    months = set(anchor_months)
    found = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        if month in months:
            anchor = date(year, month, ANCHOR_DAY)
            if start <= anchor <= end:
                found.append(anchor)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _spread(start: date, end: date, count: int) -> list[date]:
    span = (end - start).days + 1
    return [start + timedelta(days=int((index + 0.5) * span / count)) for index in range(count)]


def _recurrence_dates(rule: str, start: date, end: date) -> list[date]:
    occurrences = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()))
    return [
        when.date()
        for when in occurrences.between(
            datetime.combine(start, datetime.min.time()), datetime.combine(end, datetime.max.time()), inc=True
        )
    ]


def proposed_dates(
    *,
    start: date,
    end: date,
    recurrence_rule: str,
    per_year: int,
    anchor_months: Iterable[int],
    blackouts: Iterable[Blackout] = (),
) -> list[date]:
    """The working days a forum should meet on between ``start`` and ``end`` (both included)."""
    return list(_proposed_dates(start, end, recurrence_rule, per_year, tuple(anchor_months), tuple(blackouts)))


@lru_cache(maxsize=4096)
def _proposed_dates(
    start: date,
    end: date,
    recurrence_rule: str,
    per_year: int,
    anchor_months: tuple[int, ...],
    blackouts: tuple[Blackout, ...],
) -> tuple[date, ...]:
    """Cached: a national year has 2,000 forums but a few dozen distinct cadences, and parsing a rule is slow."""
    anchors = _anchor_dates(start, end, anchor_months)
    if recurrence_rule:
        raw = _recurrence_dates(recurrence_rule, start, end)
        covered = {(day.year, day.month) for day in raw}
        raw += [anchor for anchor in anchors if (anchor.year, anchor.month) not in covered]
    elif per_year:
        wanted = round(per_year * ((end - start).days + 1) / DAYS_PER_YEAR)
        remaining = max(wanted - len(anchors), 0)
        raw = anchors + (_spread(start, end, remaining) if remaining else [])
    else:
        return ()
    is_working_day = is_working_day_factory(start, end, blackouts)
    return tuple(sorted({next_working_day(day, is_working_day) for day in raw}))


def rotate(members: list[int], *, already_hosted: dict[int, int], count: int) -> list[int | None]:
    """Hosts for ``count`` meetings: always the member that has hosted least so far (ties by list order)."""
    if not members:
        return [None] * count
    tally = {member: already_hosted.get(member, 0) for member in members}
    hosts: list[int | None] = []
    for _index in range(count):
        host = min(members, key=lambda member: (tally[member], members.index(member)))
        tally[host] += 1
        hosts.append(host)
    return hosts
