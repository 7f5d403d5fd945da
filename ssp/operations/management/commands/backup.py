"""``ssp backup FILE``: an encrypted backup of the database and the stored files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssp.operations.backup import BackupError, create_backup, new_backup_key


class Command(BaseCommand):
    help = "Write an encrypted backup (database and stored files) to FILE; the key is SSP_BACKUP_KEY(_FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--new-key", action="store_true", help="print a fresh backup key and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_backup_key())
            return
        if options["file"] is None:
            raise CommandError("Name the backup file: ssp backup FILE")
        try:
            manifest = create_backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backup written to {options['file']}: {manifest['engine']}, {len(manifest['tables'])} tables, "
            f"{rows} rows, {len(manifest['files'])} files."
        )
