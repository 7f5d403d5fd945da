"""Primary small-cell suppression of the case-work figures: counts under 5 are shown as "<5".

One place on purpose: when ``ssp.insight.disclosure`` (primary and complementary suppression of aggregate tables)
is on main, the figures and the Kredsråd report call it instead and this module goes. Until then only primary
suppression is applied; complementary suppression (a hidden cell recomputed from a row total) is not, so the
tables here show no totals that would reveal a suppressed cell.
"""

from __future__ import annotations

THRESHOLD = 5
SUPPRESSED = "<5"


def shown(count: int) -> str:
    """The count as printed: "0" stays 0 (nothing to protect), 1-4 become "<5"."""
    return SUPPRESSED if 0 < count < THRESHOLD else str(count)
