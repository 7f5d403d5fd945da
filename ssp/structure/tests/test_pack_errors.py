"""Malformed packs are refused with the file, the line and the key, and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssp.structure.models import Forum
from ssp.structure.packs import PackError, load_pack
from ssp.testing.structure import acting_admin

FORUM = """\
municipality: "161"
forums:
  - name: SSP-styregruppe
    kind: ssp_steering_group
    level: strategic
"""


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(path, actor=acting_admin())
    return [str(issue) for issue in exc.value.issues]


def test_it_names_an_unknown_municipality_code(db: None, tmp_path: Path) -> None:
    errors = _errors(tmp_path, FORUM.replace('"161"', '"999"'))

    assert errors == [f"{tmp_path}/bad.yaml:1: municipality: ukendt kommunekode 999"]


def test_it_names_an_unknown_kind_and_lists_the_expected_ones(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM.replace("kind: ssp_steering_group", "kind: styregruppe"))

    assert error.startswith(f"{tmp_path}/bad.yaml:4: forums[0].kind: forventede en af 'district_council', ")
    assert error.endswith("'working_group' eller 'other' (fik 'styregruppe')")


def test_it_names_an_unknown_level_and_pro_area(db: None, tmp_path: Path) -> None:
    errors = _errors(tmp_path, FORUM.replace("level: strategic", "level: top\n    pro_area: maybe"))

    assert [e.split(": ")[0:2] for e in errors] == [
        [f"{tmp_path}/bad.yaml:5", "forums[0].level"],
        [f"{tmp_path}/bad.yaml:6", "forums[0].pro_area"],
    ]


def test_it_names_a_wrong_type(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + "    meetings_per_year_min: tre\n")

    assert error == f"{tmp_path}/bad.yaml:6: forums[0].meetings_per_year_min: forventede et heltal (fik 'tre')"


def test_it_names_a_kommunekode_of_the_wrong_shape(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM.replace('"161"', '"16"'))

    assert error == f"{tmp_path}/bad.yaml:1: municipality: forventede en kommunekode med tre cifre (fik '16')"


def test_it_names_an_unknown_key(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + "    cadence: 3\n")

    assert error == f"{tmp_path}/bad.yaml:6: forums[0].cadence: ukendt nøgle"


def test_it_names_a_missing_key(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM.replace("    level: strategic\n", ""))

    assert error == f"{tmp_path}/bad.yaml:3: forums[0].level: mangler (skal angives)"


def test_it_names_duplicate_names(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + FORUM.split("forums:\n")[1])

    assert error.startswith(f"{tmp_path}/bad.yaml:6: forums[1].name: navnet 'SSP-styregruppe' står to gange")


def test_it_names_an_unknown_reports_to_target(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + "    reports_to: Byrådet\n")

    assert error.startswith(f"{tmp_path}/bad.yaml:6: forums[0].reports_to: ukendt forum 'Byrådet'")


def test_it_names_a_reporting_cycle(db: None, tmp_path: Path) -> None:
    pack = (
        FORUM
        + "    reports_to: Samordningsmøder\n"
        + "  - name: Samordningsmøder\n    kind: case_coordination\n    level: operative\n"
        + "    reports_to: SSP-styregruppe\n"
    )

    (error,) = _errors(tmp_path, pack)

    assert error.startswith(f"{tmp_path}/bad.yaml:10: forums[1].reports_to: Referencen giver en ring")
    assert not Forum.objects.filter(name="SSP-styregruppe").exists()


def test_it_names_an_impossible_cadence(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + "    meetings_per_year_min: 25\n    meetings_per_year_max: 12\n")

    assert error.startswith(f"{tmp_path}/bad.yaml:7: forums[0].meetings_per_year_max: Højst 12 møder er færre end")


def test_it_names_person_sensitive_items_without_section_115(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + "    allows_person_sensitive: true\n")

    assert error.startswith(f"{tmp_path}/bad.yaml:6: forums[0].allows_person_sensitive: Personfølsomme punkter kræver")


def test_it_names_an_unknown_seat_organisation(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + "    seats:\n      - title: Skoleleder\n        organisation: Ukendt Skole\n")

    assert error.startswith(f"{tmp_path}/bad.yaml:8: forums[0].seats[0].organisation: ukendt organisation")


def test_it_refuses_a_police_municipal_forum_in_a_municipality_pack(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM.replace("kind: ssp_steering_group", "kind: gang_council"))

    assert error.startswith(f"{tmp_path}/bad.yaml:4: forums[0].kind: lokalråd, lokalråd+, PSP og banderåd")


def test_it_names_a_line_of_broken_yaml(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + "    purpose: [unclosed\n")

    assert error.startswith(f"{tmp_path}/bad.yaml:7: ugyldig YAML")


def test_it_names_a_duplicate_key(db: None, tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, FORUM + "    level: operative\n")

    assert error == f"{tmp_path}/bad.yaml:6: forums[0].level: nøglen står to gange"


def test_it_names_a_forum_whose_name_the_district_already_uses_in_the_municipality(db: None, tmp_path: Path) -> None:
    """The Lokalråd belongs to the district's pack; a municipality pack cannot make a second forum of that name
    (the whole batch is checked in one query, and nothing of it is written)."""
    pack = FORUM + "  - name: Lokalrådet i Glostrup\n    kind: ssp_local_network\n    level: tactical\n"

    (error,) = _errors(tmp_path, pack)

    assert error.startswith(f"{tmp_path}/bad.yaml:6: forums[1]: ")
    assert "forum_name_unique_in_municipality" in error
    assert not Forum.objects.filter(name="SSP-styregruppe").exists()
