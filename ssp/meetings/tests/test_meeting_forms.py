"""The forms of the meeting page: a refusal keeps what was typed, the minutes form edits the decision, removal asks
first, and a held or cancelled meeting offers no agenda changes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.meetings.models import AgendaItem, Decision
from ssp.meetings.services import add_agenda_item, cancel_meeting, mark_meeting_held, record_item_minutes
from ssp.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _field_group(page: str, name: str) -> str:
    """The design system's form group around the field ``name`` (its label, errors and input)."""
    match = re.search(rf'<div class="form-group[^"]*">(?:(?!<div class="form-group).)*?name="{name}"', page, re.S)
    assert match, f"no form group for {name}"
    return match.group(0)


def test_a_refused_general_item_keeps_what_was_typed_and_shows_the_error_at_the_field(
    glostrup, next_meeting, make_pupil, login
) -> None:
    make_pupil(glostrup.school_a, first_name="Mikkel", last_name="Sørensen")
    typed = {
        "title": "Orientering fra klubben",
        "kind": "general",
        "description": "Uro ved stationen.\nMikkel Sørensen var med.",
        "slot_minutes": 20,
        "remote_allowed": "on",
    }

    response = login(glostrup.consultant).post(reverse("meetings:add_item", args=[next_meeting.pk]), typed)

    page = response.content.decode()
    assert response.status_code == 400
    description = _field_group(page, "description")
    assert "form-error" in description and "linje 2" in description
    assert "Uro ved stationen.\nMikkel Sørensen var med.</textarea>" in page
    assert 'value="Orientering fra klubben"' in page and 'value="20"' in page
    assert re.search(r'name="remote_allowed"[^>]*checked', page)
    assert "form-error" not in _field_group(page, "title")
    assert not AgendaItem.objects.exists()


def test_a_refused_time_is_shown_at_the_time_field(glostrup, next_meeting, login) -> None:
    late = timezone.localtime(next_meeting.ends_at + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    response = login(glostrup.consultant).post(
        reverse("meetings:add_item", args=[next_meeting.pk]),
        {"title": "Orientering", "kind": "general", "planned_start": late, "slot_minutes": 15},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "inden for mødets tid" in _field_group(page, "planned_start")
    assert re.search(rf'name="planned_start" value="{late}"', page)


def test_the_minutes_form_shows_the_decision_and_changes_and_clears_it(glostrup, next_meeting, login) -> None:
    item = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
    record_item_minutes(item, actor=glostrup.consultant, text="Politiet orienterede.", decision="Natteravne kontaktes.")
    client = login(glostrup.consultant)
    url = reverse("meetings:item_minutes", args=[next_meeting.pk, item.pk])

    assert "Natteravne kontaktes.</textarea>" in client.get(url).content.decode()

    client.post(url, {"minutes": "Politiet orienterede.", "decision": "Klubben kontaktes."})
    assert list(Decision.objects.filter(item=item).values_list("text", flat=True)) == ["Klubben kontaktes."]

    client.post(url, {"minutes": "Politiet orienterede.", "decision": ""})
    assert not Decision.objects.filter(item=item).exists()
    assert "Politiet orienterede.</textarea>" in client.get(url).content.decode()


def test_removing_an_item_asks_first_and_removes_only_when_confirmed(glostrup, next_meeting, login) -> None:
    item = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
    client = login(glostrup.consultant)
    url = reverse("meetings:remove_item", args=[next_meeting.pk, item.pk])

    meeting_page = client.get(reverse("meetings:meeting", args=[next_meeting.pk])).content.decode()
    assert f'href="{url}"' in meeting_page
    question = client.get(url)
    assert question.status_code == 200 and "Fjern punkt 1?" in question.content.decode()
    assert "Tryghed i bymidten" in question.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()

    assert client.post(url).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_removal_question_for_a_person_sensitive_item_is_audited(glostrup, next_meeting, make_pupil, login) -> None:
    concern = make_pupil(glostrup.school_a)
    item = add_agenda_item(
        next_meeting, actor=glostrup.consultant, title="Elev", kind="person_sensitive", concern_ids=[concern.pk]
    )
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    login(glostrup.consultant).get(reverse("meetings:remove_item", args=[next_meeting.pk, item.pk]))

    shown = AuditEvent.objects.filter(pk__gt=before, actor=glostrup.consultant).values_list("citizen_id", "action")
    assert list(shown) == [(concern.citizen_id, "agenda")]


def test_only_the_forums_managers_are_asked(glostrup, next_meeting, login) -> None:
    item = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
    url = reverse("meetings:remove_item", args=[next_meeting.pk, item.pk])

    assert login(glostrup.teacher_a).get(url).status_code == 403
    assert login(glostrup.outsider).post(url).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("close", [mark_meeting_held, cancel_meeting])
def test_a_held_or_cancelled_meeting_offers_no_agenda_changes(glostrup, next_meeting, login, close) -> None:
    item = add_agenda_item(next_meeting, actor=glostrup.consultant, title="Tryghed i bymidten")
    close(next_meeting, actor=glostrup.consultant)
    client = login(glostrup.consultant)

    page = client.get(reverse("meetings:meeting", args=[next_meeting.pk])).content.decode()

    assert "Udsend dagsorden" not in page and "Udsend ændret dagsorden" not in page
    assert "Tilføj punkt" not in page and "Fjern punkt" not in page
    assert "dagsordenen kan ikke længere ændres eller udsendes" in page
    client.post(reverse("meetings:remove_item", args=[next_meeting.pk, item.pk]))
    assert AgendaItem.objects.filter(pk=item.pk).exists()
