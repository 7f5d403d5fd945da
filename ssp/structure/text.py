"""How structure fields read on a page: purpose from markdown, cadence in words."""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssp.structure import recurrence
from ssp.structure.models import Forum

MONTHS = [
    "",
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then cleaned by nh3 so a purpose can never carry script or styles.

    Cached by text (a pure function of it): the municipality page and the org charts render every forum's purpose
    on each request and a purpose rarely changes, while one conversion costs milliseconds (14 ms measured on the
    loaded build machine), twenty of them on a municipality page.
    """
    return mark_safe(nh3.clean(markdown.markdown(text)))  # noqa: S308 - nh3 has removed everything unsafe


def _rule_in_words(rule: str) -> str:
    parts = dict(p.split("=", 1) for p in rule.removeprefix("RRULE:").split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1") or 1)
    freq = parts.get("FREQ", "")
    units = {
        "DAILY": (_("hver dag"), _("hver %(n)d. dag")),
        "WEEKLY": (_("hver uge"), _("hver %(n)d. uge")),
        "MONTHLY": (_("hver måned"), _("hver %(n)d. måned")),
        "YEARLY": (_("hvert år"), _("hvert %(n)d. år")),
    }
    if freq not in units:
        return rule
    once, every = units[freq]
    words = once if interval == 1 else every % {"n": interval}
    days = ", ".join(_day_in_words(day) for day in parts.get("BYDAY", "").split(",") if day)
    if not days:
        return words
    if freq == "MONTHLY":
        return _("%(days)s i måneden") % {"days": days} if interval == 1 else f"{words}, {days}"
    return _("%(every)s om %(days)s") % {"every": words, "days": days}


def _day_in_words(day: str) -> str:
    """``TU`` is "tirsdagen", ``1TU`` "første tirsdag", ``-1FR`` "sidste fredag" (the form's own choices)."""
    weekdays, weeks = dict(recurrence.WEEKDAY_CHOICES), dict(recurrence.WEEK_CHOICES)
    week, weekday = day[:-2], day[-2:]
    if weekday not in weekdays:
        return day
    if week:
        return f"{weeks.get(week, week)} {weekdays[weekday]}"
    return _("%(weekday)sen") % {"weekday": weekdays[weekday]}


def cadence_in_words(forum: Forum) -> str:
    """E.g. "2-4 møder om året, i januar" or "hver 2. måned"; the forum's own note says it instead when there is one
    (the notes already say the count and months in the municipality's words, and repeating both read twice)."""
    if forum.cadence_note:
        return forum.cadence_note
    low, high = forum.meetings_per_year_min, forum.meetings_per_year_max
    parts: list[str] = []
    if forum.recurrence_rule:
        parts.append(_rule_in_words(forum.recurrence_rule))
    elif low is not None and high is not None and low != high:
        parts.append(_("%(low)d-%(high)d møder om året") % {"low": low, "high": high})
    elif low is not None or high is not None:
        count = low if low is not None else high
        assert count is not None
        parts.append(ngettext("%(n)d møde om året", "%(n)d møder om året", count) % {"n": count})
    if forum.anchor_months:
        names = [MONTHS[m] for m in forum.anchor_months if isinstance(m, int) and 1 <= m <= 12]
        parts.append(_("i %(months)s") % {"months": ", ".join(names)})
    return ", ".join(parts) if parts else _("Ikke fastlagt")
