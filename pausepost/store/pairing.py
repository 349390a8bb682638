"""Secrets of paired browser extensions: made here, shown once, kept only as a keyed hash.

The secret is 32 random bytes, hex (64 characters). The store keeps an HMAC-SHA256 of it
under this install's key, so a copy of the database cannot be used to call the app as a
paired extension, and a guess cannot be checked against it without the key file.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

SECRET_BYTES = 32
_SECRET = re.compile(r"^[0-9a-f]{64}$")
# Keeps these hashes apart from the journal's draft hashes made with the same key.
_DOMAIN = b"pause-extension-pairing\x00"


def new_secret() -> str:
    return secrets.token_hex(SECRET_BYTES)


def well_formed(secret: str) -> bool:
    return bool(_SECRET.match(secret))


def secret_hmac(key: bytes, secret: str) -> str:
    return hmac.new(key, _DOMAIN + secret.encode("ascii"), hashlib.sha256).hexdigest()


def matches(key: bytes, secret: str, stored: str) -> bool:
    """Constant-time comparison of a presented secret with a stored hash."""
    return hmac.compare_digest(secret_hmac(key, secret), stored)
