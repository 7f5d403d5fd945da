from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.privacy.models import AuditEvent


def test_it_reveals_the_number_as_an_htmx_partial_and_audits_it(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    number = concern.citizen.cpr
    response = login(concern.responsible).post(
        reverse("concerns:reveal_cpr", args=[concern.citizen_id]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert f"{number[:6]}-{number[6:]}" in body
    assert "<html" not in body
    assert AuditEvent.objects.filter(action="reveal_cpr", citizen=concern.citizen).count() == 1


def test_without_javascript_it_shows_the_citizen_page_with_the_number(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    number = concern.citizen.cpr
    body = login(concern.responsible).post(reverse("concerns:reveal_cpr", args=[concern.citizen_id])).content.decode()
    assert f"{number[:6]}-{number[6:]}" in body
    assert "<html" in body


def test_no_relation_reveals_nothing(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern()
    response = login(make_user()).post(reverse("concerns:reveal_cpr", args=[concern.citizen_id]))
    assert response.status_code == 404
    assert concern.citizen.cpr not in response.content.decode()
    assert not AuditEvent.objects.filter(action="reveal_cpr").exists()
