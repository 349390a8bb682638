"""Mastodon importer: tar.gz and zip, HTML content, visibility, boosts, duplicated items."""

from __future__ import annotations

import json
from pathlib import Path

import export_fakes as fx
import pytest

from pausepost.cli import exitcodes
from pausepost.cli.main import main
from pausepost.importers import iter_items, open_export
from pausepost.importers.text import html_to_text
from pausepost.importers.unchecked import unchecked_notes

EXPECTED = {
    "Hello @bob\nsecond line & more\n\npara two",
    fx.FLAGGED,
    "CW: work stuff\n\nfollowers only\n\nAlt text of the photo",
}


@pytest.mark.parametrize("build", [fx.mastodon_old, fx.mastodon_new])
def test_archive_containers(tmp_path: Path, build: object) -> None:
    archive = build(tmp_path)  # type: ignore[operator]
    with open_export(archive) as export:
        items = list(export.items())
        assert export.detected.platforms == ("mastodon",)
        assert export.empty == 2  # one boost, one direct message
    assert [i.post.text for i in items] == [t for t in _order() if t in EXPECTED]
    assert len(items) == 3  # the repeated item (new layout) is read once
    assert items[0].post.id == f"mastodon:{fx.ACTOR}/statuses/1"
    assert items[0].post.created_at == "2022-11-08T03:07:14Z"
    assert items[0].url == f"{fx.ACTOR}/statuses/1"


def _order() -> list[str]:
    return [
        "Hello @bob\nsecond line & more\n\npara two",
        fx.FLAGGED,
        "CW: work stuff\n\nfollowers only\n\nAlt text of the photo",
    ]


def test_media_resolved_by_suffix(tmp_path: Path) -> None:
    archive = fx.mastodon_old(tmp_path)
    items = list(iter_items(archive))
    [image] = items[2].post.images
    assert image.name == "media_attachments/files/1/original/a.png"
    assert image.path is None  # inside a tar.gz: no path on disk


def test_html_to_text_keeps_hidden_link_parts() -> None:
    html = ('<p>see <a href="https://ex.org/long/path"><span class="invisible">https://</span>'
            '<span>ex.org/long/</span><span class="invisible">path</span></a></p>')
    assert html_to_text(html) == "see https://ex.org/long/path"


def test_photos_missing_from_the_archive_are_counted(tmp_path: Path) -> None:
    """The 4.1+ fixture names a photo its zip does not hold; the old one holds it."""
    with open_export(fx.mastodon_new(tmp_path)) as export:
        items = list(export.items())
        notes = unchecked_notes(export.shared)
    assert items[2].post.images == ()
    assert [(n.what, n.platform, n.count) for n in notes] == [("photos", "mastodon", 1)]
    assert "media_attachments" in notes[0].message
    with open_export(fx.mastodon_old(tmp_path)) as export:
        list(export.items())
        assert unchecked_notes(export.shared) == []


def test_unchecked_photos_are_in_the_report_and_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "config"))
    out = tmp_path / "out"
    code = main(["audit", str(fx.mastodon_new(tmp_path)), "--out", str(out), "--jobs", "1",
                 "--no-cache"])
    err = capsys.readouterr().err
    assert code in (exitcodes.HOLD, exitcodes.REVISE)  # not 65: nothing was damaged
    assert "pausepost: not checked: 1 photo(s) named in outbox.json" in err
    summary = json.loads((out / "report.json").read_text())["summary"]
    assert [(u["what"], u["count"]) for u in summary["unchecked"]] == [("photos", 1)]
    assert "1 photo(s) named in outbox.json" in (out / "report.html").read_text()
