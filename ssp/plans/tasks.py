"""Background jobs of the plans capability (django-tasks); ``ssp plans remind`` runs the same from cron."""

from __future__ import annotations

from django_tasks import task

from ssp.plans import services


@task()
def send_milestone_reminders() -> int:
    """Daily: remind the owners of the annual cycle's milestones shortly before they are due."""
    return services.send_milestone_reminders()


@task()
def send_review_warnings() -> int:
    """Daily: warn before a statutory plan's review interval (Barnets Lov: four years) runs out."""
    return services.send_review_warnings()


@task()
def send_project_deadline_reminders() -> int:
    """Daily: remind § 5 project groups shortly before their project description is due."""
    return services.send_project_deadline_reminders()
