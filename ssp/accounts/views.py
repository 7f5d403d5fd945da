"""Account pages: second-factor enrolment and verification, and "Min konto"."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ssp.accounts import selectors, services
from ssp.accounts.forms import ApiTokenForm, SecondFactorForm, TotpConfirmForm
from ssp.accounts.http import AuthedHttpRequest
from ssp.accounts.second_factor import (
    complete_second_factor,
    has_confirmed_totp_device,
    is_verified,
    totp_qr_data_uri,
    totp_secret_text,
)


def _next_url(request: AuthedHttpRequest) -> str:
    """The page the user was on before the second factor was asked for, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return str(reverse_lazy("core:start"))


@login_required
def enrol(request: AuthedHttpRequest) -> HttpResponse:
    # Replacing a device needs a verified session, or a password alone could add the thief's phone.
    if has_confirmed_totp_device(request.user) and not is_verified(request.user):
        return redirect(f"{reverse_lazy('accounts:verify')}?next={reverse_lazy('accounts:account')}")
    device = services.start_totp_enrolment(request.user, actor=request.user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp_device(device, actor=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            complete_second_factor(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    context = {"form": form, "qr": totp_qr_data_uri(device), "secret": totp_secret_text(device)}
    return render(request, "accounts/enrol.html", {**context, "next": _next_url(request)})


@login_required
def verify(request: AuthedHttpRequest) -> HttpResponse:
    if not has_confirmed_totp_device(request.user):
        return redirect("accounts:enrol")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(request.user, token=form.cleaned_data["token"])
        if device is not None:
            complete_second_factor(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("Koden passer ikke, eller den er allerede brugt."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def account(request: AuthedHttpRequest) -> HttpResponse:
    return _render_account(request, ApiTokenForm())


def _render_account(request: AuthedHttpRequest, token_form: ApiTokenForm, status: int = 200) -> HttpResponse:
    context = {
        "has_totp": has_confirmed_totp_device(request.user),
        "recovery_codes_left": selectors.recovery_codes_left(request.user),
        "tokens": selectors.active_api_tokens(request.user),
        "token_form": token_form,
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_POST
def regenerate_recovery_codes(request: AuthedHttpRequest) -> HttpResponse:
    codes = services.regenerate_recovery_codes(request.user, actor=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse_lazy("accounts:account")})


@login_required
@require_POST
def create_api_token(request: AuthedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_account(request, form, status=400)
    expires_on = form.cleaned_data["expires_on"]
    expires_at = timezone.make_aware(datetime.combine(expires_on, time.min)) if expires_on else None
    raw = services.issue_api_token(
        request.user,
        actor=request.user,
        name=form.cleaned_data["name"],
        expires_at=expires_at,
        read_only=form.cleaned_data["read_only"],
    )
    return render(request, "accounts/api_token_created.html", {"raw_token": raw, "name": form.cleaned_data["name"]})


@login_required
@require_POST
def revoke_api_token(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_own_api_token(request.user, pk)
    services.revoke_api_token(token, actor=request.user)
    messages.success(request, _("API-nøglen “%(name)s” er tilbagekaldt.") % {"name": token.name})
    return redirect("accounts:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_change(form.user)
        messages.success(self.request, gettext_lazy("Din adgangskode er skiftet."))
        return response
