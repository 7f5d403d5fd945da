"""Timeline lines are written once, in Danish, and shown in the reader's language.

A line of a concern's timeline is part of the case's record, so it is stored as written and never rewritten; it is
written in Danish whatever language the writer's session had. Each capability declares the texts it writes with
``TimelineText("… %(kind)s …")`` (the Danish gettext source) and writes a line with ``text.line(kind=…)``. Shown,
``shown(summary)`` matches the stored line back to its text and values and renders the text in the active
language; a value that is itself a text of the catalogue (a track, a status, a decision) is translated too, while
names, dates and typed text stay as written. A line no declared text matches (written before its text was
declared, or typed) is shown as stored.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
_DECLARED: dict[str, re.Pattern[str]] = {}
# A line made of several texts (the triage decision: decision; first action; who was present).
PART_SEPARATOR = "; "


def _pattern(msgid: str) -> re.Pattern[str]:
    parts, end = [], 0
    for match in _PLACEHOLDER.finditer(msgid):
        parts.append(re.escape(msgid[end : match.start()]))
        parts.append(rf"(?P<{match[1]}>\d+)" if match[2] == "d" else rf"(?P<{match[1]}>.+?)")
        end = match.end()
    parts.append(re.escape(msgid[end:]))
    return re.compile("".join(parts), re.DOTALL)


class TimelineText:
    """One text a capability writes on timelines; declaring it is what lets ``shown`` translate its lines."""

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid
        _DECLARED[msgid] = _pattern(msgid)

    def line(self, **values: Any) -> str:
        """The stored line: the text and its values in Danish (pass choice labels lazily, e.g. ``Track.X.label``)."""
        with translation.override("da"):
            rendered = {name: value if isinstance(value, int) else str(value) for name, value in values.items()}
            return gettext(self.msgid) % rendered if rendered else gettext(self.msgid)


def in_danish(text: Any) -> str:
    """A text (a choice label) as stored: in Danish whatever the session's language."""
    with translation.override("da"):
        return str(text)


def _value(text: str) -> str:
    return gettext(text) if text else text


def _matched(stored: str) -> str | None:
    # The longest texts first: "Spor ændret til %(track)s" before a shorter text that would also match.
    for msgid, pattern in sorted(_DECLARED.items(), key=lambda item: -len(_PLACEHOLDER.sub("", item[0]))):
        match = pattern.fullmatch(stored)
        if match is None:
            continue
        values: dict[str, Any] = {
            name: int(value) if f"%({name})d" in msgid else _value(value) for name, value in match.groupdict().items()
        }
        return gettext(msgid) % values if values else gettext(msgid)
    return None


def shown(summary: str) -> str:
    """A stored timeline line in the active language; a bare catalogue text (a label) is translated as it is."""
    whole = _matched(summary)
    if whole is not None:
        return whole
    parts = summary.split(PART_SEPARATOR)
    if len(parts) == 1:
        return _value(summary)
    return PART_SEPARATOR.join(_matched(part) or _value(part) for part in parts)
