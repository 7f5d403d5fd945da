"""Loading, reloading and exporting the five seed structure packs (rolled back afterwards)."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.report import figure
from ssp.accounts.models import StaffRole, User
from ssp.structure.packs import PACKS_DIR, SEED_PACKS, export_pack, load_pack


def _load_all(actor: User) -> tuple[float, int, int]:
    changes = 0
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        for name in SEED_PACKS:
            changes += len(load_pack(PACKS_DIR / f"{name}.yaml", actor=actor))
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), changes


def main() -> None:
    with transaction.atomic():
        actor, _ = User.objects.get_or_create(username="bench-packs", defaults={"role": StaffRole.SYSTEM_ADMIN})
        seconds, queries, changes = _load_all(actor)
        figure("structure_packs_first_load", seconds * 1000, "ms")
        figure("structure_packs_first_load_queries", queries, "queries")
        figure("structure_packs_first_load_changes", changes, "changes")
        seconds, queries, changes = _load_all(actor)
        figure("structure_packs_reload", seconds * 1000, "ms")
        figure("structure_packs_reload_queries", queries, "queries")
        started = time.perf_counter()
        export_pack("sydoestjyllands-politi")
        figure("structure_pack_export_district", (time.perf_counter() - started) * 1000, "ms")
        transaction.set_rollback(True)
