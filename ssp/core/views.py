from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from ssp.accounts.http import AuthedHttpRequest

# Each capability adds one section to the start page: its template and a selector giving its context.
START_SECTIONS: list[tuple[str, str]] = [
    ("structure/partials/start_memberships.html", "ssp.structure.selectors.start_memberships"),
    ("concerns/partials/start_my_concerns.html", "ssp.concerns.selectors.start_my_concerns"),
    ("meetings/partials/start_meetings.html", "ssp.meetings.selectors.start_meetings"),
    ("intake/partials/start_queue.html", "ssp.intake.selectors.start_queue"),
    ("casework/partials/start_work_queue.html", "ssp.casework.selectors.start_work_queue"),
]


@login_required
def start(request: AuthedHttpRequest) -> HttpResponse:
    """The user's own start page: one section per capability (forums and roles, concerns, agreements)."""
    sections = []
    for template, selector_path in START_SECTIONS:
        selector: Callable[..., dict[str, Any]] = import_string(selector_path)
        sections.append(render_to_string(template, selector(request.user), request=request))
    return render(request, "core/start.html", {"sections": sections})


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
