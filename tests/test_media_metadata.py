"""EXIF and XMP metadata, read back from images written here, told in plain words."""

from __future__ import annotations

import media_samples as S
import pytest
from PIL import Image

from pausepost.core.types import ImageRef
from pausepost.media.load import load_image
from pausepost.media.metadata import ImageMetadata, read_metadata


def _meta(data: bytes) -> ImageMetadata:
    loaded = load_image(ImageRef(data=data))
    return read_metadata(loaded.exif, loaded.info)


def test_media_metadata_reads_gps_time_and_camera() -> None:
    meta = _meta(S.jpeg_bytes(S.coffee(), exif=S.gps_exif()))
    assert (meta.latitude, meta.longitude) == (45.52, -122.68)
    assert meta.altitude_m == 52.5
    assert meta.taken_at == "2024-03-04T16:02:37"
    assert meta.camera == "iPhone 15"
    assert meta.software == "17.3.1"
    assert meta.summary() == "taken at 45.52, -122.68 on 4 March 2024, 16:02, iPhone 15"


@pytest.mark.parametrize(
    ("lat_ref", "lon_ref", "expected"),
    [("N", "W", (45.52, -122.68)), ("S", "E", (-45.52, 122.68)), ("S", "W", (-45.52, -122.68))],
)
def test_media_metadata_hemispheres(
    lat_ref: str, lon_ref: str, expected: tuple[float, float]
) -> None:
    meta = _meta(S.jpeg_bytes(S.coffee(), exif=S.gps_exif(lat_ref=lat_ref, lon_ref=lon_ref)))
    assert (meta.latitude, meta.longitude) == expected


def test_media_metadata_photo_without_exif() -> None:
    meta = _meta(S.jpeg_bytes(S.coffee()))
    assert not meta.has_location and not meta.has_exif and meta.is_empty
    assert meta.summary() == "no location, time or camera details"


def test_media_metadata_camera_name_without_repeating_the_make() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS R6"
    assert _meta(S.jpeg_bytes(S.coffee(), exif=exif)).camera == "Canon EOS R6"
    exif[0x010F] = "Google"
    exif[0x0110] = "Pixel 8"
    meta = _meta(S.jpeg_bytes(S.coffee(), exif=exif))
    assert meta.camera == "Google Pixel 8"
    assert meta.summary() == "taken with Google Pixel 8"


def test_media_metadata_reads_xmp_location() -> None:
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
        b'exif:GPSLatitude="45,31.2N" exif:GPSLongitude="122,40.8W" '
        b'xmp:CreateDate="2024-03-04T16:02:37"/></rdf:RDF></x:xmpmeta>'
    )
    meta = _meta(S.jpeg_bytes(S.coffee(), xmp=xmp))
    assert meta.has_xmp
    assert (meta.latitude, meta.longitude) == (45.52, -122.68)
    assert meta.summary() == "taken at 45.52, -122.68 on 4 March 2024, 16:02"


def test_media_metadata_finds_hidden_text_fields() -> None:
    exif = Image.Exif()
    exif[0x010E] = "Rosa's card"
    meta = _meta(S.jpeg_bytes(S.coffee(), exif=exif))
    assert meta.text_fields == (("description", "Rosa's card"),)
    assert meta.to_dict()["text_fields"] == [{"field": "description", "text": "Rosa's card"}]
