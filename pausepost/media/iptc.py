"""IPTC-IIM (the "IPTC" block photo editors and agencies write): captions, keywords, names.

JPEG keeps it in the APP13 "Photoshop 3.0" segment as image resource 0x0404, which
Pillow hands over as `info["photoshop"]`; TIFF keeps it in tag 33723. Each dataset is
0x1C, record, dataset number, a 2-byte length, then the value. Parsed by hand: the
format is tiny, and no metadata library we may ship reads it (see docs/images.md).
"""

from __future__ import annotations

import struct
from typing import Any

from pausepost.media.meta_text import clean_text

_RESOURCE_IPTC = 0x0404
_TIFF_TAG_IPTC = 33723
_MAX_BYTES = 1 << 20
_MAX_DATASETS = 2000

# Application record (2) datasets a person fills in, with the words the report uses.
# Country and province are left out: a state or country does not identify anyone.
TEXT_DATASETS: dict[int, str] = {
    120: "caption",
    105: "headline",
    5: "title",
    25: "keywords",
    80: "author",
    122: "caption writer",
    116: "copyright",
    40: "instructions",
    90: "city",
    92: "place",
}
_DATE_CREATED = 55
_TIME_CREATED = 60


def iptc_block(info: dict[str, Any], base: dict[int, Any]) -> bytes | None:
    """The raw IIM bytes of a JPEG (APP13) or TIFF (tag 33723), if there are any."""
    photoshop = info.get("photoshop")
    raw: Any = photoshop.get(_RESOURCE_IPTC) if isinstance(photoshop, dict) else None
    if raw is None:
        raw = base.get(_TIFF_TAG_IPTC)
    if isinstance(raw, tuple | list) and all(isinstance(v, int) for v in raw):
        raw = _longs_to_bytes(raw)
    return bytes(raw[:_MAX_BYTES]) if isinstance(raw, bytes | bytearray) and raw else None


def _longs_to_bytes(values: tuple[int, ...] | list[int]) -> bytes | None:
    # Pillow may read TIFF's tag as LONGs, in the file's byte order, which the dict
    # no longer says: the order whose first byte is a dataset marker is the right one.
    try:
        for order in (">I", "<I"):
            raw = b"".join(struct.pack(order, v) for v in values)
            if raw[:1] == b"\x1c":
                return raw
    except struct.error:
        return None
    return None


def parse_iim(raw: bytes) -> dict[tuple[int, int], list[bytes]]:
    """Every (record, dataset) -> values; stops quietly at the first damaged dataset."""
    out: dict[tuple[int, int], list[bytes]] = {}
    pos = raw.find(b"\x1c")
    count = 0
    while pos >= 0 and pos + 5 <= len(raw) and raw[pos] == 0x1C and count < _MAX_DATASETS:
        record, dataset, size = (
            raw[pos + 1],
            raw[pos + 2],
            struct.unpack(">H", raw[pos + 3 : pos + 5])[0],
        )
        if size & 0x8000:  # an extended length: only legitimate for huge binary previews
            break
        value = raw[pos + 5 : pos + 5 + size]
        out.setdefault((record, dataset), []).append(value)
        pos += 5 + size
        count += 1
    return out


def iptc_text_fields(raw: bytes) -> list[tuple[str, str]]:
    """(label, text) for each filled-in text dataset; repeated keywords joined."""
    records = parse_iim(raw)
    found: list[tuple[str, str]] = []
    for dataset, label in TEXT_DATASETS.items():
        texts = [t for t in (clean_text(v) for v in records.get((2, dataset), [])) if t]
        if texts:
            found.append((label, ", ".join(dict.fromkeys(texts))))
    return found


def iptc_created(raw: bytes) -> str | None:
    """Date Created (2:55, CCYYMMDD) and Time Created (2:60, HHMMSS...) as ISO 8601."""
    records = parse_iim(raw)
    day = (records.get((2, _DATE_CREATED)) or [b""])[0].decode("ascii", "replace")
    clock = (records.get((2, _TIME_CREATED)) or [b""])[0].decode("ascii", "replace")
    if len(day) != 8 or not day.isdigit() or day == "00000000":
        return None
    iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    if len(clock) >= 6 and clock[:6].isdigit():
        iso += f"T{clock[:2]}:{clock[2:4]}:{clock[4:6]}"
    return iso
