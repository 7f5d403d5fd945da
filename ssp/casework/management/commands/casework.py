"""``ssp casework remind``: the case-work jobs from the command line (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ssp.casework import programme_services, services


class Command(BaseCommand):
    help = "Sagsarbejdets jobs: remind (påmind om indsatser og 12-måneders-status)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="job", required=True)
        sub.add_parser("remind", help="Påmind ansvarlige om indsatser med frist og om overskredne frister.")

    def handle(self, *args: Any, job: str, **options: Any) -> None:
        sent = services.send_action_reminders() + programme_services.send_outcome_reminders()
        self.stdout.write(f"{sent} påmindelser sendt.")
