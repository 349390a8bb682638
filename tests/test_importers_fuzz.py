"""Hostile bytes never crash an importer: only the typed errors come out."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import export_fakes as fx
import pytest
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


# Bounded reading (pausepost.importers.jsonbounds): nested, truncated and oversized JSON.
NESTING = st.lists(st.sampled_from(["[", '{"a":', '{"full_text": "]}", "x":', '["[{", ']),
                   min_size=1, max_size=200)


@FAST
@given(name=st.sampled_from([*FILES, "user_data_tiktok.json"]), openers=NESTING,
       closed=st.booleans())
def test_nesting_is_refused_exactly_past_the_limit(tmp_path: Path, name: str,
                                                   openers: list[str], closed: bool) -> None:
    from pausepost.importers.errors import RefusedFileError
    from pausepost.importers.jsonbounds import MAX_DEPTH

    body = "".join(openers) + "1"
    if closed:
        body += "".join("]" if o.startswith("[") else "}" for o in reversed(openers))
    folder = tmp_path / "nest"
    fx.write(folder, name, body)
    problems: list[Problem] = []
    try:
        list(iter_items(folder, problems))
    except RefusedFileError as exc:
        assert len(openers) > MAX_DEPTH and name.rsplit("/", 1)[-1] in str(exc)
        return
    except ExportError:
        pass
    assert len(openers) <= MAX_DEPTH
    assert not any("please report it" in p.message for p in problems)


@FAST
@given(cut=st.integers(min_value=0, max_value=10_000), chunk=st.integers(1, 300))
def test_truncated_json_is_passed_on_unchanged(cut: int, chunk: int) -> None:
    """Whatever the cut and the chunking, the parser sees exactly the bytes (so it, not
    the bounds, reports the truncation) and the items before the cut are read."""
    from pausepost.importers.jsonbounds import JsonBounds

    tweets = [fx.tweet(str(i), f'post "{i}" \\ [{{', "Fri Feb 20 09:10:58 +0000 2026")
              for i in range(40)]
    data = fx.ytd("tweets.part0", tweets).encode()
    data = data[data.index(b"[") :][:cut]
    bounds = JsonBounds("tweets.js", "JSON")
    out = b"".join(bounds.feed(data[i : i + chunk]) for i in range(0, len(data), chunk))
    assert out + bounds.flush() == data
    read: list[object] = []
    try:
        read.extend(iter_top_items(io.BytesIO(data), "tweets.js", "JSON"))
    except ExportError as exc:
        assert "tweets.js" in str(exc)
    assert len(read) <= 40


@FAST
@given(strings=st.lists(st.text(alphabet=st.sampled_from(list('ab"\\é[{}] ')), max_size=120),
                        max_size=8),
       chunk=st.integers(1, 32))
def test_oversized_strings_are_replaced_whatever_the_chunking(
        monkeypatch: pytest.MonkeyPatch, strings: list[str], chunk: int) -> None:
    import json

    from pausepost.importers import jsonbounds

    cap = 64  # at least twice the chunk: a longer string always spans a chunk boundary
    monkeypatch.setattr(jsonbounds, "MAX_STRING_BYTES", cap)
    data = json.dumps(strings, ensure_ascii=False).encode()
    bounds = jsonbounds.JsonBounds("x.json", "JSON")
    out = b"".join(bounds.feed(data[i : i + chunk]) for i in range(0, len(data), chunk))
    expected = [s if len(json.dumps(s, ensure_ascii=False).encode()) <= cap
                else jsonbounds.TOO_LONG for s in strings]
    assert json.loads(out + bounds.flush()) == expected
