"""Background jobs of the privacy core (django-tasks; works on SQLite and PostgreSQL)."""

from __future__ import annotations

from django_tasks import task

from ssp.privacy.retention import run_retention


@task()
def run_daily_retention() -> dict[str, int]:
    """The daily retention run: close inactive concerns, delete expired citizens."""
    report = run_retention()
    return {"closed": len(report.closed_concern_ids), "deleted": len(report.deleted_citizen_ids)}
