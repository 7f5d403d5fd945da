"""Run every benchmark module and print one line per figure: ``name: value unit``.

Each ``bench/bench_<topic>.py`` has ``main() -> None`` and prints its figures through
``bench.report.figure``. Select modules with ``python -m bench structure concerns``.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssp.settings")
    django.setup()
    wanted = set(sys.argv[1:])
    import bench

    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        if wanted and info.name.removeprefix("bench_") not in wanted:
            continue
        print(f"# {info.name}", flush=True)
        importlib.import_module(f"bench.{info.name}").main()


if __name__ == "__main__":
    main()
