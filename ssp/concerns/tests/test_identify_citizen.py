from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from ssp.citizens.models import Citizen
from ssp.concerns.fictional import fictional_people
from ssp.privacy.models import AuditEvent


def test_a_citizen_registered_without_cpr_is_identified_later(make_concern: Any, login: Any) -> None:
    concern = make_concern(with_cpr=False)
    number = fictional_people(1, seed=4242, on=date(2026, 1, 1), max_age=16)[0].cpr

    response = login(concern.responsible).post(reverse("concerns:identify", args=[concern.citizen_id]), {"cpr": number})

    assert response.status_code == 302
    citizen = Citizen.objects.get(pk=concern.citizen_id)
    assert citizen.cpr == number
    event = AuditEvent.objects.filter(citizen=citizen, action="update").get()
    assert number not in event.detail


def test_an_impossible_number_is_an_error_on_the_field(make_concern: Any, login: Any) -> None:
    concern = make_concern(with_cpr=False)
    response = login(concern.responsible).post(
        reverse("concerns:identify", args=[concern.citizen_id]), {"cpr": "3213991234"}
    )
    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()
    assert Citizen.objects.get(pk=concern.citizen_id).cpr == ""


def test_no_relation_is_refused(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern(with_cpr=False)
    response = login(make_user()).post(reverse("concerns:identify", args=[concern.citizen_id]), {"cpr": "0101121234"})
    assert response.status_code == 404
