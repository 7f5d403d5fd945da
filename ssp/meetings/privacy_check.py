"""The privacy check that keeps citizen data out of general agenda texts, general minutes and agreements.

Before such a text is saved or published it is searched for
1. CPR-like numbers: ``DDMMYY-SSSS`` or ``DDMMYYSSSS`` (also with a space) whose first six digits are a real
   date; and
2. names of citizens registered in the municipality: the first name(s) directly followed by the last name(s),
   compared word by word after folding case and diacritics (æ/ae/e, ø/oe/o, å/aa/a, é→e), so a name split
   across a line break or written with several spaces is still found, also in the genitive ("…sens"). A single word never matches: a citizen called
   "Sø" or "Mark" does not flag every "sø" or "mark".

The findings say which kind and on which line, and never repeat the number or the name: the explanation
itself must not become a copy of the personal data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ssp.accounts.models import User
from ssp.privacy import door

CPR_PATTERN = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?![\d-])")
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


class NameIndex:
    """Registered citizens' full names as tuples of folded words, indexed by their first word."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self.by_first: dict[str, set[tuple[str, ...]]] = {}
        for first_name, last_name in names:
            first_words = [skeleton(word) for word in WORD_PATTERN.findall(first_name)]
            last_words = [skeleton(word) for word in WORD_PATTERN.findall(last_name)]
            if not first_words or not last_words:
                continue
            self.by_first.setdefault(first_words[0], set()).add(tuple(first_words + last_words))

    def find(self, text: str, *, field: str) -> list[Finding]:
        words = [(skeleton(match.group()), match.start()) for match in WORD_PATTERN.finditer(text)]
        findings = []
        for index, (word, offset) in enumerate(words):
            for name in self.by_first.get(word, ()):
                candidate = tuple(folded for folded, _offset in words[index : index + len(name)])
                # The genitive ("Mikkel Sørensens mor") adds an s to the last word.
                if candidate == name or candidate == (*name[:-1], name[-1] + "s"):
                    findings.append(Finding("name", _line_of(text, offset), field))
                    break
        return findings


def check_texts(texts: Iterable[tuple[str, str]], *, names: NameIndex) -> list[Finding]:
    """Findings in ``(field label, text)`` pairs, in the order they occur."""
    findings: list[Finding] = []
    for field, text in texts:
        if text:
            found = find_cpr_numbers(text, field=field) + names.find(text, field=field)
            findings.extend(sorted(found, key=lambda finding: finding.line))
    return findings


def ensure_no_personal_data(
    texts: Iterable[tuple[str, str]], *, municipality_ids: Iterable[int], actor: User | None
) -> None:
    """Raise ``ValidationError`` explaining every finding; the text must then be rewritten without them.

    The registered names come through the privacy door (an audited bulk check that names nobody).
    """
    findings = check_texts(texts, names=NameIndex(door.citizen_names_for_check(actor, municipality_ids)))
    if findings:
        intro = _(
            "Teksten ser ud til at indeholde personoplysninger og kan ikke gemmes som generel tekst. "
            "Fjern dem, eller drøft borgeren under et personfølsomt punkt."
        )
        raise ValidationError([intro, *(finding.explain() for finding in findings)], code="personal_data")
