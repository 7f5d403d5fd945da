from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ssp.core.http import AuthedHttpRequest
from ssp.structure.selectors import memberships_of


@login_required
def start(request: AuthedHttpRequest) -> HttpResponse:
    """The user's own start page: their forums and roles (later capabilities add their sections)."""
    context = {"memberships": memberships_of(request.user)}
    return render(request, "core/start.html", context)


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
