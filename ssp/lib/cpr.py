"""Danish CPR numbers: parsing, validation, derived facts and masking.

The modulus-11 check is only a hint: CPR numbers issued since 1 October 2007 need not satisfy it, so a failed
check becomes a soft warning (a possible typo) and never a rejection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError

# [0-9], not \d: \d also matches full-width, Arabic-Indic and other Unicode digits, which would let one
# number be registered once per script (the lookup hash is taken over the characters as typed).
_SHAPE = re.compile(r"^([0-9]{6})-?([0-9]{4})$")

FEMALE = "female"
MALE = "male"


@dataclass(frozen=True)
class ParsedCpr:
    """A CPR number that passed validation, with what the number itself says."""

    number: str  # normalised DDMMYYSSSS
    birth_date: date
    gender: str  # FEMALE or MALE: the legal gender digit (last digit even = female)
    checksum_ok: bool

    @property
    def warnings(self) -> tuple[str, ...]:
        """Soft warnings for the user; never a reason to reject the number."""
        if self.checksum_ok:
            return ()
        return (
            str(
                _(
                    "CPR-nummeret består ikke modulus 11-kontrollen. Det kan være korrekt (numre udstedt efter "
                    "1. oktober 2007 behøver ikke at bestå), men tjek for tastefejl."
                )
            ),
        )


def normalise(raw: str) -> str:
    """Return the ten ASCII digits of ``raw`` or raise ``ValidationError`` for a wrong length or characters.

    Digits of other scripts (full-width ０, Arabic-Indic ٠, …) are refused with their own message rather than
    converted: a CPR number is typed from a card or a letter in ASCII digits, and refusing keeps one spelling of
    every number in the database, in the duplicate check and in search.
    """
    text = (raw or "").strip()
    if not text.isascii() and any(char.isdigit() and not char.isascii() for char in text):
        raise ValidationError(
            _("Skriv CPR-nummeret med almindelige cifre (0-9); tallet indeholder cifre fra et andet tegnsæt."),
            code="cpr_digits",
        )
    match = _SHAPE.match(text)
    if not match:
        raise ValidationError(
            _("Et CPR-nummer skal have formen DDMMÅÅSSSS eller DDMMÅÅ-SSSS (10 cifre)."), code="cpr_format"
        )
    return match.group(1) + match.group(2)


def parse(raw: str, *, today: date | None = None) -> ParsedCpr:
    """Validate ``raw`` and derive birth date (century from the 7th digit) and gender.

    Raises ``ValidationError`` for a wrong shape, an impossible date or a birth date in the future.
    """
    number = normalise(raw)
    try:
        birth = stdnum_cpr.get_birth_date(number)
    except (InvalidComponent, ValueError, StdnumError):
        raise ValidationError(
            _("CPR-nummeret indeholder en dato, der ikke findes (DDMMÅÅ)."), code="cpr_date"
        ) from None
    if birth > (today or timezone.localdate()):
        raise ValidationError(_("CPR-nummerets fødselsdato ligger i fremtiden."), code="cpr_future")
    # stdnum's validate() no longer checks the modulus-11 digit (numbers since 2007 may fail it), so we ask
    # its checksum() directly and only warn.
    checksum_ok = stdnum_cpr.checksum(number) == 0
    gender = FEMALE if int(number[-1]) % 2 == 0 else MALE
    return ParsedCpr(number=number, birth_date=birth, gender=gender, checksum_ok=checksum_ok)


def birth_date(raw: str) -> date:
    """The birth date with century (from the 7th digit) of a valid number."""
    return parse(raw).birth_date


def gender(raw: str) -> str:
    """``female`` (last digit even) or ``male`` (odd): the legal gender digit of a valid number."""
    return parse(raw).gender


def mask(cpr: str) -> str:
    """Show only the date part: ``DDMMYY-xxxx`` (empty for an empty number)."""
    if not cpr:
        return ""
    digits = normalise(cpr)
    return f"{digits[:6]}-xxxx"
