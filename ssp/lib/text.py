"""Text helpers shared across capabilities."""

from __future__ import annotations

import functools
import re
import unicodedata

from confusable_homoglyphs import confusables

_DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def ascii_slug(text: str) -> str:
    """Lower-case ASCII slug the Danish way (æ→ae, ø→oe, å→aa), as in usernames and politi.dk paths."""
    text = text.translate(_DANISH_ASCII)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def normalise_for_matching(text: str) -> str:
    """``text`` as a reader sees it, for matching personal data that was disguised (on purpose or by a paste).

    1. NFKC: full-width and mathematical letters and digits become their plain forms (``Ａ`` → ``A``, ``１`` → ``1``).
    2. Format characters (Unicode category Cf: soft hyphen, zero-width space and joiners, word joiner, byte-order
       mark) are removed: they are invisible on the page but split a word or a number for a regular expression.
    3. Letters of other scripts that look like a Latin letter (Cyrillic ``а``, Greek ``Ο``) become that letter,
       from Unicode's confusables table (UTS #39) as the ``confusable-homoglyphs`` package ships it.

    Line breaks are kept, so line numbers found in the result are those of the original text.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return text.translate(_latin_lookalikes())


@functools.cache
def _latin_lookalikes() -> dict[int, str]:
    """Every non-Latin letter that Unicode lists as confusable with one Latin letter, mapped to that letter.

    Built once from the package's table (about 9,600 entries; a few hundred letters qualify).
    """
    table: dict[int, str] = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or not char.isalpha() or unicodedata.name(char, "").startswith("LATIN"):
            continue
        latin = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["n"].startswith("LATIN ")]
        if latin:
            table[ord(char)] = latin[0]
    return table
