"""The read pages of the structure: content, login required, and a query count that does not grow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from ssp.structure.models import Forum, ForumKind, Municipality

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
    }


# Queries per page after the session, user and second-factor lookups of the middleware.
EXPECTED_QUERIES = {
    "overview": 3,
    "district": 3,
    "district_chart": 2,
    "municipality": 4,
    "municipality_chart": 2,
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
    build_forums(3)
    client = login(make_user())
    url = reverse("structure:municipality", args=["161"])
    danish = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    chart = client.get(reverse("structure:municipality_chart", args=["161"])).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    danish_again = client.get(url).content.decode()

    assert "<td>Formand</td>" in danish and "<td>Skole</td>" in danish
    assert "<td>Chair</td>" in english and "<td>School</td>" in english and "<td>Formand</td>" not in english
    assert "(Operational)" in chart
    assert "<td>Formand</td>" in danish_again and "<td>Chair</td>" not in danish_again
