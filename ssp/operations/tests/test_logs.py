from __future__ import annotations

import json
import logging

from ssp.operations.logging import RequestIdFilter, SspJsonFormatter, current_request_id
from ssp.operations.logscan import Finding, scan_lines


def test_a_log_line_is_one_json_object_with_the_request_id() -> None:
    record = logging.LogRecord("ssp.concerns", logging.INFO, __file__, 1, "concern closed", None, None)
    record.concern_id = 42
    token = current_request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = json.loads(SspJsonFormatter().format(record))
    assert line["message"] == "concern closed"
    assert line["level"] == "INFO"
    assert line["logger"] == "ssp.concerns"
    assert line["request_id"] == "abc123"
    assert line["concern_id"] == 42


def test_djangos_request_object_is_left_out_of_the_line(rf) -> None:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None)
    record.request = rf.get("/x?navn=Freja+Fiktivsen")
    record.status_code = 404
    line = json.loads(SspJsonFormatter().format(record))
    assert "request" not in line
    assert line["status_code"] == 404


def test_the_scan_finds_cpr_numbers_and_demo_surnames_but_not_ids_or_times() -> None:
    lines = [
        '{"message": "imported", "request_id": "0a1b2c3d4e5f01020312345678"}',
        '{"time": "2026-11-29 15:00:01,123", "user_id": 1234567}',
        '{"message": "lookup 010203-1234"}',
        '{"message": "lookup 0102031234"}',
        '{"message": "sent to Freja Fiktivsen"}',
        '{"message": "number 9999999999"}',
    ]
    assert scan_lines(lines) == [Finding(3, "cpr"), Finding(4, "cpr"), Finding(5, "citizen_name")]
