"""A device identity: one Ed25519 signing key, from which the X25519 key is derived.

One 32-byte seed in `<config dir>/circles_identity.key` (hex, 0600, folder 0700), made on
first use, the way `install_key` keeps its secret. The X25519 pair is libsodium's birational
map of the Ed25519 pair, so a member's Ed25519 public key (all the relay knows) is enough to
seal a circle key to them.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey, VerifyKey

from pausepost.config import config_dir
from pausepost.install_key import load_secret

IDENTITY_FILE = "circles_identity.key"
SEED_BYTES = 32


def b64encode(data: bytes) -> str:
    """URL-safe base64 without padding, as every key and signature travels."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """Inverse of `b64encode`; raises ValueError for anything that is not its output. Only
    the canonical spelling passes: a key must have one name, or a second spelling of the
    same key would slip a replayed request past the relay's (key, nonce) store."""
    if not isinstance(text, str) or not text.isascii() or "=" in text:
        raise ValueError("not unpadded URL-safe base64")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("not unpadded URL-safe base64") from None
    if b64encode(raw) != text:
        raise ValueError("not canonical unpadded URL-safe base64")
    return raw


def verify_key(public_key: str) -> VerifyKey:
    """An Ed25519 public key from its base64 form (ValueError if it is not 32 bytes)."""
    raw = b64decode(public_key)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return VerifyKey(raw)


def x25519_public(public_key: str) -> PublicKey:
    """A member's X25519 public key, derived from their Ed25519 key (base64)."""
    try:
        return verify_key(public_key).to_curve25519_public_key()
    except Exception as exc:  # libsodium refuses points off the curve
        raise ValueError("not a usable Ed25519 public key") from exc


@dataclass(frozen=True)
class DeviceIdentity:
    signing_key: SigningKey

    @classmethod
    def generate(cls) -> DeviceIdentity:
        return cls(SigningKey.generate())

    @property
    def public_key(self) -> str:
        """The Ed25519 public key, URL-safe base64: the member's name on the relay."""
        return b64encode(bytes(self.signing_key.verify_key))

    @property
    def encryption_key(self) -> PrivateKey:
        return self.signing_key.to_curve25519_private_key()

    @property
    def encryption_public_key(self) -> str:
        return b64encode(bytes(self.encryption_key.public_key))

    def sign(self, message: bytes) -> bytes:
        return self.signing_key.sign(message).signature


def load_identity(folder: Path | None = None) -> DeviceIdentity:
    """This device's identity (created, 0600, in a 0700 config dir, if there is none yet).
    Raises `ConfigError` for a key file that cannot be read or is damaged."""
    seed = load_secret(
        folder or config_dir(),
        IDENTITY_FILE,
        SEED_BYTES,
        what="the circles identity",
        if_damaged="restore it from a backup, or delete it and Pause makes a new one (you "
        "then have to be invited to your circles again)",
    )
    return DeviceIdentity(SigningKey(seed))
