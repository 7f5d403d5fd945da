"""Structured logs: one JSON object per line, with the request id, and never personal data.

Log calls name what happened and carry ids (request, user, concern) as ``extra`` fields, never names, CPR
numbers or free text a user wrote. ``RequestIdFilter`` adds the id of the request being served, so a log line
can be tied to the audit events of the same request without repeating their content.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

current_request_id: ContextVar[str] = ContextVar("ssp_request_id", default="")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class SspJsonFormatter(JsonFormatter):
    """python-json-logger with the platform's field names (time, level, logger, message, request_id)."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            timestamp=False,
        )

    def add_fields(
        self, log_record: dict[str, object], record: logging.LogRecord, message_dict: dict[str, object]
    ) -> None:
        super().add_fields(log_record, record, message_dict)
        # Django attaches the request object to its request log lines; its text holds the query string.
        log_record.pop("request", None)
