"""The Django admin of the structure stays available to system administrators, and only to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ssp.accounts.models import StaffRole
from ssp.structure.models import Forum

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["forum", "organisation", "membership", "municipality"])
def test_a_system_administrator_opens_the_admin_lists(
    make_user: Callable[..., Any], login: Callable[..., Any], page: str
) -> None:
    client = login(make_user(StaffRole.SYSTEM_ADMIN, is_staff=True, is_superuser=True))
    assert client.get(f"/admin/structure/{page}/").status_code == 200


def test_a_forum_opens_in_the_admin(
    make_user: Callable[..., Any], login: Callable[..., Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    client = login(make_user(StaffRole.SYSTEM_ADMIN, is_staff=True, is_superuser=True))
    assert client.get(f"/admin/structure/forum/{forum.pk}/change/").status_code == 200


def test_a_municipal_administrator_is_kept_out(make_user: Callable[..., Any], login: Callable[..., Any]) -> None:
    client = login(make_user(StaffRole.MUNICIPAL_ADMIN))
    assert client.get("/admin/structure/forum/").status_code == 302
