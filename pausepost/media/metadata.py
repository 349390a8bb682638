"""Location and device metadata (EXIF, XMP, text chunks), told in plain words.

Phone photos carry the GPS position of where they were taken, often the office or a
client's home. XMP is read with bounded regular expressions rather than an XML parser:
the packet is untrusted, and entity tricks cannot hurt a regex.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PIL import ExifTags, Image

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Free-text fields people fill in (or apps fill in for them) that may name someone.
_TEXT_TAGS = {
    0x010E: "description",
    0x013B: "artist",
    0x8298: "copyright",
    0x9286: "user comment",
    0x9C9B: "title",
    0x9C9C: "comment",
    0x9C9D: "author",
    0x9C9F: "subject",
}
_XMP_MAX = 1 << 20
_INFO_TEXT_KEYS = ("comment", "Comment", "Description", "Title", "Author", "Software")


@dataclass(frozen=True)
class ImageMetadata:
    latitude: float | None = None
    longitude: float | None = None
    altitude_m: float | None = None
    taken_at: str | None = None  # ISO 8601 as the camera wrote it, local time
    camera: str | None = None
    software: str | None = None
    has_exif: bool = False
    has_xmp: bool = False
    text_fields: tuple[tuple[str, str], ...] = ()

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_empty(self) -> bool:
        return not (self.has_exif or self.has_xmp or self.text_fields)

    def summary(self) -> str:
        """E.g. 'taken at 45.52, -122.68 on 4 March 2024, 16:02, iPhone 15'."""
        parts: list[str] = []
        if self.has_location:
            parts.append(f"taken at {self.latitude:.2f}, {self.longitude:.2f}")
        when = _plain_time(self.taken_at)
        if when:
            parts.append(f"on {when}" if parts else f"taken on {when}")
        if self.camera:
            parts.append(self.camera if parts else f"taken with {self.camera}")
        if parts:
            # "taken at 45.52, -122.68 on 4 March 2024, 16:02, iPhone 15"
            return ", ".join(parts).replace(", on ", " on ")
        if self.text_fields:
            return "no location or time, but text fields: " + ", ".join(
                k for k, _ in self.text_fields
            )
        return "no location, time or camera details"

    def to_dict(self) -> dict[str, Any]:
        return {
            "latitude": self.latitude,
            "longitude": self.longitude,
            "altitude_m": self.altitude_m,
            "taken_at": self.taken_at,
            "camera": self.camera,
            "software": self.software,
            "has_exif": self.has_exif,
            "has_xmp": self.has_xmp,
            "text_fields": [{"field": k, "text": v} for k, v in self.text_fields],
            "summary": self.summary(),
        }


def read_metadata(exif: Image.Exif, info: dict[str, Any]) -> ImageMetadata:
    """Everything identifying in an image's EXIF and XMP; missing values are None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow warns about damaged tags; we skip them
        return _read(exif, info)


def _read(exif: Image.Exif, info: dict[str, Any]) -> ImageMetadata:
    base = dict(exif.items()) if exif else {}
    gps = _safe_ifd(exif, ExifTags.IFD.GPSInfo)
    sub = _safe_ifd(exif, ExifTags.IFD.Exif)
    xmp = _xmp_text(info)
    lat, lon = _gps_latlon(gps)
    if lat is None and xmp:
        lat, lon = _xmp_latlon(xmp)
    taken = _exif_time(sub.get(0x9003) or sub.get(0x9004) or base.get(0x0132))
    if taken is None and xmp:
        taken = _xmp_field(
            xmp, ("exif:DateTimeOriginal", "xmp:CreateDate", "photoshop:DateCreated")
        )
    make = _text(base.get(0x010F)) or (_xmp_field(xmp, ("tiff:Make",)) if xmp else None)
    model = _text(base.get(0x0110)) or (_xmp_field(xmp, ("tiff:Model",)) if xmp else None)
    return ImageMetadata(
        latitude=lat,
        longitude=lon,
        altitude_m=_altitude(gps),
        taken_at=taken,
        camera=_camera(make, model),
        software=_text(base.get(0x0131)),
        has_exif=bool(base or gps or sub),
        has_xmp=bool(xmp),
        text_fields=_text_fields(base, sub, info),
    )


def _safe_ifd(exif: Image.Exif, ifd: int) -> dict[int, Any]:
    try:
        return dict(exif.get_ifd(ifd)) if exif else {}
    except Exception:  # a malformed sub-directory must not hide the rest
        return {}


def _rational(value: Any) -> float | None:
    try:
        if isinstance(value, tuple) and len(value) == 2:
            return float(value[0]) / float(value[1]) if value[1] else None
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def _dms(value: Any, ref: Any) -> float | None:
    if not isinstance(value, tuple | list) or len(value) != 3:
        return None
    d, m, s = (_rational(v) for v in value)
    if d is None or m is None or s is None:
        return None
    deg = d + m / 60 + s / 3600
    sign = -1 if str(_text(ref) or "").upper().startswith(("S", "W")) else 1
    return round(sign * deg, 6)


def _gps_latlon(gps: dict[int, Any]) -> tuple[float | None, float | None]:
    lat = _dms(gps.get(2), gps.get(1))
    lon = _dms(gps.get(4), gps.get(3))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


def _altitude(gps: dict[int, Any]) -> float | None:
    alt = _rational(gps.get(6)) if 6 in gps else None
    if alt is None:
        return None
    below = gps.get(5) in (1, b"\x01")
    return round(-alt if below else alt, 1)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        # UserComment starts with an 8-byte charset code; XP* tags are UTF-16LE.
        if value[:8] in (b"ASCII\x00\x00\x00", b"UNICODE\x00", b"\x00" * 8):
            enc = "utf-16" if value.startswith(b"UNICODE") else "latin-1"
            value = value[8:].decode(enc, "replace")
        elif len(value) >= 2 and value[1:2] == b"\x00":
            value = value.decode("utf-16-le", "replace")
        else:
            value = value.decode("utf-8", "replace")
    if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
        value = bytes(value).decode("utf-16-le", "replace")  # XP* tags as int tuples
    text = str(value).replace("\x00", "").strip()
    return text[:200] or None


def _exif_time(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return None


def _plain_time(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        t = datetime.fromisoformat(iso[:19])
    except ValueError:
        return iso
    return f"{t.day} {_MONTHS[t.month - 1]} {t.year}, {t:%H:%M}"


def _camera(make: str | None, model: str | None) -> str | None:
    if not model:
        return make
    # "Apple" + "iPhone 15" reads best as the model alone, as does "Canon" + "Canon EOS R6".
    if not make or make.lower() == "apple" or make.split()[0].lower() in model.lower():
        return model
    return f"{make} {model}"


def _xmp_text(info: dict[str, Any]) -> str | None:
    raw = info.get("xmp") or info.get("XML:com.adobe.xmp")
    if not raw:
        return None
    if isinstance(raw, bytes):
        raw = raw[:_XMP_MAX].decode("utf-8", "replace")
    return str(raw)[:_XMP_MAX]


def _xmp_field(xmp: str | None, names: tuple[str, ...]) -> str | None:
    if not xmp:
        return None
    for name in names:
        esc = re.escape(name)
        m = re.search(rf'{esc}="([^"<>]{{1,200}})"', xmp) or re.search(
            rf"<{esc}>([^<>]{{1,200}})</{esc}>", xmp
        )
        if m:
            return m.group(1).strip()
    return None


def _xmp_coord(text: str | None) -> float | None:
    # XMP writes "45,31.2N" (degrees, decimal minutes) or "45,31,12N".
    if not text:
        return None
    m = re.fullmatch(
        r"\s*(\d{1,3})(?:,(\d{1,2}(?:\.\d+)?))?(?:,(\d{1,2}(?:\.\d+)?))?([NSEW])\s*", text
    )
    if not m:
        return None
    value = float(m.group(1)) + float(m.group(2) or 0) / 60 + float(m.group(3) or 0) / 3600
    return round(-value if m.group(4) in "SW" else value, 6)


def _xmp_latlon(xmp: str) -> tuple[float | None, float | None]:
    lat = _xmp_coord(_xmp_field(xmp, ("exif:GPSLatitude",)))
    lon = _xmp_coord(_xmp_field(xmp, ("exif:GPSLongitude",)))
    return (lat, lon) if lat is not None and lon is not None else (None, None)


def _text_fields(
    base: dict[int, Any], sub: dict[int, Any], info: dict[str, Any]
) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for tag, label in _TEXT_TAGS.items():
        text = _text(base.get(tag) if tag in base else sub.get(tag))
        if text:
            found.append((label, text))
    for key in _INFO_TEXT_KEYS:
        value = info.get(key)
        if isinstance(value, str | bytes) and key != "Software":
            text = _text(value)
            if text:
                found.append((key.lower(), text))
    return tuple(found)
