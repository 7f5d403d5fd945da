"""Shared pieces of the demo data: the demo password."""

from __future__ import annotations

import secrets

from django.conf import settings

from ssp.settings import env_str


def demo_password() -> str:
    """``SSP_DEMO_PASSWORD`` if set, else a password generated once and kept under ``var/``."""
    configured = env_str("SSP_DEMO_PASSWORD")
    if configured:
        return configured
    path = settings.VAR_DIR / "demo_password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password
