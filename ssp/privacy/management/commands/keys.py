"""``ssp keys rotate``: re-encrypt citizen identifiers with the first key of SSP_FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ssp.privacy.keys import rotate_citizen_keys


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the first key in SSP_FIELD_ENCRYPTION_KEYS (in batches)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate", help="re-encrypt with the current key")
        rotate.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        changed = rotate_citizen_keys(batch_size=options["batch_size"])
        self.stdout.write(f"Re-encrypted {changed} ciphertexts with the current key.")
