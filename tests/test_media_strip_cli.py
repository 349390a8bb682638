"""`pausepost strip` where the copy cannot be written: exit 73, a clear message, no file.

Apart from test_media_cli.py, which needs tesseract and OpenCV: these need only Pillow.
"""

from __future__ import annotations

import os
from pathlib import Path

import media_samples as S
import pytest
from PIL import Image

from pausepost.cli import exitcodes
from pausepost.cli.main import main


@pytest.fixture
def gps_photo(tmp_path: Path) -> Path:
    path = tmp_path / "office.jpg"
    path.write_bytes(S.jpeg_bytes(Image.new("RGB", (64, 48), (120, 90, 60)), exif=S.gps_exif()))
    return path


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/out.jpg", "the folder {tmp}/missing does not exist"),
        ("office.jpg/out.jpg", "{tmp}/office.jpg is not a folder"),
        (".", "it is a folder; give a file name"),
    ],
    ids=["missing-folder", "file-as-folder", "a-folder"],
)
def test_media_cli_strip_unwritable_output_exits_73(
    gps_photo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> None:
    out = tmp_path / where
    assert main(["strip", str(gps_photo), "-o", str(out)]) == exitcodes.CANTCREATE
    err = capsys.readouterr().err
    assert err.startswith(f"pausepost: cannot write {out}: ")
    assert err.rstrip().endswith(message.format(tmp=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.jpg"]


def test_media_cli_strip_read_only_folder_exits_73(
    gps_photo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.access(locked, os.W_OK):  # root may write anywhere: answer as for everyone else
        real = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode, **kw: not mode & os.W_OK and real(p, mode, **kw)
        )
    try:
        code = main(["strip", str(gps_photo), "-o", str(locked / "out.jpg")])
    finally:
        locked.chmod(0o755)
    assert code == exitcodes.CANTCREATE
    assert capsys.readouterr().err == (
        f"pausepost: cannot write {locked / 'out.jpg'}: the folder {locked} is read-only\n"
    )
    assert list(locked.iterdir()) == []


def test_media_cli_strip_write_refused_by_the_system_exits_73(
    gps_photo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The folder looked writable but the write itself fails (full disk, a lock)."""

    def refuse(self: Image.Image, fp: object, *args: object, **kwargs: object) -> None:
        Path(str(fp)).write_bytes(b"half")
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Image.Image, "save", refuse)
    out = tmp_path / "out.png"
    assert main(["strip", str(gps_photo), "-o", str(out)]) == exitcodes.CANTCREATE
    assert capsys.readouterr().err == f"pausepost: cannot write {out}: Permission denied\n"
    assert not out.exists()  # no half-written copy left behind
