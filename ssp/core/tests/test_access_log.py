"""The calendar feed's secret never reaches a log: gunicorn's access log and Django's request log mask it.

Runs the real gunicorn with the logger class ``make run`` uses, on loopback, against an empty database.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SECRET = "Zm9vYmFyLXNlY3JldC10b2tlbg"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> None:
    # Any status will do: the log line is what this test reads.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(url, timeout=10).close()  # noqa: S310 - a loopback URL built above


def test_the_feed_token_is_masked_in_the_access_log_and_the_error_log(tmp_path: Path) -> None:
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = {**os.environ, "SSP_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(gunicorn),
            "ssp.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(access_log),
            "--logger-class",
            "ssp.core.access_log.MaskedAccessLogger",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        _get(f"http://127.0.0.1:{port}/moeder/kalender/{SECRET}.ics")
        time.sleep(0.3)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()

    logged = access_log.read_text()
    assert "/moeder/kalender/***.ics" in logged
    assert SECRET not in logged and SECRET not in output
