"""Pages of the privacy core: emergency access and its review (audit view and retention in their own modules)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssp.concerns.models import Citizen
from ssp.core.http import AuthedHttpRequest
from ssp.privacy import policy, selectors, services
from ssp.privacy.forms import EmergencyAccessForm, ReviewForm

ADMIN_ROLE = "municipal_admin"


def _require_municipal_admin(request: AuthedHttpRequest) -> None:
    if request.user.role != ADMIN_ROLE or request.user.municipality_id is None:
        raise PermissionDenied


@login_required
def request_emergency(request: AuthedHttpRequest, citizen_id: int) -> HttpResponse:
    """Break the glass for one citizen of the user's own municipality (anything else is a 404)."""
    citizen = Citizen.objects.select_related("municipality").filter(pk=citizen_id).first()
    if citizen is None or not policy.same_municipality(request.user, citizen):
        raise Http404
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        policy.request_emergency_access(
            citizen,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            hours=form.cleaned_data["hours"],
            request=request,
        )
        messages.success(request, _("Du har fået nødadgang. Kommunens administrator får besked og gennemgår den."))
        return redirect("concerns:citizen", citizen.pk)
    return render(request, "privacy/emergency_request.html", {"form": form, "citizen_id": citizen_id})


@login_required
def emergency_review(request: AuthedHttpRequest) -> HttpResponse:
    _require_municipal_admin(request)
    grants = list(selectors.unreviewed_emergency_grants(request.user))
    return render(request, "privacy/emergency_review.html", {"grants": grants, "form": ReviewForm()})


@login_required
@require_POST
def mark_reviewed(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_municipal_admin(request)
    grant = get_object_or_404(selectors.unreviewed_emergency_grants(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        grants = list(selectors.unreviewed_emergency_grants(request.user))
        return render(
            request, "privacy/emergency_review.html", {"grants": grants, "form": form, "failed": pk}, status=400
        )
    services.review_emergency_grant(grant, actor=request.user, note=form.cleaned_data["note"], request=request)
    messages.success(request, _("Nødadgangen er markeret som gennemgået."))
    return redirect("privacy:emergency_review")
