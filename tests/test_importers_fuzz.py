"""Hostile bytes never crash an importer: only the typed errors come out."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import export_fakes as fx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pausepost.importers import ExportError, Problem, iter_items
from pausepost.importers.car import CARError, read_car, walk_repo
from pausepost.importers.dagcbor import CBORError, decode
from pausepost.importers.jsonstream import iter_top_items

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(st.binary(max_size=300))
def test_dagcbor_random_bytes(data: bytes) -> None:
    with contextlib.suppress(CBORError):
        decode(data)


@FAST
@given(st.binary(max_size=400))
def test_car_random_bytes(data: bytes) -> None:
    try:
        _did, records, _problems = walk_repo(read_car(io.BytesIO(data)))
        list(records)
    except (CARError, CBORError):
        pass


@FAST
@given(st.binary(max_size=400))
def test_json_stream_random_bytes(data: bytes) -> None:
    with contextlib.suppress(ExportError):
        list(iter_top_items(io.BytesIO(data), "x.json", "JSON"))


@FAST
@given(cut=st.integers(min_value=1, max_value=2000), flip=st.integers(0, 255))
def test_damaged_car_file(tmp_path: Path, cut: int, flip: int) -> None:
    car = fx.bluesky_car(tmp_path / "repo.car")
    data = bytearray(car.read_bytes())
    at = cut % len(data)
    data[at] ^= flip
    car.write_bytes(bytes(data))
    problems: list[Problem] = []
    try:
        items = list(iter_items(car, problems))
    except ExportError:
        return
    assert len(items) <= 3
    assert not any("please report it" in p.message for p in problems)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["data", "post", "comment", "title", "media", "uri",
                                       "timestamp", "creation_timestamp", "tweet", "full_text",
                                       "created_at", "entities", "urls", "string_map_data",
                                       "value", "label_values", "attachments", "type",
                                       "object", "content", "noteTweet", "core", "text",
                                       "tags", "name", "place", "to", "cc", "orderedItems"]),
                      inner, max_size=6),
    max_leaves=25,
)
FILES = ["posts/your_posts_1.json", "comments/comments.json", "content/posts_1.json",
         "comments/post_comments_1.json", "threads/threads_and_replies.json", "media.json",
         "data/tweets.js", "data/note-tweet.js", "outbox.json"]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), value=JSON)
def test_any_json_shape_in_any_known_file(tmp_path: Path, name: str, value: object) -> None:
    import json

    folder = tmp_path / "export"
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    fx.write(folder, name, json.dumps(value))
    problems: list[Problem] = []
    try:
        items = list(iter_items(folder, problems))
    except ExportError:
        return
    for item in items:
        assert isinstance(item.post.text, str) and item.post.text.strip()
    assert not any("please report it" in p.message for p in problems)  # no reader bug was masked


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["Shares.csv", "Comments.csv", "tweets.csv"]),
       body=st.text(alphabet=st.sampled_from(list('ab,"\\\n\r\t é')), max_size=200)
       | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_any_csv_text(tmp_path: Path, name: str, body: str) -> None:
    folder = tmp_path / "csv"
    folder.mkdir(exist_ok=True)
    header = {"Shares.csv": "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n",
              "Comments.csv": "Date,Link,Message\n",
              "tweets.csv": "tweet_id,timestamp,text\n"}[name]
    for old in folder.iterdir():
        old.unlink()
    (folder / name).write_bytes((header + body).encode("utf-8", "surrogateescape"))
    problems: list[Problem] = []
    try:
        items = list(iter_items(folder, problems))
    except ExportError:
        return
    assert all(i.post.text.strip() for i in items)
    assert not any("please report it" in p.message for p in problems)
