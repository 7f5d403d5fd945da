from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.citizens.models import Citizen
from ssp.concerns.fictional import fictional_people
from ssp.concerns.models import Concern
from ssp.privacy import door

FORM = {"first_name": "Ida", "last_name": "Fiktivsen", "source": "school", "severity": "moderate", "track": ""}


def _person(modulus_11: bool) -> Any:
    from datetime import date

    people = fictional_people(60, seed=99, on=date(2026, 1, 1), max_age=16)
    return next(p for p in people if p.passes_modulus_11 == modulus_11)


def test_it_creates_citizen_and_concern(make_user: Any, login: Any) -> None:
    consultant = make_user()
    person = _person(True)
    response = login(consultant).post(reverse("concerns:open"), {**FORM, "cpr": person.cpr})
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:detail", args=[concern.pk])
    assert concern.citizen.cpr == person.cpr
    assert concern.citizen.birth_date == person.birth_date


def test_a_failed_modulus_11_check_is_a_warning_to_confirm_not_a_rejection(make_user: Any, login: Any) -> None:
    client = login(make_user())
    person = _person(False)

    first = client.post(reverse("concerns:open"), {**FORM, "cpr": person.cpr})
    assert first.status_code == 200
    assert not Citizen.objects.exists()
    assert 'type="checkbox" name="confirm_cpr"' in first.content.decode()

    second = client.post(reverse("concerns:open"), {**FORM, "cpr": person.cpr, "confirm_cpr": "on"})
    assert second.status_code == 302
    assert Citizen.objects.get().cpr == person.cpr


def test_an_impossible_cpr_number_is_an_error_on_the_field(make_user: Any, login: Any) -> None:
    response = login(make_user()).post(reverse("concerns:open"), {**FORM, "cpr": "3213991234"})
    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()
    assert not Citizen.objects.exists()


def test_a_citizen_without_cpr_number_is_allowed(make_user: Any, login: Any) -> None:
    response = login(make_user()).post(reverse("concerns:open"), {**FORM, "birth_date": "2012-05-01"})
    assert response.status_code == 302
    assert Citizen.objects.get().cpr == ""


def test_one_number_in_other_digit_scripts_is_refused_so_it_is_registered_once(make_user: Any, login: Any) -> None:
    """Hole 3 of issue 8: full-width and Arabic-Indic digits made three citizens of one CPR number."""
    client = login(make_user())
    person = _person(True)
    full_width = person.cpr.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    arabic_indic = person.cpr.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    for spelling in (full_width, arabic_indic):
        refused = client.post(reverse("concerns:open"), {**FORM, "cpr": spelling})
        assert refused.status_code == 400
        assert "almindelige cifre (0-9)" in refused.content.decode()
    accepted = client.post(reverse("concerns:open"), {**FORM, "cpr": person.cpr})

    assert accepted.status_code == 302
    assert Citizen.objects.count() == 1
    assert Citizen.objects.get().cpr == person.cpr
    me = Concern.objects.get().responsible
    assert door.search_citizens(me, request=None, cpr=person.cpr).citizens == [Citizen.objects.get()]
    assert door.search_citizens(me, request=None, cpr=arabic_indic).citizens == []
