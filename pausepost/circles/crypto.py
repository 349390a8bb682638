"""Signed relay requests, circle keys, sealed key rotation and invitation codes.

The relay authenticates a request by its Ed25519 signature over
METHOD, PATH (with query), TIME, NONCE and hex(sha256(body)), one per line; it refuses a time
more than 300 s off and a nonce it has seen from that key within 600 s. Circle messages are
SecretBox (XSalsa20-Poly1305) ciphertext under an epoch-numbered circle key; a new key goes
to each remaining member in a SealedBox to their X25519 key. docs/circles.md explains why.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import SealedBox
from nacl.secret import SecretBox

from pausepost.circles.identity import (
    DeviceIdentity,
    b64decode,
    b64encode,
    verify_key,
    x25519_public,
)

KEY_HEADER = "X-Pause-Key"
TIME_HEADER = "X-Pause-Time"
NONCE_HEADER = "X-Pause-Nonce"
SIGNATURE_HEADER = "X-Pause-Signature"
MAX_CLOCK_SKEW_S = 300
NONCE_WINDOW_S = 600
NONCE_BYTES = 16
KEY_BYTES = SecretBox.KEY_SIZE  # 32
MAX_CIPHERTEXT_BYTES = 64 * 1024
KIND_MESSAGE = "message"
KIND_KEY_ROTATION = "key_rotation"  # the new circle key, sealed to one member
INVITE_PREFIX = "pause1."


class RequestAuthError(ValueError):
    """A relay request that must be refused (401); `reason` says why, for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DecryptError(ValueError):
    """Ciphertext that is damaged, tampered with, or under another key."""


class InviteCodeError(ValueError):
    """An invitation code that is damaged or not an invitation code."""


# --- signed requests -------------------------------------------------------------------


def signed_message(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """The exact bytes a request signature covers (shared by both ends)."""
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join((method.upper(), path, timestamp, nonce, digest)).encode("utf-8")


def sign_request(
    identity: DeviceIdentity,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    now: float | None = None,
) -> dict[str, str]:
    """The four X-Pause-* headers for one request; `path` includes the query string."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = b64encode(secrets.token_bytes(NONCE_BYTES))
    signature = identity.sign(signed_message(method, path, timestamp, nonce, body))
    return {
        KEY_HEADER: identity.public_key,
        TIME_HEADER: timestamp,
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: b64encode(signature),
    }


def verify_request(
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
    *,
    now: float,
    seen_nonce: Callable[[str, str], bool],
) -> str:
    """The signer's Ed25519 public key (base64) if the request is signed, fresh and new;
    otherwise raises `RequestAuthError`.

    `seen_nonce(key, nonce)` is the relay's replay store: it returns True if that key used
    that nonce within the last `NONCE_WINDOW_S` seconds, and otherwise records it and
    returns False. It is called only once the signature and time check out, so nobody can
    fill the store with unsigned requests. Header names are matched case-insensitively.
    """
    lower = {name.lower(): value for name, value in headers.items()}
    values = []
    for name in (KEY_HEADER, TIME_HEADER, NONCE_HEADER, SIGNATURE_HEADER):
        value = lower.get(name.lower())
        if not value:
            raise RequestAuthError(f"missing {name} header")
        values.append(value)
    key, timestamp, nonce, signature_b64 = values
    try:
        verifier = verify_key(key)
    except ValueError:
        raise RequestAuthError(f"{KEY_HEADER} is not an Ed25519 public key") from None
    # At most 12 digits (year 33658): int() of thousands of digits raises, and no clock is there.
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise RequestAuthError(f"{TIME_HEADER} is not integer unix seconds")
    try:
        nonce_ok = len(b64decode(nonce)) == NONCE_BYTES
    except ValueError:
        nonce_ok = False
    if not nonce_ok:
        raise RequestAuthError(f"{NONCE_HEADER} is not {NONCE_BYTES} bytes of base64")
    try:
        signature = b64decode(signature_b64)
        verifier.verify(signed_message(method, path, timestamp, nonce, body), signature)
    except (BadSignatureError, ValueError, TypeError):
        raise RequestAuthError("bad signature") from None
    if abs(int(timestamp) - now) > MAX_CLOCK_SKEW_S:
        raise RequestAuthError(f"{TIME_HEADER} is more than {MAX_CLOCK_SKEW_S} s off")
    if seen_nonce(key, nonce):
        raise RequestAuthError("replayed request (nonce already used)")
    return key


# --- circle keys and messages ----------------------------------------------------------


@dataclass(frozen=True)
class CircleKey:
    """A circle's symmetric key; `epoch` goes up by one at each rotation."""

    epoch: int
    key: bytes

    def __post_init__(self) -> None:
        if len(self.key) != KEY_BYTES:
            raise ValueError(f"a circle key is {KEY_BYTES} bytes")
        if self.epoch < 0:
            raise ValueError("a circle key epoch is not negative")

    @classmethod
    def generate(cls, epoch: int = 0) -> CircleKey:
        return cls(epoch, secrets.token_bytes(KEY_BYTES))

    def rotated(self) -> CircleKey:
        """A fresh random key for the next epoch (never derived from this one, so a removed
        member who kept the old key learns nothing about the new)."""
        return CircleKey.generate(self.epoch + 1)


def encrypt_message(key: CircleKey, payload: Mapping[str, Any]) -> bytes:
    """SecretBox ciphertext (random nonce first) of the payload as JSON. The payload carries
    `kind` and the circle epoch, so a relay that moves ciphertext between epochs is caught."""
    if not isinstance(payload.get("kind"), str):
        raise ValueError("a circle message needs a 'kind'")
    body = {**payload, "epoch": key.epoch}
    plaintext = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    ciphertext = bytes(SecretBox(key.key).encrypt(plaintext))
    if len(ciphertext) > MAX_CIPHERTEXT_BYTES:
        raise ValueError(f"the message is over {MAX_CIPHERTEXT_BYTES // 1024} KiB encrypted")
    return ciphertext


def decrypt_message(key: CircleKey, ciphertext: bytes) -> dict[str, Any]:
    """The payload `encrypt_message` sealed; raises `DecryptError` for ciphertext that was
    changed, is under another key, or claims another epoch."""
    try:
        plaintext = SecretBox(key.key).decrypt(ciphertext)
    except (CryptoError, ValueError, TypeError):
        raise DecryptError(
            "cannot decrypt: the message was changed or is under another circle key"
        ) from None
    try:
        payload = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DecryptError("decrypted message is not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("kind"), str):
        raise DecryptError("decrypted message has no 'kind'")
    if payload.get("epoch") != key.epoch:
        raise DecryptError("decrypted message claims another key epoch")
    return payload


# --- sealing a key to a member ---------------------------------------------------------


def seal_key(key: CircleKey, member_key: str) -> bytes:
    """`key` sealed (SealedBox) to a member named by their Ed25519 public key (base64)."""
    body = json.dumps({"epoch": key.epoch, "key": b64encode(key.key)}).encode("ascii")
    return bytes(SealedBox(x25519_public(member_key)).encrypt(body))


def open_sealed_key(identity: DeviceIdentity, sealed: bytes) -> CircleKey:
    """The circle key in `sealed`, if it was sealed to this identity (else `DecryptError`)."""
    try:
        body = json.loads(SealedBox(identity.encryption_key).decrypt(sealed))
        return CircleKey(int(body["epoch"]), b64decode(body["key"]))
    except (CryptoError, ValueError, TypeError, KeyError):
        raise DecryptError("cannot open the sealed circle key: not sealed to this device") from None


def rotation_messages(
    new_key: CircleKey, remaining_members: Iterable[str], sender: str
) -> dict[str, dict[str, Any]]:
    """For a rotation after a removal: per remaining member (Ed25519 key), the payload of a
    `key_rotation` message carrying the new key sealed to them. Each payload is sent
    encrypted like any message (under the *old* key, which the removed member also has, so
    the seal is what keeps the new key from them); the relay cannot tell kinds apart."""
    return {
        member: {
            "kind": KIND_KEY_ROTATION,
            "to": member,
            "from": sender,
            "new_epoch": new_key.epoch,
            "sealed_key": b64encode(seal_key(new_key, member)),
        }
        for member in remaining_members
    }


def key_from_rotation(identity: DeviceIdentity, payload: Mapping[str, Any]) -> CircleKey:
    """The new circle key from a decrypted `key_rotation` payload addressed to this device."""
    if payload.get("kind") != KIND_KEY_ROTATION or payload.get("to") != identity.public_key:
        raise DecryptError("not a key rotation for this device")
    try:
        sealed = b64decode(str(payload["sealed_key"]))
    except (KeyError, ValueError):
        raise DecryptError("key rotation without a readable sealed key") from None
    key = open_sealed_key(identity, sealed)
    if key.epoch != payload.get("new_epoch"):
        raise DecryptError("key rotation epoch does not match the sealed key")
    return key


# --- invitation codes ------------------------------------------------------------------


def new_invite_token() -> str:
    return b64encode(secrets.token_bytes(24))


def token_hash(token: str) -> str:
    """What the relay stores for an invitation: sha256 hex of the token's UTF-8 bytes."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Invitation:
    circle_id: str
    relay_url: str
    token: str
    key: CircleKey
    # Fixed at join, never taken from the relay or a later message: what the circle is
    # ("peer" or "supervision") and whose circle it is (their public key).
    kind: str = "peer"
    owner: str = ""


def encode_invite(invite: Invitation) -> str:
    """A compact URL-safe code: prefix + base64(JSON + 4-byte checksum). It carries the
    circle key itself, so it must travel out of band (docs/circles.md, threat model)."""
    body = json.dumps(
        [
            invite.circle_id,
            invite.relay_url,
            invite.token,
            invite.key.epoch,
            b64encode(invite.key.key),
            invite.kind,
            invite.owner,
        ],
        separators=(",", ":"),
    ).encode("utf-8")
    return INVITE_PREFIX + b64encode(body + hashlib.sha256(body).digest()[:4])


def decode_invite(code: str) -> Invitation:
    """The invitation in `code`; `InviteCodeError` for a mistyped, cut or foreign code."""
    # As pasted: wrapped over lines, in quotes, or with the sentence's full stop after it.
    code = "".join(code.split()).strip("\"'“”‘’<>").rstrip(".,;")
    if not code.startswith(INVITE_PREFIX):
        raise InviteCodeError("not a Pause invitation code (it starts with 'pause1.')")
    try:
        raw = b64decode(code[len(INVITE_PREFIX) :])
    except ValueError:
        raise InviteCodeError("the invitation code is damaged: copy it again, whole") from None
    body, check = raw[:-4], raw[-4:]
    if len(raw) < 5 or hashlib.sha256(body).digest()[:4] != check:
        raise InviteCodeError("the invitation code is damaged or incomplete; copy it again")
    try:
        parts = json.loads(body.decode("utf-8"))
        if not isinstance(parts, list) or len(parts) not in (5, 7):
            raise ValueError
        circle_id, relay_url, token, epoch, key = parts[:5]
        kind, owner = parts[5:] if len(parts) == 7 else ("peer", "")
        strings = (circle_id, relay_url, token, key, kind, owner)
        if not all(isinstance(p, str) for p in strings) or not isinstance(epoch, int):
            raise ValueError
        if kind not in ("peer", "supervision"):
            raise ValueError
        return Invitation(circle_id, relay_url, token, CircleKey(epoch, b64decode(key)),
                          kind, owner)  # fmt: skip
    except (UnicodeDecodeError, ValueError, TypeError):
        raise InviteCodeError("the invitation code is damaged (bad contents)") from None
