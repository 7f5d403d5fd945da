"""Prometheus metrics: request counts and latency per view, and gauges read from the database at scrape time.

Request metrics live in this process (or, under gunicorn with ``PROMETHEUS_MULTIPROC_DIR`` set, in files the
workers share, summed by ``MultiProcessCollector``). Gauges that describe the whole installation (queue depth,
failed jobs, audit chain head age, and whatever other apps register, e.g. failed mail) are computed when scraped,
so every app server reports the same figure. Labels are view names and status codes, never paths: a path holds
ids, and the label set must stay small.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

REQUESTS = Counter("ssp_http_requests", "HTTP requests served, by view and status code.", ["view", "method", "status"])
LATENCY = Histogram(
    "ssp_http_request_duration_seconds",
    "Server time per request, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


@dataclass(frozen=True)
class Gauge:
    name: str
    documentation: str
    read: Callable[[], float]


_gauges: dict[str, Gauge] = {}


def register_gauge(name: str, documentation: str, read: Callable[[], float]) -> None:
    """Add an installation-wide gauge read at scrape time (the mail outbox registers its failed count here)."""
    _gauges[name] = Gauge(name, documentation, read)


def task_queue_depth() -> float:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()


def failed_tasks() -> float:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()


def audit_chain_head_age() -> float:
    """Seconds since the newest audit event; a stalled chain on a busy day means writes are failing."""
    from ssp.privacy.models import AuditEvent

    newest = AuditEvent.objects.order_by("-pk").values_list("at", flat=True).first()
    if newest is None:
        return float("nan")
    return (timezone.now() - newest).total_seconds()


register_gauge("ssp_task_queue_depth", "Background jobs waiting to run.", task_queue_depth)
register_gauge("ssp_tasks_failed", "Background jobs that failed after their retries.", failed_tasks)
register_gauge("ssp_audit_chain_head_age_seconds", "Seconds since the newest audit event.", audit_chain_head_age)


class DatabaseGauges(Collector):
    def collect(self) -> Iterable[Metric]:
        for gauge in sorted(_gauges.values(), key=lambda g: g.name):
            family = GaugeMetricFamily(gauge.name, gauge.documentation)
            family.add_metric([], gauge.read())
            yield family


def exposition() -> bytes:
    """The text format for one scrape: this process's (or all workers') request metrics and the gauges."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessMetrics())
    registry.register(DatabaseGauges())
    return generate_latest(registry)


class _ProcessMetrics(Collector):
    """This process's request metrics, borrowed from the default registry without its platform collectors."""

    def collect(self) -> Iterable[Metric]:
        yield from REQUESTS.collect()
        yield from LATENCY.collect()


class MetricsMiddleware:
    """Counts and times every request by the name of the view that served it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        view = match.view_name if match is not None else "unresolved"
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method or "", str(response.status_code)).inc()
        return response
