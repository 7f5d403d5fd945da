"""The structure's read API: every route answers a logged-in client or a token, refuses anonymous
callers with 401, and runs a fixed number of queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from ssp.accounts.services import issue_api_token
from ssp.structure.models import Forum, Municipality

pytestmark = pytest.mark.django_db


def _routes(forum: Forum) -> dict[str, str]:
    slug = Municipality.objects.select_related("police_district").get(code="161").police_district.slug
    return {
        "police_districts": "/api/v1/police-districts",
        "police_district": f"/api/v1/police-districts/{slug}",
        "municipalities": f"/api/v1/municipalities?police_district={slug}",
        "municipality": "/api/v1/municipalities/161",
        "organisations": "/api/v1/organisations?municipality=161&kind=school",
        "forums": "/api/v1/forums?municipality=161",
        "forum": f"/api/v1/forums/{forum.pk}",
    }


# Queries of the route itself; token auth adds two (look-up, last used).
EXPECTED_QUERIES = {
    "police_districts": 1,
    "police_district": 2,
    "municipalities": 1,
    "municipality": 1,
    "organisations": 2,
    "forums": 2,
    "forum": 5,
}


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_it_refuses_anonymous_callers_with_401(build_forums: Callable[..., list[Forum]], name: str) -> None:
    assert Client().get(_routes(build_forums(1)[0])[name]).status_code == 401


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_it_answers_a_token_with_fixed_queries(
    make_user: Callable[..., Any],
    build_forums: Callable[..., list[Forum]],
    django_assert_num_queries: Any,
    name: str,
) -> None:
    user = make_user()
    token = issue_api_token(user, actor=user, name="test")
    url = _routes(build_forums(3)[0])[name]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    with django_assert_num_queries(2 + EXPECTED_QUERIES[name]):
        assert client.get(url).status_code == 200
    build_forums(5)
    with django_assert_num_queries(2 + EXPECTED_QUERIES[name]):
        assert client.get(url).status_code == 200


def test_a_token_works_without_a_second_factor(make_user: Callable[..., Any]) -> None:
    """Machine clients have no second factor; the token alone is the credential."""
    user = make_user()
    token = issue_api_token(user, actor=user, name="integration")
    response = Client().get("/api/v1/municipalities/661", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["name"] == "Holstebro"


def test_forums_are_filtered_and_paginated(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forums = build_forums(3)
    body = login(make_user()).get("/api/v1/forums?municipality=161&level=tactical").json()
    assert body["count"] == 1
    assert body["items"][0]["name"] == forums[1].name
    assert body["items"][0]["municipality_code"] == "161"


def test_the_forum_detail_has_members_and_seats(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    body = login(make_user()).get(f"/api/v1/forums/{forum.pk}").json()
    assert body["reports_to_id"] == forum.reports_to_id
    assert sorted(m["role"] for m in body["members"]) == ["chair", "member"]
    assert body["meetings_per_year_max"] == 6


def test_an_unknown_forum_is_404(make_user: Callable[..., Any], login: Callable[..., Any]) -> None:
    assert login(make_user()).get("/api/v1/forums/999999").status_code == 404


def test_openapi_and_docs_load_without_a_cdn(make_user: Callable[..., Any], login: Callable[..., Any]) -> None:
    client = login(make_user())
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/forums/{forum_id}" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    # Every script and stylesheet comes from our own static files (django-ninja bundles Swagger UI).
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert assets and all(url.startswith("/static/") for url in assets), assets
    assert "/static/ninja/swagger-ui-bundle" in docs
