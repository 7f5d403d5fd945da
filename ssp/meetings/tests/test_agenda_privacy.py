"""Issue 8, holes 7 and 8 and the minutes-page audit, tried from outside as the roles would.

- Hole 7: draft minutes were readable by every member on the meeting page and through the API before publication.
- Hole 8: the participant names of a person-sensitive item were shown to every invitee, which told them the
  pupil's school (the school's representative is among the names).
- Hole 4: the minutes page of a person-sensitive item wrote no audit event.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ssp.meetings.services import publish_minutes
from ssp.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

DRAFT = "Politiet orienterede om uroen ved stationen."


@pytest.fixture
def agenda(make_minuted_agenda):
    return make_minuted_agenda(DRAFT, decision="Følges op i december.")


def test_a_member_reads_no_draft_minutes_on_the_page_or_through_the_api(glostrup, agenda, login) -> None:
    member = login(glostrup.teacher_b)
    page = member.get(reverse("meetings:meeting", args=[agenda.pk])).content.decode()
    api = member.get(f"/api/v1/meetings/{agenda.pk}/minutes")

    assert DRAFT not in page and "Følges op i december." not in page
    assert api.status_code == 404 and DRAFT not in api.content.decode()


def test_the_coordinator_reads_the_draft_and_members_read_it_once_published(glostrup, agenda, login) -> None:
    assert DRAFT in login(glostrup.consultant).get(reverse("meetings:meeting", args=[agenda.pk])).content.decode()

    publish_minutes(agenda, actor=glostrup.consultant)

    member = login(glostrup.teacher_b)
    assert DRAFT in member.get(reverse("meetings:meeting", args=[agenda.pk])).content.decode()
    assert member.get(f"/api/v1/meetings/{agenda.pk}/minutes").json()[0]["minutes"] == DRAFT


def _hidden_rows(page: str) -> list[str]:
    return [row for row in re.findall(r"<tr>.*?</tr>", page, flags=re.S) if "kun for deltagere med et" in row]


def test_an_invitee_outside_a_sensitive_item_does_not_see_who_takes_part(glostrup, agenda, login) -> None:
    page = login(glostrup.teacher_b).get(reverse("meetings:meeting", args=[agenda.pk])).content.decode()

    rows = _hidden_rows(page)
    assert len(rows) == 1
    # The other school's representative takes part in the item; their name would give away the pupil's school.
    assert str(glostrup.teacher_a) not in rows[0] and str(glostrup.consultant) not in rows[0]


def test_a_participant_still_sees_who_takes_part(glostrup, agenda, login) -> None:
    page = login(glostrup.teacher_a).get(reverse("meetings:meeting", args=[agenda.pk])).content.decode()

    assert _hidden_rows(page) == []
    assert str(glostrup.teacher_a) in page and str(glostrup.consultant) in page


def test_the_minutes_page_of_a_sensitive_item_is_audited_per_citizen(glostrup, agenda, login) -> None:
    item = agenda.items.get(kind="person_sensitive")
    concern = item.concerns.get()

    response = login(glostrup.consultant).get(reverse("meetings:item_minutes", args=[agenda.pk, item.pk]))

    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="minutes").get()
    assert (event.actor_id, event.citizen_id, event.concern_id) == (
        glostrup.consultant.pk,
        concern.citizen_id,
        concern.pk,
    )
    assert event.relation == "agenda_participant"
