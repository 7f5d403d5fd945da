"""``ssp intake preview FILE --municipality CODE [--format json] | commit PREVIEW_ID | schedule | remind``.

The console uses the same services as the pages and the API, acting as a named user (``--user`` or the
environment variable ``SSP_CLI_USER``), so the audit log says who ran it. Printing a row's linked citizen or
candidates is a disclosure like reading the preview page, and is recorded as one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssp.accounts.models import User
from ssp.intake import selectors, services, triage
from ssp.intake.models import IntakePreview
from ssp.intake.report import ReportSource
from ssp.privacy.models import AuditAction
from ssp.structure.models import Municipality


class Command(BaseCommand):
    help = "Døgnrapport: preview (læs og sammenkæd en fil), commit (indlæs), schedule (sæt på indsatsmødet), remind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--user", default=os.environ.get("SSP_CLI_USER", ""), help="Brugernavn (eller SSP_CLI_USER)."
        )
        sub = parser.add_subparsers(dest="job", required=True)
        preview = sub.add_parser("preview", help="Læs en døgnrapport (CSV/XLSX) ind i en forhåndsvisning.")
        preview.add_argument("file", type=Path)
        preview.add_argument("--municipality", required=True, help="Kommunekode, fx 376.")
        preview.add_argument("--format", choices=["text", "json"], default="text")
        preview.add_argument("--source", choices=ReportSource.values, default=ReportSource.DAILY_REPORT)
        commit = sub.add_parser("commit", help="Indlæs en forhåndsvisning.")
        commit.add_argument("preview_id")
        schedule = sub.add_parser("schedule", help="Sæt kommunens nye henvendelser på det næste indsatsmøde.")
        schedule.add_argument("--municipality", required=True)
        sub.add_parser("remind", help="Påmind om frister, der snart udløber.")

    def handle(self, *args: Any, job: str, user: str, **options: Any) -> None:
        if job == "remind":
            self.stdout.write(f"{triage.send_deadline_reminders()} påmindelser sendt.")
            return
        actor = User.objects.filter(username=user, is_active=True).first() if user else None
        if actor is None:
            raise CommandError("Angiv en aktiv bruger med --user eller SSP_CLI_USER.")
        try:
            if job == "preview":
                self._preview(actor, **options)
            elif job == "commit":
                self._commit(actor, options["preview_id"])
            else:
                place = self._municipality(options["municipality"])
                items = triage.schedule_triage(place, actor=actor)
                self.stdout.write(f"{len(items)} borgere sat på indsatsmødet.")
        except ValidationError as problem:
            raise CommandError("; ".join(problem.messages)) from None
        except PermissionDenied:
            raise CommandError("Brugeren må ikke håndtere døgnrapporten for denne kommune.") from None

    def _municipality(self, code: str) -> Municipality:
        place = Municipality.objects.filter(code=code.zfill(3)).first()
        if place is None:
            raise CommandError(f"Kommunekoden {code} findes ikke.")
        return place

    def _preview(self, actor: User, *, file: Path, municipality: str, format: str, source: str, **_: Any) -> None:
        place = self._municipality(municipality)
        try:
            data = file.read_bytes()
        except OSError as problem:
            raise CommandError(f"Filen kan ikke læses: {problem.strerror}") from None
        preview = services.create_preview(data, actor=actor, file_name=file.name, source=source, municipality=place)
        views = selectors.preview_rows(actor, preview, request=None, purpose=AuditAction.LIST)
        rows = [_row_json(view) for view in views if view.row.municipality_id == place.pk]
        if format == "json":
            self.stdout.write(json.dumps({"preview": str(preview.pk), "rows": rows}, ensure_ascii=False))
            return
        self.stdout.write(f"preview {preview.pk}")
        for row in rows:
            self.stdout.write(_row_text(row))

    def _commit(self, actor: User, preview_id: str) -> None:
        preview = IntakePreview.objects.filter(pk=preview_id).first() if _is_uuid(preview_id) else None
        if preview is None:
            raise CommandError("Forhåndsvisningen findes ikke.")
        result = services.commit_preview(preview, actor=actor)
        self.stdout.write(
            f"{result.rows} rækker, {result.citizens} nye borgere, {result.intakes} henvendelser indlæst."
        )


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _row_json(view: selectors.PreviewRowView) -> dict[str, Any]:
    row = view.row
    return {
        "row": row.number,
        "state": row.state,
        "warning": row.has_warning,
        "for_triage": row.for_triage,
        "citizen": row.citizen_id,
        "candidates": [{"citizen": c.citizen_id, "probability": c.probability} for c in view.candidates],
        "problems": row.cells,
    }


def _row_text(row: dict[str, Any]) -> str:
    parts = [f"{row['row']:>5}", row["state"]]
    if row["citizen"]:
        parts.append(f"citizen={row['citizen']}")
    elif row["candidates"]:
        parts.append("candidates=" + ",".join(f"{c['citizen']}:{c['probability']:.3f}" for c in row["candidates"]))
    for column, problems in row["problems"].items():
        parts.extend(f"[{p['state']} {column}: {p['message']}]" for p in problems)
    return " ".join(parts)
