"""The privacy check that keeps citizen data out of general agenda texts, general minutes and agreements.

Before such a text is saved or published it is normalised once (``ssp.lib.text.normalise_for_matching``:
full-width forms, invisible format characters such as the soft hyphen and the zero-width space, and letters of
other scripts that look Latin) and searched for
1. CPR-like numbers: ``DDMMYY-SSSS`` or ``DDMMYYSSSS``, the serial also after a space, dash of any kind, slash or
   dot, whose first six digits are a real date; and
2. names of citizens registered in the municipality, compared word by word after folding case and diacritics
   (æ/ae/e, ø/oe/o, å/aa/a, é→e), so a name split across a line break or written with several spaces is still
   found:
   - the first name(s) directly followed by the last name(s), also in the genitive ("…sens");
   - the last name(s), a comma and the first name(s), as in a list ("Jensen, Anna");
   - the first name(s) and the last name's initial with a full stop ("Anna J.").
   A single word never matches: a citizen called "Sø" or "Mark" does not flag every "sø" or "mark".

The findings say which kind and on which line, and never repeat the number or the name: the explanation
itself must not become a copy of the personal data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.lib.text import normalise_for_matching
from ssp.privacy import door

# After the date, the serial may follow a hyphen, a dash of any kind (‐ ‑ ‒ – — −), a slash or a dot, with or
# without spaces around it, or spaces alone.
_SERIAL_SEPARATOR = r"(?:[ \t]*[-\u2010-\u2015\u2212/.][ \t]*|[ \t]*)"
CPR_PATTERN = re.compile(
    rf"(?<![\d\-\u2010-\u2015\u2212])([0-9]{{2}})([0-9]{{2}})([0-9]{{2}}){_SERIAL_SEPARATOR}([0-9]{{4}})"
    r"(?![\d\-\u2010-\u2015\u2212/]|\.\d)"
)
WORD_PATTERN = re.compile(r"\w+")
LIGATURES = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss", "ð": "d", "þ": "th", "ł": "l"})


@dataclass(frozen=True)
class Finding:
    kind: str  # "cpr" or "name"
    line: int
    field: str

    def explain(self) -> str:
        if self.kind == "cpr":
            what = _("et tal, der ligner et CPR-nummer")
        else:
            what = _("navnet på en borger, der er registreret i kommunen")
        return _("%(field)s, linje %(line)d: %(what)s.") % {"field": self.field, "line": self.line, "what": what}


def fold(text: str) -> str:
    """Lower case without diacritics, with the Danish letters spelt out: "Søren Ærø" → "soeren aeroe"."""
    lowered = text.lower().translate(LIGATURES)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def skeleton(word: str) -> str:
    """The folded word with Danish spellings merged, so "Ørum", "Oerum" and "Orum" compare equal."""
    return fold(word).replace("aa", "a").replace("oe", "o").replace("ae", "e")


def _plausible_date(day: int, month: int, year: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def find_cpr_numbers(text: str, *, field: str) -> list[Finding]:
    findings = []
    for match in CPR_PATTERN.finditer(text):
        day, month, year = (int(group) for group in match.groups()[:3])
        if _plausible_date(day, month, year):
            findings.append(Finding("cpr", _line_of(text, match.start()), field))
    return findings


@dataclass(frozen=True)
class _Word:
    folded: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    return [_Word(skeleton(match.group()), match.start(), match.end()) for match in WORD_PATTERN.finditer(text)]


# The ways a name is written in minutes, each a sequence of folded words and what must stand after one of them.
FULL, REVERSED, INITIAL = "full", "reversed", "initial"


@dataclass(frozen=True)
class _NameForm:
    words: tuple[str, ...]
    way: str  # FULL, REVERSED (a comma after the last name) or INITIAL (a full stop after the initial)
    split: int  # REVERSED: the number of last-name words before the comma


class NameIndex:
    """Registered citizens' names in the ways they are written, as folded words, indexed by their first word."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self.by_first: dict[str, set[_NameForm]] = {}
        for first_name, last_name in names:
            first = [skeleton(w) for w in WORD_PATTERN.findall(normalise_for_matching(first_name))]
            last = [skeleton(w) for w in WORD_PATTERN.findall(normalise_for_matching(last_name))]
            if not first or not last:
                continue
            for form in (
                _NameForm((*first, *last), FULL, 0),
                _NameForm((*last, *first), REVERSED, len(last)),
                _NameForm((*first, last[0][0]), INITIAL, 0),
            ):
                self.by_first.setdefault(form.words[0], set()).add(form)

    def find(self, text: str, *, field: str) -> list[Finding]:
        """Findings in ``text``, which :func:`check_texts` has normalised."""
        words = _words(text)
        findings = []
        for index, word in enumerate(words):
            if any(_written(form, text, words, index) for form in self.by_first.get(word.folded, ())):
                findings.append(Finding("name", _line_of(text, word.start), field))
        return findings


def _written(form: _NameForm, text: str, words: list[_Word], index: int) -> bool:
    found = words[index : index + len(form.words)]
    candidate = tuple(word.folded for word in found)
    if len(found) < len(form.words):
        return False
    if form.way == FULL:
        # The genitive ("Mikkel Sørensens mor") adds an s to the last word.
        return candidate == form.words or candidate == (*form.words[:-1], form.words[-1] + "s")
    if candidate != form.words:
        return False
    if form.way == REVERSED:
        between = text[found[form.split - 1].end : found[form.split].start]
        return between.strip() == ","
    initial = found[-1]
    return initial.end - initial.start == 1 and text[initial.end : initial.end + 1] == "."


def check_texts(texts: Iterable[tuple[str, str]], *, names: NameIndex) -> list[Finding]:
    """Findings in ``(field label, text)`` pairs, in the order they occur."""
    findings: list[Finding] = []
    for field, raw in texts:
        if raw:
            text = normalise_for_matching(raw)
            found = find_cpr_numbers(text, field=field) + names.find(text, field=field)
            findings.extend(sorted(found, key=lambda finding: finding.line))
    return findings


def ensure_no_personal_data(
    texts: Iterable[tuple[str, str]],
    *,
    municipality_ids: Iterable[int],
    actor: User | None,
    field_names: Mapping[str, str] | None = None,
) -> None:
    """Raise ``ValidationError`` explaining every finding; the text must then be rewritten without them.

    ``field_names`` maps a text's label to the form field it came from, so a form shows each finding beside its
    field; without it (or for a label it lacks) the findings are one error about the whole.
    The registered names come through the privacy door (an audited bulk check that names nobody).
    """
    findings = check_texts(texts, names=NameIndex(door.citizen_names_for_check(actor, municipality_ids)))
    if not findings:
        return
    intro = _(
        "Teksten ser ud til at indeholde personoplysninger og kan ikke gemmes som generel tekst. "
        "Fjern dem, eller drøft borgeren under et personfølsomt punkt."
    )
    by_field: dict[str, list[str]] = {}
    for finding in findings:
        name = (field_names or {}).get(finding.field, NON_FIELD_ERRORS)
        by_field.setdefault(name, [intro]).append(finding.explain())
    if list(by_field) == [NON_FIELD_ERRORS]:
        raise ValidationError(by_field[NON_FIELD_ERRORS], code="personal_data")
    raise ValidationError(
        {
            name: [ValidationError(message, code="personal_data") for message in messages]
            for name, messages in by_field.items()
        }
    )
