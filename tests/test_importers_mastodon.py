"""Mastodon importer: tar.gz and zip, HTML content, visibility, boosts, duplicated items."""

from __future__ import annotations

from pathlib import Path

import export_fakes as fx
import pytest

from pausepost.importers import iter_items, open_export
from pausepost.importers.text import html_to_text

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
