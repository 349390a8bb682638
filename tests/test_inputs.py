"""Input checks: what cannot be screened, and drafts in a language Pause cannot read."""

from __future__ import annotations

import pytest

from pausepost import InputError, Post, Screener, Verdict
from pausepost.core.inputs import MAX_CHARS, decode_bytes, reads_as_english, validate_text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "a" * (MAX_CHARS + 1),
        "\x00abc",
        "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c" * 3,
    ],
)
def test_inputs_unscreenable_text_is_refused(text: str) -> None:
    with pytest.raises(InputError):
        validate_text(text)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("héllo".encode(), "héllo"),
        ("\ufeffhéllo".encode(), "héllo"),  # UTF-8 with a byte-order mark
        ("héllo".encode("utf-16"), "héllo"),
    ],
)
def test_inputs_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize("data", [b"\xff\xfe\xfd not utf8 \xc3\x28", b"\x00\x01\x02binary"])
def test_inputs_decode_refuses_binary_and_bad_utf8(data: bytes) -> None:
    with pytest.raises(InputError):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Sunday reset: long walk, phone off, soup on the stove.", True),
        ("Yay yay yay #mets", True),
        ("take a look. it's in a book. a reading rainbow.", True),
        ("Hoy mi cliente me dijo que su esposo la dejó. Estoy muy triste por ella.", False),
        ("Aujourd'hui une cliente m'a dit que son mari est parti pour de bon.", False),
        ("今天我的客户告诉我她很难过", False),
        ("اليوم أخبرتني موكلتي أنها حزينة جدا", False),
    ],
)
def test_inputs_reads_as_english(text: str, english: bool) -> None:
    assert reads_as_english(text) is english


def test_inputs_other_language_never_posts() -> None:
    # Pause's lists are English: it cannot vouch for a draft it cannot read, so it says so.
    a = Screener.default().screen(
        Post(text="Hoy mi cliente me dijo que su esposo la dejó por otra.")
    )
    assert a.verdict is Verdict.REVISE
    assert [r.code for r in a.reasons] == ["language_unsupported"]
