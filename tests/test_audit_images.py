"""Photos referenced by an export go through the image checks with --images (zip or folder)."""

from __future__ import annotations

import json
from pathlib import Path

import audit_fakes
import export_fakes as fx
import pytest

from pausepost.audit import audit_export

Image = pytest.importorskip("PIL.Image")


def _export(tmp_path: Path) -> Path:
    root = fx.instagram_2025(tmp_path / "ig")
    Image.new("RGB", (64, 48), (200, 180, 160)).save(root / "media/posts/202105/1.jpg")
    return root


@pytest.mark.parametrize("zipped", [False, True])
def test_photos_are_checked_on_request(tmp_path: Path, zipped: bool) -> None:
    root = _export(tmp_path)
    src = fx.zip_dir(root, tmp_path / "ig.zip") if zipped else root
    summary = audit_export(src, tmp_path / "out", factory=audit_fakes.fake_factory, images=True)
    assert summary.photos_not_checked == 0
    posts = json.loads((tmp_path / "out" / "report.json").read_text())["posts"]
    single = next(p for p in posts if p["text"].startswith("Single photo"))
    [image] = single["images"]
    assert image["name"] == "media/posts/202105/1.jpg"
    assert "error" not in image  # the bytes were found and opened, also inside the zip
    assert "images" not in next(p for p in posts if p["platform"] == "threads")


def test_without_images_photos_are_counted_not_checked(tmp_path: Path) -> None:
    summary = audit_export(_export(tmp_path), tmp_path / "out",
                           factory=audit_fakes.fake_factory)
    assert summary.photos_not_checked == 3
    html = (tmp_path / "out" / "report.html").read_text()
    assert "--images" in html
    posts = json.loads((tmp_path / "out" / "report.json").read_text())["posts"]
    assert all("images" not in p for p in posts)
