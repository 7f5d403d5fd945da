from __future__ import annotations

import pytest

from ssp.structure import services
from ssp.structure.models import Forum, ForumKind, Level, Municipality, PoliceDistrict
from ssp.structure.services import StructureError
from ssp.testing.structure import acting_admin


def _errors(exc: pytest.ExceptionInfo[StructureError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_it_saves_a_forum_with_member_municipalities(db: None) -> None:
    district = PoliceDistrict.objects.get(slug="sydoestjyllands-politi")
    members = list(Municipality.objects.filter(code__in=["615", "630"]))
    forum = Forum(name="Arbejdsgruppe om knive", kind=ForumKind.WORKING_GROUP, level=Level.TACTICAL)
    forum.police_district = district

    services.save_forum(forum, actor=acting_admin(), member_municipalities=members)

    forum.refresh_from_db()
    assert sorted(m.code for m in forum.member_municipalities.all()) == ["615", "630"]


def test_it_refuses_a_reporting_cycle(make_forum) -> None:
    steering = make_forum("SSP-styregruppe")
    coordination = make_forum("Samordningsmøder", kind=ForumKind.CASE_COORDINATION, reports_to=steering)
    steering.reports_to = coordination

    with pytest.raises(StructureError) as exc:
        services.save_forum(steering, actor=acting_admin())

    assert "ring" in _errors(exc)["reports_to"][0]
    assert Forum.objects.get(pk=steering.pk).reports_to is None


def test_it_refuses_reporting_to_itself(make_forum) -> None:
    forum = make_forum()
    forum.reports_to = forum

    with pytest.raises(StructureError) as exc:
        services.save_forum(forum, actor=acting_admin())

    assert "reports_to" in _errors(exc)


@pytest.mark.parametrize(
    ("low", "high", "field"),
    [
        (0, 3, "meetings_per_year_min"),
        (5, 3, "meetings_per_year_max"),
        (1, 400, "meetings_per_year_max"),
    ],
)
def test_it_refuses_an_impossible_cadence(make_forum, low: int, high: int, field: str) -> None:
    with pytest.raises(StructureError) as exc:
        make_forum(meetings_per_year_min=low, meetings_per_year_max=high)

    assert field in _errors(exc)
    assert not Forum.objects.filter(name="SSP-styregruppe").exists()


def test_it_refuses_a_recurrence_rule_that_does_not_parse(make_forum) -> None:
    with pytest.raises(StructureError) as exc:
        make_forum(recurrence_rule="EVERY TUESDAY")

    assert "iCalendar-format" in _errors(exc)["recurrence_rule"][0]


def test_it_accepts_a_weekly_recurrence_rule(make_forum) -> None:
    forum = make_forum(recurrence_rule="FREQ=WEEKLY;BYDAY=TU")

    assert Forum.objects.get(pk=forum.pk).recurrence_rule == "FREQ=WEEKLY;BYDAY=TU"


def test_it_refuses_anchor_months_that_are_not_months(make_forum) -> None:
    with pytest.raises(StructureError) as exc:
        make_forum(anchor_months=[13])

    assert "anchor_months" in _errors(exc)


def test_it_refuses_a_school_district_outside_a_municipality(make_forum) -> None:
    district = PoliceDistrict.objects.get(slug="sydoestjyllands-politi")

    with pytest.raises(StructureError) as exc:
        make_forum(municipality=None, police_district=district, school_district="Distrikt Nord")

    assert "school_district" in _errors(exc)


def test_it_refuses_person_sensitive_items_without_section_115(make_forum) -> None:
    with pytest.raises(StructureError) as exc:
        make_forum(allows_person_sensitive=True, legal_basis="Serviceloven § 11")

    assert "§ 115" in _errors(exc)["allows_person_sensitive"][0]


def test_it_allows_person_sensitive_items_under_section_115(make_forum) -> None:
    forum = make_forum(allows_person_sensitive=True, legal_basis="Retsplejelovens § 115")

    assert forum.allows_person_sensitive


def test_it_refuses_member_municipalities_of_another_district(db: None) -> None:
    forum = Forum(
        name="Fælles netværk",
        kind=ForumKind.OTHER,
        level=Level.OPERATIVE,
        police_district=PoliceDistrict.objects.get(slug="sydoestjyllands-politi"),
    )

    with pytest.raises(StructureError) as exc:
        services.save_forum(forum, actor=acting_admin(), member_municipalities=Municipality.objects.filter(code="161"))

    assert "Glostrup" in _errors(exc)["member_municipalities"][0]


def test_it_refuses_a_duplicate_name_in_the_municipality(make_forum) -> None:
    make_forum("SSP-styregruppe")

    with pytest.raises(StructureError):
        make_forum("SSP-styregruppe")

    assert Forum.objects.filter(name="SSP-styregruppe").count() == 1
