"""The start page shows the user's own forums, municipal and district alike."""

from datetime import date

import pytest

from ssp.structure.models import Forum, Membership

pytestmark = pytest.mark.django_db


def test_it_lists_municipal_and_district_forums_of_the_user(make_user, login) -> None:
    user = make_user()
    local = Forum.objects.get(name="Lokalrådet i Glostrup")
    council = Forum.objects.get(name="Kredsrådet i Københavns Vestegns Politi")
    for forum in (local, council):
        Membership.objects.create(user=user, forum=forum, starts_on=date(2026, 1, 1))
    response = login(user).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lokalrådet i Glostrup" in body
    assert "Kredsrådet i Københavns Vestegns Politi" in body
    assert "Københavns Vestegns Politi</td>" in body
