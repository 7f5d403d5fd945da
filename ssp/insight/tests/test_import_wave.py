"""Importing a survey wave: two shapes, a stored preview with row and column errors, an atomic commit, and a
response-level file that carries a name or CPR number is refused whole."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ssp.accounts.models import StaffRole, User
from ssp.insight.models import AnswerCount, ImportShape, ImportState, Survey, SurveyImport, SurveyResponse, SurveyWave
from ssp.insight.services import commit_wave_import, preview_wave_import
from ssp.insight.tests.conftest import HOLSTEBRO, aggregate_csv
from ssp.structure.models import Municipality, Organisation


def preview(data: bytes, survey: Survey, actor: User, shape: str = ImportShape.RESPONSES, **extra: Any) -> SurveyImport:
    return preview_wave_import(
        data,
        survey=survey,
        municipality=Municipality.objects.get(code=HOLSTEBRO),
        year=extra.pop("year", 2025),
        shape=shape,
        shares_figures=False,
        file_name="fil.csv",
        actor=actor,
    )


RESPONSES = "skole;klassetrin;klasse;alkohol;alkohol-andre\nSønderlandsskolen;7;A;ja;over-halvdelen\nSønderlandsskolen;7;B;nej;faa\n"


def test_a_response_file_with_a_cpr_column_is_refused_and_nothing_is_stored(
    survey: Survey, schools: list[Organisation], consultant: User
) -> None:
    data = ("cpr;" + RESPONSES.replace("\nS", "\n010203-1234;S")).encode()
    with pytest.raises(ValidationError, match="ligner personoplysninger"):
        preview(data, survey, consultant)
    assert SurveyImport.objects.count() == 0


def test_a_response_file_with_a_name_column_is_refused(
    survey: Survey, schools: list[Organisation], consultant: User
) -> None:
    data = ("Elevnavn;" + RESPONSES.replace("\nS", "\nAnna;S")).encode()
    with pytest.raises(ValidationError, match="«Elevnavn»"):
        preview(data, survey, consultant)


def test_a_cpr_number_hidden_in_the_class_column_is_refused(
    survey: Survey, schools: list[Organisation], consultant: User
) -> None:
    data = RESPONSES.replace(";7;A;", ";7;0102031234;").encode()
    with pytest.raises(ValidationError, match="række 2, kolonne «klasse» ligner et CPR-nummer"):
        preview(data, survey, consultant)


def test_an_unknown_column_is_refused_because_it_could_identify_a_pupil(
    survey: Survey, schools: list[Organisation], consultant: User
) -> None:
    data = ("elev-id;" + RESPONSES.replace("\nS", "\n17;S")).encode()
    with pytest.raises(ValidationError, match="«elev-id» er hverken"):
        preview(data, survey, consultant)


def test_responses_are_counted_per_school_grade_and_class_at_commit(
    survey: Survey, schools: list[Organisation], consultant: User
) -> None:
    stored = preview(RESPONSES.encode(), survey, consultant)
    assert stored.errors == [] and len(stored.rows) == 2
    wave = commit_wave_import(stored, actor=consultant)
    assert SurveyResponse.objects.filter(wave=wave).count() == 2
    counts = {
        (c.school_class, c.option.code): c.count for c in AnswerCount.objects.filter(wave=wave).select_related("option")
    }
    assert counts == {("A", "ja"): 1, ("A", "over-halvdelen"): 1, ("B", "nej"): 1, ("B", "faa"): 1}


def test_row_errors_name_row_and_column_and_the_commit_writes_nothing(
    survey: Survey, schools: list[Organisation], consultant: User
) -> None:
    data = aggregate_csv(
        [
            ("Sønderlandsskolen", 7, "alkohol", "ja", 12),
            ("Ukendt skole", 7, "alkohol", "ja", 3),
            ("Sønderlandsskolen", 7, "alkohol", "måske", -1),
        ]
    )
    stored = preview(data, survey, consultant, shape=ImportShape.AGGREGATES)
    assert {(e["row"], e["column"]) for e in stored.errors} == {(3, "skole"), (4, "svar"), (4, "antal")}
    with pytest.raises(ValidationError, match="Ret fejlene"):
        commit_wave_import(stored, actor=consultant)
    assert SurveyWave.objects.count() == 0
    assert AnswerCount.objects.count() == 0


def test_a_second_commit_of_the_same_preview_is_refused(
    survey: Survey, schools: list[Organisation], consultant: User
) -> None:
    stored = preview(RESPONSES.encode(), survey, consultant)
    commit_wave_import(stored, actor=consultant)
    with pytest.raises(ValidationError, match="allerede gemt"):
        commit_wave_import(stored, actor=consultant)
    assert SurveyWave.objects.count() == 1
    assert SurveyImport.objects.get().state == ImportState.COMMITTED


@pytest.mark.parametrize(("role", "code"), [(StaffRole.SSP_TEACHER, HOLSTEBRO), (StaffRole.SSP_CONSULTANT, "376")])
def test_only_the_municipalitys_consultants_and_administrators_may_import(
    survey: Survey, schools: list[Organisation], make_user: Callable[..., User], role: str, code: str
) -> None:
    with pytest.raises(PermissionDenied):
        preview(RESPONSES.encode(), survey, make_user(role, municipality=code))


def test_another_user_cannot_commit_a_preview(
    survey: Survey, schools: list[Organisation], consultant: User, make_user: Callable[..., User]
) -> None:
    stored = preview(RESPONSES.encode(), survey, consultant)
    with pytest.raises(PermissionDenied):
        commit_wave_import(stored, actor=make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO))
