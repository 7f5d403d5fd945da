from __future__ import annotations

from typing import Any

from ssp.accounts.models import StaffRole
from ssp.concerns import services
from ssp.concerns.disclosure import SECTION_115_REASON, disclose_notes
from ssp.concerns.models import ConcernNote
from ssp.testing.concerns import responsible_grant


def _notes(concern: Any) -> list[ConcernNote]:
    grant = responsible_grant(concern)
    for text, secret in (("Almindeligt notat", False), ("§115 a", True), ("§115 b", True)):
        services.add_note(concern, actor=concern.responsible, grant=grant, text=text, section_115=secret)
    return list(concern.notes.all())


def test_team_gets_every_note(make_user: Any, make_concern: Any) -> None:
    member, caseworker = make_user(), make_user(role=StaffRole.CASEWORKER)
    concern = make_concern(team=[member], caseworker=caseworker)
    notes = _notes(concern)
    for user in (concern.responsible, member, caseworker):
        result = disclose_notes(user, concern, notes, team_user_ids=[member.pk])
        assert len(result.notes) == 3
        assert result.withheld == []


def test_outside_the_team_section_115_notes_are_withheld_with_the_reason(make_user: Any, make_concern: Any) -> None:
    concern = make_concern()
    notes = _notes(concern)
    outsider = make_user(role=StaffRole.SSP_TEACHER)

    result = disclose_notes(outsider, concern, notes, team_user_ids=[])

    assert [n.text for n in result.notes] == ["Almindeligt notat"]
    assert len(result.withheld) == 1
    assert result.withheld[0].count == 2
    assert result.withheld[0].reason == str(SECTION_115_REASON)
    assert "§115" in result.withheld[0].reason


def test_nothing_is_said_withheld_when_nothing_was(make_user: Any, make_concern: Any) -> None:
    concern = make_concern()
    services.add_note(concern, actor=concern.responsible, grant=responsible_grant(concern), text="Notat")
    result = disclose_notes(make_user(), concern, list(concern.notes.all()), team_user_ids=[])
    assert len(result.notes) == 1
    assert result.withheld == []
