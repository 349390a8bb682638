"""Bad input: clear typed errors naming the file; whatever can be read is still read."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path
from typing import Any

import export_fakes as fx
import pytest

from pausepost.importers import (
    CorruptArchiveError,
    ExportError,
    FileFormatError,
    NotAnExportError,
    Problem,
    iter_items,
    iter_posts,
    lookup,
    open_export,
)
from pausepost.importers.detect import detect


def test_not_an_export(tmp_path: Path) -> None:
    f = tmp_path / "holiday.txt"
    f.write_text("just some notes")
    with pytest.raises(NotAnExportError) as err:
        open_export(f)
    assert "holiday.txt" in str(err.value) and "expected a data export" in str(err.value)


def test_unknown_layout_folder(tmp_path: Path) -> None:
    fx.write(tmp_path, "stuff/random.json", "[]")
    with pytest.raises(NotAnExportError, match="none of its 1 file"):
        open_export(tmp_path)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAnExportError, match="empty"):
        open_export(tmp_path)


def test_facebook_html_export_gets_advice(tmp_path: Path) -> None:
    fx.write(tmp_path, "posts/your_posts_1.html", "<html></html>")
    with pytest.raises(NotAnExportError, match="request the JSON format"):
        open_export(tmp_path)


# Newer HTML and TXT exports: the advice to ask for JSON, not "not a known export file".
NOT_JSON_EXPORTS = {
    "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html": "Facebook",
    "your_activity_across_facebook/groups/group_posts_and_comments.html": "Facebook",
    "your_facebook_activity/comments_and_reactions/comments.html": "Facebook",
    "your_instagram_activity/media/reels.html": "Instagram",
    "your_instagram_activity/comments/post_comments_1.html": "Instagram",
    "TikTok/Activity/Browsing History.txt": "TikTok",
    "TikTok/Activity/Favorite Videos.txt": "TikTok",
}


@pytest.mark.parametrize("rel", sorted(NOT_JSON_EXPORTS))
def test_newer_html_and_txt_exports_get_advice(tmp_path: Path, rel: str) -> None:
    fx.write(tmp_path, rel, "<html></html>")
    fx.write(tmp_path, "index.html", "<html></html>")  # pages no reader claims do not matter
    with pytest.raises(NotAnExportError, match=f"{NOT_JSON_EXPORTS[rel]}'s") as err:
        open_export(tmp_path)
    assert "JSON format" in str(err.value)


def test_corrupt_zip(tmp_path: Path) -> None:
    bad = tmp_path / "facebook.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(CorruptArchiveError) as err:
        open_export(bad)
    assert "facebook.zip" in str(err.value) and "download" in str(err.value)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        open_export(tmp_path / "nope.zip")


def test_truncated_json_keeps_earlier_items_and_other_files(tmp_path: Path) -> None:
    fx.facebook_2019(tmp_path)
    posts = tmp_path / "posts/your_posts_1.json"
    two = fx.meta_json([fx.fb_post("kept one", fx.TS_2019), fx.fb_post("lost", fx.TS_2019)])
    posts.write_text(two[: two.index("lost") - 30])
    problems: list[Problem] = []
    texts = {p.text for p in iter_posts(tmp_path, problems)}
    assert texts == {"kept one", "Old comment", "Old group post"}
    [problem] = problems
    assert problem.file.endswith("posts/your_posts_1.json")
    assert "ends early" in problem.message and "expected" in problem.message


def test_strict_iteration_raises_after_what_was_read(tmp_path: Path) -> None:
    full = fx.meta_json([fx.fb_post("kept", fx.TS_2019), fx.fb_post("cut", fx.TS_2019)])
    fx.write(tmp_path, "posts/your_posts_1.json", full[: full.index("cut")])
    seen: list[str] = []
    with pytest.raises(FileFormatError) as err:
        for post in iter_posts(tmp_path):
            seen.append(post.text)
    assert seen == ["kept"]
    assert isinstance(err.value, ExportError) and "your_posts_1.json" in str(err.value)


def test_items_of_unexpected_shape_are_counted(tmp_path: Path) -> None:
    fx.write(tmp_path, "posts/your_posts_1.json",
             fx.meta_json([fx.fb_post("fine", fx.TS_2019), "a string", 42]))
    problems: list[Problem] = []
    assert [p.text for p in iter_posts(tmp_path, problems)] == ["fine"]
    assert problems[0].skipped == 2 and "2 item(s) could not be read" in problems[0].message


def test_damaged_zip_member_is_reported_not_fatal(tmp_path: Path) -> None:
    folder = fx.facebook_2019(tmp_path / "src")
    archive = fx.zip_dir(folder, tmp_path / "fb.zip")
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("posts/your_posts_1.json")
    start = info.header_offset + 30 + len(info.filename) + 5
    data[start : start + 8] = b"\x00" * 8  # corrupt the deflate stream
    archive.write_bytes(bytes(data))
    problems: list[Problem] = []
    texts = {p.text for p in iter_posts(archive, problems)}
    assert {"Old comment", "Old group post"} <= texts
    assert any("your_posts_1.json" in p.message for p in problems)


def test_truncated_tar_gz_reads_what_it_can(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    fx.write(folder, "outbox.json", '{"orderedItems": ' + json.dumps(fx.mastodon_items(False))
             + "}")
    fx.write(folder, "zz_media/big.bin", random.Random(1).randbytes(300_000))
    archive = fx.tar_dir(folder, tmp_path / "archive.tar.gz")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) - 100_000])
    problems: list[Problem] = []
    items = list(iter_items(archive, problems))
    assert len(items) == 3
    assert "archive.tar.gz" in problems[0].message and "ends early" in problems[0].message


def test_not_a_tar_gz(tmp_path: Path) -> None:
    bad = tmp_path / "x.tar.gz"
    bad.write_bytes(b"\x1f\x8b" + b"\x00" * 20)
    with pytest.raises(ExportError, match=r"x\.tar\.gz"):
        open_export(bad)


def test_not_json_inside_a_known_file(tmp_path: Path) -> None:
    fx.write(tmp_path, "outbox.json", "this is not json at all " * 300)
    problems: list[Problem] = []
    assert list(iter_items(tmp_path, problems)) == []
    assert "outbox.json" in problems[0].message and "not JSON" in problems[0].message


def test_registry_keyed_by_platform_and_file_name() -> None:
    source = lookup("x", "data/tweets-part2.js")
    assert source is not None and source.platform == "x"
    assert lookup("facebook", "your_posts_3.json") is not None
    assert lookup("linkedin", "Shares.csv") is not None
    assert lookup("mastodon", "likes.json") is None


def test_detection_prefers_the_platform_with_evidence(tmp_path: Path) -> None:
    fx.facebook_2019(tmp_path)  # has comments/comments.json, which Instagram 2018 also names
    from pausepost.importers.archive import open_archive

    detected = detect(open_archive(tmp_path))
    assert detected.platforms == ("facebook",)
    assert all(src.platform == "facebook" for _n, src in detected.files)


class _Unseekable(io.RawIOBase):
    """Makes zipfile write data descriptors (sizes after the data), as streaming zippers do."""

    def __init__(self, sink: io.BytesIO) -> None:
        super().__init__()
        self.sink = sink

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        return self.sink.write(b)


@pytest.mark.parametrize("descriptors", [False, True])
def test_cut_off_zip_is_salvaged_up_to_the_damage(tmp_path: Path, descriptors: bool) -> None:
    folder = tmp_path / "src"
    posts = [fx.fb_post(f"post number {i}", fx.TS_2019 + i) for i in range(400)]
    fx.write(folder, "a/posts/your_posts_1.json", fx.meta_json(posts[:200]))
    fx.write(folder, "a/posts/your_posts_2.json", fx.meta_json(posts[200:]))
    fx.write(folder, "z/big.bin", random.Random(2).randbytes(200_000))
    sink = io.BytesIO()
    target: Any = _Unseekable(sink) if descriptors else sink
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    data = sink.getvalue()
    archive = tmp_path / "facebook-cut.zip"
    archive.write_bytes(data[: len(data) - 50_000])  # the central directory is gone
    problems: list[Problem] = []
    texts = [p.text for p in iter_posts(archive, problems)]
    assert texts == [f"post number {i}" for i in range(400)]
    assert "facebook-cut.zip" in problems[0].message and "incomplete" in problems[0].message


def test_cut_inside_a_posts_file_keeps_the_posts_before(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    posts = [fx.fb_post(f"post {i} " + "x" * 200, fx.TS_2019 + i) for i in range(2000)]
    fx.write(folder, "posts/your_posts_1.json", fx.meta_json(posts))
    archive = fx.zip_dir(folder, tmp_path / "fb.zip")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    problems: list[Problem] = []
    got = list(iter_posts(archive, problems))
    assert 0 < len(got) < 2000
    assert got[0].text.startswith("post 0 ")
    assert any("your_posts_1.json" in p.message for p in problems)


def test_utf16_json_is_read(tmp_path: Path) -> None:
    posts = json.dumps([fx.fb_post("Café in UTF-16", fx.TS_2019)], ensure_ascii=False)
    fx.write(tmp_path, "posts/your_posts_1.json", posts.encode("utf-16"))
    assert [p.text for p in iter_posts(tmp_path)] == ["Café in UTF-16"]


def test_latin1_json_names_the_encoding(tmp_path: Path) -> None:
    posts = json.dumps([fx.fb_post("Café in Latin-1", fx.TS_2019)], ensure_ascii=False)
    fx.write(tmp_path, "posts/your_posts_1.json", posts.encode("latin-1"))
    problems: list[Problem] = []
    assert list(iter_posts(tmp_path, problems)) == []
    assert "not UTF-8" in problems[0].message and "your_posts_1.json" in problems[0].message
    assert "Café" not in problems[0].message  # the parser's message quotes text: never shown


def test_folder_of_export_parts(tmp_path: Path) -> None:
    """Large Meta exports come as several zips; a folder holding them is one export."""
    full = fx.facebook_2024(tmp_path / "full")
    part1, part2 = tmp_path / "p1", tmp_path / "p2"
    for path in sorted(full.rglob("*")):
        if path.is_file():
            rel = path.relative_to(full).as_posix()
            target = part1 if "_1.json" in rel or "comments" in rel else part2
            fx.write(target, rel, path.read_bytes())
    parts = tmp_path / "download"
    parts.mkdir()
    fx.zip_dir(part1, parts / "facebook-jane-part1.zip")
    fx.zip_dir(part2, parts / "facebook-jane-part2.zip")
    (parts / "facebook-jane-part3.zip").write_bytes(b"PK\x03\x04 broken")
    problems: list[Problem] = []
    items = list(iter_items(parts, problems))
    assert {i.post.text for i in items} >= {fx.FLAGGED, "Second part file post",
                                            "Congrats, Bob! 🎉"}
    photo = next(i.post for i in items if i.post.text.startswith("Beach day"))
    assert [ref.name for ref in photo.images] == [
        "facebook-jane-part2.zip/your_facebook_activity/posts/media/TimelinePhotos_1/123_n.jpg"
    ]  # found in another part than the post
    assert [p.file for p in problems] == ["facebook-jane-part3.zip"]


def test_strict_iteration_of_a_cut_off_archive_raises_once_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    fx.write(folder, "outbox.json", json.dumps({"orderedItems": fx.mastodon_items(False)}))
    fx.write(folder, "zz/big.bin", random.Random(3).randbytes(200_000))
    archive = fx.tar_dir(folder, tmp_path / "archive.tar.gz")
    archive.write_bytes(archive.read_bytes()[:-80_000])
    with pytest.raises(CorruptArchiveError) as err:
        list(iter_posts(archive))
    assert str(err.value).count("archive.tar.gz") == 1 and "ends early" in str(err.value)


def test_a_reader_bug_loses_one_file_not_the_audit(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from pausepost.importers import facebook

    fx.facebook_2019(tmp_path)

    def broken(item: object) -> list[str]:
        raise TypeError("surprise")

    monkeypatch.setattr(facebook, "_texts_from_labels", broken)
    problems: list[Problem] = []
    assert list(iter_posts(tmp_path, problems)) == []
    assert len(problems) == 3 and all("unexpected TypeError" in p.message for p in problems)
    with pytest.raises(TypeError):
        list(iter_posts(tmp_path))  # strict callers see the bug itself


# --- Recognised files of an unexpected shape name the problem (issue 10, item 7) ----------

_TWEET_TIME = "Fri Feb 20 09:10:58 +0000 2026"
WRONG_SHAPES = {
    # an object where the list of tweets was expected
    "x object": ("data/tweets.js", 'window.YTD.tweets.part0 = {"tweet": {"id_str": "1", '
                 '"full_text": "hello"}}', "no list of items"),
    # tweets whose text field is missing everywhere
    "x no text": ("data/tweets.js", fx.ytd("tweets.part0", [
        {"tweet": {"id_str": str(i), "created_at": _TWEET_TIME, "body": "hello"}}
        for i in range(3)]), "'full_text'"),
    "x csv no text": ("tweets.csv", '"tweet_id","timestamp","body"\n"1","","hello"\n',
                      "no text column"),
    "facebook object": ("posts/your_posts_1.json", fx.meta_json(
        {"post": {"timestamp": fx.TS_2019, "text": "hello"}}), "no list of items"),
    "facebook no text": ("posts/your_posts_1.json", fx.meta_json(
        [{"timestamp": fx.TS_2019, "text": "hello"}, {"timestamp": fx.TS_2021, "text": "hi"}]),
        "'data[].post'"),
    # items with keys, none of them Facebook's: not "nothing written" (follow-up to item 7)
    "facebook unknown keys": ("posts/your_posts_1.json", fx.meta_json(fx.FB_UNKNOWN_ITEMS),
                              "none of its 2 item(s) has the field 'data[].post'"),
    "facebook groups unknown keys": (
        "your_facebook_activity/groups/group_posts_and_comments.json",
        fx.meta_json({"group_posts_v2": fx.FB_UNKNOWN_ITEMS}), "none of its 2 item(s)"),
    "facebook group comments unknown keys": (
        "your_facebook_activity/groups/your_comments_in_groups.json",
        fx.meta_json({"group_comments_v2": fx.FB_UNKNOWN_ITEMS}), "'data[].comment'"),
    # an object whose only list is not one Facebook writes
    "facebook object no known list": ("posts/your_posts_1.json", fx.meta_json(
        {"oops": "hello", "data": []}), "none of the lists"),
    "instagram no text": ("your_instagram_activity/content/posts_1.json", json.dumps(
        [{"creation_timestamp": fx.TS_2019, "caption": "hello"}]), "'title'"),
    "instagram unknown media keys": ("your_instagram_activity/media/posts_1.json", json.dumps(
        [{"media": [{"caption": "hello"}]}, {"media": [{"src": "a.jpg"}]}]), "'title'"),
    "instagram object": ("media.json", json.dumps({"photos": {"caption": "hello"}}),
                         "no list of items"),
    "linkedin no text": ("Shares.csv", "Date,ShareLink,Text\n2020-01-01 00:00:00,https://l,hi\n",
                         "no ShareCommentary column"),
    "linkedin comments no text": ("Comments.csv", "Date,Link,Body\n2020-01-01 00:00:00,l,hi\n",
                                  "no Message column"),
    # a list where the outbox object was expected
    "mastodon list": ("outbox.json", json.dumps(fx.mastodon_items(False)), "orderedItems"),
    "mastodon no text": ("outbox.json", json.dumps(
        {"orderedItems": [{"id": "1", "note": "hello"}, {"id": "2", "note": "hi"}]}),
        "'object'"),
}


@pytest.mark.parametrize("case", sorted(WRONG_SHAPES))
def test_recognised_file_of_wrong_shape_names_the_problem(tmp_path: Path, case: str) -> None:
    rel, content, says = WRONG_SHAPES[case]
    fx.write(tmp_path, rel, content)
    problems: list[Problem] = []
    assert list(iter_items(tmp_path, problems)) == []
    assert problems, "a file that yields nothing it should must say so"
    [problem] = problems
    assert problem.file.endswith(rel.rsplit("/", 1)[-1]) and says in problem.message
    assert "hello" not in problem.message  # never the file's text


def test_bluesky_tree_node_of_wrong_shape_names_the_problem(tmp_path: Path) -> None:
    """An MST node whose entries are a map, not a list: its records must not vanish unsaid."""
    blocks: list[tuple[bytes, bytes]] = []

    def put(value: object) -> fx.Link:
        data = fx.cbor(value)
        cid = fx.cid_for(data)
        blocks.append((cid, data))
        return fx.Link(cid)

    record = put(fx.post_record("hello", "2023-03-02T10:00:00Z"))
    root = put({"l": None, "e": {"p": 0, "k": b"app.bsky.feed.post/3k", "v": record, "t": None}})
    commit = put({"did": "did:plc:testuser", "version": 3, "data": root, "rev": "3k",
                  "prev": None, "sig": b"\x00" * 8})
    header = fx.cbor({"version": 1, "roots": [commit]})
    body = b"".join(fx._varint(len(c) + len(d)) + c + d for c, d in reversed(blocks))
    car = tmp_path / "repo.car"
    car.write_bytes(fx._varint(len(header)) + header + body)
    problems: list[Problem] = []
    assert list(iter_items(car, problems)) == []
    assert problems and "repo.car" in problems[0].message
    assert "malformed" in problems[0].message


def test_posts_with_nothing_written_are_not_a_problem(tmp_path: Path) -> None:
    """Shares, empty status updates, uncaptioned photos: the platform's own keys, no text."""
    fx.facebook_empty_posts(tmp_path / "fb")
    fx.write(tmp_path, "ig/your_instagram_activity/media/posts_1.json", json.dumps(
        [{"media": []}, {"media": [{"uri": "media/posts/1.jpg", "title": ""}]}]))
    for folder, empty in (("fb", 5), ("ig", 2)):
        with open_export(tmp_path / folder) as export:
            assert list(export.items()) == []
            assert export.problems == [] and export.empty == empty


def test_empty_lists_are_not_a_problem(tmp_path: Path) -> None:
    """The other side of the rule: a file with nothing in it yet is no damage."""
    fx.write(tmp_path, "x/data/tweets.js", "window.YTD.tweets.part0 = [ ]")
    fx.write(tmp_path, "x/data/note-tweet.js", "window.YTD.note_tweet.part0 = [ ]")
    fx.write(tmp_path, "fb/groups/your_posts_and_comments_in_groups.json",
             fx.meta_json({"group_posts_v2": []}))
    fx.write(tmp_path, "fb/posts/album/0.json", fx.meta_json(  # photos with no description
        {"name": "Summer", "photos": [{"uri": "a.jpg", "creation_timestamp": 1}]}))
    for folder in ("x", "fb"):
        with open_export(tmp_path / folder) as export:
            assert list(export.items()) == []
            assert len(export.detected.files) == 2 and export.problems == []
