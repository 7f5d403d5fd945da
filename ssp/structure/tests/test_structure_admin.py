"""The Django admin of the structure stays available to system administrators, and only to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ssp.accounts.models import StaffRole
from ssp.structure.models import Forum, Membership, Municipality, Organisation, Position

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "page", ["forum", "organisation", "membership", "position", "municipality", "structureactivity"]
)
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


def test_memberships_cannot_be_written_in_the_admin(
    make_user: Callable[..., Any], login: Callable[..., Any], make_forum: Callable[..., Forum]
) -> None:
    """The admin skipped the policy on who may be a member: a system administrator could seat themselves."""
    forum = make_forum(allows_person_sensitive=True, legal_basis="Retsplejelovens § 115")
    me = make_user(StaffRole.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    client = login(me)

    response = client.post(
        "/admin/structure/membership/add/",
        {"user": me.pk, "forum": forum.pk, "role": "coordinator", "starts_on": "2026-01-01"},
    )

    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_positions_cannot_be_written_in_the_admin(make_user: Callable[..., Any], login: Callable[..., Any]) -> None:
    """A system administrator could give themselves a position at a school and read its pupils' concerns."""
    school = Organisation.objects.create(
        name="Skolen", kind="school", municipality=Municipality.objects.get(code="161")
    )
    me = make_user(StaffRole.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    client = login(me)

    response = client.post(
        "/admin/structure/position/add/",
        {"user": me.pk, "organisation": school.pk, "title": "Lærer", "starts_on": "2026-01-01"},
    )

    assert response.status_code == 403
    assert not Position.objects.exists()
