"""Pages of the meetings capability: thin views that fetch through the access functions and call one service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssp.accounts.http import AuthedHttpRequest
from ssp.lib import errors
from ssp.lib.params import parse_year
from ssp.meetings import selectors, services
from ssp.meetings.calendar_entries import CalendarScope, calendar_entries
from ssp.meetings.disclosure import disclose_agenda, disclose_item_minutes
from ssp.meetings.forms import AgreementForm, GenerateForm, ItemForm, MeetingForm, MinutesForm
from ssp.meetings.ical import feed_calendar
from ssp.meetings.minutes_pdf import general_minutes_pdf
from ssp.meetings.models import AgendaItem, CalendarFeed, Meeting, MeetingStatus
from ssp.meetings.permissions import (
    can_manage_forum,
    get_forum_for,
    get_meeting_for,
    get_municipality_for,
    owners_of,
)
from ssp.meetings.selectors import Period
from ssp.privacy.models import AuditAction
from ssp.structure.models import Forum, Municipality


def _calendar_page(
    request: AuthedHttpRequest,
    *,
    title: str,
    meetings: list[Meeting],
    period: Period,
    forum: Forum | None = None,
    municipality: Municipality | None = None,
    **extra: Any,
) -> HttpResponse:
    scope = CalendarScope(request.user, period.first, period.last, forum=forum, municipality=municipality)
    entries = calendar_entries(scope)
    context = {"title": title, "period": period, "forum": forum, **extra}
    if period.month is None:
        context["blocks"] = selectors.year_blocks(period, meetings, entries)
    else:
        context["weeks"] = selectors.month_grid(period, meetings, entries)
    return render(request, "meetings/calendar.html", context)


def _report_form_errors(request: HttpRequest, form: Form) -> None:
    """Forms posted from the meeting page redirect back to it, so their errors travel as messages."""
    for field, problems in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(problem) for problem in problems)
        messages.error(request, f"{label}: {text}" if label else text)


def _period(request: HttpRequest) -> Period:
    return Period.parse(request.GET.get("year"), request.GET.get("month"), request.GET.get("view"))


@login_required
def my_calendar(request: AuthedHttpRequest) -> HttpResponse:
    period = _period(request)
    meetings = selectors.user_meetings(request.user, period)
    return _calendar_page(request, title=_("Mine møder"), meetings=meetings, period=period)


@login_required
def forum_calendar(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    forum = get_forum_for(request.user, pk)
    period = _period(request)
    meetings = selectors.forum_meetings(forum, period)
    return _calendar_page(
        request,
        title=forum.name,
        meetings=meetings,
        period=period,
        forum=forum,
        can_manage=can_manage_forum(request.user, forum),
        generate_form=GenerateForm(),
    )


@login_required
def municipality_calendar(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for(request.user, slug)
    period = _period(request)
    meetings = selectors.municipality_meetings(municipality, period)
    return _calendar_page(request, title=municipality.name, meetings=meetings, period=period, municipality=municipality)


@login_required
@require_POST
def generate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    forum = get_forum_for(request.user, pk, manage=True)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect("meetings:forum", pk=forum.pk)
    result = services.generate_meetings(
        forum, start=form.cleaned_data["start"], end=form.cleaned_data["end"], actor=request.user
    )
    messages.success(
        request,
        _("Møder foreslået: %(created)d nye, %(updated)d opdateret, %(removed)d fjernet, %(kept)d ændrede bevaret.")
        % result.__dict__,
    )
    return redirect("meetings:forum", pk=forum.pk)


@login_required
def move(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, manage=True)
    form = MeetingForm(
        request.POST or None,
        initial={"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mødet er flyttet."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/move.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, manage=True)
    services.cancel_meeting(meeting, actor=request.user)
    messages.success(request, _("Mødet er aflyst, og de indkaldte har fået besked."))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
def feed_settings(request: AuthedHttpRequest) -> HttpResponse:
    token = None
    if request.method == "POST":
        token = services.renew_calendar_feed(request.user, actor=request.user)
    has_feed = CalendarFeed.objects.filter(user=request.user).exists()
    url = request.build_absolute_uri(reverse("meetings:feed", args=[token])) if token else None
    return render(request, "meetings/feed_settings.html", {"feed_url": url, "has_feed": has_feed})


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret iCalendar address: the token is the only credential, so it is looked up by its hash."""
    subscription = (
        CalendarFeed.objects.filter(token_hash=services.hash_feed_token(token)).select_related("user").first()
    )
    if subscription is None or not subscription.user.is_active:
        raise Http404
    since = timezone.localdate() - timedelta(days=selectors.FEED_DAYS_BACK)
    entries = calendar_entries(CalendarScope(subscription.user, since, None))
    body = feed_calendar(selectors.feed_meetings(subscription.user), entries)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _render_meeting(request: AuthedHttpRequest, meeting: Meeting, **forms: Form) -> HttpResponse:
    """The meeting page; a refused form is shown again in place with what was typed and its errors (400)."""
    meeting = selectors.meeting_page(meeting)
    can_manage = can_manage_forum(request.user, meeting.forum)
    item_views = selectors.agenda_view(meeting, request.user, can_manage=can_manage)
    disclose_agenda(request.user, meeting, item_views, purpose=AuditAction.AGENDA, request=request)
    context = {
        "meeting": meeting,
        "item_views": item_views,
        "can_manage": can_manage,
        "agenda_open": meeting.status == MeetingStatus.PLANNED,
        "item_form": ItemForm() if can_manage else None,
        "agreement_form": AgreementForm(owners=owners_of(meeting)) if can_manage else None,
        **forms,
    }
    return render(request, "meetings/meeting.html", context, status=400 if forms else 200)


@login_required
def meeting_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _render_meeting(request, get_meeting_for(request.user, pk))


def _report_refusal(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def add_item(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, manage=True)
    form = ItemForm(request.POST)
    if form.is_valid() and errors.applied(
        form, lambda: services.add_agenda_item(meeting, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Punktet er tilføjet."))
        return redirect("meetings:meeting", pk=meeting.pk)
    return _render_meeting(request, meeting, item_form=form)


@login_required
def remove_item(request: AuthedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Removing an item asks first: a page that names the item and removes it only when confirmed (no script)."""
    meeting = get_meeting_for(request.user, pk, manage=True)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    if request.method == "POST":
        try:
            services.remove_agenda_item(item, actor=request.user)
        except ValidationError as error:
            _report_refusal(request, error)
        else:
            messages.success(request, _("Punktet er fjernet."))
        return redirect("meetings:meeting", pk=meeting.pk)
    content_visible = selectors.item_content_visible(item, request.user)
    if content_visible:
        disclose_item_minutes(request.user, item, request=request, purpose=AuditAction.AGENDA)
    context = {"meeting": meeting, "item": item, "content_visible": content_visible}
    return render(request, "meetings/remove_item.html", context)


@login_required
@require_POST
def publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, manage=True)
    try:
        services.publish_agenda(meeting, actor=request.user)
    except ValidationError as error:
        _report_refusal(request, error)
    else:
        messages.success(request, _("Dagsordenen er udsendt til deltagerne."))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
def item_minutes(request: AuthedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Minutes of one item; a person-sensitive item's page exists only for its participants."""
    meeting = get_meeting_for(request.user, pk, manage=True)
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__forum"), pk=item_pk, meeting=meeting)
    if not selectors.item_content_visible(item, request.user):
        raise Http404
    initial = {"minutes": item.minutes, "decision": services.current_decision(item)}
    form = MinutesForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and errors.applied(
            form,
            lambda: services.record_item_minutes(
                item, actor=request.user, text=form.cleaned_data["minutes"], decision=form.cleaned_data["decision"]
            ),
        )
    ):
        messages.success(request, _("Referatet er gemt."))
        return redirect("meetings:meeting", pk=meeting.pk)
    disclose_item_minutes(request.user, item, request=request)
    return render(request, "meetings/item_minutes.html", {"meeting": meeting, "item": item, "form": form})


@login_required
@require_POST
def attendance(request: AuthedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, manage=True)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    invited = {p.user_id: p.user for p in item.participants.select_related("user")}
    present = [invited[int(v)] for v in request.POST.getlist("present") if v.isdigit() and int(v) in invited]
    remote = [invited[int(v)] for v in request.POST.getlist("remote") if v.isdigit() and int(v) in invited]
    services.record_attendance(item, actor=request.user, present=present, remote=remote)
    messages.success(request, _("Fremmødet er registreret."))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
@require_POST
def held(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, manage=True)
    services.mark_meeting_held(meeting, actor=request.user)
    messages.success(request, _("Mødet er registreret som afholdt."))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
@require_POST
def publish_minutes(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, manage=True)
    try:
        services.publish_minutes(meeting, actor=request.user)
    except ValidationError as error:
        _report_refusal(request, error)
    else:
        messages.success(request, _("Referatet er udsendt til forummets medlemmer."))
    return redirect("meetings:meeting", pk=meeting.pk)


@login_required
def minutes_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    # Members read the general minutes once published; the coordinator may export a draft before.
    if meeting.minutes_published_at is None and not can_manage_forum(request.user, meeting.forum):
        raise Http404
    response = HttpResponse(general_minutes_pdf(selectors.meeting_page(meeting)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referat-{meeting.pk}.pdf"'
    return response


@login_required
@require_POST
def add_agreement(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk, manage=True)
    form = AgreementForm(request.POST, owners=owners_of(meeting))
    if form.is_valid() and errors.applied(
        form, lambda: services.add_agreement(meeting, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Aftalen er gemt."))
        return redirect("meetings:meeting", pk=meeting.pk)
    return _render_meeting(request, meeting, agreement_form=form)


@login_required
def my_agreements(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "meetings/agreements.html", selectors.start_agreements(request.user))


@login_required
@require_POST
def complete_agreement(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.own_open_agreement(request.user, pk)
    services.complete_agreement(agreement, actor=request.user)
    messages.success(request, _("Aftalen er markeret som udført."))
    return redirect("meetings:agreements")


@login_required
def forum_year(request: AuthedHttpRequest, pk: int, year: int) -> HttpResponse:
    forum = get_forum_for(request.user, pk)
    overview = selectors.forum_year(forum, parse_year(year))
    return render(request, "meetings/year.html", {"title": forum.name, "overview": overview})


@login_required
def municipality_year(request: AuthedHttpRequest, slug: str, year: int) -> HttpResponse:
    municipality = get_municipality_for(request.user, slug)
    overview = selectors.municipality_year(municipality, parse_year(year))
    return render(request, "meetings/year.html", {"title": municipality.name, "overview": overview})
