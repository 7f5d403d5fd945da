"""The reference data every installation has from its migrations alone (shared/reference)."""

import pytest

from ssp.structure.models import Forum, ForumKind, Municipality, PoliceDistrict, Seat

pytestmark = pytest.mark.django_db


def test_it_knows_all_12_police_districts_and_98_municipalities() -> None:
    assert PoliceDistrict.objects.count() == 12
    assert Municipality.objects.count() == 98
    assert Municipality.objects.filter(region="Region Hovedstaden").count() == 29


def test_it_places_the_seed_municipalities_in_their_districts() -> None:
    glostrup = Municipality.objects.get(code="161")
    assert glostrup.police_district.slug == "koebenhavns-vestegns-politi"
    assert Municipality.objects.filter(police_district__slug="midt-og-vestjyllands-politi").count() == 11
    assert Municipality.objects.filter(police_district__slug="sydoestjyllands-politi").count() == 7


def test_every_district_has_a_kredsraad_chaired_by_the_police_director_with_all_mayors() -> None:
    for district in PoliceDistrict.objects.prefetch_related("municipalities"):
        council = Forum.objects.get(police_district=district, kind=ForumKind.DISTRICT_COUNCIL)
        assert Seat.objects.get(forum=council, role="chair").title == "Politidirektør"
        assert Seat.objects.filter(forum=council, role="vice_chair").count() == 1
        mayors = set(Seat.objects.filter(forum=council, role="member").values_list("municipality", flat=True))
        assert mayors == {m.pk for m in district.municipalities.all()}
        assert council.anchor_months == [12]
        assert Forum.objects.filter(police_district=district, kind=ForumKind.SSP_DISTRICT_NETWORK).count() == 1


def test_every_municipality_has_a_lokalraad_reporting_to_its_kredsraad() -> None:
    assert Forum.objects.filter(kind=ForumKind.LOCAL_COUNCIL).count() == 98
    local = Forum.objects.select_related("reports_to").get(kind=ForumKind.LOCAL_COUNCIL, municipality__code="615")
    assert local.reports_to is not None
    assert local.reports_to.police_district is not None
    assert local.reports_to.police_district.slug == "sydoestjyllands-politi"
