"""The meeting page and its actions: who sees what, who may change what, and fixed query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from ssp.meetings.models import AgendaItem, Meeting, MeetingStatus
from ssp.meetings.services import add_agenda_item, add_agreement, publish_minutes, record_item_minutes
from ssp.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(glostrup, next_meeting, make_pupil):
    g = glostrup
    add_agenda_item(
        next_meeting, actor=g.consultant, title="Tryghed i bymidten", description="Orientering fra politiet."
    )
    for school in (g.school_a, g.school_b, g.school_a):
        concern = make_pupil(school)
        add_agenda_item(
            next_meeting,
            actor=g.consultant,
            title=f"Sag {concern.pk} – {school.name}",
            kind="person_sensitive",
            concern_ids=[concern.pk],
        )
    return next_meeting


def test_school_rep_sees_only_own_pupils_items(glostrup, agenda, login) -> None:
    page = login(glostrup.teacher_b).get(reverse("meetings:meeting", args=[agenda.pk])).content.decode()
    assert "Tryghed i bymidten" in page
    assert "Skovvejens Skole" in page and "Vestervangskolen" not in page
    assert page.count("kun for deltagere med et fagligt behov") == 2


def test_showing_person_sensitive_items_records_each_citizen_shown(glostrup, agenda, login) -> None:
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    login(glostrup.teacher_a).get(reverse("meetings:meeting", args=[agenda.pk]))
    events = list(AuditEvent.objects.filter(pk__gt=before))
    shown = {
        (concern.citizen_id, concern.pk)
        for item in agenda.items.filter(participants__user=glostrup.teacher_a)
        for concern in item.concerns.all()
    }
    # One event per citizen shown, so each citizen's access-history export names this agenda.
    assert {(event.citizen_id, event.concern_id) for event in events} == shown and len(events) == len(shown)
    assert all(e.actor_id == glostrup.teacher_a.pk and e.action == "agenda" and "items=2" in e.detail for e in events)


def test_meeting_page_query_count_is_fixed(glostrup, agenda, login, django_assert_num_queries) -> None:
    client = login(glostrup.consultant)
    url = reverse("meetings:meeting", args=[agenda.pk])
    client.get(url)
    # The audit event of the person-sensitive items reads the chain head before it writes; the coordinator
    # also reads the state of the meeting's e-mails (one query).
    with django_assert_num_queries(15):
        client.get(url)


def test_coordinator_adds_an_item_and_a_refused_text_explains_itself(glostrup, next_meeting, make_pupil, login) -> None:
    make_pupil(glostrup.school_a, first_name="Mikkel", last_name="Sørensen")
    client = login(glostrup.consultant)
    url = reverse("meetings:add_item", args=[next_meeting.pk])
    response = client.post(
        url,
        {"title": "Orientering", "kind": "general", "description": "Drengen\nMikkel Sørensen", "slot_minutes": 15},
        follow=True,
    )
    assert "linje 2" in response.content.decode()
    assert not AgendaItem.objects.exists()
    client.post(url, {"title": "Orientering", "kind": "general", "description": "Status", "slot_minutes": 15})
    assert AgendaItem.objects.filter(meeting=next_meeting, number=1).exists()


@pytest.mark.parametrize(
    "description",
    [
        "Drengen Mik\u00adkel Sørensen",  # soft hyphen
        "Drengen Mikkel S\u00f8r\u0435nsen",  # Cyrillic е
        "Sørensen, Mikkel",
        "Mikkel S. fra 7.b",
        "Drengen 010203–1234",  # en dash
        "Drengen 010203\u200b1234",  # zero-width space
    ],
)
def test_a_disguised_name_or_cpr_number_is_refused_from_a_general_item(
    description, glostrup, next_meeting, make_pupil, login
) -> None:
    """Hole 5 of issue 8, tried from outside: the coordinator's form took each of these as general text."""
    make_pupil(glostrup.school_a, first_name="Mikkel", last_name="Sørensen")
    response = login(glostrup.consultant).post(
        reverse("meetings:add_item", args=[next_meeting.pk]),
        {"title": "Orientering", "kind": "general", "description": description, "slot_minutes": 15},
        follow=True,
    )
    assert "ser ud til at indeholde personoplysninger" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_item_minutes_page_of_a_sensitive_item_is_hidden_from_non_participants(glostrup, agenda, login) -> None:
    item = AgendaItem.objects.get(meeting=agenda, number=2)
    assert item.participants.filter(user=glostrup.consultant).exists()
    assert (
        login(glostrup.consultant).get(reverse("meetings:item_minutes", args=[agenda.pk, item.pk])).status_code == 200
    )


def test_minutes_pdf_contains_general_items_only(glostrup, agenda, login) -> None:
    record_item_minutes(agenda.items.get(number=1), actor=glostrup.consultant, text="Politiet orienterede.")
    client = login(glostrup.police)
    assert client.get(reverse("meetings:minutes_pdf", args=[agenda.pk])).status_code == 404
    publish_minutes(agenda, actor=glostrup.consultant)
    response = client.get(reverse("meetings:minutes_pdf", args=[agenda.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_move_page_moves_the_meeting(glostrup, next_meeting, login) -> None:
    start = next_meeting.starts_at + timedelta(days=1)
    fmt = "%Y-%m-%dT%H:%M"
    from django.utils import timezone

    response = login(glostrup.consultant).post(
        reverse("meetings:move", args=[next_meeting.pk]),
        {
            "starts_at": timezone.localtime(start).strftime(fmt),
            "ends_at": timezone.localtime(start + timedelta(hours=1)).strftime(fmt),
            "place": "Politistationen",
        },
    )
    assert response.status_code == 302
    next_meeting.refresh_from_db()
    assert next_meeting.place == "Politistationen" and next_meeting.changed_by_user and next_meeting.sequence == 1


MANAGE_ROUTES = [
    ("meetings:move", "post"),
    ("meetings:cancel", "post"),
    ("meetings:held", "post"),
    ("meetings:add_item", "post"),
    ("meetings:publish", "post"),
    ("meetings:publish_minutes", "post"),
    ("meetings:add_agreement", "post"),
]


@pytest.mark.parametrize(("route", "method"), MANAGE_ROUTES)
def test_members_without_a_managing_role_are_refused(glostrup, next_meeting, login, route: str, method: str) -> None:
    response = getattr(login(glostrup.teacher_a), method)(reverse(route, args=[next_meeting.pk]))
    assert response.status_code == 403
    next_meeting.refresh_from_db()
    assert next_meeting.status == MeetingStatus.PLANNED and next_meeting.sequence == 0


@pytest.mark.parametrize("route", ["meetings:meeting", "meetings:minutes_pdf"])
def test_outsiders_cannot_read_a_meeting(glostrup, next_meeting, login, route: str) -> None:
    # 404 as for a meeting that does not exist: an outsider learns nothing about the forum's meetings.
    assert login(glostrup.outsider).get(reverse(route, args=[next_meeting.pk])).status_code == 404


@pytest.mark.parametrize("route", ["meetings:item_minutes", "meetings:attendance", "meetings:remove_item"])
def test_item_routes_refuse_members_without_a_managing_role(glostrup, agenda, login, route: str) -> None:
    item = agenda.items.get(number=1)
    response = login(glostrup.teacher_a).post(reverse(route, args=[agenda.pk, item.pk]))
    assert response.status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_anonymous_users_are_sent_to_log_in(client, next_meeting) -> None:
    for route, _method in [*MANAGE_ROUTES, ("meetings:meeting", "get")]:
        assert client.post(reverse(route, args=[next_meeting.pk])).status_code == 302
    assert Meeting.objects.get(pk=next_meeting.pk).sequence == 0


def test_agreement_form_on_the_page(glostrup, next_meeting, login) -> None:
    add_agreement(
        next_meeting,
        actor=glostrup.consultant,
        what="Kontakt natteravnene",
        owner=glostrup.police,
        due_on=next_meeting.starts_at.date(),
    )
    assert (
        "Kontakt natteravnene"
        in login(glostrup.police).get(reverse("meetings:meeting", args=[next_meeting.pk])).content.decode()
    )
