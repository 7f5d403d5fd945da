"""Require a verified second factor before anything but log-in and enrolment is served."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseRedirectBase
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from ssp.accounts.second_factor import (
    has_confirmed_totp_device,
    is_verified,
    requires_second_factor,
    second_factor_by_sign_on,
)

OPEN_PREFIXES = ("/health/", "/i18n/", "/sso/")


class HtmxLogInMiddleware:
    """A fragment asked for after the session ended: the log-in page takes the whole window, not the fragment.

    ``login_required`` answers with a redirect, which htmx follows and swaps into the section being loaded.
    ``HX-Redirect`` makes htmx load the log-in page instead, and back to the page the person was on
    (``HX-Current-URL``, its path only, so the redirect never leads to another host), not to the bare fragment.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or not isinstance(response, HttpResponseRedirectBase):
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.url).path != login:
            return response
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = f"{page.path}?{page.query}" if page.query else page.path or "/"
        return HttpResponse(headers={"HX-Redirect": f"{login}?{urlencode({'next': back})}"})


class SecondFactorMiddleware:
    """Send a user who has only given a password to enrolment or verification.

    Runs after django-otp's OTPMiddleware, which installs ``request.user.is_verified()``.
    API requests with a bearer token pass: TokenAuth authenticates them inside ninja, and the
    session user (if any) is hidden so SessionAuth cannot stand in for a bad token.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        names = ("accounts:login", "accounts:logout", "accounts:enrol", "accounts:verify")
        return tuple(reverse(name) for name in names)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or is_verified(user) or self.is_open(request.path):
            return self.get_response(request)
        if second_factor_by_sign_on(request):
            return self.get_response(request)
        if not requires_second_factor(user):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            if request.headers.get("Authorization", "").startswith("Bearer "):
                request.user = AnonymousUser()
                return self.get_response(request)
            return JsonResponse({"detail": _("Log ind med totrinsbekræftelse for at bruge API'et.")}, status=403)
        target = "accounts:verify" if has_confirmed_totp_device(user) else "accounts:enrol"
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":
            # A redirect would be swapped into the page fragment; HX-Redirect loads the whole page instead.
            return HttpResponse(headers={"HX-Redirect": url})
        return HttpResponseRedirect(url)

    def is_open(self, path: str) -> bool:
        return path.startswith((settings.STATIC_URL, *OPEN_PREFIXES)) or path in self.open_paths


class PasswordChangeRequiredMiddleware:
    """Send a user whose password an administrator chose (``must_change_password``) to the password change first.

    Runs after ``SecondFactorMiddleware``: the person enrols the second factor, then replaces the temporary
    password; until then every other page, and the API by session, is closed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        names = ("accounts:login", "accounts:logout", "accounts:enrol", "accounts:verify", "accounts:password_change")
        return tuple(reverse(name) for name in names)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not getattr(user, "must_change_password", False) or self.is_open(request.path):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Skift din midlertidige adgangskode, før du bruger API'et.")}, status=403)
        url = reverse("accounts:password_change")
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(headers={"HX-Redirect": url})
        return HttpResponseRedirect(url)

    def is_open(self, path: str) -> bool:
        return path.startswith((settings.STATIC_URL, *OPEN_PREFIXES)) or path in self.open_paths
