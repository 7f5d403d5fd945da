"""``ssp demo``: load the demo data of every capability (idempotent) or print the demo log-ins."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from ssp.accounts.models import User
from ssp.core.demo import demo_password

# Order matters: structure first, then what stands on it.
DEMO_LOADERS = [
    "ssp.structure.demo",
    "ssp.concerns.demo",
    "ssp.meetings.demo",
    "ssp.plans.demo",
    "ssp.insight.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (safe to run again), or print the demo log-ins with --print-logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print-logins", action="store_true", help="Print the demo users and password.")

    def handle(self, *args: Any, print_logins: bool = False, **options: Any) -> None:
        if print_logins:
            self._print_logins()
            return
        password = demo_password()
        with transaction.atomic():
            for module_name in DEMO_LOADERS:
                import_module(module_name).load(password=password, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def _print_logins(self) -> None:
        users = User.objects.filter(is_active=True).order_by("username").select_related("municipality")
        self.stdout.write(f"Demo log-ins (password for all: {demo_password()})")
        for user in users:
            place = user.municipality.name if user.municipality else (user.police_district or "")
            self.stdout.write(f"  {user.username:<34} {user.get_role_display():<36} {place}")
