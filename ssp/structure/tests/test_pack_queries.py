"""Loading a structure pack costs a number of queries that does not grow with the pack: the loader writes each
kind of object with one bulk service call (``save_organisations``, ``save_forums``, ``save_seats``), and every
object still gets its line in the structure's log, naming the pack's file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssp.structure.models import Forum, Organisation, Seat, StructureAction, StructureActivity
from ssp.structure.packs import PACKS_DIR, SEED_PACKS, load_pack
from ssp.testing.structure import acting_admin

pytestmark = pytest.mark.django_db


def _pack(forums: int) -> str:
    """A municipality pack with ``forums`` forums, each with two seats, one organisation per forum, and a
    reporting line from every forum to the first."""
    lines = ['municipality: "161"', "organisations:"]
    lines += [f"  - name: Skole {n}\n    kind: school" for n in range(forums)]
    lines.append("forums:")
    for n in range(forums):
        lines += [
            f"  - name: Netværk {n}",
            "    kind: ssp_local_network",
            "    level: operative",
            "    meetings_per_year_min: 4",
            "    meetings_per_year_max: 4",
            *(["    reports_to: Netværk 0"] if n else []),
            "    seats:",
            "      - title: Koordinator",
            "        role: coordinator",
            f"      - title: Skolens repræsentant\n        organisation: Skole {n}",
        ]
    return "\n".join(lines) + "\n"


def _load_counting(path: Path) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        changes = load_pack(path, actor=acting_admin())
    return len(queries), changes


def test_a_pack_of_twelve_forums_takes_as_many_queries_as_a_pack_of_three(tmp_path: Path) -> None:
    acting_admin()
    small, large = tmp_path / "small.yaml", tmp_path / "large.yaml"
    small.write_text(_pack(3), encoding="utf-8")
    large.write_text(_pack(12), encoding="utf-8")

    small_queries, small_changes = _load_counting(small)
    Forum.objects.filter(name__startswith="Netværk").delete()
    Organisation.objects.filter(name__startswith="Skole ").delete()
    large_queries, large_changes = _load_counting(large)

    assert (len(small_changes), len(large_changes)) == (6, 24)
    assert small_queries == large_queries
    assert Seat.objects.filter(forum__name__startswith="Netværk").count() == 24
    assert Forum.objects.get(name="Netværk 11").reports_to == Forum.objects.get(name="Netværk 0")


def test_every_object_a_bulk_load_writes_is_in_the_log_with_the_pack_as_its_source(tmp_path: Path) -> None:
    path = tmp_path / "netvaerk.yaml"
    path.write_text(_pack(3), encoding="utf-8")

    load_pack(path, actor=acting_admin())

    logged = StructureActivity.objects.filter(source=str(path)[-300:])
    saved = {(a.action, a.subject) for a in logged}
    assert {(StructureAction.ORGANISATION_SAVED, f"Skole {n}") for n in range(3)} <= saved
    assert {(StructureAction.FORUM_SAVED, f"Netværk {n}") for n in range(3)} <= saved
    assert {(StructureAction.SEAT_SAVED, "Koordinator"), (StructureAction.SEAT_SAVED, "Skolens repræsentant")} <= saved
    assert logged.filter(action=StructureAction.SEAT_SAVED).count() == 6
    assert set(logged.values_list("actor__username", flat=True)) == {acting_admin().username}


def test_the_five_seed_packs_load_the_first_time_in_a_few_hundred_queries() -> None:
    """3,505 queries before the bulk services (one save, log row and checks per object); now a fixed cost per pack
    and kind of object, plus one per seat a pack removes from the forums the migrations made."""
    actor = acting_admin()
    with CaptureQueriesContext(connection) as queries:
        for name in SEED_PACKS:
            load_pack(PACKS_DIR / f"{name}.yaml", actor=actor)
    assert len(queries) == 263
