"""Account services: API tokens."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from ssp.accounts.models import ApiToken, User


@transaction.atomic
def issue_api_token(user: User, *, actor: User, name: str, expires_at: datetime | None = None) -> str:
    """Create a token for ``user`` and return it in clear; only its hash is kept."""
    raw = ApiToken.generate()
    token = ApiToken(user=user, name=name, prefix=raw[4:12], key_hash=ApiToken.hash(raw), expires_at=expires_at)
    token.full_clean()
    token.save()
    return raw
