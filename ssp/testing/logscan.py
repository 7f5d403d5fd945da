"""Pytest plugin: every log record of the test run is written as a JSON line and scanned for personal data.

Each process (the controller and each xdist worker) appends its records to ``var/test-logs/<process>.jsonl``
from the start of the session; the process that is not a worker scans all the files at the end and fails the run
on any CPR number or demo citizen name, printing only file, line and kind.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from django.conf import settings

from ssp.operations.logging import RequestIdFilter, SspJsonFormatter
from ssp.operations.logscan import scan_lines

_handler: logging.Handler | None = None


def _log_dir() -> Path:
    return Path(settings.VAR_DIR) / "test-logs"


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    global _handler
    directory = _log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    if not _is_worker(session.config):
        for old in directory.glob("*.jsonl"):
            old.unlink()
    name = os.environ.get("PYTEST_XDIST_WORKER", "main")
    _handler = logging.FileHandler(directory / f"{name}.jsonl", encoding="utf-8")
    _handler.setFormatter(SspJsonFormatter())
    _handler.addFilter(RequestIdFilter())
    _handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(_handler)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
    if _is_worker(session.config):
        return
    findings = []
    for path in sorted(_log_dir().glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            findings += [(path.name, finding) for finding in scan_lines(lines)]
    if findings:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        summary = ", ".join(f"{name}:{f.line_number} ({f.kind})" for name, f in findings[:20])
        if reporter is not None:
            reporter.write_line(f"Personal data in the logs of this run: {summary}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
