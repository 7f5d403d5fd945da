"""Health, readiness and metrics for load balancers and monitoring; none of them shows data."""

from __future__ import annotations

import ipaddress
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from ssp.operations.metrics import exposition
from ssp.operations.readiness import run_checks


@never_cache
def live(request: HttpRequest) -> HttpResponse:
    """The process answers; restarting it is the only cure when it does not. Touches no database."""
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    """Every readiness check passes; otherwise 503 so the load balancer sends traffic elsewhere."""
    results = run_checks()
    ok = all(result.ok for result in results)
    body = {"status": "ok" if ok else "unavailable", "checks": {r.name: "ok" if r.ok else "failed" for r in results}}
    return JsonResponse(body, status=200 if ok else 503)


def _allowed(request: HttpRequest) -> bool:
    token = settings.SSP_METRICS_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and offered and secrets.compare_digest(offered.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.SSP_METRICS_ALLOWED_NETWORKS)


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for a token or an internal address only: the figures describe the installation."""
    if not _allowed(request):
        return HttpResponse(status=403)
    return HttpResponse(exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
