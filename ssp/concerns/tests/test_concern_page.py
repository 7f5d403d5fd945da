from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.concerns import services
from ssp.privacy.models import AuditEvent
from ssp.privacy.policy import Relation
from ssp.testing.concerns import responsible_grant

# session, user, OTP device; the concern through the policy; the audit chain head and insert; team, notes,
# timeline, who has access (team, live access grants); the session save in its savepoint. Independent of the number of notes, events and team members.
# Who has access also asks each registered relation source for its holders: casework's programme coordinators and
# receiving coordinators of transferred programmes add one query each.
QUERIES = 17


def test_it_shows_timeline_notes_reason_and_who_has_access(make_user: Any, make_concern: Any, login: Any) -> None:
    me = make_user(first_name="Mette", last_name="Kjær")
    caseworker = make_user(role=StaffRole.CASEWORKER, first_name="Sara", last_name="Sagsbehandler")
    concern = make_concern(responsible=me, caseworker=caseworker)
    services.add_note(
        concern, actor=me, grant=responsible_grant(concern), text="Hemmeligt fra politiet", section_115=True
    )

    response = login(me).get(reverse("concerns:detail", args=[concern.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Hemmeligt fra politiet" in body
    assert "§115 – deles kun i sagens team" in body
    assert "Sag oprettet" in body
    assert "Sara Sagsbehandler" in body
    assert str(Relation.CASEWORKER.label) in body
    assert f"{concern.citizen.birth_date:%d%m%y}-xxxx" in body
    assert concern.citizen.cpr not in body
    event = AuditEvent.objects.filter(actor=me, action="view").get()
    assert event.concern_id == concern.pk


def test_outside_the_team_a_section_115_note_is_left_out_with_a_notice(
    make_user: Any, make_concern: Any, login: Any, make_school: Any, place_at_school: Any
) -> None:
    teacher = make_user(role=StaffRole.SSP_TEACHER)
    school = make_school()
    place_at_school(teacher, school)
    concern = make_concern(school=school, school_context=True)
    services.add_note(
        concern, actor=concern.responsible, grant=responsible_grant(concern), text="Fra politiet", section_115=True
    )

    body = login(teacher).get(reverse("concerns:detail", args=[concern.pk])).content.decode()

    assert "Fra politiet" not in body
    assert "1 notat er udeladt." in body
    assert "retsplejelovens §115" in body


def test_it_runs_a_fixed_number_of_queries(
    make_user: Any, make_concern: Any, login: Any, django_assert_num_queries: Any
) -> None:
    me = make_user()
    team = [make_user(), make_user(), make_user()]
    concern = make_concern(responsible=me, team=team)
    for text in ("Et", "To", "Tre"):
        services.add_note(concern, actor=me, grant=responsible_grant(concern), text=text)
    client = login(me)

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("concerns:detail", args=[concern.pk]))
    assert response.status_code == 200


def test_no_relation_is_a_404_that_names_nobody(make_user: Any, make_concern: Any, login: Any) -> None:
    concern = make_concern()
    response = login(make_user(role=StaffRole.MANAGER)).get(reverse("concerns:detail", args=[concern.pk]))
    assert response.status_code == 404
    assert concern.citizen.last_name not in response.content.decode()
