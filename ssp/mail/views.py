"""The administrator's outbox: every message the platform sent or tried to send, with its state."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from ssp.accounts.http import AuthedHttpRequest
from ssp.mail import selectors
from ssp.mail.forms import OutboxFilterForm

PAGE_SIZE = 50


@login_required
def outbox(request: AuthedHttpRequest) -> HttpResponse:
    if not selectors.may_read_outbox(request.user):
        raise PermissionDenied
    form = OutboxFilterForm(request.GET or None)
    rows = selectors.outbox_for(request.user)
    if form.is_valid() and form.cleaned_data["state"]:
        rows = rows.filter(state=form.cleaned_data["state"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "mail/outbox.html", {"form": form, "page": page, "query": query.urlencode()})
