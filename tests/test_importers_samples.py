"""The licensed real samples in ../shared/formats/samples, read in place (copied to a temp dir
under the names the platforms use; never into the repository)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from pausepost.importers import iter_items, open_export

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "formats" / "samples"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not available")


def _place(tmp: Path, pairs: dict[str, str]) -> Path:
    for rel, sample in pairs.items():
        dest = tmp / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLES / sample, dest)
    return tmp


def test_x_archive_sample(tmp_path: Path) -> None:
    root = _place(tmp_path, {
        "data/tweets.js": "twitter/milahu_tweets.excerpt.js",
        "data/deleted-tweets.js": "twitter/milahu_deleted-tweets.js",
        "data/community-tweet.js": "twitter/milahu_community-tweet.js",
        "data/note-tweet.js": "twitter/milahu_note-tweet.js",
        "data/manifest.js": "twitter/milahu_manifest.js",
    })
    with open_export(root) as export:
        items = list(export.items())
        assert export.problems == []
        assert export.empty == 8  # 4 retweets in tweets.js, 4 in deleted-tweets.js
    # 22 entries (7 originals, 11 replies, 4 RTs) + 47 deleted + 3 community
    assert Counter(i.kind for i in items) == {"deleted post": 43, "reply": 11, "post": 7,
                                              "community post": 3}
    assert not any("&amp;" in i.post.text or "&gt;" in i.post.text for i in items)
    assert all(i.post.created_at and i.post.created_at.endswith("Z") for i in items)
    assert len({i.post.id for i in items}) == len(items)


def test_linkedin_sample(tmp_path: Path) -> None:
    root = _place(tmp_path, {"Shares.csv": "linkedin/sanand0_Shares.csv",
                             "Comments.csv": "linkedin/sanand0_Comments.csv"})
    with open_export(root) as export:
        items = list(export.items())
        assert export.problems == []
    kinds = Counter(i.kind for i in items)
    assert kinds == {"post": 188, "comment": 323}  # 202 shares, 14 with no commentary
    first = next(i for i in items if i.kind == "post").post.text
    assert first.startswith("I'm off for a 10-day Vipassana meditation program.\n\n𝗪𝗛𝗔𝗧?")
    for item in items:
        assert not any(line.startswith('"') and line.endswith('"') and len(line) > 1
                       for line in item.post.text.splitlines())


def test_instagram_samples(tmp_path: Path) -> None:
    root = _place(tmp_path, {
        "your_instagram_activity/media/posts_1.json": "instagram/i2b_mixed_media_posts_1.json",
        "your_instagram_activity/media/reels.json": "instagram/i2b_mixed_media_reels.json",
        "your_instagram_activity/media/posts_2.json": "instagram/i2b_video_posts_1.json",
        "your_instagram_activity/media/posts_3.json": "instagram/i2b_image_posts_1.json",
    })
    with open_export(root) as export:
        items = list(export.items())
        assert export.detected.platforms == ("instagram",)
        assert export.empty == 0
    texts = [i.post.text for i in items]
    assert texts[0].startswith("What an incredible weekend day trip")  # carousel: top title
    assert "Pokemon test video" in texts  # single media: media[0].title
    assert "A great rainy day lunch\n#italiansub" in texts  # top title, empty media title
    assert [i.post.created_at for i in items][texts.index("Pokemon test video")] == (
        "2016-03-23T11:32:16Z"
    )


def test_bluesky_v3_minimal_repo() -> None:
    with open_export(SAMPLES / "bluesky" / "indigo_greenground.repo.car") as export:
        items = list(export.items())
        assert export.problems == []
    assert all(i.post.platform == "bluesky" for i in items)


def test_bluesky_only_reachable_records() -> None:
    items = list(iter_items(SAMPLES / "bluesky" / "indigo_paul_staging.repo.car"))
    assert all((i.post.id or "").startswith("at://did:plc:") for i in items)
    assert len(items) == 87  # 101 reachable posts, 14 of them without text
