"""``ssp restore FILE``: restore an encrypted backup into a fresh database and prove it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssp.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore FILE into this installation's fresh database and empty file folder, then verify rows and audit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {report.tables} tables ({report.rows} rows) and {report.files} files; "
            f"audit chain intact: {report.audit_events} events verified."
        )
