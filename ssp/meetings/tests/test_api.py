"""/api/v1/meetings/…: calendar, agenda under the policy (audited), general minutes and agreements."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ssp.meetings.services import add_agreement, publish_minutes
from ssp.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(make_minuted_agenda):
    return make_minuted_agenda("Politiet orienterede.")


def test_calendar_lists_my_meetings(glostrup, agenda, login) -> None:
    today = timezone.localdate()
    response = login(glostrup.police).get(
        "/api/v1/meetings/calendar", {"start": today.isoformat(), "end": (today + timedelta(days=30)).isoformat()}
    )
    assert response.status_code == 200
    assert [row["uid"] for row in response.json()] == [str(agenda.uid)]


def test_calendar_refuses_a_too_long_period(glostrup, login) -> None:
    response = login(glostrup.police).get("/api/v1/meetings/calendar", {"start": "2027-01-01", "end": "2029-01-01"})
    assert response.status_code == 422


def test_agenda_hides_other_schools_items_and_audits_shown_ones(glostrup, agenda, login) -> None:
    rows = login(glostrup.teacher_b).get(f"/api/v1/meetings/{agenda.pk}/agenda").json()
    assert [(row["number"], row["title"], row["concern_ids"]) for row in rows] == [
        (1, "Tryghed i bymidten", []),
        (2, None, []),
    ]
    before = AuditEvent.objects.count()
    rows = login(glostrup.teacher_a).get(f"/api/v1/meetings/{agenda.pk}/agenda").json()
    assert rows[1]["title"] == "Elev, Vestervangskolen" and len(rows[1]["concern_ids"]) == 1
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "api_list"


def test_minutes_are_general_only(glostrup, agenda, login) -> None:
    publish_minutes(agenda, actor=glostrup.consultant)
    rows = login(glostrup.teacher_b).get(f"/api/v1/meetings/{agenda.pk}/minutes").json()
    assert rows == [{"number": 1, "title": "Tryghed i bymidten", "minutes": "Politiet orienterede.", "decisions": []}]


def test_outsider_is_refused_agenda_and_minutes(glostrup, agenda, login) -> None:
    client = login(glostrup.outsider)
    # Answered as for a meeting that does not exist: an outsider learns nothing about the forum's meetings.
    assert client.get(f"/api/v1/meetings/{agenda.pk}/agenda").status_code == 404
    assert client.get(f"/api/v1/meetings/{agenda.pk}/minutes").status_code == 404


def test_anonymous_is_refused(client, agenda) -> None:
    assert client.get(f"/api/v1/meetings/{agenda.pk}/agenda").status_code == 401
    assert client.get("/api/v1/meetings/agreements").status_code == 401


def test_agreements_list_and_done(glostrup, agenda, login) -> None:
    agreement = add_agreement(
        agenda,
        actor=glostrup.consultant,
        what="Kontakt natteravnene",
        owner=glostrup.police,
        due_on=timezone.localdate(),
    )
    assert login(glostrup.teacher_a).post(f"/api/v1/meetings/agreements/{agreement.pk}/done").status_code == 404
    client = login(glostrup.police)
    assert [row["id"] for row in client.get("/api/v1/meetings/agreements").json()] == [agreement.pk]
    response = client.post(f"/api/v1/meetings/agreements/{agreement.pk}/done")
    assert response.json()["status"] == "done"
    assert client.get("/api/v1/meetings/agreements").json() == []
