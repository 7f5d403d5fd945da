from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ssp.structure import services
from ssp.structure.models import Forum, ForumKind, Organisation, Seat
from ssp.structure.packs import PACKS_DIR, SEED_PACKS, PackError, export_pack, load_pack
from ssp.testing.structure import acting_admin

SMALL = """\
municipality: "161"
organisations:
  - name: Hvissingeskolen
    kind: school
  - name: Ungeenheden
    kind: youth_unit
forums:
  - name: SSP-styregruppe
    kind: ssp_steering_group
    level: strategic
    meetings_per_year_min: 3
    meetings_per_year_max: 3
    reports_to: Lokalrådet i Glostrup
    seats:
      - title: Direktør
        role: chair
  - name: Samordningsmøder
    kind: case_coordination
    level: operative
    reports_to: SSP-styregruppe
    seats:
      - title: Skolerepræsentant
        organisation_kind: school
        per_organisation: true
"""


def _write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SEED_PACKS)
def test_each_seed_pack_round_trips_to_zero_changes(db: None, tmp_path: Path, name: str) -> None:
    first = load_pack(PACKS_DIR / f"{name}.yaml", actor=acting_admin())
    code = {"glostrup": "161", "holstebro": "661", "guldborgsund": "376"}.get(name, f"{name}s-politi")

    exported = _write(tmp_path, export_pack(code))

    assert first
    assert load_pack(PACKS_DIR / f"{name}.yaml", actor=acting_admin()) == []
    assert load_pack(exported, actor=acting_admin()) == []


def test_it_creates_what_the_pack_describes(db: None, tmp_path: Path) -> None:
    changes = load_pack(_write(tmp_path, SMALL), actor=acting_admin())

    assert changes == [
        "+ organisation Hvissingeskolen",
        "+ organisation Ungeenheden",
        "+ forum SSP-styregruppe",
        "+ forum Samordningsmøder",
    ]
    chain = Forum.objects.filter(name="Samordningsmøder").values_list(
        "reports_to__name", "reports_to__reports_to__name"
    )
    assert list(chain) == [("SSP-styregruppe", "Lokalrådet i Glostrup")]
    assert Seat.objects.get(forum__name="Samordningsmøder").per_organisation


def test_a_dry_run_changes_nothing(db: None, tmp_path: Path) -> None:
    changes = load_pack(_write(tmp_path, SMALL), dry_run=True, actor=acting_admin())

    assert len(changes) == 4
    assert not Forum.objects.filter(name="SSP-styregruppe").exists()
    assert not Organisation.objects.filter(name="Hvissingeskolen").exists()


def test_a_changed_file_updates_creates_and_deletes(db: None, tmp_path: Path) -> None:
    load_pack(_write(tmp_path, SMALL), actor=acting_admin())
    seat = Seat.objects.get(forum__name="SSP-styregruppe")
    changed = (
        SMALL.replace("meetings_per_year_max: 3", "meetings_per_year_max: 4")
        .replace("  - name: Ungeenheden\n    kind: youth_unit\n", "  - name: Varmeværket\n    kind: club_leisure\n")
        .replace("title: Direktør", "title: Direktør for Børn og Unge")
    )

    changes = load_pack(_write(tmp_path, changed), actor=acting_admin())

    assert changes == [
        "+ organisation Varmeværket",
        "- organisation Ungeenheden",
        "~ forum SSP-styregruppe: meetings_per_year_max, seats",
    ]
    steering = Forum.objects.get(name="SSP-styregruppe")
    assert steering.meetings_per_year_max == 4
    assert list(steering.seats.values_list("title", flat=True)) == ["Direktør for Børn og Unge"]
    assert not Seat.objects.filter(pk=seat.pk).exists()


def test_it_deletes_forums_the_pack_no_longer_names_but_keeps_standard_ones(db: None, tmp_path: Path) -> None:
    load_pack(_write(tmp_path, SMALL), actor=acting_admin())
    without = SMALL.split("  - name: Samordningsmøder")[0]

    changes = load_pack(_write(tmp_path, without), actor=acting_admin())

    assert changes == ["- forum Samordningsmøder"]
    assert Forum.objects.filter(name="Lokalrådet i Glostrup").exists()


def test_a_district_pack_describes_a_standard_forum_without_creating_a_second(db: None, tmp_path: Path) -> None:
    pack = _write(
        tmp_path,
        'police_district: sydoestjyllands-politi\nforums:\n  - name: Lokalrådet i Horsens\n    municipality: "615"\n'
        "    kind: local_council\n    level: operative\n    chair_rule: Vicepolitiinspektøren fra Center Midt.\n",
    )

    changes = load_pack(pack, actor=acting_admin())

    assert (
        "~ forum Lokalrådet i Horsens: anchor_months, cadence_note, chair_rule, meetings_per_year_max, meetings_per_year_min, purpose, reports_to, seats"
        in changes
    )
    assert Forum.objects.filter(name="Kredsrådet i Sydøstjyllands Politi").exists()
    assert Forum.objects.get(name="Lokalrådet i Horsens").chair_rule == "Vicepolitiinspektøren fra Center Midt."
    assert Forum.objects.filter(kind=ForumKind.LOCAL_COUNCIL, municipality__code="615").count() == 1


def test_an_error_late_in_the_pack_leaves_the_database_unchanged(db: None, tmp_path: Path) -> None:
    load_pack(_write(tmp_path, SMALL), actor=acting_admin())
    broken = SMALL.replace("meetings_per_year_max: 3", "meetings_per_year_max: 4").replace(
        "    level: operative\n", "    level: operative\n    recurrence_rule: HVER TIRSDAG\n"
    )

    with pytest.raises(PackError):
        load_pack(_write(tmp_path, broken), actor=acting_admin())

    assert Forum.objects.get(name="SSP-styregruppe").meetings_per_year_max == 3
    assert Forum.objects.get(name="Samordningsmøder").recurrence_rule == ""


def test_a_seat_may_name_a_unit_of_the_police_district(db: None, tmp_path: Path) -> None:
    load_pack(PACKS_DIR / "midt-og-vestjylland.yaml", actor=acting_admin())
    pack = (
        'municipality: "661"\nforums:\n  - name: §115-møde\n    kind: case_coordination\n    level: operative\n'
        "    seats:\n      - title: Politiet\n        organisation: Forebyggelsessektionen Holstebro\n"
    )

    load_pack(_write(tmp_path, pack), actor=acting_admin())

    assert Seat.objects.filter(forum__name="§115-møde").values_list("organisation__name", flat=True).get() == (
        "Forebyggelsessektionen Holstebro"
    )


def test_it_refuses_to_delete_an_organisation_staff_still_work_in(db: None, tmp_path: Path, make_user) -> None:
    load_pack(_write(tmp_path, SMALL), actor=acting_admin())
    services.add_position(
        user=make_user(),
        organisation=Organisation.objects.get(name="Ungeenheden"),
        title="Kriminalpræventiv medarbejder",
        starts_on=date(2025, 1, 1),
        actor=acting_admin(),
    )
    without = SMALL.replace("  - name: Ungeenheden\n    kind: youth_unit\n", "")

    with pytest.raises(PackError) as exc:
        load_pack(_write(tmp_path, without), actor=acting_admin())

    assert (
        str(exc.value)
        == f"{tmp_path}/pack.yaml:2: organisations: Ungeenheden kan ikke slettes, fordi den stadig har stillinger."
    )
    assert Organisation.objects.filter(name="Ungeenheden").exists()
