"""The request id that ties a request's audit events and log lines together."""

from __future__ import annotations

import re
import uuid

# What a proxy or client may hand us: one token of at most 64 ASCII letters, digits and dashes (a UUID, a trace id).
# Anything else (spaces, line breaks, non-ASCII text such as a name, an overlong value) is replaced, never
# truncated, so it reaches neither the audit chain nor the logs.
VALID = re.compile(r"[A-Za-z0-9-]{1,64}")


def request_id_from(incoming: str) -> str:
    """``incoming`` if it has the form of an id, otherwise a fresh random one."""
    return incoming if VALID.fullmatch(incoming or "") else uuid.uuid4().hex
