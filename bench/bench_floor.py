"""The two floors every page is compared with, measured once in the same run.

- ``floor.django``: a logged-in view returning "ok" behind Django's stock middleware (``startproject``'s list):
  the session and the user are read, nothing is written. Every ``ratio_to_bare`` divides by this.
- ``floor.platform``: the same view behind the platform's middleware (request id, second factor, security
  headers, log-in throttle, session activity): what the platform adds before any view runs.

Both run on a user of their own in the benchmark database, so they need no generated data; ``BENCH_REPEATS``
sets the number of timed requests (default 30).
"""

from __future__ import annotations

import os

from bench import harness


def main() -> None:
    from ssp.accounts.models import StaffRole, User

    harness.prepare_database()
    user, _ = User.objects.get_or_create(
        username="bench-floor", defaults={"role": StaffRole.SSP_CONSULTANT, "first_name": "Bench"}
    )
    rounds = int(os.environ.get("BENCH_REPEATS", harness.ROUNDS))
    stock = harness.floor(user, rounds=rounds)
    platform = harness.platform_floor(user, rounds=rounds)
    for name, measured in (("floor.django", stock), ("floor.platform", platform)):
        harness.figure(f"{name}.median", measured.median_ms, "ms")
        harness.figure(f"{name}.p95", measured.p95_ms, "ms")
        harness.figure(f"{name}.queries", measured.queries, "queries")
    harness.figure("floor.platform.ratio_to_django", platform.median_ms / stock.median_ms, "x")
