from __future__ import annotations

from typing import Any

from ssp.accounts.models import StaffRole
from ssp.concerns import services
from ssp.concerns.models import Concern, ConcernStatus
from ssp.privacy.models import AuditEvent
from ssp.testing.concerns import responsible_grant


def test_a_concern_outside_the_team_withholds_section_115_notes(
    make_concern: Any, make_user: Any, make_school: Any, place_at_school: Any, login: Any
) -> None:
    teacher = make_user(role=StaffRole.SSP_TEACHER)
    school = make_school()
    place_at_school(teacher, school)
    concern = make_concern(school=school, school_context=True)
    grant = responsible_grant(concern)
    services.add_note(concern, actor=concern.responsible, grant=grant, text="Åbent")
    services.add_note(concern, actor=concern.responsible, grant=grant, text="§115", section_115=True)

    data = login(teacher).get(f"/api/v1/concerns/{concern.pk}").json()

    assert [n["text"] for n in data["notes"]] == ["Åbent"]
    assert data["withheld"][0]["count"] == 1
    assert "§115" in data["withheld"][0]["reason"]
    assert data["access"]["relation"] == "school_representative"
    assert data["timeline"]


def test_the_team_gets_every_note_and_no_withheld(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    services.add_note(
        concern, actor=concern.responsible, grant=responsible_grant(concern), text="§115", section_115=True
    )
    data = login(concern.responsible).get(f"/api/v1/concerns/{concern.pk}").json()
    assert len(data["notes"]) == 1
    assert data["withheld"] == []


def test_no_relation_is_404_not_403(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern()
    client = login(make_user(role=StaffRole.MANAGER))
    for url in (f"/api/v1/concerns/{concern.pk}", f"/api/v1/citizens/{concern.citizen_id}"):
        response = client.get(url)
        assert response.status_code == 404
        assert concern.citizen.last_name not in response.content.decode()


def test_it_creates_a_concern_for_a_new_citizen(make_user: Any, login: Any) -> None:
    consultant = make_user()
    payload = {
        "citizen": {"first_name": "Ida", "last_name": "Fiktivsen", "birth_date": "2012-04-01"},
        "source": "police_daily_report",
        "severity": "high",
    }
    response = login(consultant).post("/api/v1/concerns", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    concern = Concern.objects.get(pk=response.json()["id"])
    assert concern.citizen.first_name == "Ida"
    assert AuditEvent.objects.filter(concern=concern, action="create").count() == 1


def test_field_errors_are_422_naming_the_field(make_user: Any, login: Any) -> None:
    client = login(make_user())
    missing_track = {"citizen": {"first_name": "A", "last_name": "B"}, "source": "school", "severity": "low"}
    response = client.post("/api/v1/concerns", missing_track, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "track"

    bad_severity = {"citizen_id": 1, "source": "school", "severity": "enorm"}
    response = client.post("/api/v1/concerns", bad_severity, content_type="application/json")
    assert response.status_code == 422
    assert "severity" in response.json()["detail"][0]["loc"]


def test_close_through_the_api(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    response = login(concern.responsible).post(
        f"/api/v1/concerns/{concern.pk}/close", {"reason": "Afklaret"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == ConcernStatus.CLOSED


def test_lists_hold_only_visible_citizens_and_record_each_one(make_concern: Any, make_user: Any, login: Any) -> None:
    me = make_user()
    mine = [make_concern(responsible=me) for _ in range(3)]
    other = make_concern()
    client = login(me)

    citizens = client.get("/api/v1/citizens").json()
    concerns = client.get("/api/v1/concerns").json()

    assert {c["id"] for c in citizens} == {c.citizen_id for c in mine}
    assert other.pk not in {c["id"] for c in concerns}
    assert "cpr" not in citizens[0]
    # Each list records every citizen it disclosed, so the citizen's access-history export finds both lists.
    listed = AuditEvent.objects.filter(actor=me, action="api_list").values_list("citizen_id", "concern_id")
    expected_citizens = [(c.citizen_id, None) for c in mine]
    expected_concerns = [(c.citizen_id, c.pk) for c in mine]
    assert sorted(listed, key=str) == sorted(expected_citizens + expected_concerns, key=str)


def test_citizen_search_takes_the_cpr_number_in_the_body_and_finds_only_visible_citizens(
    make_concern: Any, make_user: Any, login: Any
) -> None:
    me = make_user()
    mine = make_concern(responsible=me)
    hidden = make_concern()
    client = login(me)

    found = client.post(
        "/api/v1/citizens/search", data={"cpr": mine.citizen.cpr}, content_type="application/json"
    ).json()
    not_found = client.post(
        "/api/v1/citizens/search", data={"cpr": hidden.citizen.cpr}, content_type="application/json"
    ).json()
    empty = client.post("/api/v1/citizens/search", data={}, content_type="application/json")

    assert [c["id"] for c in found] == [mine.citizen_id]
    assert not_found == []
    assert empty.status_code == 422
    assert AuditEvent.objects.filter(actor=me, action="search").count() == 2
