from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ssp.concerns import services
from ssp.concerns.models import ConcernEvent, ConcernStatus, Track
from ssp.privacy.models import AuditEvent


def test_it_opens_a_concern_with_the_track_proposed_from_age(make_user: Any) -> None:
    consultant = make_user()
    concern = services.open_concern_for_new_citizen(
        actor=consultant,
        first_name="Ida",
        last_name="Fiktivsen",
        birth_date=date(2013, 3, 1),
        source="school",
        severity="low",
    )
    assert concern.track == Track.SSP
    assert concern.status == ConcernStatus.OPEN
    assert concern.responsible == consultant
    assert concern.municipality == consultant.municipality
    assert concern.citizen.cpr == ""
    assert ConcernEvent.objects.filter(concern=concern, kind=ConcernEvent.Kind.OPENED).count() == 1
    event = AuditEvent.objects.get(concern=concern)
    assert event.action == "create"
    assert event.citizen_id == concern.citizen_id


def test_a_young_adult_gets_ssp_plus_and_the_track_can_be_chosen(make_user: Any) -> None:
    consultant = make_user()
    plus = services.open_concern_for_new_citizen(
        actor=consultant, first_name="A", last_name="B", birth_date=date(2005, 1, 1), source="school", severity="low"
    )
    chosen = services.open_concern_for_new_citizen(
        actor=consultant,
        first_name="C",
        last_name="D",
        birth_date=date(2012, 1, 1),
        source="school",
        severity="low",
        track=Track.KSP,
    )
    assert plus.track == Track.SSP_PLUS
    assert chosen.track == Track.KSP


def test_without_age_the_track_must_be_chosen(make_user: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.open_concern_for_new_citizen(
            actor=make_user(), first_name="A", last_name="B", source="school", severity="low"
        )
    assert "track" in error.value.message_dict
    assert not AuditEvent.objects.exists()


def test_a_cpr_number_already_registered_is_refused_without_naming_anyone(make_concern: Any, make_user: Any) -> None:
    existing = make_concern()
    with pytest.raises(ValidationError) as error:
        services.open_concern_for_new_citizen(
            actor=make_user(), first_name="X", last_name="Y", cpr=existing.citizen.cpr, source="school", severity="low"
        )
    message = " ".join(error.value.message_dict["cpr"])
    assert "kontakt SSP-konsulenten" in message
    assert existing.citizen.last_name not in message
