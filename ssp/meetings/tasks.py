"""Background jobs of the meetings capability (django-tasks); the ``ssp meetings`` command runs the same."""

from __future__ import annotations

from django_tasks import task

from ssp.meetings import services


@task()
def check_agenda_deadlines() -> int:
    """Daily: propose cancelling meetings with no items by the agenda deadline and tell the members."""
    return len(services.check_agenda_deadlines())


@task()
def send_agreement_reminders() -> int:
    """Daily: remind owners of open agreements shortly before their due date."""
    return services.send_agreement_reminders()
