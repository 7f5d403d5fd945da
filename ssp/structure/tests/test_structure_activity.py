"""Structure services log who changed what (issue 8, design point 7): who added whom to which forum, with which
role, when; a structure pack's changes name the file as their source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import StaffRole, User
from ssp.structure import services
from ssp.structure.models import Forum, Membership, MembershipRole, StructureAction, StructureActivity
from ssp.structure.packs import PACKS_DIR, load_pack
from ssp.testing.structure import acting_admin

pytestmark = pytest.mark.django_db


def test_adding_a_member_through_the_page_logs_who_added_whom_with_which_role(
    make_user: Callable[..., User], login: Callable[[User], Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    admin = make_user(StaffRole.MUNICIPAL_ADMIN)
    newcomer = make_user(StaffRole.CASEWORKER, first_name="Hanne", last_name="Sagsbehandler")

    login(admin).post(
        reverse("structure:membership_add", args=[forum.pk]),
        {"user": newcomer.pk, "role": MembershipRole.SECRETARY, "starts_on": "2026-02-01"},
    )

    activity = StructureActivity.objects.get(action=StructureAction.MEMBERSHIP_ADDED, member=newcomer)
    assert (activity.actor, activity.forum, activity.role, activity.source) == (admin, forum, "secretary", "")
    assert activity.changes == {"starts_on": "2026-02-01", "ends_on": ""}
    assert activity.subject == forum.name


def test_ending_a_membership_logs_the_change(make_forum: Callable[..., Forum], make_user: Callable[..., User]) -> None:
    forum = make_forum()
    admin = make_user(StaffRole.MUNICIPAL_ADMIN)
    membership = services.add_membership(
        forum=forum, user=make_user(), role=MembershipRole.MEMBER, starts_on=date(2026, 1, 1), actor=admin
    )

    services.end_membership(membership, ends_on=date(2026, 6, 30), actor=admin)

    changed = StructureActivity.objects.get(action=StructureAction.MEMBERSHIP_CHANGED)
    assert (changed.actor, changed.member, changed.changes) == (admin, membership.user, {"ends_on": "2026-06-30"})


def test_a_refused_membership_logs_nothing(make_forum: Callable[..., Forum], make_user: Callable[..., User]) -> None:
    admin = make_user(StaffRole.MUNICIPAL_ADMIN)
    with pytest.raises(services.StructureError):
        services.add_membership(
            forum=make_forum(), user=admin, role=MembershipRole.MEMBER, starts_on=date(2026, 1, 1), actor=admin
        )

    assert not StructureActivity.objects.filter(action=StructureAction.MEMBERSHIP_ADDED).exists()


def test_a_structure_pack_is_logged_as_the_actors_source(tmp_path: Path) -> None:
    admin = acting_admin()

    load_pack(PACKS_DIR / "glostrup.yaml", actor=admin)

    saved = StructureActivity.objects.filter(action=StructureAction.FORUM_SAVED)
    assert saved.exists()
    assert set(saved.values_list("actor", "source").distinct()) == {(admin.pk, "structure-packs/glostrup.yaml")}
    assert StructureActivity.objects.filter(action=StructureAction.ORGANISATION_SAVED, actor=admin).exists()


def test_a_dry_run_logs_nothing() -> None:
    load_pack(PACKS_DIR / "glostrup.yaml", actor=acting_admin(), dry_run=True)

    assert not StructureActivity.objects.exists()


def test_the_forum_page_shows_the_latest_changes_to_its_administrators_only(
    make_user: Callable[..., User], login: Callable[[User], Any], build_forums: Callable[..., list[Forum]]
) -> None:
    forum = build_forums(1)[0]
    url = reverse("structure:forum", args=[forum.pk])

    as_admin = login(make_user(StaffRole.MUNICIPAL_ADMIN)).get(url).content.decode()
    as_consultant = login(make_user()).get(url).content.decode()

    assert "Seneste ændringer" in as_admin
    assert "Medlem tilføjet" in as_admin and "Formand" in as_admin
    assert "Seneste ændringer" not in as_consultant


def test_the_forum_page_reads_the_changes_in_one_query(
    make_user: Callable[..., User],
    login: Callable[[User], Any],
    build_forums: Callable[..., list[Forum]],
    django_assert_num_queries: Any,
) -> None:
    forum = build_forums(1)[0]  # three changes: the forum saved, its chair and a member added
    admin = make_user(StaffRole.MUNICIPAL_ADMIN)
    client = login(admin)
    url = reverse("structure:forum", args=[forum.pk])
    client.get(url)
    assert StructureActivity.objects.filter(forum=forum).count() >= 3
    with django_assert_num_queries(PAGE_QUERIES_FOR_AN_ADMINISTRATOR):
        client.get(url)
    for number in range(6):
        services.add_membership(
            forum=forum,
            user=make_user(first_name=f"Ny {number}"),
            role=MembershipRole.MEMBER,
            starts_on=date(2026, 1, 1),
            actor=admin,
        )

    with django_assert_num_queries(PAGE_QUERIES_FOR_AN_ADMINISTRATOR):
        page = client.get(url).content.decode()
    assert page.count("Medlem tilføjet") == 8
    assert Membership.objects.filter(forum=forum).count() == 8


# Session, user and second factor (3), the forum page's own queries (6, with the meetings link), the changes (1).
PAGE_QUERIES_FOR_AN_ADMINISTRATOR = 10
