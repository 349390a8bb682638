"""X / Twitter archive importer: prefixes, parts, long posts, entities, retweets, old layouts."""

from __future__ import annotations

from pathlib import Path

import export_fakes as fx

from pausepost.importers import iter_items, open_export


def test_current_archive(tmp_path: Path) -> None:
    fx.x_current(tmp_path)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert export.detected.platforms == ("x",)
        assert export.problems == []
        assert export.empty == 1  # the retweet
    by_id = {i.post.id: i for i in items}
    assert by_id["x:100"].post.text == "Tea & biscuits <3 https://ex.org/a"
    assert by_id["x:100"].post.created_at == "2026-02-20T09:10:58Z"
    assert "x:101" not in by_id  # retweet: someone else's words
    assert by_id["x:102"].post.text == fx.LONG_NOTE  # merged from note-tweet.js by time
    assert by_id["x:103"].kind == "reply"
    assert by_id["x:104"].post.text == fx.FLAGGED  # tweets-part1.js, trailing ';'
    assert by_id["x:104"].url == "https://x.com/i/web/status/104"
    assert by_id["x:105"].kind == "deleted post"
    assert by_id["x:106"].kind == "community post"
    texts = {i.post.text for i in items}
    assert "Orphan long post" in texts  # a long post no tweet pointed to is still screened
    assert not texts & {"not mine", "secret dm"}  # likes and DMs are not read
    assert all(i.post.platform == "x" for i in items)


def test_2020_layout_bare_tweets(tmp_path: Path) -> None:
    fx.x_2020(tmp_path)
    [item] = list(iter_items(tmp_path))
    assert item.post.text == "2020 layout tweet"
    assert item.post.id == "x:200"
    assert item.post.created_at == "2020-01-06T12:00:00Z"


def test_classic_grailbird_archive(tmp_path: Path) -> None:
    fx.x_classic(tmp_path)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert "X classic archive (Grailbird, ≤2018)" in export.detected.layouts
    # tweets.csv repeats the .js files: read once, retweets left out.
    assert [(i.post.id, i.post.text, i.post.created_at) for i in items] == [
        ("x:300", "Classic tweet & more", "2015-01-24T02:02:37Z")
    ]


def test_classic_csv_alone(tmp_path: Path) -> None:
    fx.x_classic(tmp_path)
    (tmp_path / "data/js/tweets/2015_01.js").unlink()
    [item] = list(iter_items(tmp_path))
    assert item.post.text == "Classic tweet & more"
    assert item.source == "tweets.csv"


def test_single_tweets_js_file(tmp_path: Path) -> None:
    fx.x_current(tmp_path)
    items = list(iter_items(tmp_path / "data" / "tweets.js"))
    assert len(items) == 3  # 4 entries minus the retweet; no note file, so no merge


def test_long_posts_merge_despite_expanded_link_mentions_and_clock(tmp_path: Path) -> None:
    fx.x_long_posts(tmp_path)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert export.problems == []
    by_id = {i.post.id: i for i in items}
    assert by_id["x:400"].post.text == fx.NOTE_EXPANDED  # the tweet ended in the full address
    assert by_id["x:401"].post.text == "@pat_r @sam " + fx.NOTE_REPLY  # who it answered stays
    assert by_id["x:401"].kind == "reply"
    assert by_id["x:402"].post.text == fx.NOTE_OFF_BY_ONE  # a second apart: matched by text
    assert not [i for i in items if i.kind == "long post"]  # no orphan copies


def test_photo_only_tweet_is_a_photo_post_not_an_unscreenable_one(tmp_path: Path) -> None:
    fx.x_long_posts(tmp_path)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert export.empty == 1  # 501: its photo is not in the archive, nothing to look at
    by_id = {i.post.id: i for i in items}
    photo = by_id["x:500"].post
    assert photo.text == ""  # nothing written: not the bare t.co link
    assert [ref.name for ref in photo.images] == ["data/tweets_media/500-Fabc.jpg"]
    assert "x:501" not in by_id
