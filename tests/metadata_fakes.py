"""Metadata blocks built byte by byte, in the layouts real cameras and editors write.

Pillow writes EXIF one way only; devices do not. `exif_block` lays out IFD0, the Exif
directory and the GPS directory by hand, so a test can put the GPS pointer where a FLIR
camera does, or store coordinates as LONGs or doubles. `iim` and `with_app13` build the
IPTC block photo editors write; `xmp_packet` an XMP packet like Lightroom's.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

ASCII, SHORT, LONG, RATIONAL, UNDEFINED, DOUBLE, BYTE = 2, 3, 4, 5, 7, 12, 1
Entry = tuple[int, int, object]  # tag, TIFF type, value(s)
_SIZES = {BYTE: 1, ASCII: 1, SHORT: 2, LONG: 4, RATIONAL: 8, UNDEFINED: 1, DOUBLE: 8}
EXIF_POINTER, GPS_POINTER = 0x8769, 0x8825


def _payload(kind: int, value: object) -> tuple[int, bytes]:
    if kind == ASCII:
        assert isinstance(value, str)
        raw = value.encode("latin-1") + b"\x00"
        return len(raw), raw
    if kind in (UNDEFINED, BYTE):
        assert isinstance(value, bytes)
        return len(value), value
    values = list(value) if isinstance(value, Sequence) else [value]
    if kind == SHORT:
        return len(values), b"".join(struct.pack("<H", int(v)) for v in values)  # type: ignore[call-overload]
    if kind == LONG:
        return len(values), b"".join(struct.pack("<I", int(v)) for v in values)  # type: ignore[call-overload]
    if kind == DOUBLE:
        return len(values), b"".join(struct.pack("<d", float(v)) for v in values)  # type: ignore[arg-type]
    if kind == RATIONAL:
        pairs = [tuple(v) for v in values]  # type: ignore[arg-type]
        return len(pairs), b"".join(struct.pack("<II", int(n), int(d)) for n, d in pairs)
    raise ValueError(kind)


def _ifd_size(entries: list[Entry]) -> int:
    data = 0
    for _, kind, value in entries:
        _, raw = _payload(kind, value)
        if len(raw) > 4:
            data += len(raw) + len(raw) % 2
    return 2 + 12 * len(entries) + 4 + data


def _ifd_bytes(entries: list[Entry], offset: int) -> bytes:
    head = struct.pack("<H", len(entries))
    data = b""
    data_at = offset + 2 + 12 * len(entries) + 4
    for tag, kind, value in sorted(entries, key=lambda e: e[0]):
        count, raw = _payload(kind, value)
        if len(raw) <= 4:
            head += struct.pack("<HHI", tag, kind, count) + raw.ljust(4, b"\x00")
        else:
            head += struct.pack("<HHII", tag, kind, count, data_at + len(data))
            data += raw + b"\x00" * (len(raw) % 2)
    return head + b"\x00\x00\x00\x00" + data


def exif_block(
    ifd0: list[Entry], exif: list[Entry], gps: list[Entry] | None, *, gps_in: str = "ifd0"
) -> bytes:
    """A little-endian EXIF block: IFD0 -> Exif directory, GPS pointed to from `gps_in`
    ("ifd0" as the standard says, "exif" as FLIR cameras do)."""
    ifd0, exif = list(ifd0), list(exif)
    holder = ifd0 if gps_in == "ifd0" else exif
    ifd0.append((EXIF_POINTER, LONG, 0))
    if gps is not None:
        holder.append((GPS_POINTER, LONG, 0))
    at0 = 8
    at_exif = at0 + _ifd_size(ifd0)
    at_gps = at_exif + _ifd_size(exif)
    ifd0 = [(t, k, at_exif if t == EXIF_POINTER else v) for t, k, v in ifd0]
    ifd0 = [(t, k, at_gps if t == GPS_POINTER else v) for t, k, v in ifd0]
    exif = [(t, k, at_gps if t == GPS_POINTER else v) for t, k, v in exif]
    body = _ifd_bytes(ifd0, at0) + _ifd_bytes(exif, at_exif)
    if gps is not None:
        body += _ifd_bytes(gps, at_gps)
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + body


def dms(degrees: int, minutes: int, seconds: int) -> list[tuple[int, int]]:
    return [(degrees, 1), (minutes, 1), (seconds, 1)]


def gps_entries(
    lat: object = dms(45, 31, 12),
    lon: object = dms(122, 40, 48),
    *,
    lat_ref: str | None = "N",
    lon_ref: str | None = "W",
    kind: int = RATIONAL,
) -> list[Entry]:
    entries: list[Entry] = [(0, BYTE, b"\x02\x02\x00\x00")]
    if lat_ref is not None:
        entries.append((1, ASCII, lat_ref))
    if lon_ref is not None:
        entries.append((3, ASCII, lon_ref))
    entries += [(2, kind, lat), (4, kind, lon)]
    return entries


# --- IPTC-IIM in a JPEG's APP13 segment


def iim(*datasets: tuple[int, bytes]) -> bytes:
    """Application-record (2:n) datasets, after the record version 2:0."""
    out = b"\x1c\x02\x00\x00\x02\x00\x04"
    for number, value in datasets:
        out += struct.pack(">BBBH", 0x1C, 2, number, len(value)) + value
    return out


def with_app13(jpeg: bytes, iim_bytes: bytes) -> bytes:
    """`jpeg` with a Photoshop 3.0 APP13 segment holding `iim_bytes` as resource 0x0404."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00"
    resource += struct.pack(">I", len(iim_bytes)) + iim_bytes + b"\x00" * (len(iim_bytes) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


# --- XMP

XMP_PERSON = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about=""'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    b' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
    b' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"'
    b' xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"'
    b' photoshop:Headline="Spelling bee winner">'
    b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Rosa after group, room 412'
    b"</rdf:li></rdf:Alt></dc:description>"
    b'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Thursday group</rdf:li></rdf:Alt>'
    b"</dc:title>"
    b"<dc:subject><rdf:Bag><rdf:li>Lincoln Elementary</rdf:li><rdf:li>therapy</rdf:li>"
    b"</rdf:Bag></dc:subject>"
    b"<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Rosa Alvarez</rdf:li></rdf:Bag>"
    b"</Iptc4xmpExt:PersonInImage>"
    b'<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>'
    b'<rdf:li><rdf:Description mwg-rs:Name="Dana Kim" mwg-rs:Type="Face"/></rdf:li>'
    b"</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    b'<?xpacket end="w"?>'
)
