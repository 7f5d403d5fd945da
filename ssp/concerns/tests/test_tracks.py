from __future__ import annotations

from datetime import date

import pytest

from ssp.concerns.models import Track
from ssp.concerns.tracks import propose_track

ON = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        (date(2012, 6, 1), Track.SSP),
        (date(2008, 6, 2), Track.SSP),  # 17, turns 18 tomorrow
        (date(2008, 6, 1), Track.SSP_PLUS),  # 18 today
        (date(2001, 6, 2), Track.SSP_PLUS),  # 24
        (date(2001, 6, 1), None),  # 25: PSP or KSP is chosen by hand
        (None, None),
    ],
)
def test_it_proposes_the_track_from_the_age(birth: date | None, expected: Track | None) -> None:
    assert propose_track(birth, on=ON) == expected
