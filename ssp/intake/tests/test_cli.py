"""``ssp intake preview|commit``: the console uses the same services and says what it did."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.intake.models import Intake, IntakePreview

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("intake", *args, stdout=out)
    return out.getvalue()


def test_preview_prints_the_id_then_one_line_per_row_and_commit_counts(
    tmp_path: Path, demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    report = tmp_path / "døgnrapport.csv"
    report.write_bytes(demo_report)

    lines = _run("--user", consultant.username, "preview", str(report), "--municipality", "376").splitlines()

    preview = IntakePreview.objects.get()
    assert lines[0] == f"preview {preview.pk}"
    assert lines[1].split()[:2] == ["2", "linked"] and lines[1].split()[2].startswith("citizen=")
    assert any(line.split()[:2] == ["10", "needs_confirmation"] and "candidates=" in line for line in lines)
    with pytest.raises(CommandError, match="Bekræft eller afvis række 10"):
        _run("--user", consultant.username, "commit", str(preview.pk))


def test_preview_as_json_names_the_preview_and_every_row(
    tmp_path: Path, demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    report = tmp_path / "d.csv"
    report.write_bytes(demo_report)

    data = json.loads(
        _run("--user", consultant.username, "preview", str(report), "--municipality", "376", "--format", "json")
    )

    assert data["preview"] == str(IntakePreview.objects.get().pk)
    rows = {row["row"]: row for row in data["rows"]}
    assert rows[12]["state"] == "new_citizen" and rows[12]["problems"]["CPR-nummer"][0]["state"] == "warning"
    assert 21 not in rows


def test_commit_prints_what_it_added(
    tmp_path: Path, demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User
) -> None:
    # Only rows 2-9: linked children without a grey zone.
    report = tmp_path / "d.csv"
    report.write_bytes(b"\r\n".join(demo_report.split(b"\r\n")[:9]))
    _run("--user", consultant.username, "preview", str(report), "--municipality", "376")

    out = _run("--user", consultant.username, "commit", str(IntakePreview.objects.get().pk))

    assert out.strip() == "8 rækker, 0 nye borgere, 8 henvendelser indlæst."
    assert Intake.objects.count() == 8


def test_an_unknown_user_or_file_is_a_clear_error(tmp_path: Path, consultant: User) -> None:
    with pytest.raises(CommandError, match="--user"):
        _run("--user", "nobody", "preview", str(tmp_path / "x.csv"), "--municipality", "376")
    with pytest.raises(CommandError, match="Filen kan ikke læses"):
        _run("--user", consultant.username, "preview", str(tmp_path / "x.csv"), "--municipality", "376")
