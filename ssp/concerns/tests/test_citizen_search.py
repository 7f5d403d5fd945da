from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.privacy import door
from ssp.privacy.models import AuditEvent


def test_a_cpr_match_the_user_cannot_see_is_reported_without_saying_who(
    make_concern: Any, make_user: Any, login: Any
) -> None:
    hidden = make_concern()
    other_consultant = make_user()

    response = login(other_consultant).post(reverse("concerns:open"), {"step": "search", "cpr": hidden.citizen.cpr})

    body = response.content.decode()
    assert "Der findes allerede en borger med dette CPR-nummer; kontakt SSP-konsulenten." in body
    assert hidden.citizen.last_name not in body
    assert 'name="first_name"' not in body  # no form to create the duplicate
    event = AuditEvent.objects.get(actor=other_consultant, action="search")
    assert "hidden_cpr_match" in event.detail
    assert event.citizen_id is None


def test_it_finds_a_visible_citizen_by_cpr_or_name_and_birth_date(make_concern: Any) -> None:
    concern = make_concern()
    citizen, me = concern.citizen, concern.responsible

    by_cpr = door.search_citizens(me, request=None, cpr=citizen.cpr)
    by_name = door.search_citizens(me, request=None, name=citizen.last_name, birth_date=citizen.birth_date)

    assert by_cpr.citizens == [citizen]
    assert by_name.citizens == [citizen]
    assert AuditEvent.objects.filter(actor=me, action="search").count() == 2


def test_no_match_offers_to_create_the_citizen(make_user: Any, login: Any) -> None:
    response = login(make_user()).post(
        reverse("concerns:open"), {"step": "search", "name": "Ingen Fiktivsen", "birth_date": "2012-01-01"}
    )
    body = response.content.decode()
    assert "Ingen borger fundet" in body
    assert 'name="first_name"' in body


def test_only_consultants_open_concerns(make_user: Any, login: Any) -> None:
    response = login(make_user(role="ssp_teacher")).get(reverse("concerns:open"))
    assert response.status_code == 403


def test_a_hidden_match_in_the_own_municipality_offers_emergency_access_with_its_reason_form(
    make_concern: Any, make_user: Any, login: Any
) -> None:
    hidden = make_concern()
    colleague = make_user()
    client = login(colleague)

    body = client.post(reverse("concerns:open"), {"step": "search", "cpr": hidden.citizen.cpr}).content.decode()

    offer = reverse("privacy:request_emergency", args=[hidden.citizen_id])
    assert f'href="{offer}"' in body and "Bed om nødadgang" in body
    form = client.get(offer).content.decode()
    assert 'name="reason"' in form and hidden.citizen.last_name not in form


def test_a_hidden_match_in_another_municipality_offers_no_emergency_access(
    make_concern: Any, make_user: Any, login: Any
) -> None:
    hidden = make_concern(municipality="661")

    body = login(make_user()).post(reverse("concerns:open"), {"step": "search", "cpr": hidden.citizen.cpr})

    assert "kontakt SSP-konsulenten" in body.content.decode()
    assert "nødadgang" not in body.content.decode()
    assert door.search_citizens(make_user(), request=None, cpr=hidden.citizen.cpr).emergency_citizen_id is None
