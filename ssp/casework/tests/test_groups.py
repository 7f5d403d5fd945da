from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ssp.casework import group_services as services
from ssp.casework.models import Group, ObservationSource
from ssp.privacy.models import AuditEvent
from ssp.privacy.retention import run_retention


def _station_group(make_concern: Any, consultant: Any, *, hidden: int) -> tuple[Any, list[Any]]:
    """A group with two citizens the consultant sees and ``hidden`` members only a colleague sees."""
    seen = [
        make_concern(responsible=consultant, first_name=name, last_name="Fiktivsen") for name in ("Malthe", "Oscar")
    ]
    unseen = [make_concern(first_name=f"Skjult{number}", last_name="Demogaard") for number in range(hidden)]
    group = services.create_group(consultant.municipality_id, actor=consultant, name="Gruppen ved banegården")
    for concern in seen:
        services.add_member(group, actor=consultant, citizen=concern.citizen)
    for concern in unseen:
        services.add_member(group, actor=concern.responsible, citizen=concern.citizen)
    services.add_place(group, actor=consultant, name="Banegården")
    services.add_observation(
        group,
        actor=consultant,
        observed_on=timezone.localdate(),
        source=ObservationSource.POLICE,
        text="Set om aftenen",
    )
    return group, seen


def test_the_network_never_names_a_citizen_the_viewer_cannot_see(make_concern: Any, make_user: Any, login: Any) -> None:
    consultant = make_user()
    group, _seen = _station_group(make_concern, consultant, hidden=3)
    client = login(consultant)

    for url in (reverse("casework:network"), reverse("casework:group", args=[group.pk])):
        page = client.get(url).content.decode()
        assert "Malthe Fiktivsen" in page and "Oscar Fiktivsen" in page
        assert "Skjult" not in page and "Demogaard" not in page
        assert "+3 uden adgang" in page
    assert AuditEvent.objects.filter(action="list", detail=f"group:{group.pk}").count() == 2


def test_a_user_who_sees_no_member_does_not_see_the_group(make_concern: Any, make_user: Any, login: Any) -> None:
    consultant = make_user()
    group, _seen = _station_group(make_concern, consultant, hidden=1)
    stranger = login(make_user())
    assert stranger.get(reverse("casework:group", args=[group.pk])).status_code == 404
    assert reverse("casework:group", args=[group.pk]) not in stranger.get(reverse("casework:network")).content.decode()


def test_only_a_citizen_the_actor_sees_can_be_added(make_concern: Any, make_user: Any) -> None:
    consultant = make_user()
    other = make_concern()
    group = services.create_group(consultant.municipality_id, actor=consultant, name="Gruppen")
    with pytest.raises(ValidationError) as error:
        services.add_member(group, actor=consultant, citizen=other.citizen)
    assert "ikke adgang" in str(error.value)


def test_the_network_page_spends_the_same_queries_for_more_members(
    make_concern: Any, make_user: Any, login: Any, django_assert_num_queries: Any
) -> None:
    consultant = make_user()
    group, _seen = _station_group(make_concern, consultant, hidden=1)
    client = login(consultant)
    url = reverse("casework:network")
    client.get(url)  # warm-up: the first request after log-in also renews the session
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for name in ("Alma", "Ella", "Ida"):
        services.add_member(
            group, actor=consultant, citizen=make_concern(responsible=consultant, first_name=name).citizen
        )
    # session, user, OTP device, groups, members, named citizens, audit chain head + one event insert for all named, in a savepoint
    assert len(before.captured_queries) == 10
    with django_assert_num_queries(10):
        page = client.get(url).content.decode()
    assert "Ida" in page


def test_retention_deletes_a_group_past_the_period(make_concern: Any, make_user: Any) -> None:
    consultant = make_user()
    group, _seen = _station_group(make_concern, consultant, hidden=0)
    Group.objects.filter(pk=group.pk).update(last_activity_at=timezone.now() - timedelta(days=800))
    run_retention(now=timezone.now())
    assert not Group.objects.filter(pk=group.pk).exists()
    assert AuditEvent.objects.filter(action="delete", detail__contains=f"groups:{group.pk}").exists()
