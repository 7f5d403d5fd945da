"""Field encryption and keyed look-up hashes for citizen identifiers.

Encryption is Fernet (AES-128-CBC + HMAC-SHA256, authenticated) through ``MultiFernet``: the first key in
``settings.SSP_FIELD_ENCRYPTION_KEYS`` encrypts, every configured key decrypts. Rotating a key therefore means:
put the new secret FIRST in ``SSP_FIELD_ENCRYPTION_KEYS`` (keep the old one after it), run ``ssp keys rotate``
(re-encrypts every ciphertext with the first key; reads keep working meanwhile), then drop the old secret.

Each configured secret may be any strong string: a 32-byte Fernet key is derived from it with HKDF-SHA256.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_HKDF_INFO = b"ssp-field-encryption-v1"


class DecryptionError(Exception):
    """A ciphertext could not be decrypted with any configured key (tampered or key removed too early)."""


def _derive(secret: str) -> Fernet:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(raw))


@lru_cache(maxsize=8)
def _fernet_for(secrets: tuple[str, ...]) -> MultiFernet:
    if not secrets or not all(secrets):
        raise ValueError("SSP_FIELD_ENCRYPTION_KEYS must hold at least one non-empty secret")
    return MultiFernet([_derive(secret) for secret in secrets])


def _fernet() -> MultiFernet:
    # Keyed by the settings tuple so tests that override the keys get a fresh MultiFernet.
    return _fernet_for(tuple(settings.SSP_FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    """Encrypt ``value`` with the current (first) key; empty stays empty."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt with any configured key; raises ``DecryptionError`` (without the token) on failure."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise DecryptionError("ciphertext could not be decrypted with any configured key") from None


def rotate(token: str) -> str:
    """Re-encrypt ``token`` with the current key (``MultiFernet.rotate``)."""
    if not token:
        return ""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise DecryptionError("ciphertext could not be decrypted with any configured key") from None


def is_current(token: str) -> bool:
    """True when ``token`` decrypts with the first key alone (no rotation needed)."""
    if not token:
        return True
    try:
        _derive(settings.SSP_FIELD_ENCRYPTION_KEYS[0]).decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def lookup_hash(value: str) -> str:
    """Keyed HMAC-SHA256 hex of ``value`` for exact look-up without storing the value."""
    key = str(settings.SSP_LOOKUP_HASH_KEY).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
