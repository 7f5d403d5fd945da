"""``ssp meetings check-deadlines | remind | generate``: the meetings jobs from the command line (cron)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ssp.meetings import services
from ssp.structure.models import Forum


class Command(BaseCommand):
    help = "Møde-jobs: check-deadlines (foreslå aflysning uden punkter), remind (påmind om aftaler), generate (foreslå møder)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="job", required=True)
        sub.add_parser("check-deadlines", help="Foreslå aflysning af møder uden punkter ved dagsordensfristen.")
        sub.add_parser("remind", help="Send påmindelser om aftaler med frist inden for få dage.")
        generate = sub.add_parser("generate", help="Foreslå møder for alle fora med en mødekadence.")
        generate.add_argument(
            "--start", type=date.fromisoformat, default=None, help="Første dato (ÅÅÅÅ-MM-DD); i dag som standard."
        )
        generate.add_argument(
            "--end", type=date.fromisoformat, default=None, help="Sidste dato; et år frem som standard."
        )

    def handle(self, *args: Any, job: str, **options: Any) -> None:
        if job == "check-deadlines":
            proposed = services.check_agenda_deadlines()
            self.stdout.write(f"{len(proposed)} møder foreslået aflyst.")
        elif job == "remind":
            self.stdout.write(f"{services.send_agreement_reminders()} påmindelser sendt.")
        else:
            start = options["start"] or timezone.localdate()
            end = options["end"] or start.replace(year=start.year + 1)
            if end < start:
                raise CommandError("--end skal ligge efter --start.")
            created = services.generate_meetings_for(
                list(Forum.objects.all()), start=start, end=end, actor=None
            ).created
            self.stdout.write(f"{created} møder foreslået.")
