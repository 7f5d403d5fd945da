"""``ssp structure load FILE [--dry-run]`` and ``ssp structure export CODE``: structure packs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssp.accounts.models import User
from ssp.structure.packs import PackError, export_pack, load_pack


class Command(BaseCommand):
    help = "Indlæs eller udskriv en strukturpakke (se docs/structure-packs.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        load = commands.add_parser("load", help="Indlæs en pakke; databasen kommer til at svare til filen.")
        load.add_argument("file", type=Path)
        load.add_argument("--dry-run", action="store_true", help="Vis ændringerne uden at gemme dem.")
        load.add_argument(
            "--actor",
            required=True,
            help="Brugernavnet på den aktive medarbejder, der indlæser pakken; ændringerne logges i deres navn.",
        )
        export = commands.add_parser("export", help="Skriv pakken for en kommunekode eller en politikreds.")
        export.add_argument("code", help="Kommunekode (fx 161) eller politikredsens kortnavn.")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        try:
            if subcommand == "export":
                self.stdout.write(export_pack(options["code"]), ending="")
                return
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user with the username {options['actor']!r}.")
            changes = load_pack(options["file"], actor=actor, dry_run=options["dry_run"])
        except PackError as exc:
            raise CommandError(str(exc)) from exc
        for change in changes:
            self.stdout.write(change)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
        self.stdout.write(f"{len(changes)} changes")
