"""Timeline lines are stored in Danish and shown in the reader's language (``ssp.concerns.timeline``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from ssp.concerns import services
from ssp.concerns.models import ConcernEvent, ConcernStatus, Track
from ssp.concerns.timeline import shown
from ssp.meetings import services as meeting_services
from ssp.meetings.models import ItemKind
from ssp.structure import services as structure_services
from ssp.structure.models import ForumKind, MembershipRole
from ssp.testing.concerns import responsible_grant
from ssp.testing.structure import acting_admin


def _english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_line_written_in_an_english_session_is_stored_in_danish(make_concern: Any) -> None:
    concern = make_concern()
    with translation.override("en"):
        services.update_concern(
            concern, actor=concern.responsible, grant=responsible_grant(concern), track=Track.PSP, status="active"
        )

    stored = list(ConcernEvent.objects.filter(concern=concern).values_list("summary", flat=True))
    assert stored == ["Sag oprettet (SSP)", "Spor ændret til PSP", "Status ændret til aktiv"]


def test_the_concern_page_shows_the_timeline_in_english(make_concern: Any, login: Any, make_forum: Any) -> None:
    concern = make_concern()
    owner, grant = concern.responsible, responsible_grant(concern)
    services.add_note(concern, actor=owner, grant=grant, text="Ringede til mor", section_115=True)
    services.update_concern(concern, actor=owner, grant=grant, track=concern.track, status=ConcernStatus.ACTIVE)
    forum = make_forum(
        name="Samordningsmøde",
        kind=ForumKind.CASE_COORDINATION,
        allows_person_sensitive=True,
        legal_basis="Retsplejelovens § 115",
    )
    structure_services.add_membership(
        forum=forum, user=owner, role=MembershipRole.MEMBER, starts_on=date(2024, 1, 1), actor=acting_admin()
    )
    start = timezone.now() + timedelta(days=1)
    meeting = meeting_services.create_meeting(
        forum, starts_at=start, ends_at=start + timedelta(hours=1), place="", actor=owner
    )
    item = meeting_services.add_agenda_item(
        meeting, actor=owner, title="Sag", kind=ItemKind.PERSON_SENSITIVE, concern_ids=[concern.pk]
    )
    meeting_services.record_item_minutes(item, actor=owner, text="Drøftet")
    services.close_concern(concern, actor=owner, grant=grant, reason="Afsluttet")

    body = _english(login(owner)).get(reverse("concerns:detail", args=[concern.pk])).content.decode()

    day = timezone.localtime(start).strftime("%d.%m.%Y")
    for line in (
        "Concern created (SSP)",
        "Status changed to active",
        f"Minutes from Samordningsmøde {day}, item 1",
        "Concern closed",
    ):
        assert line in body, line
    assert "Status ændret" not in body and "Sag oprettet" not in body and "Referat fra" not in body


def test_the_case_record_shows_the_timeline_in_english(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    services.update_concern(
        concern, actor=concern.responsible, grant=responsible_grant(concern), track=Track.PSP, status="open"
    )

    body = (
        _english(login(concern.responsible)).get(reverse("casework:record", args=[concern.citizen_id])).content.decode()
    )

    assert "Track changed to PSP" in body and "Spor ændret" not in body


def test_typed_text_and_names_stay_as_written() -> None:
    with translation.override("en"):
        assert shown("Afsluttet efter samtale med familien") == "Afsluttet efter samtale med familien"
        assert shown("Sagsbehandler: Anna Hansen") == "Caseworker: Anna Hansen"
