"""``/api/v1/insight/…``: waves, suppressed tables and report jobs, refused outside the reader's municipality."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ssp.accounts.models import StaffRole, User
from ssp.insight.models import SurveyWave
from ssp.insight.tests.conftest import HOLSTEBRO, pair_rows
from ssp.structure.models import Organisation

API = "/api/v1/insight"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def wave(import_wave: Callable[..., SurveyWave], schools: list[Organisation]) -> SurveyWave:
    return import_wave(pair_rows("Sønderlandsskolen", 7, 30, 3, 18) + pair_rows("Nørrelandsskolen", 7, 25, 10, 12))


def test_waves_lists_only_the_readers_municipality(
    wave: SurveyWave, consultant: User, make_user: Callable[..., User], login: Any
) -> None:
    assert [w["year"] for w in login(consultant).get(f"{API}/waves").json()] == [2025]
    assert login(make_user(municipality="376")).get(f"{API}/waves").json() == []


def test_the_table_is_suppressed_with_totals(wave: SurveyWave, consultant: User, login: Any) -> None:
    table = login(consultant).get(f"{API}/waves/{wave.pk}/questions/alkohol/table").json()
    assert table["row_labels"] == ["Nørrelandsskolen", "Sønderlandsskolen"]
    assert table["column_labels"] == ["Ja", "Nej"]
    assert table["cells"][1][0] == "<5"  # Sønderland's 3
    assert "3" not in [cell for row in table["cells"] for cell in row]
    assert table["grand_total"] == "55"


def test_exaggeration_rows_carry_shares_and_respondents(wave: SurveyWave, consultant: User, login: Any) -> None:
    rows = login(consultant).get(f"{API}/waves/{wave.pk}/exaggeration/alkohol").json()
    soenderland = next(row for row in rows if row["school"] == "Sønderlandsskolen")
    assert soenderland["actual"] == {"label": "<5", "percent": None, "respondents": "30"}
    assert soenderland["perceived"]["label"] == "60 %"


@pytest.mark.parametrize("path", ["waves/{pk}/questions/alkohol/table", "waves/{pk}/exaggeration/alkohol"])
def test_another_municipality_gets_404(wave: SurveyWave, make_user: Callable[..., User], login: Any, path: str) -> None:
    client = login(make_user(StaffRole.SSP_CONSULTANT, municipality="376"))
    assert client.get(f"{API}/{path.format(pk=wave.pk)}").status_code == 404


def test_anonymous_callers_are_refused(wave: SurveyWave, client: Any) -> None:
    assert client.get(f"{API}/waves").status_code == 401
    assert client.post(f"{API}/reports", {"kind": "local_council"}, content_type="application/json").status_code == 401


def test_a_report_job_is_ordered_and_followed(
    wave: SurveyWave,
    consultant: User,
    make_user: Callable[..., User],
    login: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/reports", {"kind": "local_council", "format": "xlsx"}, content_type="application/json"
        )
    assert response.status_code == 202
    job = client.get(f"{API}/reports/{response.json()['id']}").json()
    assert job["state"] == "done" and job["download_url"].endswith("/hent/")
    other = login(make_user(municipality=HOLSTEBRO))
    assert other.get(f"{API}/reports/{job['id']}").status_code == 404


def test_a_municipal_reader_cannot_order_the_kredsraad_report(consultant: User, login: Any) -> None:
    response = login(consultant).post(f"{API}/reports", {"kind": "district_council"}, content_type="application/json")
    assert response.status_code == 403
