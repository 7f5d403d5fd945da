"""Pages of the structure: the national overview, districts, municipalities, forums and org charts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ssp.accounts.http import AuthedHttpRequest
from ssp.accounts.models import User
from ssp.structure import selectors, services
from ssp.structure.forms import EndMembershipForm, ForumForm, MembershipForm, OrganisationForm, seat_formset
from ssp.structure.models import Forum, Membership, Municipality, Organisation
from ssp.structure.permissions import can_administer_forum, can_administer_municipality
from ssp.structure.services import StructureError


@login_required
def overview(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "structure/overview.html", {"districts": selectors.overview()})


@login_required
def district(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    return render(request, "structure/district.html", {"district": selectors.district_detail(slug)})


@login_required
def municipality(request: AuthedHttpRequest, code: str) -> HttpResponse:
    place, levels, organisations = selectors.municipality_detail(code)
    context = {
        "municipality": place,
        "levels": levels,
        "organisations": organisations,
        "can_edit": can_administer_municipality(request.user, place),
    }
    return render(request, "structure/municipality.html", context)


@login_required
def forum(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.forum_detail(pk)
    can_edit = can_administer_forum(request.user, found)
    context = {
        "forum": found,
        "chain": selectors.reporting_chain(found),
        "can_edit": can_edit,
        "activities": selectors.forum_activity(found) if can_edit else [],
    }
    return render(request, "structure/forum.html", context)


@login_required
def forum_members(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The forum page's member list alone, opened in place on the municipality page: the same reader, the same
    members and the same editing links as on the forum page."""
    found = selectors.forum_members(pk)
    members = found.current_members  # type: ignore[attr-defined]
    context = {"forum": found, "members": members, "can_edit": can_administer_forum(request.user, found)}
    return render(request, "structure/partials/forum_members.html", context)


@login_required
def municipality_chart(request: AuthedHttpRequest, code: str) -> HttpResponse:
    place, forums, roots = selectors.municipality_chart(code)
    context = {"scope": place, "district": place.police_district, "forums": forums, "roots": roots}
    return render(request, "structure/chart.html", context)


@login_required
def municipality_forums_chart(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """A municipality's own forums as a chart, opened in place in its section of the district chart."""
    place, forums, roots = selectors.municipality_forums_chart(code)
    context = {"scope": place, "forums": forums, "roots": roots, "outline_level": 4}
    return render(request, "structure/partials/chart_body.html", context)


@login_required
def district_chart(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    found = selectors.district_chart(slug)
    context = {
        "scope": found.district,
        "forums": found.forums,
        "roots": found.roots,
        "municipalities": found.municipalities,
    }
    return render(request, "structure/district_chart.html", context)


# Editing, for the municipality's administrators (and system administrators everywhere).


def _administered(user: User, place: Municipality | None) -> Municipality:
    if place is None or not can_administer_municipality(user, place):
        raise PermissionDenied
    return place


@login_required
def forum_edit(request: AuthedHttpRequest, code: str | None = None, pk: int | None = None) -> HttpResponse:
    forum = get_object_or_404(Forum.objects.select_related("municipality"), pk=pk) if pk else Forum()
    place = _administered(request.user, forum.municipality if pk else Municipality.objects.filter(code=code).first())
    data = request.POST if request.method == "POST" else None
    form = ForumForm(data, instance=forum, municipality=place)
    seats = seat_formset(data, forum=forum)
    if data is not None and form.is_valid() and seats.is_valid():
        try:
            with transaction.atomic():
                saved = services.save_forum(
                    form.save(commit=False),
                    actor=request.user,
                    member_municipalities=form.cleaned_data["member_municipalities"],
                )
                seats.save_through_services(saved, actor=request.user)
        except StructureError as error:
            form.add_structure_errors(error)
        else:
            messages.success(request, _("Forummet er gemt."))
            return redirect("structure:forum", saved.pk)
    return render(
        request, "structure/forum_form.html", {"form": form, "seats": seats, "municipality": place, "forum": forum}
    )


@login_required
def membership_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    forum = get_object_or_404(Forum.objects.select_related("municipality"), pk=pk)
    _administered(request.user, forum.municipality)
    policy = services.membership_policy()
    form = MembershipForm(
        request.POST or None,
        forum=forum,
        users=policy.eligible_members(forum, actor=request.user),
        organisations=policy.eligible_organisations(forum),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_membership(forum=forum, actor=request.user, **form.cleaned_data)
        except StructureError as error:
            form.add_structure_errors(error)
        else:
            messages.success(request, _("Medlemmet er tilføjet."))
            return redirect("structure:forum", forum.pk)
    return render(request, "structure/membership_form.html", {"form": form, "forum": forum})


@login_required
def membership_end(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("forum__municipality", "user"), pk=pk)
    _administered(request.user, membership.forum.municipality)
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(membership, ends_on=form.cleaned_data["ends_on"], actor=request.user)
        except StructureError as error:
            for name, errors in error.message_dict.items():
                form.add_error("ends_on" if name == "ends_on" else None, errors)
        else:
            messages.success(request, _("Medlemskabet er afsluttet."))
            return redirect("structure:forum", membership.forum_id)
    return render(request, "structure/membership_end.html", {"form": form, "membership": membership})


@login_required
def organisation_edit(request: AuthedHttpRequest, code: str | None = None, pk: int | None = None) -> HttpResponse:
    organisation = (
        get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk) if pk else Organisation()
    )
    place = _administered(
        request.user, organisation.municipality if pk else Municipality.objects.filter(code=code).first()
    )
    form = OrganisationForm(request.POST or None, instance=organisation, municipality=place)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_organisation(form.save(commit=False), actor=request.user)
        except StructureError as error:
            form.add_structure_errors(error)
        else:
            messages.success(request, _("Organisationen er gemt."))
            return redirect("structure:municipality", place.code)
    return render(request, "structure/organisation_form.html", {"form": form, "municipality": place})
