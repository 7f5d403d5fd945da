"""Demo of the intake: a week of Guldborgsund's daily report read into a preview, ready to import.

The consultant ``guldborgsund.consultant`` finds the preview under "Døgnrapport": confirm the grey-zone row (a
birth date given orally, one day off) and reject the twin, import, put the intakes on the next intervention
meeting (the structure's weekly "Indsatsmøde" with its generated meetings) and hold it. The file is the example
of ``docs/intake.md``. Safe to run again: nothing is added while a preview of the file is open or imported.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import IO

from ssp.accounts.models import User
from ssp.intake.models import IntakePreview, PreviewStatus
from ssp.intake.services import create_preview
from ssp.structure.models import Municipality

DEMO_FILE = "data/demo_daily_report_guldborgsund.csv"
CONSULTANT = "guldborgsund.consultant"


def demo_report() -> bytes:
    return resources.files("ssp.intake").joinpath(DEMO_FILE).read_bytes()


def load(*, password: str, stdout: IO[str]) -> None:
    consultant = User.objects.filter(username=CONSULTANT, is_active=True).first()
    if consultant is None:
        stdout.write(f"Døgnrapport: demo-brugeren {CONSULTANT} findes ikke; springes over.\n")
        return
    data = demo_report()
    digest = hashlib.sha256(data).hexdigest()
    if IntakePreview.objects.filter(file_sha256=digest).exclude(status=PreviewStatus.DISCARDED).exists():
        stdout.write("Døgnrapport: ugens rapport for Guldborgsund ligger allerede klar.\n")
        return
    preview = create_preview(
        data,
        actor=consultant,
        file_name="døgnrapport-guldborgsund-uge-48.csv",
        municipality=Municipality.objects.get(code="376"),
    )
    stdout.write(f"Døgnrapport: ugens rapport for Guldborgsund er læst ind ({preview.rows.count()} rækker).\n")
