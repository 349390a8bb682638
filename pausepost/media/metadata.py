"""Location, time, device and free text in image metadata (EXIF, XMP, IPTC, text chunks).

Phone photos carry the GPS position of where they were taken, often the office or a
client's home; photo managers write captions, keywords and the names of the people in
a picture into XMP and IPTC. GPS, time and camera are read from XMP with bounded regular
expressions; its free text with an XML parser that refuses DTDs (see `xmp`). Every text
that leaves this module is printable (see `meta_text`): metadata can hold binary.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PIL import ExifTags, Image

from pausepost.media.gps import is_place, read_gps
from pausepost.media.iptc import iptc_block, iptc_created, iptc_text_fields
from pausepost.media.meta_text import clean_text, is_boilerplate
from pausepost.media.xmp import xmp_text_fields

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
    has_iptc: bool = False
    text_fields: tuple[tuple[str, str], ...] = ()

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_empty(self) -> bool:
        return not (self.has_exif or self.has_xmp or self.has_iptc or self.text_fields)

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
            "has_iptc": self.has_iptc,
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
    sub = _safe_ifd(exif, ExifTags.IFD.Exif)
    fix = read_gps(exif, info)
    xmp = _xmp_text(info, base)
    iptc = iptc_block(info, base)
    lat, lon = fix.latitude, fix.longitude
    if lat is None and xmp:
        lat, lon = _xmp_latlon(xmp)
    make = _text(base.get(0x010F)) or _xmp_field(xmp, ("tiff:Make",))
    model = _text(base.get(0x0110)) or _xmp_field(xmp, ("tiff:Model",))
    return ImageMetadata(
        latitude=lat,
        longitude=lon,
        altitude_m=fix.altitude_m,
        taken_at=_taken(base, sub, xmp, iptc),
        camera=_camera(make, model),
        software=_text(base.get(0x0131)),
        has_exif=bool(base or sub or fix.present),
        has_xmp=bool(xmp),
        has_iptc=bool(iptc),
        text_fields=_text_fields(base, sub, info, xmp, iptc, (make, model)),
    )


def _safe_ifd(exif: Image.Exif, ifd: int) -> dict[int, Any]:
    try:
        return dict(exif.get_ifd(ifd)) if exif is not None else {}
    except Exception:  # a malformed sub-directory must not hide the rest
        return {}


def _taken(
    base: dict[int, Any], sub: dict[int, Any], xmp: str | None, iptc: bytes | None
) -> str | None:
    """When the picture was taken: never IFD0's DateTime, which every editor rewrites."""
    # DateTimeOriginal, then DateTimeDigitized; some writers put them in IFD0.
    for value in (sub.get(0x9003), sub.get(0x9004), base.get(0x9003), base.get(0x9004)):
        taken = _exif_time(value)
        if taken:
            return taken
    for name in ("exif:DateTimeOriginal", "photoshop:DateCreated", "xmp:CreateDate"):
        taken = _iso_time(_xmp_field(xmp, (name,)))
        if taken:
            return taken
    return iptc_created(iptc) if iptc else None


def _text(value: Any) -> str | None:
    return clean_text(value)


def _exif_time(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return None


def _iso_time(text: str | None) -> str | None:
    """The date-time at the start of an XMP or IPTC value ("2024-03-04T16:02:37+01:00")."""
    m = re.match(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?", text or "")
    if not m:
        return None
    try:
        datetime.fromisoformat(m.group(0))
    except ValueError:
        return None
    return m.group(0)


def _plain_time(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        t = datetime.fromisoformat(iso[:19])
    except ValueError:
        return None
    day = f"{t.day} {_MONTHS[t.month - 1]} {t.year}"
    return f"{day}, {t:%H:%M}" if "T" in iso else day


def _camera(make: str | None, model: str | None) -> str | None:
    if not model:
        return make
    # "Apple" + "iPhone 15" reads best as the model alone, as does "Canon" + "Canon EOS R6".
    if not make or make.lower() == "apple" or make.split()[0].lower() in model.lower():
        return model
    return f"{make} {model}"


def _xmp_text(info: dict[str, Any], base: dict[int, Any]) -> str | None:
    # JPEG, PNG, WebP and TIFF all come as info["xmp"]; TIFF's tag 700 as a fallback.
    raw = info.get("xmp") or info.get("XML:com.adobe.xmp") or base.get(0x02BC)
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
            return _text(m.group(1))
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
    return (lat, lon) if is_place(lat, lon) else (None, None)


def _text_fields(
    base: dict[int, Any],
    sub: dict[int, Any],
    info: dict[str, Any],
    xmp: str | None,
    iptc: bytes | None,
    device: tuple[str | None, str | None],
) -> tuple[tuple[str, str], ...]:
    """Free text a person may have written, each text once, camera boilerplate left out."""
    found: list[tuple[str, str]] = []
    for tag, label in _TEXT_TAGS.items():
        found.append((label, _text(base.get(tag) if tag in base else sub.get(tag)) or ""))
    for key in _INFO_TEXT_KEYS:
        value = info.get(key)
        if isinstance(value, str | bytes) and key != "Software":
            found.append((key.lower(), _text(value) or ""))
    if xmp:
        found.extend(xmp_text_fields(xmp))
    if iptc:
        found.extend(iptc_text_fields(iptc))
    kept: dict[str, str] = {}  # text -> label: Lightroom writes one caption three times
    for label, text in found:
        if text and text not in kept and not is_boilerplate(text, *device):
            kept[text] = label
    return tuple((label, text) for text, label in kept.items())
