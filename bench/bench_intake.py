"""The daily-report intake: linkage quality against Splink on the labelled set.

``python -m bench intake``. Sizes: ``BENCH_INTAKE_LABELLED_CITIZENS`` and ``BENCH_INTAKE_LABELLED_ROWS``.
"""

from __future__ import annotations

from bench import intake_quality
from ssp.settings import env_int


def main() -> None:
    intake_quality.main(
        citizens=env_int("BENCH_INTAKE_LABELLED_CITIZENS", 5000), rows=env_int("BENCH_INTAKE_LABELLED_ROWS", 600)
    )
