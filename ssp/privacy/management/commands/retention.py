"""``ssp retention run [--dry-run]``: close inactive concerns and delete expired citizens now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ssp.privacy.retention import run_retention


class Command(BaseCommand):
    help = "Apply the retention rules now; --dry-run lists what the run would close and delete (internal ids only)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="apply the retention rules")
        run.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_retention(dry_run=options["dry_run"])
        prefix = "Would close" if options["dry_run"] else "Closed"
        for kind, ids in report.closed.items():
            self.stdout.write(f"{prefix} {len(ids)} {kind}s: {ids}")
        prefix = "Would delete" if options["dry_run"] else "Deleted"
        for kind, ids in report.deleted.items():
            self.stdout.write(f"{prefix} {len(ids)} {kind}s: {ids}")
