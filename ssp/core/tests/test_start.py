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


def test_administrators_find_the_privacy_pages_in_the_menu_and_others_do_not(make_user, login) -> None:
    admin_page = login(make_user(role="municipal_admin")).get("/").content.decode()
    consultant_page = login(make_user()).get("/").content.decode()
    for url in ("/privacy/audit/", "/privacy/noedadgang/", "/privacy/slettefrister/"):
        assert f'href="{url}"' in admin_page
        assert f'href="{url}"' not in consultant_page
