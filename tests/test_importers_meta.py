"""Facebook, Instagram and Threads importers: every layout, mojibake repaired, only own writing."""

from __future__ import annotations

from pathlib import Path

import export_fakes as fx
import pytest

from pausepost.importers import iter_items, iter_posts, open_export
from pausepost.importers.text import fix_mojibake, fix_mojibake_deep


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("CafÃ©", "Café"),
        ("Mobiloverf\u00c3\u00b8rsler", "Mobiloverførsler"),
        ("\u00f0\u009f\u0098\u0082", "😂"),
        ("plain ascii", "plain ascii"),
        ("already fine: café", "already fine: café"),  # é alone is not valid UTF-8 bytes
        ("emoji 😂 stays", "emoji 😂 stays"),  # beyond U+00FF: leave as is
    ],
)
def test_fix_mojibake(raw: str, fixed: str) -> None:
    assert fix_mojibake(raw) == fixed


def test_mojibake_repaired_in_keys_too() -> None:
    assert fix_mojibake_deep({"Tilf\u00c3\u00b8jet": ["\u00c3\u00a9"]}) == {"Tilføjet": ["é"]}


def test_facebook_2024_layout(tmp_path: Path) -> None:
    fx.facebook_2024(tmp_path)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert export.detected.platforms == ("facebook",)
        assert export.empty == 2  # the share with no text, a photo with no description
        assert export.problems == []
    by_text = {i.post.text: i for i in items}
    assert set(by_text) == {
        "Café day with the kids ☕ — trop bien",
        fx.FLAGGED,
        "Beach day, Søren's birthday",
        "Second part file post",
        "Congrats, Bob! 🎉",
        "Group post about burnout",
        "Same here",
        "Happy birthday, friend!",
        "Art therapy corner, finished at last",
    }
    assert "private message" not in by_text  # messages are not posts
    flagged = by_text[fx.FLAGGED]
    assert flagged.post.platform == "facebook"
    assert flagged.post.created_at == "2021-05-03T00:00:00Z"
    assert flagged.kind == "post"
    assert flagged.source.endswith("your_posts__check_ins__photos_and_videos_1.json")
    assert by_text["Congrats, Bob! 🎉"].kind == "comment"
    assert by_text["Same here"].kind == "group comment"
    photo = by_text["Beach day, Søren's birthday"].post
    assert photo.extra_text == (("place", "Westview Park"), ("tagged", "Søren Berg"))
    assert [Path(i.path or "").name for i in photo.images] == ["123_n.jpg"]
    assert Path(photo.images[0].path or "").is_file()


@pytest.mark.parametrize(
    ("build", "texts"),
    [
        (fx.facebook_2019, {"Old layout post", "Old comment", "Old group post"}),
        (fx.facebook_2018, {"First JSON export post"}),
        (fx.facebook_2022, {"Middle layout post"}),
    ],
)
def test_facebook_older_layouts(tmp_path: Path, build: object, texts: set[str]) -> None:
    build(tmp_path)  # type: ignore[operator]
    assert {p.text for p in iter_posts(tmp_path)} == texts


def test_instagram_2025_with_threads(tmp_path: Path) -> None:
    fx.instagram_2025(tmp_path)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert set(export.detected.platforms) == {"instagram", "threads"}
    got = {(i.post.platform, i.kind, i.post.text) for i in items}
    assert got == {
        ("instagram", "post", "Single photo caption 👍"),
        ("instagram", "post", fx.FLAGGED),
        ("instagram", "reel", "Reel caption"),
        ("instagram", "comment", "Lovely work! ❤️"),
        ("threads", "post", "A thread post"),
        ("threads", "reply", "A thread reply"),
    }
    carousel = next(i for i in items if i.post.text == fx.FLAGGED)
    assert carousel.post.created_at == "2021-05-03T00:00:12Z"  # top-level time wins
    single = next(i for i in items if i.post.text.startswith("Single"))
    assert single.post.images and single.post.images[0].name == "media/posts/202105/1.jpg"


def test_instagram_2021_localized_comment_keys(tmp_path: Path) -> None:
    fx.instagram_2021(tmp_path)
    items = {i.post.text: i for i in iter_items(tmp_path)}
    assert set(items) == {"2021 caption", "Story text", "Mooi gedaan!"}
    assert items["Story text"].kind == "story"
    assert items["Mooi gedaan!"].post.created_at == "2021-05-03T00:00:02Z"


def test_instagram_2018_media_json(tmp_path: Path) -> None:
    fx.instagram_2018(tmp_path)
    items = {i.post.text: i for i in iter_items(tmp_path)}
    assert set(items) == {"Old insta caption", "Old insta comment"}
    assert items["Old insta caption"].post.created_at == "2018-12-31T08:05:13"


def test_zipped_export_with_top_folder(tmp_path: Path) -> None:
    folder = fx.facebook_2019(tmp_path / "src")
    archive = fx.zip_dir(folder, tmp_path / "facebook-jane.zip", prefix="facebook-jane/")
    texts = {p.text for p in iter_posts(archive)}
    assert texts == {"Old layout post", "Old comment", "Old group post"}


@pytest.mark.parametrize("activity_log", [False, True])
def test_facebook_2020_groups_file_is_read(tmp_path: Path, activity_log: bool) -> None:
    fx.facebook_groups_2020(tmp_path, activity_log=activity_log)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert export.problems == []
    got = {(i.kind, i.post.text, i.post.created_at) for i in items}
    assert got == {
        ("post", "Timeline post", "2019-04-11T16:26:40Z"),
        ("group post", "Group post from 2020 about a hard week", "2019-04-11T16:26:40Z"),
        ("group comment", "Group comment from 2020", "2019-04-11T16:27:40Z"),
    }
