"""Input checks shared by every front end: clear messages instead of tracebacks."""

from __future__ import annotations

from pausepost.core.language import read_language
from pausepost.errors import InputError

# Facebook's own limit is 63,206 characters; nothing longer is a social-media post.
MAX_CHARS = 65_536


def validate_text(text: object) -> str:
    """Return `text` if it can be screened, else raise `InputError` saying why."""
    if not isinstance(text, str):
        raise InputError("the draft must be text")
    if not text.strip():
        raise InputError("the draft is empty: there is nothing to check")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"the draft is {len(text):,} characters; Pause checks posts up to {MAX_CHARS:,}"
        )
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    if "\x00" in text or controls > max(8, len(text) // 20):
        raise InputError("the draft looks like binary data, not text")
    return text


def decode_bytes(data: bytes, *, source: str = "input") -> str:
    """Decode user-supplied bytes as UTF-8 (BOM allowed), with a clear error otherwise."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{source} looks like a binary file, not text")
    for enc in ("utf-8-sig", "utf-16"):
        if enc == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{source} is not valid UTF-8 text; save it as UTF-8 and try again")


def reads_as_english(text: str) -> bool:
    """False when Pause cannot read the draft: all or a real part of it is another language.

    The language model and its thresholds live in `pausepost.core.language`.
    """
    return read_language(text).checkable
