"""The GPS position in EXIF, read whatever layout the device wrote it in.

Cameras disagree on layout: degrees/minutes/seconds as rationals (Pillow's IFDRational),
as (numerator, denominator) pairs or a flat list of six numbers, decimal degrees in the
first part or repeated in all three, a bare number; the GPS directory pointed to from
the Exif directory or the thumbnail's instead of the main one (FLIR thermal cameras,
some action cameras). A GPS block with no fix is written as 0, 0 with empty
hemisphere references: that is no place, and is not reported as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PIL import ExifTags, Image

from pausepost.media.meta_text import clean_text, finite

_LAT_REF, _LAT, _LON_REF, _LON, _ALT_REF, _ALT = 1, 2, 3, 4, 5, 6
# Closer to 0, 0 than this (about 10 m) is a device with no fix, not a place.
_NULL_ISLAND = 1e-4


@dataclass(frozen=True)
class GpsFix:
    latitude: float | None = None
    longitude: float | None = None
    altitude_m: float | None = None
    present: bool = False  # a GPS directory was there, fix or not


def read_gps(exif: Image.Exif, info: dict[str, Any]) -> GpsFix:
    gps = _gps_directory(exif, info)
    lat = _coordinate(gps.get(_LAT), gps.get(_LAT_REF), "NS", 90)
    lon = _coordinate(gps.get(_LON), gps.get(_LON_REF), "EW", 180)
    if not is_place(lat, lon):
        lat = lon = None
    return GpsFix(lat, lon, _altitude(gps), present=bool(gps))


def is_place(lat: float | None, lon: float | None) -> bool:
    """A real position: both coordinates, in range, and not 0, 0 (a device with no fix)."""
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return False
    return not (abs(lat) < _NULL_ISLAND and abs(lon) < _NULL_ISLAND)


def _gps_directory(exif: Image.Exif, info: dict[str, Any]) -> dict[int, Any]:
    gps = _ifd(exif, ExifTags.IFD.GPSInfo)
    if gps:
        return gps
    # The pointer sometimes sits in the Exif or thumbnail directory instead of IFD0.
    for holder in (ExifTags.IFD.Exif, ExifTags.IFD.IFD1):
        offset = _ifd(exif, holder).get(ExifTags.IFD.GPSInfo)
        if isinstance(offset, int) and offset > 0:
            found = _ifd_at(info.get("exif"), offset)
            if found:
                return found
    return {}


def _ifd(exif: Image.Exif, tag: int) -> dict[int, Any]:
    try:
        return dict(exif.get_ifd(tag)) if exif is not None else {}
    except Exception:  # a malformed directory must not hide the rest
        return {}


def _ifd_at(raw: Any, offset: int) -> dict[int, Any]:
    """The directory at `offset` in the raw EXIF block, read through Pillow's own reader."""
    if not isinstance(raw, bytes) or not raw:
        return {}
    probe = Image.Exif()
    try:
        probe.load(raw)
        probe[ExifTags.IFD.GPSInfo] = offset  # get_ifd follows the pointer from IFD0
        return dict(probe.get_ifd(ExifTags.IFD.GPSInfo))
    except Exception:
        return {}


def _number(value: Any) -> float | None:
    """A rational (IFDRational, (num, den), a 1-item tuple) or a plain number."""
    try:
        if isinstance(value, tuple | list):
            if len(value) == 2:
                return finite(float(value[0]) / float(value[1])) if value[1] else None
            if len(value) == 1:
                return _number(value[0])
            return None
        if isinstance(value, str | bytes):
            return finite(float(value))
        return finite(float(value))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None


def _parts(value: Any) -> list[float] | None:
    """Degrees, minutes, seconds (missing ones 0) from any of the layouts above."""
    if not isinstance(value, tuple | list):
        single = _number(value)
        return None if single is None else [single, 0.0, 0.0]
    items = list(value)
    if len(items) == 6 and all(isinstance(v, int | float) for v in items):
        items = [(items[i], items[i + 1]) for i in (0, 2, 4)]  # six numbers: three pairs
    if not 1 <= len(items) <= 3:
        return None
    numbers = [_number(v) for v in items]
    if any(n is None for n in numbers):
        return None
    parts = [n for n in numbers if n is not None] + [0.0] * (3 - len(numbers))
    d, m, s = parts
    if d == m == s and d != int(d):
        return [d, 0.0, 0.0]  # decimal degrees written into all three parts
    return parts


def _coordinate(value: Any, ref: Any, hemispheres: str, limit: float) -> float | None:
    parts = _parts(value)
    hemisphere = (clean_text(ref) or "").upper()[:1]
    if parts is None or not hemisphere or hemisphere not in hemispheres:
        return None  # no reference letter: a block left empty, not a place
    d, m, s = parts
    degrees = abs(d) + m / 60 + s / 3600
    if not (0 <= m < 60 and 0 <= s < 60 and degrees <= limit):
        return None
    return round(-degrees if hemisphere == hemispheres[1] else degrees, 6)


def _altitude(gps: dict[int, Any]) -> float | None:
    alt = _number(gps.get(_ALT)) if _ALT in gps else None
    if alt is None:
        return None
    ref = gps.get(_ALT_REF)
    below = ref in (1, b"\x01", (1,), "1")
    return round(-alt if below else alt, 1)
