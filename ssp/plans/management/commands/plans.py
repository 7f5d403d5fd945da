"""``ssp plans remind``: the plans reminders from the command line (cron), the same work as the tasks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ssp.plans import services


class Command(BaseCommand):
    help = "Plan-jobs: remind (milepæle i årshjulet, lovpligtige planers evaluering, fristen for projektbeskrivelser)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="job", required=True)
        sub.add_parser("remind", help="Send påmindelser om milepæle, evalueringsfrister og projektfrister.")

    def handle(self, *args: Any, job: str, **options: Any) -> None:
        milestones = services.send_milestone_reminders()
        reviews = services.send_review_warnings()
        projects = services.send_project_deadline_reminders()
        self.stdout.write(f"{milestones} milepæle, {reviews} evalueringsfrister, {projects} projektfrister påmindet.")
