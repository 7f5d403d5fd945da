from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from ssp.accounts.models import StaffRole, User
from ssp.structure import demo
from ssp.structure.models import Membership, MembershipRole, Position


def _load() -> str:
    out = StringIO()
    demo.load(password="demo-password-123", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the demo once for the module, inside a transaction rolled back at its end."""
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        _load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_loaded: None, db: None) -> None:
    return None


def test_a_second_run_neither_fails_nor_duplicates(loaded: None) -> None:
    counts = (User.objects.count(), Position.objects.count(), Membership.objects.count())

    output = _load()

    assert (User.objects.count(), Position.objects.count(), Membership.objects.count()) == counts
    assert "Strukturpakke glostrup: 0 changes" in output


def test_usernames_follow_the_place_dot_role_scheme(loaded: None) -> None:

    names = set(User.objects.values_list("username", flat=True))

    assert all(re.fullmatch(r"admin|[a-z0-9-]+\.[a-z]+(\.[23])?", name) for name in names), names
    assert {
        "glostrup.consultant",
        "glostrup.teacher",
        "glostrup.teacher.2",
        "guldborgsund.police",
        "holstebro.caseworker",
        "glostrup.manager",
        "glostrup.admin",
        "midt-og-vestjylland.police",
    } <= names
    assert demo.username("Ærø", StaffRole.SSP_TEACHER, 2) == "aeroe.teacher.2"
    assert demo.username("Høje-Taastrup", StaffRole.SCHOOL_LEADER, 1) == "hoeje-taastrup.schoolleader"


def test_each_main_municipality_has_every_role(loaded: None) -> None:

    for place in ("glostrup", "holstebro", "guldborgsund"):
        roles = {
            name.split(".")[1]
            for name in User.objects.filter(username__startswith=f"{place}.").values_list("username", flat=True)
        }
        assert {"consultant", "police", "teacher", "caseworker", "manager", "admin"} <= roles


def test_the_system_administrator_is_a_superuser(loaded: None) -> None:

    admin = User.objects.get(username="admin")

    assert admin.is_superuser and admin.is_staff and admin.role == StaffRole.SYSTEM_ADMIN
    assert admin.check_password("demo-password-123")


def test_teachers_represent_their_own_schools(loaded: None) -> None:

    first = Membership.objects.filter(user__username="glostrup.teacher").values_list("organisation__name", flat=True)
    second = Membership.objects.filter(user__username="glostrup.teacher.2").values_list("organisation__name", flat=True)

    assert set(first) == {"Hvissingeskolen"}
    assert set(second) == {"Søndervangskolen"}
    assert Membership.objects.get(user__username="glostrup.consultant", forum__name="Samordningsmøder").role == (
        MembershipRole.COORDINATOR
    )
