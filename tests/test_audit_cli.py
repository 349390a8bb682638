"""`pausepost audit`: files written, documented exit codes, clear errors, no post text leaks."""

from __future__ import annotations

import json
from pathlib import Path

import export_fakes as fx
import pytest

from pausepost.cli import exitcodes
from pausepost.cli.main import main

BENIGN_ONLY = "Sunday reset: long walk, phone off, soup on the stove."


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "config"))


def _benign_export(root: Path) -> Path:
    tweets = [fx.tweet("1", BENIGN_ONLY, "Fri Feb 20 09:10:58 +0000 2026")]
    fx.write(root, "data/tweets.js", fx.ytd("tweets.part0", tweets))
    return root


def test_benign_archive_exits_ok_and_writes_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _benign_export(tmp_path / "export")
    out = tmp_path / "out"
    code = main(["audit", str(export), "--out", str(out), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == exitcodes.OK
    assert {p.name for p in out.iterdir()} == {"report.html", "report.json", "report.csv"}
    assert "Screened 1" in captured.out and "report.html" in captured.out
    assert BENIGN_ONLY not in captured.out + captured.err  # never echo post text
    assert json.loads((out / "report.json").read_text())["posts"][0]["verdict"] == "post"


def test_flagged_post_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = fx.x_current(tmp_path / "export")
    out = tmp_path / "out"
    code = main(["audit", str(export), "--out", str(out), "--no-cache"])
    capsys.readouterr()
    posts = json.loads((out / "report.json").read_text())["posts"]
    flagged = next(p for p in posts if p["text"] == fx.FLAGGED)
    assert flagged["verdict"] in ("hold", "revise")
    assert code in (exitcodes.HOLD, exitcodes.REVISE)


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(tmp_path / "nope.zip")]) == exitcodes.NOINPUT
    assert "nope.zip" in capsys.readouterr().err


def test_not_an_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("hello")
    assert main(["audit", str(f), "--out", str(tmp_path / "o")]) == exitcodes.DATA
    err = capsys.readouterr().err
    assert "notes.txt" in err and "expected a data export" in err
    assert "Traceback" not in err


def test_corrupt_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "twitter.zip"
    f.write_bytes(b"PK\x03\x04garbage")
    assert main(["audit", str(f), "--out", str(tmp_path / "o")]) == exitcodes.DATA
    assert "twitter.zip" in capsys.readouterr().err


def test_partly_unreadable_still_reports(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    export = _benign_export(tmp_path / "export")
    fx.write(export, "data/tweets-part1.js", "window.YTD.tweets.part1 = [ {\"tweet\": {")
    out = tmp_path / "out"
    assert main(["audit", str(export), "--out", str(out), "--jobs", "1"]) == exitcodes.DATA
    err = capsys.readouterr().err
    assert "tweets-part1.js" in err and "could not be read" in err
    assert (out / "report.html").is_file()


def test_unwritable_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = _benign_export(tmp_path / "export")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["audit", str(export), "--out", str(blocker / "sub")]) == exitcodes.CANTCREATE
    assert "cannot write" in capsys.readouterr().err


def test_progress_bar_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = _benign_export(tmp_path / "export")
    main(["audit", str(export), "--out", str(tmp_path / "o"), "--progress", "always",
          "--jobs", "1"])
    err = capsys.readouterr().err
    assert "posts/s" in err and "ETA" in err and "100%" in err


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    out = capsys.readouterr().out
    assert "65" in out and "report.html" in out and "--out" in out


def test_photo_only_tweet_is_not_a_failure(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    export = fx.x_long_posts(tmp_path / "export")
    out = tmp_path / "out"
    code = main(["audit", str(export), "--out", str(out), "--jobs", "1", "--no-cache"])
    captured = capsys.readouterr()
    summary = json.loads((out / "report.json").read_text())["summary"]
    assert summary["not_screened"] == 0  # was 1: the bare photo link counted as unscreenable
    assert summary["nothing_written"] == 2  # the photo-only tweets, 500 and 501
    assert summary["photos_not_checked"] == 1  # 500's photo is in the archive: --images
    assert "could not be screened" not in (out / "report.html").read_text()
    assert "add --images" in captured.out
    assert code != exitcodes.DATA  # nothing was lost


def test_wrong_shape_file_exits_65_naming_it(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """docs/audit.md: items of an unexpected shape are named, and the exit is 65."""
    export = tmp_path / "export"
    fx.write(export, "data/tweets.js", 'window.YTD.tweets.part0 = {"tweet": {"id_str": "1"}}')
    out = tmp_path / "out"
    assert main(["audit", str(export), "--out", str(out), "--jobs", "1"]) == exitcodes.DATA
    err = capsys.readouterr().err
    assert "tweets.js" in err and "no list of items" in err and "Traceback" not in err
    assert json.loads((out / "report.json").read_text())["summary"]["unreadable"] == 1


def test_photo_only_tweet_photo_is_checked_with_images(tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    import audit_fakes

    from pausepost.audit import audit_export

    export = fx.x_long_posts(tmp_path / "export")
    image.new("RGB", (64, 48), (200, 180, 160)).save(
        export / "data/tweets_media/500-Fabc.jpg", format="JPEG")
    summary = audit_export(export, tmp_path / "out", factory=audit_fakes.fake_factory,
                           images=True)
    assert summary.not_screened == 0 and summary.photos_not_checked == 0
    posts = json.loads((tmp_path / "out" / "report.json").read_text())["posts"]
    photo = next(p for p in posts if p["id"] == "x:500")
    assert photo["text"] == "" and photo["verdict"] is not None
    assert [i["name"] for i in photo["images"]] == ["data/tweets_media/500-Fabc.jpg"]


DANISH = (
    "I dag havde jeg en lang samtale med en af mine klienter om hendes familie, "
    "og jeg tænker stadig på det hun fortalte mig."
)


def test_posts_in_a_language_pause_cannot_read_are_counted_and_marked_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "export"
    tweets = [
        fx.tweet("1", BENIGN_ONLY, "Fri Feb 20 09:10:58 +0000 2026"),
        fx.tweet("2", DANISH, "Fri Feb 20 10:10:58 +0000 2026"),
    ]
    fx.write(root, "data/tweets.js", fx.ytd("tweets.part0", tweets))
    out = tmp_path / "out"
    main(["audit", str(root), "--out", str(out), "--no-cache"])
    captured = capsys.readouterr()
    assert "1 post is in a language Pause cannot read yet" in captured.out
    assert DANISH not in captured.out + captured.err
    posts = {p["id"]: p for p in json.loads((out / "report.json").read_text())["posts"]}
    danish = next(p for p in posts.values() if p["text"] == DANISH)
    assert danish["verdict"] == "revise" and danish["action"] == "read"
    assert next(p for p in posts.values() if p["text"] == BENIGN_ONLY)["action"] == "keep"


def test_summary_lines_agree_with_one_post(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One photo post and one post Pause cannot read: "1 post has", "1 post is"."""
    root = tmp_path / "export"
    pic = {"url": "https://t.co/pic", "expanded_url": "https://x.com/jane/status/500/photo/1",
           "media_url_https": "https://pbs.twimg.com/media/Fabc.jpg", "type": "photo",
           "id_str": "7", "indices": ["0", "16"]}
    tweets = [
        fx.tweet("500", "https://t.co/pic", "Thu Oct 19 08:00:00 +0000 2023",
                 entities={"urls": [], "media": [pic]}, extended_entities={"media": [pic]}),
        fx.tweet("2", DANISH, "Fri Feb 20 10:10:58 +0000 2026"),
    ]
    fx.write(root, "data/tweets.js", fx.ytd("tweets.part0", tweets))
    fx.write(root, "data/tweets_media/500-Fabc.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    main(["audit", str(root), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"])
    out = capsys.readouterr().out
    assert "  1 post has photos; add --images to check them." in out
    assert "  1 post is in a language Pause cannot read yet" in out
    assert "1 posts" not in out


def test_summary_lines_say_posts_for_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "export"
    tweets = [
        fx.tweet("1", DANISH, "Fri Feb 20 09:10:58 +0000 2026"),
        fx.tweet("2", DANISH + " Tak.", "Fri Feb 20 10:10:58 +0000 2026"),
    ]
    fx.write(root, "data/tweets.js", fx.ytd("tweets.part0", tweets))
    main(["audit", str(root), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"])
    assert "  2 posts are in a language Pause cannot read yet" in capsys.readouterr().out
