"""Secrets in URLs stay out of the logs: the calendar feed's token is masked in gunicorn's and Django's logs.

A calendar client cannot send a header, so the feed's secret lives in its path (``/moeder/kalender/<token>.ics``);
whoever reads the access log must not be able to subscribe to someone else's calendar with it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

SECRET_PATHS = re.compile(r"(/kalender/)[^/?\s\"']+(\.ics)")
MASK = r"\1***\2"


def mask_secrets(text: str) -> str:
    return SECRET_PATHS.sub(MASK, text)


class MaskedAccessLogger(Logger):
    """gunicorn's logger (``--logger-class ssp.core.access_log.MaskedAccessLogger``) with secrets masked."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_secrets(value) if isinstance(value, str) else value for key, value in atoms.items()}


class MaskSecretsFilter(logging.Filter):
    """For Django's own loggers ("Not Found: /moeder/kalender/….ics"): the message is masked before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
