"""The read pages of the structure: content, login required, and a query count that does not grow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.structure.models import Forum, ForumKind, Membership, Municipality

pytestmark = pytest.mark.django_db


def _urls(forum: Forum) -> dict[str, str]:
    place = Municipality.objects.select_related("police_district").get(code="161")
    slug = place.police_district.slug
    return {
        "overview": reverse("structure:overview"),
        "district": reverse("structure:district", args=[slug]),
        "district_chart": reverse("structure:district_chart", args=[slug]),
        "municipality": reverse("structure:municipality", args=["161"]),
        "municipality_chart": reverse("structure:municipality_chart", args=["161"]),
        "forum": reverse("structure:forum", args=[forum.pk]),
        "forum_members": reverse("structure:forum_members", args=[forum.pk]),
        "municipality_forums_chart": reverse("structure:municipality_forums_chart", args=["161"]),
    }


# Queries per page after the session, user and second-factor lookups of the middleware.
EXPECTED_QUERIES = {
    "overview": 3,
    "district": 3,
    # The district, its own forums, and its municipalities with their number of forums.
    "district_chart": 3,
    # The municipality, its forums with their chair and number of members, its organisations.
    "municipality": 3,
    "municipality_chart": 2,
    "municipality_forums_chart": 2,
    "forum_members": 2,
    # The link to the forum's meetings asks whether the reader may open its calendar (one membership query).
    "forum": 6,
}


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_it_asks_anonymous_visitors_to_log_in(client: Any, build_forums: Callable[..., list[Forum]], name: str) -> None:
    url = _urls(build_forums(1)[0])[name]
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_it_runs_the_same_queries_however_much_data(
    make_user: Callable[..., Any],
    login: Callable[..., Any],
    build_forums: Callable[..., list[Forum]],
    django_assert_num_queries: Any,
    name: str,
) -> None:
    client = login(make_user())
    url = _urls(build_forums(3)[0])[name]
    baseline = _session_queries(client)
    with django_assert_num_queries(baseline + EXPECTED_QUERIES[name]):
        assert client.get(url).status_code == 200
    build_forums(6)
    with django_assert_num_queries(baseline + EXPECTED_QUERIES[name]):
        assert client.get(url).status_code == 200


def _session_queries(client: Any) -> int:
    """The queries every logged-in request makes before the view, measured on the start page's sibling."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    missing = reverse("structure:district_chart", args=["does-not-exist"])
    client.get(missing)  # the first request after log-in saves the session once (ssp.accounts.sessions)
    with CaptureQueriesContext(connection) as bare:
        client.get(missing)
    # the 404 lookup of the district is the one view query in that request
    return len(bare.captured_queries) - 1


def test_the_overview_lists_districts_councils_and_municipalities(
    make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    html = login(make_user()).get(reverse("structure:overview")).content.decode()
    council = Forum.objects.filter(kind=ForumKind.DISTRICT_COUNCIL).select_related("police_district").first()
    assert council is not None
    assert council.name in html
    assert reverse("structure:forum", args=[council.pk]) in html
    assert reverse("structure:municipality", args=["661"]) in html


def test_the_municipality_page_groups_forums_by_level_with_safe_purpose(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forums = build_forums(3)
    forums[0].purpose = "**Tryghed** <script>alert(1)</script>"
    forums[0].save()
    html = login(make_user()).get(reverse("structure:municipality", args=["161"])).content.decode()
    assert "Operativ niveau" in html and "Taktisk niveau" in html and "Udførende niveau" in html
    assert "<strong>Tryghed</strong>" in html
    assert "<script>alert" not in html
    assert "4-6 møder om året" in html
    assert "Skole 1" in html


def test_the_forum_page_shows_chain_seats_and_members(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    html = login(make_user()).get(reverse("structure:forum", args=[forum.pk])).content.decode()
    top = forum.reports_to
    assert top is not None and top.name in html
    assert "Formand" in html and "Skole" in html
    top_html = login(make_user()).get(reverse("structure:forum", args=[top.pk])).content.decode()
    assert forum.name in top_html


def test_the_org_chart_nests_reporting_forums_and_has_a_text_outline(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    html = login(make_user()).get(reverse("structure:municipality_chart", args=["161"])).content.decode()
    assert 'class="ssp-tree"' in html
    assert f"{forum.name} (Operativ) refererer til {forum.reports_to}" in html


def test_an_unknown_municipality_is_not_found(make_user: Callable[..., Any], login: Callable[..., Any]) -> None:
    assert login(make_user()).get(reverse("structure:municipality", args=["999"])).status_code == 404


def test_roles_kinds_and_levels_read_in_the_readers_language_page_after_page(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    """The labels are translated once per language and kept (``structure_text.label``), not once for all."""
    forum = build_forums(3)[0]
    client = login(make_user())
    url = reverse("structure:forum_members", args=[forum.pk])
    danish = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    chart = client.get(reverse("structure:municipality_chart", args=["161"])).content.decode()
    page = client.get(reverse("structure:municipality", args=["161"])).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    danish_again = client.get(url).content.decode()

    assert "<td>Formand</td>" in danish
    assert "<td>Chair</td>" in english and "<td>Formand</td>" not in english
    assert "(Operational)" in chart
    assert "<dd>Local SSP network</dd>" in page and "<td>School</td>" in page and "Show members" in page
    assert "<td>Formand</td>" in danish_again and "<td>Chair</td>" not in danish_again


def test_the_municipality_page_shows_each_forums_chair_and_number_of_members_not_the_members(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(2)[0]
    chair, member = (m.user for m in Membership.objects.filter(forum=forum).order_by("role").select_related("user"))
    html = login(make_user()).get(reverse("structure:municipality", args=["161"])).content.decode()
    assert f"<dd>{chair.get_full_name()}</dd>" in html
    assert "<dt>Nuværende medlemmer</dt><dd>2</dd>" in html
    assert member.get_full_name() not in html
    assert f'hx-get="{reverse("structure:forum_members", args=[forum.pk])}"' in html
    # Without JavaScript the closed section leads to the members on the forum page.
    assert f'href="{reverse("structure:forum", args=[forum.pk])}#medlemmer"' in html
    chair.first_name = chair.last_name = ""
    chair.save()
    html = login(make_user()).get(reverse("structure:municipality", args=["161"])).content.decode()
    assert f"<dd>{chair.username}</dd>" in html


def test_the_members_fragment_lists_the_forums_current_members_with_the_forum_pages_editing_links(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    names = [m.user.get_full_name() for m in Membership.objects.filter(forum=forum).select_related("user")]
    url = reverse("structure:forum_members", args=[forum.pk])
    end_link = reverse("structure:membership_end", args=[Membership.objects.filter(forum=forum).first().pk])  # type: ignore[union-attr]

    as_consultant = login(make_user()).get(url).content.decode()
    as_other_admin = login(make_user(StaffRole.MUNICIPAL_ADMIN, municipality="101")).get(url).content.decode()
    as_admin = login(make_user(StaffRole.MUNICIPAL_ADMIN)).get(url).content.decode()

    assert all(name in as_consultant for name in names)
    assert "<html" not in as_consultant
    assert end_link not in as_consultant and end_link not in as_other_admin
    assert end_link in as_admin


def test_a_reader_who_may_not_see_the_members_gets_none_through_the_fragment(
    client: Any, make_user: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    """The fragment has the forum page's gate: logged in, with the second factor the role requires."""
    forum = build_forums(1)[0]
    names = [m.user.get_full_name() for m in Membership.objects.filter(forum=forum).select_related("user")]
    url = reverse("structure:forum_members", args=[forum.pk])

    page = f"http://testserver{reverse('structure:municipality', args=['161'])}"
    anonymous = client.get(url, headers={"HX-Request": "true", "HX-Current-URL": page})
    client.force_login(make_user())  # password given, second factor not
    unverified = client.get(url, headers={"HX-Request": "true"})

    # The log-in takes the whole window and leads back to the municipality page, not to the bare fragment.
    assert anonymous.status_code == 200
    assert anonymous.headers["HX-Redirect"] == f"{reverse('accounts:login')}?next=%2Fstruktur%2Fkommune%2F161%2F"
    assert unverified.status_code == 200 and unverified.headers["HX-Redirect"].startswith(reverse("accounts:enrol"))
    for response in (anonymous, unverified):
        assert not any(name in response.content.decode() for name in names)


def test_the_district_chart_shows_the_districts_councils_and_its_municipalities_not_their_forums(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(2)[0]
    place = Municipality.objects.select_related("police_district").get(code="161")
    council = Forum.objects.get(police_district=place.police_district, kind=ForumKind.DISTRICT_COUNCIL)
    client = login(make_user())
    html = client.get(reverse("structure:district_chart", args=[place.police_district.slug])).content.decode()
    section = client.get(reverse("structure:municipality_forums_chart", args=["161"])).content.decode()

    assert council.name in html and reverse("structure:forum", args=[council.pk]) in html
    assert forum.name not in html
    assert place.name in html and reverse("structure:municipality_chart", args=["161"]) in html
    count = Forum.objects.filter(municipality=place).count()
    assert f"{count} fora" in html
    assert f'hx-get="{reverse("structure:municipality_forums_chart", args=["161"])}"' in html
    assert forum.name in section and f"{forum.name} (Operativ) refererer til {forum.reports_to}" in section
    # The council is above the municipality's top forum, not one of its forums.
    assert f'href="{reverse("structure:forum", args=[council.pk])}"' not in section and "<html" not in section
