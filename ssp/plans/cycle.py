"""The dates of a district's annual cycle (seed 003, section 6.1): pure date arithmetic, no database.

For the plan year Y:
1. Rigspolitiet publishes the national operative focus areas: 1 October of Y-1.
2. The secretariat's draft is ready four weeks before the Kredsråd's December meeting.
3. The Kredsråd approves the plan at its December meeting of Y-1: the meeting already planned in December, or
   the first working day from 10 December.
4. The plan is in force from 1 January of Y.
5. Each Lokalråd adopts its coordinated action plan at its January meeting of Y: the meeting already planned in
   January, or the first working day from 15 January.
6. Each Lokalråd+ holds its yearly conference by 1 October of Y.
7. Each municipality evaluates its action plan by 31 December of Y.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ssp.meetings.cadence import is_working_day_factory, next_working_day

APPROVAL_FROM_DAY = 10
ADOPTION_FROM_DAY = 15
DRAFT_WEEKS_BEFORE_APPROVAL = 4


@dataclass(frozen=True)
class CycleDates:
    national_focus_published: date
    draft_ready: date
    plan_approved: date
    plan_in_force: date
    action_plan_adopted: date
    conference_held: date
    year_end_evaluation: date


def first_working_day_from(day: date) -> date:
    return next_working_day(day, is_working_day_factory(day, day + timedelta(days=60), []))


def cycle_dates(year: int, *, december_meeting: date | None = None, january_meeting: date | None = None) -> CycleDates:
    """The cycle's dates for plan year ``year``; the meetings' own dates win when they are planned."""
    approval = december_meeting or first_working_day_from(date(year - 1, 12, APPROVAL_FROM_DAY))
    adoption = january_meeting or first_working_day_from(date(year, 1, ADOPTION_FROM_DAY))
    return CycleDates(
        national_focus_published=date(year - 1, 10, 1),
        draft_ready=approval - timedelta(weeks=DRAFT_WEEKS_BEFORE_APPROVAL),
        plan_approved=approval,
        plan_in_force=date(year, 1, 1),
        action_plan_adopted=adoption,
        conference_held=date(year, 10, 1),
        year_end_evaluation=date(year, 12, 31),
    )


def school_year_of(day: date) -> int:
    """The Danish school year runs from 1 August; it is named by the year it starts."""
    return day.year if day.month >= 8 else day.year - 1


def review_due(last_reviewed_on: date, interval_years: int) -> date:
    """The day a statutory plan must have been evaluated again (29 February falls back to the 28th)."""
    try:
        return last_reviewed_on.replace(year=last_reviewed_on.year + interval_years)
    except ValueError:
        return last_reviewed_on.replace(year=last_reviewed_on.year + interval_years, day=28)
