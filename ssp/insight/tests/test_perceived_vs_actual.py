"""Social exaggeration: the share who do it against the share who believe most of the class do, per school and
grade, computed against a hand-worked case."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ssp.insight.models import Question, Survey, SurveyWave
from ssp.insight.selectors import perceived_vs_actual, trend
from ssp.insight.tests.conftest import pair_rows
from ssp.structure.models import Organisation


def test_shares_and_gap_match_the_hand_computed_case(
    import_wave: Callable[..., SurveyWave], survey: Survey, schools: list[Organisation]
) -> None:
    # Sønderland 7th: 30 pupils, 6 have been drunk (20 %), 18 believe over half have (60 %): gap +40.
    # Nørreland 7th: 20 pupils, 10 have (50 %), 12 believe most have (60 %): gap +10.
    # Holstebro 7th: 16 of 50 (32 %) against 30 of 50 (60 %): gap +28.
    wave = import_wave(pair_rows("Sønderlandsskolen", 7, 30, 6, 18) + pair_rows("Nørrelandsskolen", 7, 20, 10, 12))
    rows = perceived_vs_actual(wave, Question.objects.get(survey=survey, code="alkohol"))
    by_name = {row.school: row for row in rows}
    soenderland = by_name["Sønderlandsskolen"]
    assert (soenderland.actual.label, soenderland.perceived.label, soenderland.gap) == ("20 %", "60 %", "+ 40 %-point")
    assert soenderland.actual.respondents == "30"
    assert by_name["Nørrelandsskolen"].gap_points == pytest.approx(10)
    municipality = by_name["Holstebro"]
    assert (municipality.actual.label, municipality.perceived.label) == ("32 %", "60 %")
    assert municipality.gap_points == pytest.approx(28)


def test_a_small_school_shows_no_share_that_reveals_fewer_than_five(
    import_wave: Callable[..., SurveyWave], survey: Survey, schools: list[Organisation]
) -> None:
    wave = import_wave(pair_rows("Sønderlandsskolen", 7, 30, 3, 18) + pair_rows("Nørrelandsskolen", 7, 25, 10, 12))
    rows = {row.school: row for row in perceived_vs_actual(wave, Question.objects.get(survey=survey, code="alkohol"))}
    assert rows["Sønderlandsskolen"].actual.percent is None
    assert rows["Sønderlandsskolen"].actual.label == "<5"
    assert rows["Sønderlandsskolen"].gap == "–"
    # The municipality's share would give Sønderland's 3 away by subtraction, so it is hidden too.
    assert rows["Nørrelandsskolen"].actual.percent is None or rows["Holstebro"].actual.percent is None


def test_trend_gives_each_wave_its_share_oldest_first(
    import_wave: Callable[..., SurveyWave], survey: Survey, schools: list[Organisation]
) -> None:
    waves = [
        import_wave(
            pair_rows("Sønderlandsskolen", 8, 40, doing, 20) + pair_rows("Nørrelandsskolen", 8, 40, 20, 20), year=year
        )
        for year, doing in ((2021, 10), (2023, 20), (2025, 30))
    ]
    points = trend(waves, Question.objects.get(survey=survey, code="alkohol"))
    assert [(p.year, p.share.label, p.share.respondents) for p in points] == [
        (2021, "38 %", "80"),
        (2023, "50 %", "80"),
        (2025, "62 %", "80"),
    ]
