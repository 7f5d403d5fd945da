from __future__ import annotations

from datetime import date

from ssp.casework.programmes import (
    EnrolmentFact,
    PreEntryOutcome,
    ScreeningDecision,
    district_report,
    outcome_due_on,
    outcome_reminder_state,
    suggested_decision,
)


def test_the_status_is_due_one_year_after_the_start() -> None:
    assert outcome_due_on(date(2026, 3, 2)) == date(2027, 3, 2)
    assert outcome_due_on(date(2028, 2, 29)) == date(2029, 2, 28)


def test_the_reminder_comes_two_weeks_ahead_and_again_when_overdue() -> None:
    start = date(2026, 3, 2)
    assert outcome_reminder_state(start, today=date(2027, 2, 15), recorded=False) == ""
    assert outcome_reminder_state(start, today=date(2027, 2, 16), recorded=False) == "ahead"
    assert outcome_reminder_state(start, today=date(2027, 3, 3), recorded=False) == "overdue"
    assert outcome_reminder_state(start, today=date(2027, 3, 3), recorded=True) == ""


def test_the_screening_suggests_and_the_forum_decides() -> None:
    assert suggested_decision(3, total=6) == ScreeningDecision.ENROL
    assert suggested_decision(1, total=6) == ScreeningDecision.CONCERN_CONCEPT
    assert suggested_decision(0, total=6) == ScreeningDecision.NO_ACTION


def test_the_district_report_shows_small_counts_as_under_five_and_every_municipality() -> None:
    facts = [EnrolmentFact("Horsens", PreEntryOutcome.KEPT_OUT)] * 6 + [
        EnrolmentFact("Horsens", PreEntryOutcome.REOFFENDED),
        EnrolmentFact("Vejle", ""),
    ]
    rows = {row.municipality: row for row in district_report(["Horsens", "Vejle", "Hedensted"], facts)}
    assert rows["Horsens"].enrolled == "7"
    assert rows["Horsens"].outcomes[:2] == ("6", "<5")
    assert rows["Vejle"].enrolled == "<5" and rows["Vejle"].outcomes[-1] == "<5"
    assert rows["Hedensted"].enrolled == "0"
