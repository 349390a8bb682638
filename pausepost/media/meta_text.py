"""Text from image metadata made safe to show: printable, short, and the user's own words.

Metadata fields are filled by cameras, editors and apps as often as by people. A camera
writes "OLYMPUS DIGITAL CAMERA" into every description and an encoder signs the JPEG
comment; those are not the user's words and must not be shown as a caption or screened.
Some fields hold binary (a MakerNote copied into the wrong tag, a UserComment in an
unknown charset): decoded, that is noise which must never reach a JSON report.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

MAX_CHARS = 200
# More than this share of control characters is binary: bytes drawn at random have 25%,
# a caption with a stray zero-width space or line separator has a few.
_JUNK_SHARE = 0.2
_EXIF_CHARSETS = {
    b"ASCII\x00\x00\x00": "latin-1",
    b"UNICODE\x00": "utf-16",
    b"JIS\x00\x00\x00\x00\x00": "shift_jis",
    b"\x00" * 8: "latin-1",
}

# Written by cameras, phones and encoders into every file: never a person's words.
_BOILERPLATE = frozenset(
    {
        "default",
        "dcim",
        "image",
        "img",
        "picture",
        "photo",
        "untitled",
        "title",
        "description",
        "image description",
        "exif_jpeg_picture",
        "jpeg image",
        "digital camera",
        "sony dsc",
        "applemark",
        "screenshot",
        "created with gimp",
        "ascii",
        "unicode",
        "none",
        "n/a",
        "-",
    }
)
_BOILERPLATE_PATTERNS = (
    # "OLYMPUS DIGITAL CAMERA", "KONICA MINOLTA DIGITAL CAMERA": always in capitals.
    re.compile(r"([A-Z0-9][A-Z0-9.-]* )+DIGITAL (STILL )?CAMERA"),
    # Camera file names (DSC01234, IMG_1234.JPG, PXL_20240304_...); "Sam 12" is not one.
    re.compile(r"(dsc|dscn|dscf|img|pxl|sam|imag|p)[_-]?\d{3,}[\w.-]*", re.I),
    re.compile(r"dcim[\\/]\S*", re.I),
    re.compile(r"creator: gd-jpeg v\d.*", re.I),
    re.compile(
        r"(file written by|created with|created by|optimized by|edited with)\s+"
        r"(adobe photoshop|gimp|jpegmini|picasa|lead tech|paint\.net|snapseed)\S*.*",
        re.I,
    ),
    re.compile(r"lead technologies.*", re.I),
    re.compile(r"intel\(r\) jpeg library.*", re.I),
    re.compile(r"compressed by jpeg-recompress.*", re.I),
)


def clean_text(value: Any) -> str | None:
    """Printable text from a metadata value, or None for empty, padding or binary junk."""
    text = _decode(value)
    if text is None:
        return None
    text = text.strip("\x00")  # C strings end in NUL, fixed-size fields pad with it
    junk = sum(1 for ch in text if _not_text(ch))
    if junk > max(1, _JUNK_SHARE * len(text)):
        return None
    printable = "".join(" " if _not_text(ch) else ch for ch in text)
    text = re.sub(r"\s+", " ", printable).strip()
    return text[:MAX_CHARS] or None


def is_boilerplate(text: str, *device_names: str | None) -> bool:
    """True for text a device or program writes by itself (or the device's own name)."""
    plain = text.strip().strip(".").strip()
    lowered = plain.lower()
    if not plain or lowered in _BOILERPLATE:
        return True
    if any(name and lowered == name.strip().lower() for name in device_names):
        return True
    return any(p.fullmatch(plain) for p in _BOILERPLATE_PATTERNS)


def finite(value: float | None) -> float | None:
    """None for NaN and infinities (a rational over zero), which JSON cannot hold."""
    return value if value is not None and math.isfinite(value) else None


def _decode(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple | list) and value and all(isinstance(v, int) for v in value):
        if not all(0 <= v < 256 for v in value):
            return None
        value = bytes(value)  # XP* tags and UNDEFINED arrays come as int tuples
    if isinstance(value, bytes | bytearray):
        return _decode_bytes(bytes(value))
    if isinstance(value, str):
        return value
    return None  # numbers, rationals, nested structures: not free text


def _decode_bytes(raw: bytes) -> str | None:
    # UserComment starts with an 8-byte charset code; XP* tags are UTF-16LE.
    charset = _EXIF_CHARSETS.get(raw[:8])
    if charset:
        return raw[8:].decode(charset, "replace")
    if len(raw) >= 2 and raw[1:2] == b"\x00" and raw[:1] != b"\x00":
        return raw.decode("utf-16-le", "replace")
    if b"\x00" in raw.strip(b"\x00"):
        return None  # text ends at its first NUL: NULs inside mean a binary blob
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _not_text(ch: str) -> bool:
    if ch in "\t\n\r ":
        return False
    # Cc/Cf/Co/Cs/Cn are controls, formats, private use, surrogates and unassigned;
    # U+FFFD is what a failed decode left behind.
    return ch == "\ufffd" or unicodedata.category(ch).startswith("C")
