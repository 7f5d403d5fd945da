"""Background jobs of the privacy core (django-tasks; works on SQLite and PostgreSQL)."""

from __future__ import annotations

from django_tasks import task

from ssp.privacy.retention import run_retention


@task()
def run_daily_retention() -> dict[str, int]:
    """The daily retention run: every registered handler, then the citizens nothing holds."""
    report = run_retention()
    return {
        "closed": sum(len(ids) for ids in report.closed.values()),
        "deleted": sum(len(ids) for ids in report.deleted.values()),
    }
