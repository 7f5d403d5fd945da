"""How many failed log-ins django-axes allows before it refuses further attempts.

Two limits, both counted by django-axes over its cool-off period:

- one username from one address (``SSP_LOGIN_FAILURE_LIMIT``, 5): a guessed password;
- one address across all usernames (``SSP_LOGIN_ADDRESS_FAILURE_LIMIT``, 30): password spraying, one or two
  passwords tried against many usernames, which never reaches the first limit for any one of them.

The second limit is higher because a municipality's staff often share one outward address: a few colleagues
mistyping in the same quarter of an hour must not lock the whole town hall out.

A successful log-in from the address clears its count (``AXES_RESET_ON_SUCCESS``), so a busy office does not
creep towards the address limit over a working day.

django-axes compares the largest of its counts (here always the address's, which includes every username's)
with one limit; ``failure_limit`` returns the limit that applies to this attempt.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """The per-username limit once this username has reached it from this address, else the address limit."""
    per_username: int = settings.SSP_LOGIN_FAILURE_LIMIT
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    failures = (
        AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )
    if failures >= per_username:
        return per_username
    limit: int = settings.SSP_LOGIN_ADDRESS_FAILURE_LIMIT
    return limit
