"""Background jobs of case work (django-tasks); ``ssp casework remind`` runs the same from cron."""

from __future__ import annotations

from django_tasks import task

from ssp.casework import programme_services, services


@task()
def send_action_reminders() -> int:
    """Daily: remind owners of actions due in a few days and, once, of overdue ones."""
    return services.send_action_reminders()


@task()
def send_outcome_reminders() -> int:
    """Daily: remind coordinators of pre-entry courses whose 12-month status is due or overdue."""
    return programme_services.send_outcome_reminders()
