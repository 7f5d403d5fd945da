"""Error pages in the platform's layout, with the menu and a way back, in the user's language.

A page the user may not open and a page that does not exist answer alike where existence itself is sensitive
(another municipality's meeting or case): the views raise 404 for both, and the 404 text names both causes.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MINIMAL_500 = (
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Fejl</title></head>'
    '<body><main><h1>Der opstod en fejl</h1><p>Prøv igen om lidt. <a href="/">Til forsiden</a></p></main></body></html>'
)


def _texts(status: int) -> tuple[str, str]:
    texts = {
        400: (_("Forespørgslen kunne ikke forstås"), _("Adressen eller de indsendte oplysninger er ikke gyldige.")),
        403: (_("Du har ikke adgang"), _("Din rolle giver ikke adgang til denne side.")),
        404: (
            _("Siden findes ikke"),
            _("Siden findes ikke, eller du har ikke adgang til den. Tjek adressen, eller gå til forsiden."),
        ),
        500: (_("Der opstod en fejl"), _("Fejlen er registreret. Prøv igen om lidt.")),
    }
    return texts[status]


def _render(request: HttpRequest, status: int) -> HttpResponse:
    heading, explanation = _texts(status)
    context = {"heading": heading, "explanation": explanation, "status": status}
    return HttpResponse(render_to_string("core/error.html", context, request=request), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The layout needs the database (the user, the menu); if that is what failed, a plain page is enough."""
    try:
        return _render(request, 500)
    except Exception:  # the error page must not fail in turn
        logger.exception("The 500 page could not be rendered with the layout")
        return HttpResponse(MINIMAL_500, status=500)
