"""`pausepost check --image`, `pausepost redact` and `pausepost strip`, in-process."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("cv2")
import media_samples as S

from pausepost.cli import exitcodes, media_cmds
from pausepost.cli.main import main
from pausepost.core.types import ImageRef
from pausepost.media.load import load_image
from pausepost.media.metadata import read_metadata
from pausepost.media.ocr import tesseract_path

pytestmark = pytest.mark.skipif(tesseract_path() is None, reason="tesseract is not installed")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "note.png"
    S.note_printed().save(path)
    return path


@pytest.fixture
def gps_photo(tmp_path: Path) -> Path:
    path = tmp_path / "office.jpg"
    path.write_bytes(S.jpeg_bytes(S.astronaut(), exif=S.gps_exif()))
    return path


@pytest.fixture
def keywords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media_cmds, "load_screener", lambda _args: S.KeywordScreener())


def test_media_cli_check_image_json(note: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--json", "--image", str(note), "Such a sweet card this week"])
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert code == exitcodes.HOLD
    assert out["verdict"] == "hold"
    (image,) = out["images"]
    assert image["name"] == "note.png" and image["kind"] == "note"
    assert "Rosa," in [w["text"] for w in image["words"]]


def test_media_cli_check_image_without_caption(
    gps_photo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", None)
    code = main(["check", "--image", str(gps_photo)])
    out = capsys.readouterr().out
    assert code in (exitcodes.REVISE, exitcodes.HOLD)  # a face and a GPS position
    assert "faces: this photo shows 1 face" in out
    assert "metadata: taken at 45.52, -122.68 on 4 March 2024, 16:02, iPhone 15" in out


def test_media_cli_check_missing_and_bad_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--image", str(tmp_path / "none.jpg"), "hi"]) == exitcodes.NOINPUT
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert main(["check", "--image", str(empty), "Morning walk"]) == exitcodes.DATA
    assert "the image file is empty (0 bytes)" in capsys.readouterr().err


def test_media_cli_strip_writes_a_clean_copy(
    gps_photo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(gps_photo)
    assert main(["strip", str(gps_photo)]) == exitcodes.OK
    clean = gps_photo.with_name("office.clean.jpg")
    assert capsys.readouterr().out == (
        f"wrote {clean} without: GPS position, time taken, camera (iPhone 15), software\n"
    )
    assert _digest(gps_photo) == before  # the original is untouched
    loaded = load_image(ImageRef(path=str(clean)))
    assert read_metadata(loaded.exif, loaded.info).is_empty
    assert loaded.image.size == (512, 512)


def test_media_cli_strip_refuses_to_replace_the_original_or_a_file(
    gps_photo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["strip", str(gps_photo), "-o", str(gps_photo), "--force"]) == exitcodes.DATA
    assert "never modifies it" in capsys.readouterr().err
    taken = tmp_path / "taken.jpg"
    taken.write_bytes(b"x")
    assert main(["strip", str(gps_photo), "-o", str(taken)]) == exitcodes.DATA
    assert main(["strip", str(gps_photo), "-o", str(tmp_path / "out.xyz")]) == exitcodes.DATA
    assert taken.read_bytes() == b"x"


def test_media_cli_strip_keeps_every_frame_of_an_animation(tmp_path: Path) -> None:
    src = tmp_path / "wave.gif"
    src.write_bytes(S.animated_gif())
    assert main(["strip", str(src), "--json"]) == exitcodes.OK
    with Image.open(tmp_path / "wave.clean.gif") as out:
        assert out.n_frames == 2


@pytest.mark.usefixtures("keywords")
def test_media_cli_redact_blurs_faces_and_covers_flagged_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "two.png"
    S.two_people().save(photo)
    before = _digest(photo)
    assert main(["redact", str(photo)]) == exitcodes.OK
    assert capsys.readouterr().out.endswith("blurred 2 faces, covered 0 words\n")
    assert _digest(photo) == before
    out = np.asarray(Image.open(tmp_path / "two.redacted.png").convert("L"), dtype=np.int16)
    orig = np.asarray(Image.open(photo).convert("L"), dtype=np.int16)
    face = np.s_[70:160, 180:270]  # inside the left face
    assert np.abs(out[face] - orig[face]).mean() > 10  # changed a lot
    assert np.abs(out[400:500, 0:100] - orig[400:500, 0:100]).max() == 0  # the rest is not


@pytest.mark.usefixtures("keywords")
def test_media_cli_redact_covers_exactly_the_flagged_words(
    note: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["redact", str(note), "-o", str(note.with_name("safe.png")), "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["faces_blurred"] == 0
    assert done["text_boxes"] == 6  # Kim, Rosa, age, 9, Lincoln, Elementary
    out = np.asarray(Image.open(note.with_name("safe.png")).convert("L"))
    words = {w["text"]: w["box"] for w in done["assessment"]["images"][0]["words"]}
    for covered in ("Kim,", "Rosa,", "age", "9", "Lincoln", "Elementary"):
        x, y, w, h = words[covered]
        assert out[y : y + h, x : x + w].max() == 0  # solid black
    x, y, w, h = words["thank"]
    assert out[y : y + h, x : x + w].max() > 200  # untouched paper around the word


def test_media_core_and_cli_start_without_image_code() -> None:
    """The image code loads only when an image command runs: the core stays image-free."""
    code = (
        "import sys; from pausepost.cli.main import build_parser; build_parser(); "
        "import pausepost.core.screener; "
        "bad = [m for m in ('cv2', 'pausepost.media') if m in sys.modules]; "
        "sys.exit(str(bad) if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_media_cli_strip_damaged_file_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "cut.jpg"
    data = S.jpeg_bytes(S.coffee(), exif=S.gps_exif())
    src.write_bytes(data[: len(data) // 2])
    assert main(["strip", str(src)]) == exitcodes.DATA
    assert capsys.readouterr().err == "pausepost: the image file is damaged or truncated\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.jpg"]


@pytest.mark.usefixtures("keywords")
def test_media_cli_redact_says_a_note_is_still_a_note(
    note: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["redact", str(note), "--text", "all"]) == exitcodes.OK
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {note.with_name('note.redacted.png')}: blurred 0 faces, covered 12 words",
        "note: the picture is still a note, card or letter: check you may share it before "
        "posting even this copy",
    ]


# --- `check --image` prints the caption as a plain check does (issue 10 follow-up, item 3)

PATIENT_CAPTION = "My patient Maria Lopez in bed 12 after her surgery"


@pytest.mark.parametrize("caption", [PATIENT_CAPTION, "Morning coffee before clinic."])
def test_media_cli_check_image_prints_the_plain_checks_headline_and_highlights(
    caption: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "coffee.jpg"
    photo.write_bytes(S.jpeg_bytes(S.coffee()))  # no text, face or metadata: adds nothing
    plain_code = main(["check", "--color", "never", caption])
    plain = capsys.readouterr().out
    code = main(["check", "--color", "never", "--image", str(photo), caption])
    out = capsys.readouterr().out
    assert code == plain_code
    head = plain.split("\n")[:3]  # "HOLD  Please don't post this publicly.", "", the caption
    assert out.split("\n")[:3] == head
    if caption == PATIENT_CAPTION:
        assert head[0] == "HOLD  Please don't post this publicly."
        assert "[[Maria]]" in head[2] or "[[Maria Lopez]]" in head[2]
    why = plain.split("Why:\n", 1)[1].split("\n\n", 1)[0] if "Why:" in plain else ""
    assert why in out  # the same reasons, worded and wrapped the same
    assert "image 1: coffee.jpg" in out and "faces: no faces found" in out


def test_media_cli_check_image_colour_and_hidden_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import metadata_fakes as F

    photo = tmp_path / "ward.jpg"
    block = F.iim((120, PATIENT_CAPTION.encode()))
    photo.write_bytes(F.with_app13(S.jpeg_bytes(S.coffee()), block))
    code = main(["check", "--color", "always", "--image", str(photo), "Good day today"])
    out = capsys.readouterr().out
    assert code == exitcodes.HOLD
    assert out.startswith("\x1b[1;31mHOLD\x1b[0m  Please don't post this publicly.")
    assert "\nGood day today\n" in out  # nothing of the hidden text is marked in the caption
    assert "pausepost strip" in out
    (line,) = [x for x in out.split("\n") if x.startswith("  flagged in hidden text: ")]
    assert 'caption "Maria' in line
