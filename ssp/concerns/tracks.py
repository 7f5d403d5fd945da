"""Which track a new concern starts on, proposed from the citizen's age (the user may change it)."""

from __future__ import annotations

from datetime import date

from ssp.concerns.models import Track

# SSP's primary target group is children "frem til det 18. år" (seed 004); SSP+ takes the young adults after.
SSP_UNTIL_AGE = 18
# SSP+ covers young adults up to and including 24; PSP and KSP are chosen by hand, never proposed.
SSP_PLUS_UNTIL_AGE = 25


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def propose_track(birth_date: date | None, *, on: date) -> Track | None:
    """SSP under 18, SSP+ from 18 to 24, no proposal when the age is unknown or 25 and over."""
    if birth_date is None:
        return None
    age = age_on(birth_date, on)
    if age < SSP_UNTIL_AGE:
        return Track.SSP
    if age < SSP_PLUS_UNTIL_AGE:
        return Track.SSP_PLUS
    return None
