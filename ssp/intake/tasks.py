"""Background jobs of the intake (django-tasks): reading a large daily report into a preview."""

from __future__ import annotations

from django_tasks import task

from ssp.intake import services


@task()
def read_report(job_id: str) -> str:
    """Read, check, link and store the uploaded file; the job's progress is written as rows are read."""
    return services.run_import_job(job_id)
