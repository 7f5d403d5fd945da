"""Request types for views: a view behind ``login_required`` receives an authenticated staff user."""

from __future__ import annotations

from django.http import HttpRequest

from ssp.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    user: User
    request_id: str
