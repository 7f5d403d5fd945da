"""The five packs in structure-packs/ state what the seed documents say.

Each test quotes the sentence of the seed (/work/shared/seeds/) it checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from ssp.structure.models import Forum, ForumKind, Level, MembershipRole, Organisation, OrganisationKind, ProArea
from ssp.structure.packs import PACKS_DIR, SEED_PACKS, load_pack
from ssp.testing.structure import acting_admin


@pytest.fixture(scope="module")
def _seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the packs once for the module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        for name in SEED_PACKS:
            load_pack(PACKS_DIR / f"{name}.yaml", actor=acting_admin())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def packs(_seeded: None, db: None) -> None:
    return None


def _forum(name: str, code: str | None = None) -> Forum:
    forums = Forum.objects.filter(name=name)
    if code is not None:
        forums = forums.filter(municipality__code=code)
    return forums.get()


def test_glostrup_steering_group_meets_three_times_a_year(packs: None) -> None:
    """001: "SSP-styregruppe ... Mødekadence: Ca. 3 årlige møder"; "Direktør (formand)"."""
    forum = _forum("SSP-styregruppe", "161")
    assert forum.kind == ForumKind.SSP_STEERING_GROUP
    assert (forum.meetings_per_year_min, forum.meetings_per_year_max) == (3, 3)
    assert forum.seats.get(role=MembershipRole.CHAIR).title == "Direktør"


def test_glostrup_coordination_meetings(packs: None) -> None:
    """001: "Ca. 12-25 årlige møder, idet møder aflyses, hvis der ikke er relevante punkter til dagsorden";
    "Fx deltager skolerepræsentant alene i punkter vedr. elever fra egen skole";
    "Der er tale om et koordinerende forum uden selvstændig beslutningsmyndighed"."""
    forum = _forum("Samordningsmøder", "161")
    assert (forum.meetings_per_year_min, forum.meetings_per_year_max) == (12, 25)
    assert forum.cancel_without_items
    assert forum.allows_person_sensitive and "§ 115" in forum.legal_basis
    assert not forum.has_decision_power
    assert "elever fra egen skole" in forum.purpose
    assert forum.seats.get(role=MembershipRole.COORDINATOR).title.startswith("Kriminalpræventiv medarbejder")
    assert forum.seats.get(organisation_kind=OrganisationKind.SCHOOL).per_organisation


def test_glostrup_local_school_meeting_in_early_autumn(packs: None) -> None:
    """001: "Ca. 1-2 årlige møder, heraf minimum et møde i det tidlige efterår mhp. aftaler om tiltag i skoleåret"."""
    local = Forum.objects.filter(municipality__code="161", kind=ForumKind.SSP_LOCAL_NETWORK)
    schools = Organisation.objects.filter(municipality__code="161", kind=OrganisationKind.SCHOOL)
    assert local.count() == schools.count() >= 3
    for forum in local:
        assert (forum.meetings_per_year_min, forum.meetings_per_year_max, forum.anchor_months) == (1, 2, [9])
        assert forum.seats.filter(role=MembershipRole.CHAIR, organisation__kind=OrganisationKind.SCHOOL).exists()


def test_holstebro_school_districts_have_ssp_teachers(packs: None) -> None:
    """002: "Skolerne i Holstebro Kommune er opdelt i SSP skoledistrikter, hvor alle skoler har tilknyttet en SSP-lærer"."""
    districts = Forum.objects.filter(municipality__code="661", kind=ForumKind.SSP_LOCAL_NETWORK).exclude(
        school_district=""
    )
    assert districts.count() == 4
    schools = Organisation.objects.filter(municipality__code="661", kind=OrganisationKind.SCHOOL)
    teacher_seats = {
        seat.organisation for forum in districts for seat in forum.seats.filter(title__startswith="SSP-lærer")
    }
    assert teacher_seats == set(schools)
    assert all(name.startswith("SSP-distrikt") for name in schools.values_list("parent__name", flat=True))


def test_holstebro_pro_model_areas(packs: None) -> None:
    """002: "PRO-modellen opdeler Kriminalitetsforebyggelsen i tre områder" (proaktiv, reaktiv, operativ)."""
    areas = set(Forum.objects.filter(municipality__code="661").exclude(pro_area="").values_list("pro_area", flat=True))
    assert areas == {ProArea.PROACTIVE, ProArea.REACTIVE, ProArea.OPERATIVE}
    assert _forum("§115-møde", "661").pro_area == ProArea.REACTIVE


def test_holstebro_meeting_types(packs: None) -> None:
    """002: "SSP distriktsmøder grundskolen", "SSP lærermøder", "SSP + møder med ungdomsuddannelserne", "§115 møder",
    "Infohus kommune", "Trygt natteliv: Der afholdes to årlige møder"."""
    kinds = set(Forum.objects.filter(municipality__code="661").values_list("kind", flat=True))
    assert {
        ForumKind.SSP_LOCAL_NETWORK,
        ForumKind.SSP_PLUS_NETWORK,
        ForumKind.CASE_COORDINATION,
        ForumKind.INFO_HOUSE,
        ForumKind.SAFE_NIGHTLIFE,
    } <= kinds
    assert _forum("SSP-lærermøde", "661").kind == ForumKind.SSP_LOCAL_NETWORK
    nightlife = _forum("Trygt natteliv", "661")
    assert (nightlife.meetings_per_year_min, nightlife.meetings_per_year_max) == (2, 2)
    assert _forum("§115-møde", "661").allows_person_sensitive


def test_holstebro_ssp_samraad_meets_four_times_a_year(packs: None) -> None:
    """002: "Her samles kommunerne og politiet 4 gange om året" (SSP samrådet, in the district pack)."""
    forum = _forum("SSP-samrådet i Midt- og Vestjyllands Politi")
    assert (forum.meetings_per_year_min, forum.meetings_per_year_max) == (4, 4)


def test_guldborgsund_steering_group_and_networks(packs: None) -> None:
    """004: "Styregruppen mødes 2 gange om året"; "der oprettet 6 lokalt forankrede SSP netværksgrupper samt et SSP+
    netværk"; "Der afholdes 2 årlige, ordinære møder"."""
    steering = _forum("SSP styregruppen", "376")
    assert (steering.meetings_per_year_min, steering.meetings_per_year_max) == (2, 2)
    networks = Forum.objects.filter(municipality__code="376", kind=ForumKind.SSP_LOCAL_NETWORK)
    assert networks.count() == 6
    assert {(f.meetings_per_year_min, f.meetings_per_year_max) for f in networks} == {(2, 2)}
    assert Forum.objects.filter(municipality__code="376", kind=ForumKind.SSP_PLUS_NETWORK).count() == 1
    assert all(f.seats.get(role=MembershipRole.COORDINATOR).title == "SSP konsulent" for f in networks)


def test_guldborgsund_weekly_intervention_meeting(packs: None) -> None:
    """004: "Politiets SSP koordinator, en repræsentant fra børn og familie, en repræsentant fra ungeenheden samt SSP
    konsulent mødes én gang om ugen"."""
    forum = _forum("Indsatsmøde", "376")
    assert forum.kind == ForumKind.CASE_COORDINATION
    assert forum.recurrence_rule == "FREQ=WEEKLY"
    assert sorted(forum.seats.values_list("title", flat=True)) == [
        "Politiets SSP koordinator",
        "Repræsentant fra børn og familie",
        "Repræsentant fra ungeenheden",
        "SSP konsulent",
    ]


def test_sydoestjylland_kredsraad(packs: None) -> None:
    """003: "Kredsrådet ... består af borgmestrene i de 7 kommuner samt Politidirektøren i Sydøstjyllands Politi.
    Politidirektøren er formand i Kredsrådet. Borgmesteren i Horsens er næstformand i Kredsrådet."."""
    forum = _forum("Kredsrådet i Sydøstjyllands Politi")
    assert forum.level == Level.STRATEGIC
    assert forum.member_municipalities.count() == 7
    assert forum.seats.get(role=MembershipRole.CHAIR).title == "Politidirektør"
    assert forum.seats.filter(role=MembershipRole.VICE_CHAIR, municipality__name="Horsens").count() == 1
    assert forum.anchor_months == [12]


def test_sydoestjylland_local_councils(packs: None) -> None:
    """003: "Formandsskabet varetages af en politileder på vicepolitiinspektør niveau"; "Lokalrådene afholder i januar
    måned"; "Lokalråd+ udgør det taktiske niveau"; "I hver kommune ... oprettet et PSP samarbejde"."""
    councils = Forum.objects.filter(
        kind=ForumKind.LOCAL_COUNCIL, municipality__police_district__slug="sydoestjyllands-politi"
    )
    assert councils.count() == 7
    for council in councils:
        assert "vicepolitiinspektør" in council.chair_rule
        assert council.anchor_months == [1]
        assert council.seats.get(role=MembershipRole.CHAIR).title == "Vicepolitiinspektør"
    plus = Forum.objects.filter(kind=ForumKind.LOCAL_COUNCIL_PLUS)
    assert plus.count() == 7 and {f.level for f in plus} == {Level.TACTICAL}
    assert Forum.objects.filter(kind=ForumKind.PSP).count() == 7


def test_sydoestjylland_gang_councils(packs: None) -> None:
    """003: "I hver af kommunerne Horsens, Vejle, Kolding og Fredericia er der med reference til Lokalrådet oprettet et
    Banderåd"; "Politiet har som udgangspunkt formandsposten i rådet"."""
    councils = Forum.objects.filter(kind=ForumKind.GANG_COUNCIL)
    pairs = set(councils.values_list("municipality__name", "reports_to__name"))
    assert pairs == {(name, f"Lokalrådet i {name}") for name in ("Horsens", "Vejle", "Kolding", "Fredericia")}


def test_midt_og_vestjylland_ssp_samraad(packs: None) -> None:
    """000: "Midt/Vest Kredsen afholder fire årlige møder, som går på skift mellem medlemmerne. Det Kriminalpræventive
    Sekretariat deltager i disse møder."; "politikredsens 7 forebyggelsessektioner"."""
    forum = _forum("SSP-samrådet i Midt- og Vestjyllands Politi")
    assert forum.rotates_host
    assert forum.member_municipalities.count() == 11
    assert forum.seats.filter(organisation__kind=OrganisationKind.POLICE_PREVENTION_SECRETARIAT).exists()
    sections = Organisation.objects.filter(police_district__slug="midt-og-vestjyllands-politi", kind="police_unit")
    assert sections.count() == 7
