"""The import asks the database the same number of times for 3 rows as for 30: nothing per row."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.intake.models import Intake, IntakeSetting
from ssp.intake.services import commit_preview, create_preview
from ssp.lib import cpr as cpr_lib
from ssp.privacy.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def _report(children: list[Citizen], rows: int) -> bytes:
    """``rows`` suspects of the registered children: every other row by CPR, the rest by name and birth date."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Journalnummer", "Dato og tid", "Hændelse/overtrædelse", "CPR-nummer", "Navn", "Fødselsdato", "Rolle"]
    )
    for i, child in enumerate(children[:rows]):
        born = cpr_lib.birth_date(child.cpr).strftime("%d.%m.%Y")
        name = f"{child.first_name} {child.last_name}"
        cpr, birth = (child.cpr, "") if i % 2 == 0 else ("", born)
        writer.writerow([f"0370-1-{i}-26", "23.11.2026 14:30", "Butikstyveri", cpr, name, birth, "Sigtet"])
    return out.getvalue().encode()


def _queries(children: list[Citizen], consultant: User, rows: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as previewing:
        preview = create_preview(_report(children, rows), actor=consultant, file_name="d.csv", today=TODAY)
    with CaptureQueriesContext(connection) as committing:
        result = commit_preview(preview, actor=consultant)
    assert result.intakes == rows
    return len(previewing), len(committing)


def test_preview_and_commit_run_the_same_queries_for_3_and_for_30_rows(
    guldborgsund_children: list[Citizen], consultant: User
) -> None:
    # Adults too: every row becomes an intake.
    assert consultant.municipality is not None
    IntakeSetting.objects.create(municipality=consultant.municipality, triage_only_suspects_under_18=False)
    few = _queries(guldborgsund_children, consultant, 3)
    Intake.objects.all().delete()

    many = _queries(guldborgsund_children, consultant, 30)

    assert few == many == (QUERIES_PREVIEW, QUERIES_COMMIT)
    assert Intake.objects.count() == 30 and not Intake.objects.filter(link_method="").exists()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, detail__startswith="intake_commit:").count() == 33


# Inbox checks, the linkage's audit event, one query per linkage pass (CPR hashes, the register's size and
# birth-date range with the given-name and surname frequencies, the birth-date blocks (on PostgreSQL two: the name
# parts born those days, then the citizens with a part close to a row's); each candidate brings its municipality),
# routing (codes, district), settings, stored journal numbers, the preview, its rows in one COPY (one INSERT on
# SQLite), and their person data, one token per municipality, in one COPY.
QUERIES_PREVIEW = 20 if connection.vendor == "postgresql" else 19
# The locked preview, inbox, row states, rows for new citizens, the intakes with their links (one INSERT …
# SELECT), the audit chain head and its events (one COPY), the committed municipalities, what is left, status.
QUERIES_COMMIT = 12
