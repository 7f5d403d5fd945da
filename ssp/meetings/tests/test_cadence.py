"""The date arithmetic behind the calendar: counts, holidays, blackouts, anchors and fair rotation."""

from __future__ import annotations

from collections import Counter
from datetime import date

import holidays

from ssp.meetings.cadence import proposed_dates, rotate, yearly_count

START, END = date(2027, 1, 1), date(2027, 12, 31)
DK_2027 = holidays.country_holidays("DK", years=2027)


def test_it_spreads_a_yearly_count_over_the_year() -> None:
    days = proposed_dates(start=START, end=END, recurrence_rule="", per_year=4, anchor_months=[])
    assert len(days) == 4
    assert [day.month for day in days] == [2, 5, 8, 11]


def test_it_never_proposes_weekends_or_public_holidays() -> None:
    days = proposed_dates(start=START, end=END, recurrence_rule="", per_year=25, anchor_months=[])
    assert len(days) == 25
    assert all(day.weekday() < 5 and day not in DK_2027 for day in days)


def test_weekly_rule_skips_holidays_to_the_next_working_day() -> None:
    # Easter Monday 29.03.2027 is a Monday; the weekly Monday meeting moves to Tuesday.
    days = proposed_dates(start=START, end=END, recurrence_rule="FREQ=WEEKLY;BYDAY=MO", per_year=0, anchor_months=[])
    assert date(2027, 3, 29) not in days
    assert date(2027, 3, 30) in days
    assert len(days) == 52


def test_first_thursday_of_the_month() -> None:
    days = proposed_dates(start=START, end=END, recurrence_rule="FREQ=MONTHLY;BYDAY=1TH", per_year=0, anchor_months=[])
    assert len(days) == 12
    assert days[0] == date(2027, 1, 7)
    # 06.05.2027 is Ascension Day (Kristi himmelfartsdag): moved to Friday.
    assert date(2027, 5, 7) in days


def test_blackout_periods_move_meetings_past_the_school_holiday() -> None:
    summer = (date(2027, 6, 26), date(2027, 8, 8))
    days = proposed_dates(
        start=START, end=END, recurrence_rule="FREQ=WEEKLY;BYDAY=TU", per_year=0, anchor_months=[], blackouts=[summer]
    )
    assert not [day for day in days if summer[0] <= day <= summer[1]]
    assert date(2027, 8, 9) in days


def test_anchor_months_are_kept() -> None:
    kredsraad = proposed_dates(start=START, end=END, recurrence_rule="", per_year=1, anchor_months=[12])
    lokalraad = proposed_dates(start=START, end=END, recurrence_rule="", per_year=2, anchor_months=[1])
    local_school = proposed_dates(start=START, end=END, recurrence_rule="", per_year=1, anchor_months=[9])
    assert [day.month for day in kredsraad] == [12]
    assert lokalraad[0].month == 1 and len(lokalraad) == 2
    assert [day.month for day in local_school] == [9]


def test_anchor_month_added_to_a_rule_that_skips_it() -> None:
    days = proposed_dates(
        start=START, end=END, recurrence_rule="FREQ=MONTHLY;BYMONTH=3,6;BYDAY=1TU", per_year=0, anchor_months=[12]
    )
    assert [day.month for day in days] == [3, 6, 12]


def test_count_is_prorated_to_a_shorter_period() -> None:
    days = proposed_dates(
        start=date(2027, 1, 1), end=date(2027, 6, 30), recurrence_rule="", per_year=12, anchor_months=[]
    )
    assert len(days) == 6


def test_yearly_count_takes_the_upper_bound_when_meetings_without_items_are_cancelled() -> None:
    assert yearly_count(minimum=12, maximum=25, cancel_without_items=True) == 25
    assert yearly_count(minimum=12, maximum=25, cancel_without_items=False) == 12
    assert yearly_count(minimum=None, maximum=None, cancel_without_items=False) == 0


def test_rotation_is_fair_and_continues_from_earlier_hosts() -> None:
    hosts = rotate([1, 2, 3], already_hosted={}, count=10)
    counts = Counter(hosts)
    assert max(counts.values()) - min(counts.values()) <= 1
    assert rotate([1, 2, 3], already_hosted={1: 2, 2: 1}, count=3) == [3, 2, 3]
    assert rotate([], already_hosted={}, count=2) == [None, None]
