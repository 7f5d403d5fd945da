"""Text helpers shared across capabilities."""

from __future__ import annotations

import re
import unicodedata

_DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def ascii_slug(text: str) -> str:
    """Lower-case ASCII slug the Danish way (æ→ae, ø→oe, å→aa), as in usernames and politi.dk paths."""
    text = text.translate(_DANISH_ASCII)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
