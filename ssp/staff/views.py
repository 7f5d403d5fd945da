"""Pages of the staff administration: list, create, edit, deactivate, reset the second factor, positions."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssp.accounts import services as account_services
from ssp.accounts.http import AuthedHttpRequest
from ssp.accounts.models import User
from ssp.privacy import staff as policy
from ssp.staff import selectors, services
from ssp.staff.forms import NewStaffForm, PositionForm, StaffFilterForm, StaffForm
from ssp.structure.models import Position

PAGE_SIZE = 50


def _require_administrator(request: AuthedHttpRequest) -> None:
    if not policy.may_administer_staff(request.user):
        raise PermissionDenied


def _apply_errors(form: StaffForm | NewStaffForm | PositionForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
def staff_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_administrator(request)
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.staff_list(request.user, query=filters.get("q", ""), status=filters.get("status", "active"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "staff/list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def staff_create(request: AuthedHttpRequest) -> HttpResponse:
    _require_administrator(request)
    form = NewStaffForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_staff_member(
                actor=request.user,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                role=data["role"],
                municipality=data.get("municipality", request.user.municipality),
                police_district=data.get("police_district", request.user.police_district),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return render(
                request, "staff/created.html", {"member": created.user, "password": created.temporary_password}
            )
    return render(request, "staff/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def staff_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    member = selectors.get_staff_member_for(request.user, pk)
    initial = {field: getattr(member, field) for field in services.EDITABLE_FIELDS}
    form = StaffForm(request.POST or None, actor=request.user, user=member, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_staff_member(member, actor=request.user, changes=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Ændringerne er gemt.") if changed else _("Der var ingen ændringer."))
            return redirect("staff:detail", pk=member.pk)
    return _render_detail(request, member, form, PositionForm(actor=request.user))


def _render_detail(
    request: AuthedHttpRequest, member: User, form: StaffForm, position_form: PositionForm
) -> HttpResponse:
    context = {
        "member": member,
        "form": form,
        "position_form": position_form,
        "positions": selectors.positions_of(member),
        "activity": selectors.activity_of(member),
        "may_deactivate": policy.may_deactivate(request.user, member),
        "may_reset_second_factor": policy.may_reset_second_factor(request.user, member),
    }
    return render(request, "staff/detail.html", context, status=400 if form.errors or position_form.errors else 200)


def _act(request: AuthedHttpRequest, pk: int, change: Callable[[User], None], done: str) -> HttpResponse:
    _require_administrator(request)
    member = selectors.get_staff_member_for(request.user, pk)
    change(member)
    messages.success(request, done)
    return redirect("staff:detail", pk=member.pk)


@login_required
@require_POST
def deactivate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda member: services.set_staff_active(member, actor=request.user, active=False),
        _("Kontoen er deaktiveret. Medarbejderen kan ikke længere logge ind."),
    )


@login_required
@require_POST
def reactivate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda member: services.set_staff_active(member, actor=request.user, active=True),
        _("Kontoen er aktiv igen."),
    )


@login_required
@require_POST
def reset_second_factor(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda member: account_services.reset_second_factor(member, actor=request.user),
        _("Totrinsbekræftelsen er nulstillet. Medarbejderen opretter en ny ved næste log-ind."),
    )


@login_required
@require_POST
def add_position(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    member = selectors.get_staff_member_for(request.user, pk)
    position_form = PositionForm(request.POST, actor=request.user)
    if position_form.is_valid():
        try:
            services.add_staff_position(member, actor=request.user, **position_form.cleaned_data)
        except ValidationError as error:
            _apply_errors(position_form, error)
        else:
            messages.success(request, _("Stillingen er tilføjet."))
            return redirect("staff:detail", pk=member.pk)
    initial = {field: getattr(member, field) for field in services.EDITABLE_FIELDS}
    return _render_detail(request, member, StaffForm(actor=request.user, user=member, initial=initial), position_form)


@login_required
@require_POST
def end_position(request: AuthedHttpRequest, pk: int, position_pk: int) -> HttpResponse:
    _require_administrator(request)
    member = selectors.get_staff_member_for(request.user, pk)
    position = get_object_or_404(Position.objects.select_related("organisation", "user"), pk=position_pk, user=member)
    services.end_staff_position(position, actor=request.user, ends_on=max(timezone.localdate(), position.starts_on))
    messages.success(request, _("Stillingen er afsluttet."))
    return redirect("staff:detail", pk=member.pk)
