"""Group pages: the network view (who is linked to whom), one group with places and observations, and the forms.

Names appear only for citizens the viewer may see (``ssp.privacy``); others are a count. Each page that names
citizens discloses them through the privacy door (one audit event per citizen shown).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ssp.accounts.http import AuthedHttpRequest
from ssp.casework import group_services as services
from ssp.casework import selectors
from ssp.casework.forms import GroupForm, LinkConcernForm, MemberForm, ObservationForm, PlaceForm
from ssp.casework.network import network_svg
from ssp.casework.views import _apply
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import citizens_visible_to


def _disclose(request: AuthedHttpRequest, network: Any, ref: str) -> None:
    rows = [node.citizen_id for node in network.nodes]
    door.disclose(request.user, rows, purpose=AuditAction.LIST, request=request, detail=ref)


@login_required
@transaction.atomic
def network(request: AuthedHttpRequest) -> HttpResponse:
    """All groups the user may see, the network between their members, and the form to start a new group."""
    groups = list(selectors.groups_visible_to(request.user).order_by("name", "pk"))
    form = GroupForm(request.POST or None)
    if request.method == "POST":
        if request.user.municipality_id is None:
            raise PermissionDenied
        made = form.is_valid() and _apply(
            form, lambda: services.create_group(request.user.municipality_id, actor=request.user, **form.cleaned_data)
        )
        if made:
            return redirect("casework:group", pk=made.pk)
    built = selectors.network_for(request.user, groups)
    _disclose(request, built, "casework:network")
    context = {
        "network": built,
        "svg": network_svg(built, title=_("Netværk mellem grupperingernes medlemmer")),
        "form": form,
    }
    return render(request, "casework/network.html", context, status=400 if form.errors else 200)


GROUP_FORMS: dict[str, type[Form]] = {
    "member": MemberForm,
    "place": PlaceForm,
    "observation": ObservationForm,
    "concern": LinkConcernForm,
}


@login_required
@transaction.atomic
def group_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(selectors.groups_visible_to(request.user), pk=pk)
    forms = {
        name: form_class(request.POST if name in request.POST else None) for name, form_class in GROUP_FORMS.items()
    }
    if request.method == "POST" and _change(request, group, forms) is not None:
        messages.success(request, _("Grupperingen er opdateret."))
        return redirect("casework:group", pk=group.pk)
    built = selectors.network_for(request.user, [group])
    _disclose(request, built, f"group:{group.pk}")
    context = {
        "group": group,
        "network": built,
        "visible": built.groups[0],
        "svg": network_svg(built, title=group.name),
        "places": list(group.places.all()),
        "observations": list(group.observations.select_related("recorded_by").order_by("-observed_on", "-pk")),
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "casework/group.html", context, status=400 if request.method == "POST" else 200)


def _change(request: AuthedHttpRequest, group: Any, forms: dict[str, Form]) -> Any:
    pressed = next((name for name in GROUP_FORMS if name in request.POST), None)
    if pressed is None or not forms[pressed].is_valid():
        return None
    form, user = forms[pressed], request.user
    data = form.cleaned_data
    if pressed == "member":
        citizen = citizens_visible_to(user).filter(pk=data["citizen_id"]).first()
        if citizen is None:
            form.add_error("citizen_id", _("Borgeren findes ikke, eller du har ikke adgang til borgeren."))
            return None
        return _apply(form, lambda: services.add_member(group, actor=user, citizen=citizen, request=request))
    if pressed == "place":
        return _apply(form, lambda: services.add_place(group, actor=user, request=request, **data))
    if pressed == "observation":
        return _apply(form, lambda: services.add_observation(group, actor=user, request=request, **data))
    return _apply(form, lambda: services.link_concern(group, actor=user, request=request, **data))
