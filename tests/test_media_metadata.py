"""EXIF and XMP metadata, read back from images written here, told in plain words."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import media_samples as S
import metadata_fakes as F
import pytest
from PIL import Image, PngImagePlugin, TiffImagePlugin

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


# --- Issue 10, item 14: IPTC and XMP captions, keywords and person names


def _xmp_photo() -> bytes:
    return S.jpeg_bytes(S.coffee(), xmp=F.XMP_PERSON)


def test_media_metadata_reads_xmp_captions_keywords_and_people() -> None:
    fields = dict(_meta(_xmp_photo()).text_fields)
    assert fields["caption"] == "Rosa after group, room 412"
    assert fields["title"] == "Thursday group"
    assert fields["headline"] == "Spelling bee winner"
    assert fields["keywords"] == "Lincoln Elementary, therapy"
    assert fields["person in image"] == "Rosa Alvarez, Dana Kim"


def test_media_metadata_reads_xmp_in_a_png() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", F.XMP_PERSON.decode("utf-8"))
    buf = io.BytesIO()
    S.coffee().save(buf, format="PNG", pnginfo=info)
    meta = _meta(buf.getvalue())
    assert meta.has_xmp
    assert dict(meta.text_fields)["person in image"] == "Rosa Alvarez, Dana Kim"


def test_media_metadata_reads_iptc_caption_keywords_and_byline() -> None:
    block = F.iim(
        (120, b"Rosa at her 9th birthday, Sunrise group home"),
        (25, b"Rosa"),
        (25, b"birthday"),
        (80, b"Dana Kim"),
        (92, b"Sunrise House"),
    )
    meta = _meta(F.with_app13(S.jpeg_bytes(S.coffee()), block))
    assert meta.has_iptc and not meta.is_empty
    assert meta.text_fields == (
        ("caption", "Rosa at her 9th birthday, Sunrise group home"),
        ("keywords", "Rosa, birthday"),
        ("author", "Dana Kim"),
        ("place", "Sunrise House"),
    )


def test_media_metadata_reads_xmp_and_iptc_in_a_tiff() -> None:
    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    ifd[33723] = F.iim((120, b"Rosa at group"))
    ifd.tagtype[33723] = F.UNDEFINED
    ifd[700] = F.XMP_PERSON
    ifd.tagtype[700] = F.BYTE
    buf = io.BytesIO()
    S.coffee().save(buf, format="TIFF", tiffinfo=ifd)
    meta = _meta(buf.getvalue())
    assert meta.has_iptc and meta.has_xmp
    assert ("caption", "Rosa at group") in meta.text_fields
    assert ("person in image", "Rosa Alvarez, Dana Kim") in meta.text_fields


def test_media_metadata_one_caption_written_three_times_is_one_field() -> None:
    exif = Image.Exif()
    exif[0x010E] = "Rosa after group, room 412"
    jpeg = S.jpeg_bytes(S.coffee(), exif=exif, xmp=F.XMP_PERSON)
    meta = _meta(F.with_app13(jpeg, F.iim((120, b"Rosa after group, room 412"))))
    texts = [text for _, text in meta.text_fields]
    assert texts.count("Rosa after group, room 412") == 1
    assert ("description", "Rosa after group, room 412") in meta.text_fields


def test_media_metadata_broken_xmp_still_gives_up_names() -> None:
    cut = F.XMP_PERSON[: F.XMP_PERSON.index(b"</x:xmpmeta>") - 40]  # cut short
    fields = dict(_meta(S.jpeg_bytes(S.coffee(), xmp=cut)).text_fields)
    assert "Rosa Alvarez" in fields["person in image"]


def test_media_metadata_xmp_entities_are_never_expanded() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    packet = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY l0 "lol">{laughs}'
        '<!ENTITY who "Rosa Alvarez">]>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&l9;&who;</dc:title>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    fields = dict(_meta(S.jpeg_bytes(S.coffee(), xmp=packet)).text_fields)
    assert fields["title"] == "&l9;&who;"  # read as written, nothing expanded


def test_media_metadata_xmp_person_name_is_screened() -> None:
    from pausepost.core.types import Post
    from pausepost.media.analyze import analyze_image, screen_with_images

    post = Post(text="Good day today", images=(ImageRef(data=_xmp_photo(), name="a.jpg"),))
    result = screen_with_images(
        S.KeywordScreener(), post, analyze=lambda ref: analyze_image(ref, faces=False)
    )
    # The stand-in screener holds for any name: "Rosa" in the hidden text holds the post.
    assert result["verdict"] == "hold"
    assert "image_metadata_text" in [r["code"] for r in result["reasons"]]
    (finding,) = [f for f in result["findings"] if f["code"] == "image.metadata_text"]
    assert "person in image" in finding["why"]


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_media_metadata_strip_removes_xmp_and_iptc(tmp_path: Path, suffix: str) -> None:
    from pausepost.media.strip import strip_metadata

    src = tmp_path / f"group{suffix}"
    if suffix == ".jpg":
        src.write_bytes(F.with_app13(_xmp_photo(), F.iim((120, b"Rosa Alvarez"))))
    else:
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", F.XMP_PERSON.decode("utf-8"))
        S.coffee().save(src, pnginfo=info)
    before = _meta(src.read_bytes())
    assert before.has_xmp and before.has_iptc == (suffix == ".jpg")
    done = strip_metadata(src, tmp_path / f"clean{suffix}")
    assert "person in image text" in done.removed and "XMP" in done.removed
    assert ("IPTC" in done.removed) == (suffix == ".jpg")
    raw = done.output.read_bytes()
    for marker in (b"Rosa", b"Dana Kim", b"xmpmeta", b"Photoshop 3.0", b"8BIM", b"iTXt"):
        assert marker not in raw
    after = _meta(raw)
    assert after.is_empty and not after.has_xmp and not after.has_iptc


# --- Issue 10, item 17: GPS 0,0 is no place; every GPS layout is read


def _exif_jpeg(gps: list[F.Entry] | None, *, gps_in: str = "ifd0") -> bytes:
    ifd0: list[F.Entry] = [(0x010F, F.ASCII, "FLIR Systems AB"), (0x0110, F.ASCII, "FLIR E8")]
    exif: list[F.Entry] = [(0x9003, F.ASCII, "2024:03:04 16:02:37")]
    return S.jpeg_bytes(S.coffee(), exif=F.exif_block(ifd0, exif, gps, gps_in=gps_in))


@pytest.mark.parametrize(
    "gps",
    [
        F.gps_entries(F.dms(0, 0, 0), F.dms(0, 0, 0), lat_ref="N", lon_ref="E"),
        F.gps_entries(F.dms(0, 0, 0), F.dms(0, 0, 0), lat_ref="\x00", lon_ref="\x00"),
        F.gps_entries(F.dms(0, 0, 0), F.dms(0, 0, 0), lat_ref=None, lon_ref=None),
        F.gps_entries(lat_ref=None, lon_ref=None),
        F.gps_entries(lat_ref="", lon_ref=""),
    ],
    ids=["zeros", "zero-refs", "no-refs", "values-without-refs", "empty-refs"],
)
def test_media_metadata_gps_without_a_fix_is_no_place(gps: list[F.Entry]) -> None:
    meta = _meta(_exif_jpeg(gps))
    assert not meta.has_location and meta.latitude is None and meta.longitude is None
    assert meta.has_exif
    assert meta.summary() == "taken on 4 March 2024, 16:02, FLIR E8"


def test_media_metadata_xmp_gps_zero_zero_is_no_place() -> None:
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
        b'exif:GPSLatitude="0,0.0N" exif:GPSLongitude="0,0.0E"/></rdf:RDF></x:xmpmeta>'
    )
    assert not _meta(S.jpeg_bytes(S.coffee(), xmp=xmp)).has_location


@pytest.mark.parametrize(
    ("gps", "gps_in"),
    [
        (F.gps_entries(), "exif"),  # FLIR: the GPS pointer in the Exif directory
        (F.gps_entries([45, 1, 31, 1, 12, 1], [122, 1, 40, 1, 48, 1], kind=F.LONG), "ifd0"),
        (F.gps_entries([45.52] * 3, [122.68] * 3, kind=F.DOUBLE), "ifd0"),  # 3 equal parts
        (F.gps_entries([(4552, 100)] * 3, [(12268, 100)] * 3), "ifd0"),
        (F.gps_entries([(4552, 100)], [(12268, 100)]), "ifd0"),  # decimal degrees alone
        (F.gps_entries([45.52, 0, 0], [122.68, 0, 0], kind=F.DOUBLE), "exif"),
    ],
    ids=["flir-pointer", "six-longs", "equal-doubles", "equal-rationals", "one-part", "doubles"],
)
def test_media_metadata_reads_every_gps_layout(gps: list[F.Entry], gps_in: str) -> None:
    meta = _meta(_exif_jpeg(gps, gps_in=gps_in))
    assert (meta.latitude, meta.longitude) == (45.52, -122.68)
    assert meta.summary().startswith("taken at 45.52, -122.68 on 4 March 2024, 16:02")


def test_media_metadata_gps_as_number_pairs() -> None:
    # Older readers and hand-built EXIF hand rationals over as (numerator, denominator).
    exif = Image.Exif()
    exif.get_ifd(0x8825).update(
        {1: "S", 2: ((45, 1), (31, 1), (12, 1)), 3: "E", 4: ((122, 1), (40, 1), (48, 1))}
    )
    meta = read_metadata(exif, {})
    assert (meta.latitude, meta.longitude) == (-45.52, 122.68)


def test_media_metadata_altitude_alone_and_altitude_over_zero() -> None:
    alone = _meta(_exif_jpeg([(5, F.BYTE, b"\x00"), (6, F.RATIONAL, [(525, 10)])]))
    assert alone.altitude_m == 52.5 and not alone.has_location
    broken = _meta(_exif_jpeg([*F.gps_entries(), (6, F.RATIONAL, [(525, 0)])]))
    assert broken.altitude_m is None and broken.has_location
    json.dumps(broken.to_dict(), allow_nan=False)  # no NaN in a report


# --- Issue 10, item 18: capture date, camera boilerplate, binary junk


def _dated(ifd0_time: str | None, original: str | None, digitized: str | None) -> bytes:
    ifd0: list[F.Entry] = [(0x0110, F.ASCII, "E-M10")]
    if ifd0_time:
        ifd0.append((0x0132, F.ASCII, ifd0_time))
    exif: list[F.Entry] = []
    if original is not None:
        exif.append((0x9003, F.ASCII, original))
    if digitized is not None:
        exif.append((0x9004, F.ASCII, digitized))
    return S.jpeg_bytes(S.coffee(), exif=F.exif_block(ifd0, exif, None))


@pytest.mark.parametrize(
    ("ifd0_time", "original", "digitized", "taken"),
    [
        ("2025:01:10 09:00:00", "2024:03:04 16:02:37", None, "2024-03-04T16:02:37"),
        ("2025:01:10 09:00:00", " " * 19, "2024:03:04 16:02:37", "2024-03-04T16:02:37"),
        ("2025:01:10 09:00:00", "0000:00:00 00:00:00", None, None),
        ("2025:01:10 09:00:00", None, None, None),  # an edit date alone says nothing
    ],
    ids=["original", "blank-original", "zero-original", "edit-date-only"],
)
def test_media_metadata_taken_is_the_capture_date(
    ifd0_time: str, original: str | None, digitized: str | None, taken: str | None
) -> None:
    meta = _meta(_dated(ifd0_time, original, digitized))
    assert meta.taken_at == taken
    assert "2025" not in meta.summary()


@pytest.mark.parametrize(
    "description",
    [
        "OLYMPUS DIGITAL CAMERA",
        "SONY DSC",
        "KONICA MINOLTA DIGITAL CAMERA",
        "                               ",
        "default",
        "DCIM\\100OLYMP",
        "DSC01234",
        "E-M10",  # the model's own name
    ],
)
def test_media_metadata_camera_boilerplate_is_not_a_caption(description: str) -> None:
    exif = Image.Exif()
    exif[0x0110] = "E-M10"
    exif[0x010E] = description
    gd = b"CREATOR: gd-jpeg v1.0 (using IJG JPEG v62), quality = 90"
    jpeg = S.jpeg_bytes(S.coffee(), exif=exif, comment=gd)
    meta = _meta(jpeg)
    assert meta.text_fields == ()
    assert meta.summary() == "taken with E-M10"


@pytest.mark.parametrize("caption", ["Rosa took this with her digital camera", "Sam 12"])
def test_media_metadata_a_caption_like_boilerplate_is_kept(caption: str) -> None:
    exif = Image.Exif()
    exif[0x010E] = caption
    assert _meta(S.jpeg_bytes(S.coffee(), exif=exif)).text_fields == (("description", caption),)


def _junk_photo() -> bytes:
    blob = bytes(range(256)) * 4
    ifd0: list[F.Entry] = [
        (0x010E, F.UNDEFINED, blob),  # a MakerNote copied into the description
        (0x010F, F.ASCII, "Canon\x1b"),
        (0x0110, F.ASCII, "EOS\x07 R6"),
        (0x0131, F.UNDEFINED, b"\xff\xfe\x00\xd8junk\x00\x00\x9c"),
        (0x013B, F.ASCII, "\x1b\x1b\x1b\x7f\x7f"),
    ]
    exif: list[F.Entry] = [
        (0x9003, F.ASCII, "2024:03:04 16:02:37"),
        (0x927C, F.UNDEFINED, blob),  # MakerNote
        (0x9286, F.UNDEFINED, b"\x00\x00\x00\x00\x00\x00\x00\x00" + blob[:64]),
    ]
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Rosa\xc2\x85 at '
        b"group\xe2\x80\x8b</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    jpeg = S.jpeg_bytes(
        S.coffee(), exif=F.exif_block(ifd0, exif, None), xmp=xmp, comment=blob[:200]
    )
    return F.with_app13(jpeg, F.iim((120, b"\x00\x01\x02\x03" * 30), (25, b"Rosa\x00")))


def _strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(obj, list | tuple):
        return [s for v in obj for s in _strings(v)]
    return []


def test_media_metadata_binary_junk_never_reaches_the_report() -> None:
    meta = _meta(_junk_photo())
    assert meta.camera == "Canon EOS R6"
    assert meta.software is None
    assert meta.taken_at == "2024-03-04T16:02:37"
    assert meta.text_fields == (("title", "Rosa at group"), ("keywords", "Rosa"))
    text = json.dumps(meta.to_dict(), allow_nan=False, ensure_ascii=False)
    assert all(s.isprintable() for s in _strings(json.loads(text)))


def test_media_metadata_check_json_holds_only_printable_strings() -> None:
    from pausepost.core.types import Post
    from pausepost.media.analyze import analyze_image, screen_with_images

    post = Post(text="Good day today", images=(ImageRef(data=_junk_photo(), name="j.jpg"),))
    result = screen_with_images(
        S.KeywordScreener(), post, analyze=lambda ref: analyze_image(ref, faces=False)
    )
    text = json.dumps(result, allow_nan=False, ensure_ascii=False)
    metadata = json.loads(text)["images"][0]["metadata"]
    assert all(s.isprintable() for s in _strings(metadata))
    assert all(s.isprintable() or "\n" in s for s in _strings(json.loads(text)))


# --- Hidden text is screened like the caption (issue 10 follow-up, item 1)

PATIENT_CAPTIONS = (
    "My patient Maria Lopez in bed 12 after her surgery",
    "Client Tom Baker, room 5, first day after detox",
)


def _xmp_description(text: str) -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
        f'<rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt></dc:description>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def _hidden_caption_photo(where: str, text: str) -> bytes:
    if where == "xmp":
        return S.jpeg_bytes(S.coffee(), xmp=_xmp_description(text))
    return F.with_app13(S.jpeg_bytes(S.coffee()), F.iim((120, text.encode())))


def _screen_photo(screener: Any, data: bytes, caption: str = "Good day today") -> dict[str, Any]:
    from pausepost.core.types import Post
    from pausepost.media.analyze import analyze_image, screen_with_images

    post = Post(text=caption, images=(ImageRef(data=data, name="a.jpg"),))
    return screen_with_images(screener, post, analyze=lambda ref: analyze_image(ref, faces=False))


@pytest.mark.parametrize("rules_only", [True, False], ids=["rules", "model"])
@pytest.mark.parametrize("where", ["xmp", "iptc"])
@pytest.mark.parametrize("text", PATIENT_CAPTIONS, ids=["maria", "tom"])
def test_media_metadata_hidden_caption_naming_a_patient_holds(
    rules_only: bool, where: str, text: str
) -> None:
    from pausepost.core.screener import Screener
    from pausepost.core.types import Post

    screener = Screener.default(rules_only=rules_only)
    assert screener.screen(Post(text=text)).verdict.value == "hold"  # typed as the caption
    result = _screen_photo(screener, _hidden_caption_photo(where, text))
    assert result["caption_verdict"] == "post"
    assert result["verdict"] == "hold"
    codes = [r["code"] for r in result["reasons"]]
    assert "image_metadata_text" in codes and "identifiable_details" in codes
    strip = next(r for r in result["reasons"] if r["code"] == "image_metadata_text")
    assert "pausepost strip" in strip["message"]
    (image,) = result["images"]
    assert image["verdict"] == "hold"
    hidden = [f for f in result["findings"] if f.get("source") == "metadata"]
    in_image = [f for f in image["findings"] if f.get("source") == "metadata"]
    assert hidden and hidden == [{**f, "image": 0} for f in in_image]
    for f in hidden:  # never offsets into the caption (nor into the picture's OCR text)
        assert f["start"] is None and f["end"] is None and f["image"] == 0
        assert "text_start" not in f and f["boxes"] == []
        assert f["field"] == "caption"
        if f["text"] is not None:
            assert text[f["field_start"] : f["field_end"]] == f["text"]
    assert any(f["label"] == "NAME" for f in hidden)
    assert result["spans"] == []  # the caption's own highlights stay the caption's


def test_media_metadata_hidden_text_findings_name_their_field() -> None:
    result = _screen_photo(S.KeywordScreener(), _xmp_photo())
    hidden = [f for f in result["findings"] if f.get("source") == "metadata"]
    by_field = {(f["field"], f["text"]) for f in hidden}
    assert ("caption", "Rosa") in by_field and ("person in image", "Rosa") in by_field
    assert ("keywords", "Lincoln Elementary") in by_field
    person = next(f for f in hidden if f["field"] == "person in image" and f["text"] == "Kim")
    assert (person["field_start"], person["field_end"]) == (19, 22)  # "Rosa Alvarez, Dana Kim"


def test_media_metadata_author_and_copyright_are_not_screened() -> None:
    """The file's author is whoever made it, usually the poster: still `revise`, not a hold."""
    block = F.iim((80, b"Dana Kim"), (116, b"(c) 2024 Dana Kim"))
    result = _screen_photo(S.KeywordScreener(), F.with_app13(S.jpeg_bytes(S.coffee()), block))
    assert result["verdict"] == "revise"
    assert [r["code"] for r in result["reasons"]] == ["image_metadata_text"]
    assert not [f for f in result["findings"] if f.get("source") == "metadata"]


def test_media_metadata_hidden_text_beside_a_face_makes_it_a_clients() -> None:
    from dataclasses import replace

    from pausepost.core.types import Post
    from pausepost.media.analyze import analyze_image, screen_with_images
    from pausepost.media.geometry import Box

    data = _hidden_caption_photo("iptc", "Rosa after group")
    post = Post(text="Good day today", images=(ImageRef(data=data, name="a.jpg"),))
    result = screen_with_images(
        S.KeywordScreener(),
        post,
        analyze=lambda ref: replace(analyze_image(ref, faces=False), faces=(Box(1, 1, 40, 40),)),
    )
    assert "image_faces_client" in [r["code"] for r in result["reasons"]]
