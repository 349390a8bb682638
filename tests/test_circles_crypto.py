"""Device identities, signed relay requests, circle keys, sealed rotation, invitation codes."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pausepost.circles import crypto
from pausepost.circles.crypto import (
    CircleKey,
    DecryptError,
    Invitation,
    InviteCodeError,
    RequestAuthError,
    decode_invite,
    decrypt_message,
    encode_invite,
    encrypt_message,
    key_from_rotation,
    open_sealed_key,
    rotation_messages,
    seal_key,
    sign_request,
    token_hash,
    verify_request,
)
from pausepost.circles.identity import (
    IDENTITY_FILE,
    DeviceIdentity,
    b64decode,
    b64encode,
    load_identity,
)
from pausepost.errors import ConfigError

NOW = 1_800_000_000.0
PATH = "/relay/v1/circles/abc/messages?since=2026-12-01T00:00:00Z"
BODY = b'{"key_epoch":0,"ciphertext":"AAAA"}'


class NonceStore:
    """The relay's replay store, in memory: (key, nonce) -> when first seen."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], float] = {}

    def __call__(self, key: str, nonce: str) -> bool:
        if (key, nonce) in self.seen:
            return True
        self.seen[(key, nonce)] = NOW
        return False


def _verify(headers: dict[str, str], store: NonceStore | None = None, **kw: object) -> str:
    args: dict[str, object] = {"method": "POST", "path": PATH, "body": BODY, "now": NOW}
    args.update(kw)
    return verify_request(
        headers,
        str(args["method"]),
        str(args["path"]),
        args["body"],  # type: ignore[arg-type]
        now=float(args["now"]),  # type: ignore[arg-type]
        seen_nonce=store or NonceStore(),
    )


@pytest.fixture
def me() -> DeviceIdentity:
    return DeviceIdentity.generate()


# --- identity --------------------------------------------------------------------------


def test_identity_file_is_private_and_reloads(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    first = load_identity(folder)
    path = folder / IDENTITY_FILE
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    again = load_identity(folder)
    assert again.public_key == first.public_key
    assert again.encryption_public_key == first.encryption_public_key
    assert len(b64decode(first.public_key)) == 32
    assert "=" not in first.public_key


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_identity_file_left_open_is_tightened(tmp_path: Path) -> None:
    first = load_identity(tmp_path)
    (tmp_path / IDENTITY_FILE).chmod(0o644)
    assert load_identity(tmp_path).public_key == first.public_key
    assert stat.S_IMODE((tmp_path / IDENTITY_FILE).stat().st_mode) == 0o600


def test_damaged_identity_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / IDENTITY_FILE).write_text("not hex\n")
    with pytest.raises(ConfigError, match="damaged"):
        load_identity(tmp_path)


def test_b64_refuses_padding_and_junk() -> None:
    assert b64decode(b64encode(b"\x00\xff" * 5)) == b"\x00\xff" * 5
    for bad in ("abc=", "a b", "é"):
        with pytest.raises(ValueError):
            b64decode(bad)


# --- signed requests -------------------------------------------------------------------


def test_signed_request_verifies_to_signer(me: DeviceIdentity) -> None:
    headers = sign_request(me, "POST", PATH, BODY, now=NOW)
    assert set(headers) == {"X-Pause-Key", "X-Pause-Time", "X-Pause-Nonce", "X-Pause-Signature"}
    assert headers["X-Pause-Time"] == str(int(NOW))
    assert len(b64decode(headers["X-Pause-Nonce"])) == 16
    assert _verify(headers) == me.public_key
    # header names arrive lower-cased from an ASGI server
    assert _verify({k.lower(): v for k, v in headers.items()}) == me.public_key


def test_signature_covers_the_contract_string(me: DeviceIdentity) -> None:
    # A verifier written from the contract alone must accept what sign_request makes.
    headers = sign_request(me, "get", PATH, b"", now=NOW)
    message = "\n".join(
        [
            "GET",
            PATH,
            headers["X-Pause-Time"],
            headers["X-Pause-Nonce"],
            hashlib.sha256(b"").hexdigest(),
        ]
    ).encode()
    from nacl.signing import VerifyKey

    VerifyKey(b64decode(me.public_key)).verify(message, b64decode(headers["X-Pause-Signature"]))


def test_replayed_request_is_refused(me: DeviceIdentity) -> None:
    store = NonceStore()
    headers = sign_request(me, "POST", PATH, BODY, now=NOW)
    assert _verify(headers, store) == me.public_key
    with pytest.raises(RequestAuthError, match="replayed"):
        _verify(headers, store)


@pytest.mark.parametrize("offset", [-301, 301, 10_000])
def test_request_too_far_off_in_time_is_refused(me: DeviceIdentity, offset: int) -> None:
    headers = sign_request(me, "POST", PATH, BODY, now=NOW + offset)
    with pytest.raises(RequestAuthError, match="300 s off"):
        _verify(headers)


def test_request_within_the_window_is_accepted(me: DeviceIdentity) -> None:
    assert _verify(sign_request(me, "POST", PATH, BODY, now=NOW - 299)) == me.public_key


@pytest.mark.parametrize(
    "change",
    [
        {"method": "DELETE"},
        {"path": "/relay/v1/circles/other/messages"},
        {"path": PATH + "&since=1970"},
        {"body": BODY + b" "},
    ],
)
def test_request_changed_after_signing_is_refused(
    me: DeviceIdentity, change: dict[str, object]
) -> None:
    headers = sign_request(me, "POST", PATH, BODY, now=NOW)
    with pytest.raises(RequestAuthError, match="bad signature"):
        _verify(headers, **change)


def test_forged_signatures_are_refused(me: DeviceIdentity) -> None:
    other = DeviceIdentity.generate()
    headers = sign_request(other, "POST", PATH, BODY, now=NOW)
    forged = {**headers, "X-Pause-Key": me.public_key}  # claims to be me
    with pytest.raises(RequestAuthError, match="bad signature"):
        _verify(forged)
    later = {**headers, "X-Pause-Time": str(int(NOW) + 1)}  # time moved, signature kept
    with pytest.raises(RequestAuthError, match="bad signature"):
        _verify(later)
    fresh_nonce = {**headers, "X-Pause-Nonce": b64encode(os.urandom(16))}  # replay dodge
    with pytest.raises(RequestAuthError, match="bad signature"):
        _verify(fresh_nonce)


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("X-Pause-Key", None, "missing X-Pause-Key"),
        ("X-Pause-Signature", "", "missing X-Pause-Signature"),
        ("X-Pause-Key", "short", "not an Ed25519"),
        ("X-Pause-Time", "1.5", "integer"),
        ("X-Pause-Time", "-100", "integer"),
        ("X-Pause-Time", "9" * 5000, "integer"),  # past int()'s digit limit: no ValueError
        ("X-Pause-Nonce", b64encode(b"x" * 8), "16 bytes"),
        ("X-Pause-Nonce", "bad=", "16 bytes"),
        ("X-Pause-Signature", "!!!", "bad signature"),
    ],
)
def test_malformed_headers_are_refused(
    me: DeviceIdentity, name: str, value: str | None, reason: str
) -> None:
    headers = sign_request(me, "POST", PATH, BODY, now=NOW)
    if value is None:
        del headers[name]
    else:
        headers[name] = value
    with pytest.raises(RequestAuthError, match=reason):
        _verify(headers)


def test_nonce_is_only_recorded_for_authentic_requests(me: DeviceIdentity) -> None:
    store = NonceStore()
    headers = sign_request(me, "POST", PATH, BODY, now=NOW)
    with pytest.raises(RequestAuthError):
        _verify({**headers, "X-Pause-Signature": b64encode(b"\0" * 64)}, store)
    assert store.seen == {}
    assert _verify(headers, store) == me.public_key  # the real one still goes through


def test_sign_request_uses_the_clock_by_default(me: DeviceIdentity) -> None:
    headers = sign_request(me, "GET", "/relay/v1/circles/x/members")
    assert abs(int(headers["X-Pause-Time"]) - time.time()) < 5


# --- circle keys and messages ----------------------------------------------------------


def test_message_round_trip() -> None:
    key = CircleKey.generate(epoch=3)
    payload = {"kind": "message", "text": "Tough session — it stirred a lot.", "sent_at": "t"}
    ciphertext = encrypt_message(key, payload)
    assert b"stirred" not in ciphertext
    assert decrypt_message(key, ciphertext) == {**payload, "epoch": 3}


def test_same_message_encrypts_differently_each_time() -> None:
    key = CircleKey.generate()
    payload = {"kind": "message", "text": "same"}
    assert encrypt_message(key, payload) != encrypt_message(key, payload)


def test_tampered_ciphertext_raises_clear_error() -> None:
    key = CircleKey.generate()
    ciphertext = bytearray(encrypt_message(key, {"kind": "message", "text": "hello"}))
    for index in (0, 30, len(ciphertext) - 1):  # nonce, tag, body
        broken = bytearray(ciphertext)
        broken[index] ^= 1
        with pytest.raises(DecryptError, match="changed or is under another circle key"):
            decrypt_message(key, bytes(broken))
    with pytest.raises(DecryptError):
        decrypt_message(key, bytes(ciphertext[:20]))


def test_wrong_key_or_epoch_cannot_decrypt() -> None:
    key = CircleKey.generate(epoch=1)
    ciphertext = encrypt_message(key, {"kind": "message", "text": "hello"})
    with pytest.raises(DecryptError):
        decrypt_message(CircleKey.generate(epoch=1), ciphertext)
    with pytest.raises(DecryptError, match="another key epoch"):
        decrypt_message(CircleKey(2, key.key), ciphertext)


def test_message_needs_kind_and_fits_the_relay_limit() -> None:
    key = CircleKey.generate()
    with pytest.raises(ValueError, match="kind"):
        encrypt_message(key, {"text": "no kind"})
    with pytest.raises(ValueError, match="64 KiB"):
        encrypt_message(key, {"kind": "message", "text": "x" * (64 * 1024)})


def test_circle_key_shape_is_checked() -> None:
    with pytest.raises(ValueError):
        CircleKey(0, b"short")
    with pytest.raises(ValueError):
        CircleKey(-1, bytes(32))


# --- sealing and rotation --------------------------------------------------------------


def test_sealed_key_opens_only_for_its_member(me: DeviceIdentity) -> None:
    key = CircleKey.generate(epoch=4)
    sealed = seal_key(key, me.public_key)
    assert open_sealed_key(me, sealed) == key
    with pytest.raises(DecryptError, match="not sealed to this device"):
        open_sealed_key(DeviceIdentity.generate(), sealed)


def test_rotation_reaches_remaining_members_and_not_the_removed_one() -> None:
    owner, stays, removed = (DeviceIdentity.generate() for _ in range(3))
    old = CircleKey.generate(epoch=0)
    new = old.rotated()
    assert new.epoch == 1 and new.key != old.key
    payloads = rotation_messages(new, [owner.public_key, stays.public_key], owner.public_key)
    assert set(payloads) == {owner.public_key, stays.public_key}
    # every rotation message travels under the old key: the removed member can decrypt it...
    wire = {m: encrypt_message(old, p) for m, p in payloads.items()}
    seen_by_removed = decrypt_message(old, wire[stays.public_key])
    assert seen_by_removed["kind"] == crypto.KIND_KEY_ROTATION
    # ...but the sealed key inside is not for them
    with pytest.raises(DecryptError):
        key_from_rotation(removed, seen_by_removed)
    with pytest.raises(DecryptError):
        open_sealed_key(removed, b64decode(seen_by_removed["sealed_key"]))
    got = key_from_rotation(stays, decrypt_message(old, wire[stays.public_key]))
    assert got == new
    after = encrypt_message(new, {"kind": "message", "text": "after removal"})
    assert decrypt_message(got, after)["text"] == "after removal"
    with pytest.raises(DecryptError):
        decrypt_message(old, after)


def test_rotation_with_mismatched_epoch_is_refused(me: DeviceIdentity) -> None:
    payload = rotation_messages(CircleKey.generate(epoch=2), [me.public_key], me.public_key)
    bad = {**payload[me.public_key], "new_epoch": 3}
    with pytest.raises(DecryptError, match="epoch"):
        key_from_rotation(me, bad)


# --- invitation codes ------------------------------------------------------------------


def _invite() -> Invitation:
    return Invitation(
        circle_id=b64encode(os.urandom(16)),
        relay_url="https://relay.example.org/relay/v1",
        token=crypto.new_invite_token(),
        key=CircleKey.generate(epoch=7),
    )


def test_invite_code_round_trip() -> None:
    invite = _invite()
    code = encode_invite(invite)
    assert code.startswith("pause1.")
    assert all(c.isalnum() or c in "-_." for c in code)
    assert len(code) < 240
    assert decode_invite("  " + code + "\n") == invite


def test_invite_code_carries_the_circles_kind_and_owner() -> None:
    owner = DeviceIdentity.generate().public_key
    invite = replace(_invite(), kind="supervision", owner=owner)
    code = encode_invite(invite)
    assert len(code) < 300  # still one line to paste
    back = decode_invite(code)
    assert (back.kind, back.owner) == ("supervision", owner)
    with pytest.raises(InviteCodeError):  # a kind Pause does not know
        decode_invite(encode_invite(replace(invite, kind="broadcast")))


def test_token_hash_is_sha256_hex() -> None:
    assert token_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert len(token_hash(crypto.new_invite_token())) == 64


@pytest.mark.parametrize(
    "damage",
    [
        lambda c: c[:-3],  # cut short
        lambda c: c[:20] + ("A" if c[20] != "A" else "B") + c[21:],  # one character mistyped
        lambda c: c.replace("pause1.", "pause2."),
        lambda c: c + "=",
        lambda c: "pause1.",
        lambda c: "pause1." + b64encode(b"[1,2]" + hashlib.sha256(b"[1,2]").digest()[:4]),
    ],
)
def test_damaged_invite_code_raises_clear_error(damage: object) -> None:
    code = encode_invite(_invite())
    with pytest.raises(InviteCodeError, match="invitation code"):
        decode_invite(damage(code))  # type: ignore[operator]


def test_invite_code_with_wrong_checksum_is_refused() -> None:
    # Valid contents, checksum of something else: a mistyped code must not join anything.
    good = encode_invite(_invite())
    raw = b64decode(good[len("pause1.") :])
    body = raw[:-4]
    wrong = "pause1." + b64encode(body + bytes(a ^ 0xFF for a in raw[-4:]))
    with pytest.raises(InviteCodeError, match="damaged or incomplete"):
        decode_invite(wrong)


def test_rotation_addressed_to_another_member_is_named_as_such() -> None:
    owner, other = DeviceIdentity.generate(), DeviceIdentity.generate()
    payloads = rotation_messages(CircleKey.generate(epoch=1), [other.public_key], owner.public_key)
    with pytest.raises(DecryptError, match="not a key rotation for this device"):
        key_from_rotation(owner, payloads[other.public_key])


def _respell(text: str) -> str:
    """The same bytes under another base64 spelling (the last character's unused bits set)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet[alphabet.index(text[-1]) ^ 1]
    return text[:-1] + last


def test_replay_under_another_spelling_of_the_key_is_refused(me: DeviceIdentity) -> None:
    # X-Pause-Key is not in the signed string: a second spelling of the same 32 bytes would
    # make a new (key, nonce) pair for the replay store unless only the canonical one counts.
    store = NonceStore()
    headers = sign_request(me, "POST", PATH, BODY, now=NOW)
    assert _verify(headers, store) == me.public_key
    respelled = {**headers, "X-Pause-Key": _respell(me.public_key)}
    # the other spelling is the same key bytes to a lenient decoder
    lenient = base64.urlsafe_b64decode
    assert lenient(respelled["X-Pause-Key"] + "=") == lenient(me.public_key + "=")
    with pytest.raises(RequestAuthError, match="not an Ed25519 public key"):
        _verify(respelled, store)


def test_signed_absurd_time_is_refused_not_crashed(me: DeviceIdentity) -> None:
    # Validly signed, 5000 digits: past int()'s digit limit, which would raise ValueError.
    headers = sign_request(me, "POST", PATH, BODY, now=NOW)
    timestamp = "9" * 5000
    message = crypto.signed_message("POST", PATH, timestamp, headers["X-Pause-Nonce"], BODY)
    headers.update({"X-Pause-Time": timestamp, "X-Pause-Signature": b64encode(me.sign(message))})
    with pytest.raises(RequestAuthError, match="integer unix seconds"):
        _verify(headers)


def test_invite_code_survives_how_people_paste_it() -> None:
    invite = _invite()
    code = encode_invite(invite)
    wrapped = "\n".join(code[i : i + 40] for i in range(0, len(code), 40))
    for pasted in (wrapped, f"“{code}”", f"{code}.", f"  '{code}' ", code[:50] + " " + code[50:]):
        assert decode_invite(pasted) == invite
