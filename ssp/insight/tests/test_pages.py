"""The insight pages: who may read them (the rule in ssp.privacy.figures), what they show, and their queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole, User
from ssp.insight.models import SurveyImport, SurveyWave
from ssp.insight.selectors import store_patterns
from ssp.insight.tests.conftest import HOLSTEBRO, aggregate_csv, pair_rows
from ssp.structure.models import Municipality, Organisation, PoliceDistrict

GULDBORGSUND = "376"


@pytest.fixture
def wave(import_wave: Callable[..., SurveyWave], schools: list[Organisation]) -> SurveyWave:
    rows = []
    for grade in (7, 8, 9):
        rows += pair_rows("Sønderlandsskolen", grade, 30, 6 + grade, 18) + pair_rows(
            "Nørrelandsskolen", grade, 25, 10, 12
        )
    return import_wave(rows)


def urls(wave: SurveyWave) -> list[str]:
    school = Organisation.objects.get(name="Sønderlandsskolen")
    return [
        reverse("insight:municipality", args=["holstebro"]),
        reverse("insight:wave", args=[wave.pk]),
        reverse("insight:exaggeration", args=[wave.pk, "alkohol"]),
        reverse("insight:exaggeration_print", args=[wave.pk, "alkohol", school.pk, 7]),
    ]


def test_the_municipalitys_staff_read_every_page(wave: SurveyWave, make_user: Callable[..., User], login: Any) -> None:
    client = login(make_user(StaffRole.SSP_TEACHER, municipality=HOLSTEBRO))
    for url in urls(wave):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (StaffRole.SSP_CONSULTANT, GULDBORGSUND),
        (StaffRole.SYSTEM_ADMIN, None),
        (StaffRole.POLICE_PREVENTION_OFFICER, None),
    ],
)
def test_staff_of_another_municipality_and_the_district_are_refused(
    wave: SurveyWave, make_user: Callable[..., User], login: Any, role: str, code: str | None
) -> None:
    extra = {} if code else {"police_district": Municipality.objects.get(code=HOLSTEBRO).police_district}
    client = login(make_user(role, municipality=code, **extra))
    for url in urls(wave):
        assert client.get(url).status_code == 404, url


def test_anonymous_readers_are_sent_to_log_in(wave: SurveyWave, client: Any) -> None:
    for url in urls(wave):
        assert client.get(url).status_code == 302


def test_the_district_dashboard_is_for_the_districts_own_staff(make_user: Callable[..., User], login: Any) -> None:
    district = Municipality.objects.get(code=HOLSTEBRO).police_district
    url = reverse("insight:district", args=[district.slug])
    police = make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=district)
    assert login(police).get(url).status_code == 200
    other = PoliceDistrict.objects.exclude(pk=district.pk).first()
    assert other is not None
    outsider = make_user(StaffRole.POLICE_PREVENTION_OFFICER, municipality=None, police_district=other)
    assert login(outsider).get(url).status_code == 404
    assert login(make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO)).get(url).status_code == 404


def test_the_exaggeration_page_shows_shares_gap_and_no_small_count(
    wave: SurveyWave, consultant: User, login: Any
) -> None:
    html = login(consultant).get(reverse("insight:exaggeration", args=[wave.pk, "alkohol"])).content.decode()
    assert "+ 17 %-point" in html  # Sønderland 7th: 13 of 30 (43 %) do it, 18 of 30 (60 %) believe most do
    assert 'role="img"' in html and "<details" in html


def test_the_print_page_speaks_to_the_class_teacher(wave: SurveyWave, consultant: User, login: Any) -> None:
    school = Organisation.objects.get(name="Sønderlandsskolen")
    html = (
        login(consultant)
        .get(reverse("insight:exaggeration_print", args=[wave.pk, "alkohol", school.pk, 7]))
        .content.decode()
    )
    assert "43 % af eleverne svarer selv ja. Men 60 % tror, at over halvdelen af klassen gør det." in html


# session, user, OTP device; the wave and the question; the two cubes' stored patterns, their counts (one grouped
# query for both questions) and the schools' names.
EXAGGERATION_QUERIES = 8


def test_the_exaggeration_page_runs_a_fixed_number_of_queries(
    import_wave: Callable[..., SurveyWave],
    schools: list[Organisation],
    make_organisation: Callable[..., Organisation],
    consultant: User,
    login: Any,
    django_assert_num_queries: Any,
) -> None:
    third = make_organisation("Mejrupskolen", municipality=HOLSTEBRO)
    rows = []
    for grade in (7, 8, 9):
        for school in [*schools, third]:
            rows += pair_rows(school.name, grade, 30, 8 + grade, 18)
    wave = import_wave(rows)
    store_patterns(wave)  # what the import's task does after its commit
    client = login(consultant)
    url = reverse("insight:exaggeration", args=[wave.pk, "alkohol"])
    client.get(url)  # the first request after the log-in saves the session (its idle timeout)

    with django_assert_num_queries(EXAGGERATION_QUERIES):
        response = client.get(url)

    body = response.content.decode()
    assert response.status_code == 200
    for school in [*schools, third]:
        for grade in (7, 8, 9):
            assert f'href="skole/{school.pk}/{grade}/"' in body
    printable = client.get(f"{url}skole/{third.pk}/9/")
    assert "57 % af eleverne svarer selv ja. Men 60 % tror, at over halvdelen af klassen gør det." in (
        printable.content.decode()
    )


def test_comparison_shows_only_municipalities_that_share(
    import_wave: Callable[..., SurveyWave],
    schools: list[Organisation],
    make_organisation: Callable[..., Organisation],
    consultant: User,
    login: Any,
) -> None:
    make_organisation("Østre Skole", municipality=GULDBORGSUND)
    make_organisation("Struer Skole", municipality="671")
    own = import_wave(
        pair_rows("Sønderlandsskolen", 7, 30, 12, 18) + pair_rows("Nørrelandsskolen", 7, 30, 10, 12), shares=True
    )
    for other in (
        import_wave(pair_rows("Østre Skole", 7, 40, 10, 20), shares=True, code=GULDBORGSUND),
        import_wave(pair_rows("Struer Skole", 7, 40, 10, 20), shares=False, code="671"),
    ):
        store_patterns(other)  # what each import's task does after its commit
    html = login(consultant).get(reverse("insight:wave", args=[own.pk])).content.decode()
    assert "Guldborgsund" in html
    assert "Struer" not in html
    assert "Alle, der deler" in html


def test_import_preview_shows_row_errors_and_commit_writes_the_wave(
    survey: Any, schools: list[Organisation], consultant: User, login: Any, tmp_path: Any
) -> None:
    client = login(consultant)
    bad = tmp_path / "ungeprofil.csv"
    bad.write_bytes(aggregate_csv([("Sønderlandsskolen", 7, "alkohol", "ja", 12), ("Ukendt", 7, "alkohol", "ja", 3)]))
    with bad.open("rb") as upload:
        response = client.post(
            reverse("insight:import"), {"survey": survey.pk, "year": 2025, "shape": "aggregates", "file": upload}
        )
    stored = SurveyImport.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("insight:import_preview", args=[stored.pk])).content.decode()
    assert "Skolen findes ikke" in page
    client.post(reverse("insight:import_commit", args=[stored.pk]))
    assert SurveyWave.objects.count() == 0
    good = tmp_path / "ok.csv"
    good.write_bytes(aggregate_csv(pair_rows("Sønderlandsskolen", 7, 30, 6, 18)))
    with good.open("rb") as upload:
        client.post(
            reverse("insight:import"), {"survey": survey.pk, "year": 2025, "shape": "aggregates", "file": upload}
        )
    fresh = SurveyImport.objects.latest("pk")
    assert client.post(reverse("insight:import_commit", args=[fresh.pk])).status_code == 302
    assert SurveyWave.objects.get().year == 2025


def test_import_pages_are_refused_to_a_teacher_and_to_another_consultant(
    survey: Any, schools: list[Organisation], consultant: User, make_user: Callable[..., User], login: Any
) -> None:
    assert (
        login(make_user(StaffRole.SSP_TEACHER, municipality=HOLSTEBRO)).get(reverse("insight:import")).status_code
        == 404
    )
    stored = SurveyImport.objects.create(
        survey=survey,
        municipality=Municipality.objects.get(code=HOLSTEBRO),
        year=2025,
        shape="aggregates",
        file_name="x.csv",
        created_by=consultant,
    )
    other = login(make_user(StaffRole.SSP_CONSULTANT, municipality=HOLSTEBRO))
    assert other.get(reverse("insight:import_preview", args=[stored.pk])).status_code == 404
    assert other.post(reverse("insight:import_commit", args=[stored.pk])).status_code == 404


def test_the_dashboard_runs_the_same_queries_for_three_waves_as_for_four(
    import_wave: Callable[..., SurveyWave],
    schools: list[Organisation],
    consultant: User,
    login: Any,
    django_assert_num_queries: Any,
) -> None:
    rows = pair_rows("Sønderlandsskolen", 7, 30, 12, 18) + pair_rows("Nørrelandsskolen", 7, 25, 10, 12)
    for year in (2019, 2021, 2023):
        import_wave(rows, year=year)
    client = login(consultant)
    url = reverse("insight:municipality", args=["holstebro"])
    client.get(url)  # stores the suppression patterns
    with django_assert_num_queries(18):
        assert client.get(url).status_code == 200
    import_wave(rows, year=2025)
    client.get(url)
    with django_assert_num_queries(18):
        html = client.get(url).content.decode()
    assert "runder; 55 besvarelser i 2025" in html


def test_the_wave_page_runs_the_same_queries_for_two_sharing_municipalities_as_for_four(
    import_wave: Callable[..., SurveyWave],
    schools: list[Organisation],
    make_organisation: Callable[..., Organisation],
    consultant: User,
    login: Any,
    django_assert_num_queries: Any,
) -> None:
    own = import_wave(
        pair_rows("Sønderlandsskolen", 7, 30, 12, 18) + pair_rows("Nørrelandsskolen", 7, 30, 10, 12), shares=True
    )
    store_patterns(own)
    client = login(consultant)
    url = reverse("insight:wave", args=[own.pk])

    def share_from(code: str) -> None:
        make_organisation(f"Skole {code}", municipality=code)
        store_patterns(import_wave(pair_rows(f"Skole {code}", 7, 40, 10, 20), shares=True, code=code))

    share_from(GULDBORGSUND)
    client.get(url)  # the first request of a session writes the session
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    share_from("671")
    share_from("101")
    with django_assert_num_queries(9):
        html = client.get(url).content.decode()
    assert "Struer" in html and "København" in html


def test_a_municipality_that_starts_sharing_renews_the_stored_comparison(
    import_wave: Callable[..., SurveyWave],
    schools: list[Organisation],
    make_organisation: Callable[..., Organisation],
    consultant: User,
) -> None:
    from ssp.insight.models import SharedPattern

    own = import_wave(
        pair_rows("Sønderlandsskolen", 7, 30, 12, 18) + pair_rows("Nørrelandsskolen", 7, 30, 10, 12), shares=True
    )
    store_patterns(own)
    make_organisation("Østre Skole", municipality=GULDBORGSUND)
    other = import_wave(pair_rows("Østre Skole", 7, 40, 3, 20), shares=True, code=GULDBORGSUND)
    store_patterns(other)

    stored = SharedPattern.objects.get(survey=own.survey, year=own.year, question__code="alkohol")
    assert stored.waves == sorted([own.pk, other.pk])
    # Guldborgsund's 3 is "<5" on its own page, so the shared total hides a partner and never gives the 3 away.
    guldborgsund = str(other.municipality_id)
    assert [guldborgsund, "ja"] in stored.primary
    assert stored.secondary
