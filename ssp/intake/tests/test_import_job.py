"""A large daily report is read by the worker while the uploader watches its progress, then lands on the preview.

The worker is the real one (``ssp db_worker --batch`` over the database queue), the file a real CSV in the police's
Windows-1252: the demo week's rows repeated under new journal numbers until the file is too large to read within
the request.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.intake.models import ImportJob, ImportState, PreviewRow
from ssp.intake.tests.conftest import large_report
from ssp.structure.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def upload(client: Any, data: bytes) -> Any:
    return client.post(
        reverse("intake:upload"),
        {
            "file": SimpleUploadedFile("doegnrapport.csv", data),
            "source": "daily_report",
            "municipality": Municipality.objects.get(code="376").pk,
        },
    )


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, interval=0, reload=False, verbosity=0)


def test_a_large_file_is_read_in_the_background_and_the_page_follows_it_to_the_preview(
    demo_report: bytes,
    guldborgsund_children: list[Citizen],
    consultant: User,
    login: Callable[[User], Any],
) -> None:
    client = login(consultant)
    data = large_report(demo_report)
    rows = data.count(b"\n") - 1

    answer = upload(client, data)

    job = ImportJob.objects.get()
    assert answer.url == reverse("intake:import_job", args=[job.pk])
    assert (job.state, job.rows_expected, job.preview) == (ImportState.QUEUED, rows, None)
    waiting = client.get(answer.url).content.decode()
    assert "I kø" in waiting and f"0 af ca. {rows} rækker læst" in waiting
    assert 'hx-trigger="every 1s"' in waiting and "Opdatér siden" in waiting  # polled, or reloaded by hand

    with CaptureQueriesContext(connection) as worker:
        run_worker()

    # The worker wrote the rows read as it went (every 500 rows), then that reading was done.
    progress = [
        int(found[1])
        for query in worker.captured_queries
        if (found := re.search(r'UPDATE "intake_importjob" SET "rows_read" = (\d+)', query["sql"]))
    ]
    assert progress == [*range(500, rows, 500), rows, rows]
    job.refresh_from_db()
    assert (job.state, job.rows_read, job.file_ciphertext) == (ImportState.DONE, rows, "")
    assert PreviewRow.objects.filter(preview=job.preview).count() == rows
    done = client.get(reverse("intake:import_job", args=[job.pk]))
    assert done.url == reverse("intake:preview", args=[job.preview_id])
    polled = client.get(reverse("intake:import_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert polled.headers["HX-Redirect"] == done.url


def test_the_page_shows_the_reading_while_it_happens(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User, login: Callable[[User], Any]
) -> None:
    client = login(consultant)
    upload(client, large_report(demo_report))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.READING, rows_read=1000)

    page = client.get(reverse("intake:import_job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()

    assert f'value="{1000 * 100 // job.rows_expected}"' in page
    assert f"1000 af ca. {job.rows_expected} rækker læst" in page


def test_a_file_the_upload_would_refuse_ends_the_job_with_the_same_problem(
    consultant: User, login: Callable[[User], Any]
) -> None:
    client = login(consultant)
    junk = ("Navn;Alder\r\n" + "Mia Hansen;14\r\n" * 30_000).encode("cp1252")
    job_page = upload(client, junk).url

    run_worker()

    page = client.get(job_page).content.decode()
    assert "Filen kan ikke indlæses" in page and "Filen mangler disse kolonner" in page
    assert ImportJob.objects.get().file_ciphertext == ""
    assert not PreviewRow.objects.exists()


def test_another_municipalitys_consultant_cannot_follow_the_job(
    demo_report: bytes,
    guldborgsund_children: list[Citizen],
    consultant: User,
    make_user: Callable[..., User],
    login: Callable[[User], Any],
) -> None:
    upload(login(consultant), large_report(demo_report))
    job = ImportJob.objects.get()
    lolland = make_user(role=StaffRole.SSP_CONSULTANT, municipality="360", username="lolland.consultant")

    answer = login(lolland).get(reverse("intake:import_job", args=[job.pk]))

    assert answer.status_code == 404
