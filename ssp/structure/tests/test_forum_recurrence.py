"""A forum's rhythm is chosen among common choices; the form writes the recurrence rule the calendar reads."""

from __future__ import annotations

import pytest

from ssp.structure.forms import ForumForm
from ssp.structure.models import Forum, Municipality


def _form(**data: str) -> ForumForm:
    form = ForumForm(data=data, municipality=Municipality.objects.get(code="161"))
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("choice", "rule"),
    [
        ({"repeat": "weekly", "repeat_weekday": "TU"}, "FREQ=WEEKLY;BYDAY=TU"),
        ({"repeat": "fortnightly", "repeat_weekday": "WE"}, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        ({"repeat": "monthly_weekday", "repeat_weekday": "TH", "repeat_week": "1"}, "FREQ=MONTHLY;BYDAY=1TH"),
        ({"repeat": "monthly_weekday", "repeat_weekday": "FR", "repeat_week": "-1"}, "FREQ=MONTHLY;BYDAY=-1FR"),
        ({"repeat": "quarterly"}, "FREQ=MONTHLY;INTERVAL=3"),
        ({"repeat": "", "recurrence_rule": "FREQ=DAILY"}, ""),
        (
            {"repeat": "custom", "recurrence_rule": "FREQ=MONTHLY;BYMONTH=3,9;BYDAY=1TU"},
            "FREQ=MONTHLY;BYMONTH=3,9;BYDAY=1TU",
        ),
    ],
)
def test_a_common_choice_writes_the_rule(db: None, choice: dict[str, str], rule: str) -> None:
    assert _form(**choice).cleaned_data["recurrence_rule"] == rule


@pytest.mark.parametrize(
    ("choice", "field"),
    [
        ({"repeat": "weekly"}, "repeat_weekday"),
        ({"repeat": "monthly_weekday", "repeat_weekday": "TU"}, "repeat_week"),
        ({"repeat": "custom"}, "recurrence_rule"),
    ],
)
def test_a_missing_part_of_the_choice_is_said_at_its_field(db: None, choice: dict[str, str], field: str) -> None:
    assert field in _form(**choice).errors


def test_a_saved_rule_opens_as_its_choice_and_the_form_speaks_no_rrule(db: None) -> None:
    forum = Forum(recurrence_rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
    form = ForumForm(instance=forum, municipality=Municipality.objects.get(code="161"))

    assert (form.initial["repeat"], form.initial["repeat_weekday"]) == ("fortnightly", "TU")
    assert "RRULE" not in str(form) and "Hver 14. dag" in str(form)
    assert (
        ForumForm(
            instance=Forum(recurrence_rule="FREQ=YEARLY"), municipality=Municipality.objects.get(code="161")
        ).initial["repeat"]
        == "custom"
    )
