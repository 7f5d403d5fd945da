"""Background jobs of insight (django-tasks): report generation, subscriptions and stored suppression patterns."""

from __future__ import annotations

from django_tasks import task

from ssp.insight import services


@task()
def generate_report(job_id: int) -> str:
    """Build the report file; progress is written on the job as tiles are rendered."""
    return services.run_report_job(job_id)


@task()
def run_due_subscriptions() -> int:
    """Daily: start a report job for every subscription that falls due today."""
    return services.run_due_subscriptions()


@task()
def store_wave_patterns(wave_id: int) -> int:
    """After an import's commit: suppress every question's cube of the wave once, so no reader waits for it."""
    from ssp.insight.models import SurveyWave
    from ssp.insight.selectors import store_patterns

    return store_patterns(SurveyWave.objects.get(pk=wave_id))
