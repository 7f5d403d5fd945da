"""The common meeting rhythms a forum form offers, and the iCalendar recurrence rule each one stands for.

Staff pick "hver 14. dag om tirsdagen" or "første torsdag i måneden"; the form writes the rule the calendar
generator reads (``Forum.recurrence_rule``). A rule none of the choices produces stays editable as an own rule.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NONE, WEEKLY, FORTNIGHTLY, MONTHLY_WEEKDAY, MONTHLY, BIMONTHLY, QUARTERLY, CUSTOM = (
    "",
    "weekly",
    "fortnightly",
    "monthly_weekday",
    "monthly",
    "bimonthly",
    "quarterly",
    "custom",
)
REPEAT_CHOICES = [
    (NONE, _("Ingen fast gentagelse (møder fordeles efter antal om året)")),
    (WEEKLY, _("Hver uge")),
    (FORTNIGHTLY, _("Hver 14. dag")),
    (MONTHLY_WEEKDAY, _("Hver måned på en bestemt ugedag, fx første tirsdag")),
    (MONTHLY, _("Hver måned")),
    (BIMONTHLY, _("Hver 2. måned")),
    (QUARTERLY, _("Hvert kvartal")),
    (CUSTOM, _("Egen regel (avanceret)")),
]
WEEKDAY_CHOICES = [
    ("", _("Vælg ugedag")),
    ("MO", _("mandag")),
    ("TU", _("tirsdag")),
    ("WE", _("onsdag")),
    ("TH", _("torsdag")),
    ("FR", _("fredag")),
]
WEEK_CHOICES = [
    ("", _("Vælg uge")),
    ("1", _("første")),
    ("2", _("anden")),
    ("3", _("tredje")),
    ("4", _("fjerde")),
    ("-1", _("sidste")),
]
NEEDS_WEEKDAY = (WEEKLY, FORTNIGHTLY, MONTHLY_WEEKDAY)
_FIXED = {MONTHLY: "FREQ=MONTHLY", BIMONTHLY: "FREQ=MONTHLY;INTERVAL=2", QUARTERLY: "FREQ=MONTHLY;INTERVAL=3"}


def rule_for(repeat: str, *, weekday: str = "", week: str = "") -> str:
    """The recurrence rule of a common choice (not ``CUSTOM``); the caller has checked weekday and week."""
    if repeat == WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={weekday}"
    if repeat == FORTNIGHTLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    if repeat == MONTHLY_WEEKDAY:
        return f"FREQ=MONTHLY;BYDAY={week}{weekday}"
    return _FIXED.get(repeat, "")


def choice_for(rule: str) -> tuple[str, str, str]:
    """(choice, weekday, week) that gives ``rule`` back, or ``CUSTOM`` for a rule no choice produces."""
    if not rule:
        return NONE, "", ""
    for repeat in (WEEKLY, FORTNIGHTLY, MONTHLY_WEEKDAY, MONTHLY, BIMONTHLY, QUARTERLY):
        for weekday, _label in WEEKDAY_CHOICES[1:] if repeat in NEEDS_WEEKDAY else [("", "")]:
            for week, _week_label in WEEK_CHOICES[1:] if repeat == MONTHLY_WEEKDAY else [("", "")]:
                if rule_for(repeat, weekday=weekday, week=week) == rule.removeprefix("RRULE:"):
                    return repeat, weekday, week
    return CUSTOM, "", ""
