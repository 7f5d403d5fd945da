"""Log failed log-ins for the security log; django-axes does the throttling itself."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

logger = logging.getLogger("ssp.accounts.login")


def log_failed_login(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Name the username and client address, never the password that was tried."""
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    logger.warning("Failed log-in for username %r from %s", credentials.get("username", ""), address)
