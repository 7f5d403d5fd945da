"""Find personal data in log output: CPR numbers (a valid birth date in the first six digits) and the surnames of
the demo and test citizens. Used on the logs of a whole test run, and by operators on a log export."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

from ssp.concerns.fictional import FICTIONAL_SURNAMES

# Ten digits, optionally DDMMYY-SSSS, not part of a longer number or word (hex ids and timestamps).
_CPR_SHAPE = re.compile(r"(?<![\w-])(\d{6})-?(\d{4})(?![\w-])")
_SURNAMES = re.compile(r"\b(" + "|".join(map(re.escape, FICTIONAL_SURNAMES)) + r")\b")


@dataclass(frozen=True)
class Finding:
    line_number: int
    kind: str  # "cpr" or "citizen_name"


def _looks_like_cpr(digits: str) -> bool:
    try:
        stdnum_cpr.get_birth_date(digits)
    except StdnumError:
        return False
    return True


def scan_lines(lines: Iterable[str]) -> list[Finding]:
    """Every line holding a CPR-shaped number with a real birth date or a demo citizen's surname.

    A finding reports the line number and the kind only, so the report itself does not repeat the data.
    """
    findings = []
    for number, line in enumerate(lines, start=1):
        if any(_looks_like_cpr(a + b) for a, b in _CPR_SHAPE.findall(line)):
            findings.append(Finding(number, "cpr"))
        if _SURNAMES.search(line):
            findings.append(Finding(number, "citizen_name"))
    return findings
