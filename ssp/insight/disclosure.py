"""Disclosure control lives in ``ssp.lib.disclosure``, below every capability, so case work, intake and privacy
figures use the same rule as insight; this name stays for insight's own imports."""

from ssp.lib.disclosure import (
    DEFAULT_MIN_COUNT,
    TOTAL,
    Constraint,
    Interval,
    Key,
    LinkedTable,
    Mark,
    PublishedRow,
    PublishedTable,
    Suppressed,
    attacker_interval,
    hypercube,
    publish_counts,
    publish_two_way,
    suppress,
)

__all__ = [
    "DEFAULT_MIN_COUNT",
    "TOTAL",
    "Constraint",
    "Interval",
    "Key",
    "LinkedTable",
    "Mark",
    "PublishedRow",
    "PublishedTable",
    "Suppressed",
    "attacker_interval",
    "hypercube",
    "publish_counts",
    "publish_two_way",
    "suppress",
]
