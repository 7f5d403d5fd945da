"""Fixtures of the insight tests: the shipped survey, schools in Holstebro (661) and a wave written through the
import services from a real CSV file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.insight.catalogue import ensure_youth_profile_survey
from ssp.insight.models import ImportShape, Survey, SurveyWave
from ssp.insight.services import commit_wave_import, preview_wave_import
from ssp.structure.models import Municipality, Organisation

HOLSTEBRO = "661"


@pytest.fixture
def survey(db: None) -> Survey:
    return ensure_youth_profile_survey()


@pytest.fixture
def schools(make_organisation: Callable[..., Organisation]) -> list[Organisation]:
    return [make_organisation(name, municipality=HOLSTEBRO) for name in ("Sønderlandsskolen", "Nørrelandsskolen")]


@pytest.fixture
def consultant(make_user: Callable[..., User]) -> User:
    return make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)


def aggregate_csv(rows: list[tuple[str, int, str, str, int]]) -> bytes:
    lines = ["skole;klassetrin;spørgsmål;svar;antal", *(";".join(str(v) for v in row) for row in rows)]
    return "\n".join(lines).encode("utf-8")


@pytest.fixture
def import_wave(survey: Survey, consultant: User) -> Callable[..., SurveyWave]:
    """``import_wave(rows, year=2025)``: preview and commit an aggregate file for Holstebro."""

    def do(
        rows: list[tuple[str, int, str, str, int]], year: int = 2025, shares: bool = False, code: str = HOLSTEBRO
    ) -> SurveyWave:
        actor = consultant if code == HOLSTEBRO else User.objects.create_user(
            username=f"import.{code}.{year}", role=StaffRole.SSP_CONSULTANT, municipality=Municipality.objects.get(code=code)
        )  # fmt: skip
        preview = preview_wave_import(
            aggregate_csv(rows),
            survey=survey,
            municipality=Municipality.objects.get(code=code),
            year=year,
            shape=ImportShape.AGGREGATES,
            shares_figures=shares,
            file_name="ungeprofil.csv",
            actor=actor,
        )
        assert preview.errors == []
        return commit_wave_import(preview, actor=actor)

    return do


def pair_rows(
    school: str, grade: int, pupils: int, doing: int, believing: int, topic: str = "alkohol"
) -> list[tuple[str, int, str, str, int]]:
    """Rows of one school and grade: ``doing`` answered yes, ``believing`` think over half of the class do."""
    return [
        (school, grade, topic, "ja", doing),
        (school, grade, topic, "nej", pupils - doing),
        (school, grade, f"{topic}-andre", "over-halvdelen", believing),
        (school, grade, f"{topic}-andre", "faa", pupils - believing),
    ]
