"""Captions, keywords and person names from an XMP packet.

Parsed with the standard library's XML parser (expat), after refusing any packet with a
DOCTYPE or entity declaration: XMP never needs one, and without one expat expands
nothing but the five built-in entities, so no entity trick or external fetch is
possible. A packet the parser rejects (cut short, bad bytes) is scanned with bounded
regular expressions instead, so a broken packet still gives up the names in it.

Properties come as attributes (`dc:title="..."`), as element text, or as an
`rdf:Alt`/`rdf:Bag`/`rdf:Seq` of `rdf:li`; structures (a face region's name, a
person's details) nest them one level deeper. All are read the same way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pausepost.media.meta_text import clean_text

_DC = "http://purl.org/dc/elements/1.1/"
_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
_IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
_MWG_REGIONS = "http://www.metadataworkinggroup.com/schemas/regions/"
_MS_REGION = "http://ns.microsoft.com/photo/1.2/t/Region#"
_MS_PHOTO = "http://ns.microsoft.com/photo/1.0/"
_LIGHTROOM = "http://ns.adobe.com/lightroom/1.0/"
_DIGIKAM = "http://www.digikam.org/ns/1.0/"
_EXIF = "http://ns.adobe.com/exif/1.0/"
_TIFF = "http://ns.adobe.com/tiff/1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# (namespace, property) -> the words the report uses. Country and state are left out:
# they identify no one.
TEXT_PROPERTIES: dict[tuple[str, str], str] = {
    (_DC, "description"): "caption",
    (_DC, "title"): "title",
    (_DC, "subject"): "keywords",
    (_DC, "creator"): "author",
    (_DC, "rights"): "copyright",
    (_PHOTOSHOP, "Headline"): "headline",
    (_PHOTOSHOP, "CaptionWriter"): "caption writer",
    (_PHOTOSHOP, "Instructions"): "instructions",
    (_PHOTOSHOP, "City"): "city",
    (_IPTC_CORE, "Location"): "place",
    (_IPTC_CORE, "AltTextAccessibility"): "alt text",
    (_IPTC_CORE, "ExtDescrAccessibility"): "alt text",
    (_IPTC_EXT, "PersonInImage"): "person in image",
    (_IPTC_EXT, "PersonName"): "person in image",
    (_IPTC_EXT, "Sublocation"): "place",
    (_IPTC_EXT, "City"): "city",
    (_IPTC_EXT, "LocationName"): "place",
    (_MWG_REGIONS, "Name"): "person in image",  # face regions tagged in Lightroom, Picasa
    (_MS_REGION, "PersonDisplayName"): "person in image",  # Windows Photo Gallery
    (_MS_PHOTO, "LastKeywordXMP"): "keywords",
    (_LIGHTROOM, "hierarchicalSubject"): "keywords",
    (_DIGIKAM, "TagsList"): "keywords",
    (_EXIF, "UserComment"): "user comment",
    (_TIFF, "ImageDescription"): "description",
    (_TIFF, "Artist"): "author",
}
_BY_LOCAL_NAME = {local: label for (_, local), label in TEXT_PROPERTIES.items()}
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)
_MAX_DEPTH = 64
_MAX_VALUES = 200
_MAX_SCANNED = 200
_SCAN_WINDOW = 2000
_NAMES = "|".join(re.escape(local) for local in _BY_LOCAL_NAME)
_SCAN_ATTR = re.compile(rf'\b\w{{1,20}}:({_NAMES})="([^"<>]{{1,400}})"')
_SCAN_OPEN = re.compile(rf"<(\w{{1,20}}:({_NAMES}))\b[^<>]{{0,200}}>")


def xmp_text_fields(packet: str) -> list[tuple[str, str]]:
    """(label, text) for each text property in the packet, repeated values joined."""
    values = _parsed(packet)
    if values is None:
        values = _scanned(packet)
    found: dict[str, list[str]] = {}
    for label, raw in values[:_MAX_VALUES]:
        text = clean_text(raw)
        if text and text not in found.setdefault(label, []):
            found[label].append(text)
    return [(label, ", ".join(texts)) for label, texts in found.items() if texts]


def _parsed(packet: str) -> list[tuple[str, str]] | None:
    body = _body(packet)
    if body is None or _DECLARATION.search(body):
        return None
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, ValueError):
        return None
    out: list[tuple[str, str]] = []
    _walk(root, None, 0, out)
    return out


def _body(packet: str) -> str | None:
    """The XML between the first '<' and the last '>' (padding and junk cut off)."""
    start, end = packet.find("<"), packet.rfind(">")
    return packet[start : end + 1] if 0 <= start < end else None


def _walk(elem: ET.Element, label: str | None, depth: int, out: list[tuple[str, str]]) -> None:
    if depth > _MAX_DEPTH:
        return
    own = TEXT_PROPERTIES.get(_split(elem.tag))
    label = own or label
    for name, value in elem.attrib.items():
        attr_label = TEXT_PROPERTIES.get(_split(name))
        if attr_label:
            out.append((attr_label, value))
    if label and elem.text and elem.text.strip() and not _is_rdf_container(elem):
        out.append((label, elem.text))
    for child in elem:
        # Inside a property, only its values (rdf:li, structure fields) carry its label;
        # a structure's own named fields (a region's Name) are matched by their names.
        _walk(child, label if _split(child.tag)[0] == _RDF else None, depth + 1, out)


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _is_rdf_container(elem: ET.Element) -> bool:
    return _split(elem.tag) in {(_RDF, "Alt"), (_RDF, "Bag"), (_RDF, "Seq")}


def _scanned(packet: str) -> list[tuple[str, str]]:
    """Fallback for packets the parser refuses: bounded patterns, names by local part."""
    out: list[tuple[str, str]] = []
    for _, m in zip(range(_MAX_SCANNED), _SCAN_ATTR.finditer(packet), strict=False):
        out.append((_BY_LOCAL_NAME[m.group(1)], m.group(2)))
    for _, m in zip(range(_MAX_SCANNED), _SCAN_OPEN.finditer(packet), strict=False):
        window = packet[m.end() : m.end() + _SCAN_WINDOW]
        close = window.find(f"</{m.group(1)}>")
        inner = window if close < 0 else window[:close]
        label = _BY_LOCAL_NAME[m.group(2)]
        out.extend((label, t) for t in re.split(r"<[^<>]{0,400}>", inner) if t.strip())
    return out
