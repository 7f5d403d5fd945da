"""Idle sessions end after ``SESSION_COOKIE_AGE`` without a database write on every request.

Django extends a session only when it saves it; ``SESSION_SAVE_EVERY_REQUEST`` saved (an UPDATE of the
session row) on every page, HTMX partial and API call. Here a request saves the session only when its last
save is at least ``SSP_SESSION_TOUCH_SECONDS`` (60) old. The expiry written with that save is
``SESSION_COOKIE_AGE`` (30 minutes) from then, so a session ends between 29 and 30 minutes after the
user's last request: never later than the idle time the municipality set.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Seconds since the epoch of the session's last save by this middleware.
TOUCHED_KEY = "_ssp_touched_at"


class SessionActivityMiddleware:
    """After the view: mark a used, non-empty session modified when its last save is a minute old.

    Listed after ``SessionMiddleware``, so ``SessionMiddleware`` saves it on the way out. A session the view
    did not read (static files, the health check) or emptied (log-out) is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        if now - int(session.get(TOUCHED_KEY, 0)) >= settings.SSP_SESSION_TOUCH_SECONDS:
            session[TOUCHED_KEY] = now
        return response
