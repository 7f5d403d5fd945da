"""One word for one thing in the Danish UI: every template and every Danish source string of the catalogues.

Optional fields say "(valgfrit)", the verb is spelled "markér", and the recurrence of a forum speaks of its rhythm
rather than of RFC 5545's RRULE (an own rule stays possible as "Egen regel (avanceret)").
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from ssp.structure.models import Forum
from ssp.structure.text import cadence_in_words

SSP = Path(settings.BASE_DIR) / "ssp"
TEMPLATES = sorted(p for p in SSP.rglob("templates/**/*.html") if "vendor" not in p.parts)
CATALOGUES = sorted([SSP / "locale", *SSP.glob("*/locale")])
# The variant that is not the chosen word, and what to write instead.
VARIANTS = {
    re.compile(
        r"\b(valgfri|valgfrie|frivilligt felt|ikke påkrævet|ikke obligatorisk|kan udelades)\b", re.I
    ): "valgfrit",
    re.compile(r"\b[Mm]ark[eè]r\b(?!-)"): "markér",
    re.compile(r"RRULE"): "Gentagelse / Egen regel (avanceret)",
}
# Model field labels are migration state of apps this check cannot migrate; they are listed here until they can be.
KNOWN_MODEL_LABELS = {"gentagelsesregel (RRULE)"}


def _danish_sources() -> list[tuple[str, str]]:
    found = []
    for locale in CATALOGUES:
        po = locale / "en" / "LC_MESSAGES" / "django.po"
        for entry in polib.pofile(str(po)):
            if not entry.obsolete and entry.msgid not in KNOWN_MODEL_LABELS:
                found.append((str(po.relative_to(SSP)), entry.msgid))
    return found


def _offences(texts: list[tuple[str, str]]) -> list[str]:
    return [
        f"{where}: »{match[0]}« in {text[:80]!r} (write {word})"
        for where, text in texts
        for pattern, word in VARIANTS.items()
        for match in pattern.finditer(text)
    ]


def test_templates_use_one_word_for_each_thing() -> None:
    texts = [(str(path.relative_to(SSP)), line) for path in TEMPLATES for line in path.read_text().splitlines()]
    assert _offences(texts) == []


def test_the_catalogues_use_one_word_for_each_thing() -> None:
    assert _offences(_danish_sources()) == []


def test_a_forums_own_cadence_note_is_said_once_not_after_the_same_count() -> None:
    forum = Forum(
        meetings_per_year_min=3, meetings_per_year_max=3, anchor_months=[9], cadence_note="Ca. 3 årlige møder."
    )
    assert cadence_in_words(forum) == "Ca. 3 årlige møder."
    forum.cadence_note = ""
    assert cadence_in_words(forum) == "3 møder om året, i september"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", "hver uge om tirsdagen"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "hver 2. uge om mandagen"),
        ("FREQ=MONTHLY;BYDAY=1TH", "første torsdag i måneden"),
        ("FREQ=MONTHLY;INTERVAL=3", "hver 3. måned"),
    ],
)
def test_a_recurrence_rule_reads_as_words(rule: str, words: str) -> None:
    assert cadence_in_words(Forum(recurrence_rule=rule)) == words
