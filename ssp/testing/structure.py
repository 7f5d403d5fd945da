"""Fixtures for the structure: forums and organisations built through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ssp.structure import services
from ssp.structure.models import Forum, ForumKind, Level, Municipality, Organisation, OrganisationKind


@pytest.fixture
def make_forum(db: None) -> Callable[..., Forum]:
    """Save a forum through ``save_forum``; by default an SSP steering group in Glostrup (161)."""

    def make(name: str = "SSP-styregruppe", municipality: str | None = "161", **fields: Any) -> Forum:
        members = fields.pop("member_municipalities", None)
        forum = Forum(
            name=name,
            kind=fields.pop("kind", ForumKind.SSP_STEERING_GROUP),
            level=fields.pop("level", Level.STRATEGIC),
            municipality=Municipality.objects.get(code=municipality) if municipality else None,
            **fields,
        )
        return services.save_forum(forum, actor=None, member_municipalities=members)

    return make


@pytest.fixture
def make_organisation(db: None) -> Callable[..., Organisation]:
    """Save an organisation through ``save_organisation``; by default a school in Glostrup (161)."""

    def make(name: str = "Hvissingeskolen", municipality: str | None = "161", **fields: Any) -> Organisation:
        organisation = Organisation(
            name=name,
            kind=fields.pop("kind", OrganisationKind.SCHOOL),
            municipality=Municipality.objects.get(code=municipality) if municipality else None,
            **fields,
        )
        return services.save_organisation(organisation, actor=None)

    return make
