"""Demo data of insight: three waves (2021, 2023, 2025) of Ungeprofilundersøgelsen for Holstebro and Guldborgsund.

Figures are invented with a fixed seed, shaped like the seeds describe: risk behaviour grows from 7th to 9th grade
and pupils believe far more of their classmates do it than do (the Ringsted pattern). Holstebro's 2025 wave is a
response-level file with classes, so its 7th-grade page splits by class where the numbers allow; the rest are
aggregate files. Both municipalities share their figures. Waves go through the import services like a real file.
Safe to run again: a municipality's existing wave for a year is left alone.
"""

from __future__ import annotations

import csv
import io
import random
from typing import IO

from ssp.accounts.models import StaffRole, User
from ssp.insight.catalogue import PAIRS, SINGLE, ensure_youth_profile_survey
from ssp.insight.models import ImportShape, Survey, SurveyWave
from ssp.insight.services import commit_wave_import, preview_wave_import
from ssp.structure import services as structure
from ssp.structure.models import Municipality, Organisation, OrganisationKind

HOLSTEBRO, GULDBORGSUND = "661", "376"
SCHOOLS = {
    HOLSTEBRO: ("Sønderlandsskolen", "Nørrelandsskolen", "Måbjergskolen", "Tvis Skole"),
    GULDBORGSUND: ("Østre Skole", "Nordbyskolen", "Sundby Skole"),
}
YEARS = (2021, 2023, 2025)
# Share doing it in grade 7, 8, 9 and the share believing most of the class do, per topic.
BEHAVIOUR = {
    "alkohol": (0.12, 0.35, 0.6),
    "rygning": (0.03, 0.08, 0.15),
    "hash": (0.01, 0.04, 0.09),
    "tyveri": (0.05, 0.08, 0.1),
}
BELIEF = {
    "alkohol": (0.45, 0.7, 0.85),
    "rygning": (0.25, 0.4, 0.5),
    "hash": (0.15, 0.3, 0.4),
    "tyveri": (0.2, 0.3, 0.35),
}


def load(*, password: str, stdout: IO[str]) -> None:
    survey = ensure_youth_profile_survey()
    for code in (HOLSTEBRO, GULDBORGSUND):
        municipality = Municipality.objects.get(code=code)
        actor = User.objects.filter(municipality=municipality, role=StaffRole.SSP_CONSULTANT).order_by("pk").first()
        if actor is None:
            stdout.write(f"  indsigt: ingen SSP-konsulent i {municipality.name}; springer over.\n")
            continue
        schools = _schools(municipality, actor)
        for year in YEARS:
            if SurveyWave.objects.filter(survey=survey, municipality=municipality, year=year).exists():
                continue
            rng = random.Random(f"{code}-{year}")
            responses = code == HOLSTEBRO and year == YEARS[-1]
            data = _responses_csv(rng, schools, year) if responses else _aggregates_csv(rng, schools, year)
            _import(
                survey, municipality, year, data, ImportShape.RESPONSES if responses else ImportShape.AGGREGATES, actor
            )
        stdout.write(f"Ungeprofilundersøgelsen {municipality.name}: {len(YEARS)} runder\n")


def _schools(municipality: Municipality, actor: User) -> list[str]:
    names = SCHOOLS[municipality.code]
    existing = set(
        Organisation.objects.filter(
            municipality=municipality, kind=OrganisationKind.SCHOOL, name__in=names
        ).values_list("name", flat=True)
    )
    for name in names:
        if name not in existing:
            structure.save_organisation(
                Organisation(name=name, kind=OrganisationKind.SCHOOL, municipality=municipality), actor=actor
            )
    return list(names)


def _pupils(rng: random.Random, year: int, grade: int) -> list[dict[str, str]]:
    """One class of invented pupils: each answers every question."""
    drift = (year - YEARS[0]) * -0.01  # a little less risk behaviour each wave, as the trend tiles should show
    pupils = []
    for _pupil in range(rng.randint(19, 26)):
        answers = {}
        for code, *_rest in PAIRS:
            does = rng.random() < max(0.0, BEHAVIOUR[code][grade - 7] + drift)
            answers[code] = "ja" if does else "nej"
            believes = rng.random() < BELIEF[code][grade - 7]
            answers[f"{code}-andre"] = rng.choice(
                ["over-halvdelen", "naesten-alle"] if believes else ["ingen", "faa", "under-halvdelen"]
            )
        for code, *_rest in SINGLE:
            answers[code] = "ja" if rng.random() < 0.8 else "nej"
        pupils.append(answers)
    return pupils


def _codes() -> list[str]:
    return [code for pair in PAIRS for code in (pair[0], f"{pair[0]}-andre")] + [single[0] for single in SINGLE]


def _responses_csv(rng: random.Random, schools: list[str], year: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["skole", "klassetrin", "klasse", *_codes()])
    for school in schools:
        for grade in (7, 8, 9):
            for letter in "AB":
                for pupil in _pupils(rng, year, grade):
                    writer.writerow([school, grade, letter, *(pupil[code] for code in _codes())])
    return out.getvalue().encode("utf-8")


def _aggregates_csv(rng: random.Random, schools: list[str], year: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["skole", "klassetrin", "spørgsmål", "svar", "antal"])
    for school in schools:
        for grade in (7, 8, 9):
            counts: dict[tuple[str, str], int] = {}
            for _class in range(2):
                for pupil in _pupils(rng, year, grade):
                    for code, answer in pupil.items():
                        counts[(code, answer)] = counts.get((code, answer), 0) + 1
            for (code, answer), count in sorted(counts.items()):
                writer.writerow([school, grade, code, answer, count])
    return out.getvalue().encode("utf-8")


def _import(survey: Survey, municipality: Municipality, year: int, data: bytes, shape: str, actor: User) -> None:
    stored = preview_wave_import(
        data,
        survey=survey,
        municipality=municipality,
        year=year,
        shape=shape,
        shares_figures=True,
        file_name=f"ungeprofil-{municipality.slug}-{year}.csv",
        actor=actor,
    )
    commit_wave_import(stored, actor=actor)
