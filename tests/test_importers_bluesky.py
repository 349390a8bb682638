"""Bluesky importer: CAR v1 + DAG-CBOR parsed here, records only from the root commit."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import export_fakes as fx
import pytest

from pausepost.importers import Problem, iter_items, open_export
from pausepost.importers.dagcbor import CID, CBORError, decode
from pausepost.importers.unchecked import unchecked_notes

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "formats" / "samples" / "bluesky"


def test_synthetic_repo_walks_the_tree(tmp_path: Path) -> None:
    car = fx.bluesky_car(tmp_path / "repo.car")
    with open_export(car) as export:
        items = list(export.items())
        assert export.detected.platforms == ("bluesky",)
        assert export.problems == []
    assert [(i.post.text, i.kind, i.post.created_at) for i in items] == [
        ("Hello from Bluesky", "post", "2022-11-11T20:57:04Z"),
        (f"{fx.FLAGGED}\n\nAlt text here", "post", "2023-03-01T17:00:00Z"),
        ("A reply", "reply", "2023-03-02T10:00:00Z"),
    ]
    assert items[0].post.id == "at://did:plc:testuser/app.bsky.feed.post/3jhb2kwqvoc2k"
    assert items[0].url == "https://bsky.app/profile/did:plc:testuser/post/3jhb2kwqvoc2k"
    assert all("DELETED" not in i.post.text for i in items)


def test_car_without_extension_is_sniffed(tmp_path: Path) -> None:
    car = fx.bluesky_car(tmp_path / "repo")
    assert len(list(iter_items(car))) == 3


def test_truncated_car_keeps_what_was_read(tmp_path: Path) -> None:
    car = fx.bluesky_car(tmp_path / "repo.car", truncate=10)
    problems: list[Problem] = []
    list(iter_items(car, problems))
    assert problems and "repo.car" in problems[0].message


def test_dagcbor_fixtures_from_the_interop_suite() -> None:
    path = SAMPLES / "interop_data-model-fixtures.json"
    if not path.exists():
        pytest.skip("shared samples not available")
    for fixture in json.loads(path.read_text()):
        raw = fixture["cbor_base64"]
        value = decode(base64.b64decode(raw + "=" * (-len(raw) % 4)))
        _assert_same(value, fixture["json"])


def _assert_same(value: object, expected: object) -> None:
    if isinstance(expected, dict) and set(expected) == {"$link"}:
        assert isinstance(value, CID) and str(value) == expected["$link"]
    elif isinstance(expected, dict) and set(expected) == {"$bytes"}:
        raw = expected["$bytes"]
        assert value == base64.b64decode(raw + "=" * (-len(raw) % 4))
    elif isinstance(expected, dict):
        assert isinstance(value, dict) and set(value) == set(expected)
        for k in expected:
            _assert_same(value[k], expected[k])
    elif isinstance(expected, list):
        assert isinstance(value, list) and len(value) == len(expected)
        for a, b in zip(value, expected, strict=True):
            _assert_same(a, b)
    else:
        assert value == expected


@pytest.mark.parametrize("data", [b"\xa1", b"\x7f", b"\xc1\x00", b"\x9b" + b"\xff" * 8])
def test_dagcbor_rejects_bad_input(data: bytes) -> None:
    with pytest.raises(CBORError):
        decode(data)


def test_real_repo_sample_matches_decoded_records(tmp_path: Path) -> None:
    car = SAMPLES / "indigo_paul_staging.repo.car"
    decoded = SAMPLES / "indigo_paul_staging.posts.decoded.json"
    if not car.exists():
        pytest.skip("shared samples not available")
    expected = json.loads(decoded.read_text())["records"]
    with open_export(car) as export:
        items = list(export.items())
        assert export.problems == []
        assert len(items) + export.empty == len(expected) == 101
    texts = [r["record"]["text"] for r in expected if r["record"]["text"].strip()]
    assert [i.post.text.split("\n\n")[0] for i in items] == [t.strip() for t in texts]
    assert (items[0].post.id or "").endswith(expected[0]["path"])


# --- DAG-CBOR through cbor2: the limits hold (issue 10, item 12) ------------------------


def _nested(depth: int) -> list[object]:
    value: list[object] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "data",
    [
        b"\x81" * 200 + b"\x80",  # arrays
        b"\x81" * 100_000 + b"\x80",
        b"\xa1\x61a" * 100_000 + b"\x01",  # maps
        b"\xd8\x2a" * 100_000 + b"\x41\x00",  # tags
    ],
)
def test_too_deep_item_is_refused_not_a_recursion_error(data: bytes) -> None:
    with pytest.raises(CBORError, match="nested more than 128 levels"):
        decode(data)


def test_too_big_item_is_refused() -> None:
    size = 9 << 20
    with pytest.raises(CBORError, match="too big"):
        decode(b"\x5a" + size.to_bytes(4, "big") + b"\x00" * size)


@pytest.mark.parametrize(
    "data",
    [
        b"\x9f\x01\xff",  # indefinite length
        b"\xa2\x61a\x01\x61a\x02",  # the same key twice
        b"\xa1\x01\x02",  # a key that is not text
        b"\xa1\x41a\x02",  # a key that is bytes
        b"\xc0\x74" + b"2013-03-21T20:04:00Z",  # tag 0 (a date): not DAG-CBOR
        b"\xd8\x1c\x81\xd8\x1d\x00",  # shared references (tags 28/29) could make loops
        b"\xf7",  # undefined
        b"\xf0",  # a simple value
        b"\x01\x02",  # trailing bytes
    ],
)
def test_only_dag_cbor_is_accepted(data: bytes) -> None:
    with pytest.raises(CBORError):
        decode(data)


def test_refusals_never_quote_the_data() -> None:
    """A problem message names the file and why, never the text inside (no post text)."""
    with pytest.raises(CBORError) as caught:
        decode(b"\xa2\x66secret\x01\x66secret\x02")  # the same key twice
    assert "secret" not in str(caught.value)


def test_cid_decodes_as_before() -> None:
    raw = fx.cid_for(b"x")
    assert decode(fx.cbor({"v": fx.Link(raw)})) == {"v": CID(raw)}


def test_repo_with_a_too_deep_record_reads_the_rest(tmp_path: Path) -> None:
    deep = fx.post_record("deep", "2024-01-01T00:00:00Z", embed=_nested(200))
    car = fx.bluesky_repo(tmp_path / "repo.car", {
        "app.bsky.feed.post/3a": fx.post_record("fine", "2024-01-01T00:00:00Z"),
        "app.bsky.feed.post/3b": deep,
    })
    problems: list[Problem] = []
    assert [i.post.text for i in iter_items(car, problems)] == ["fine"]
    [problem] = problems
    assert "repo.car" in problem.message and "nested more than 128 levels" in problem.message


def test_repo_with_a_too_big_record_reads_the_rest(tmp_path: Path) -> None:
    huge = fx.cbor(fx.post_record("x" * (9 << 20), "2024-01-01T00:00:00Z"))
    car = fx.bluesky_repo(
        tmp_path / "repo.car",
        {"app.bsky.feed.post/3a": fx.post_record("fine", "2024-01-01T00:00:00Z")},
        big={"app.bsky.feed.post/3b": huge},
    )
    problems: list[Problem] = []
    assert [i.post.text for i in iter_items(car, problems)] == ["fine"]
    [problem] = problems
    assert "repo.car" in problem.message and "too big" in problem.message


# --- What went unchecked (issue 10, item 9) -------------------------------------------


def test_records_of_other_apps_are_counted(tmp_path: Path) -> None:
    car = fx.bluesky_repo(tmp_path / "repo.car", {
        "app.bsky.feed.post/3a": fx.post_record("mine", "2024-01-01T00:00:00Z"),
        "app.bsky.feed.like/3l": {"$type": "app.bsky.feed.like", "subject": {}},
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile"},
        "com.whtwnd.blog.entry/3w1": {"$type": "com.whtwnd.blog.entry", "content": "a blog"},
        "com.whtwnd.blog.entry/3w2": {"$type": "com.whtwnd.blog.entry", "content": "another"},
        "fyi.unravel.frontpage.post/3f": {"$type": "fyi.unravel.frontpage.post", "title": "t"},
    })
    with open_export(car) as export:
        assert [i.post.text for i in export.items()] == ["mine"]
        assert export.problems == []
        notes = unchecked_notes(export.shared)
    assert [(n.what, n.count) for n in notes] == [("records of other apps", 3)]
    assert notes[0].message.startswith("3 records of other apps were not read")
    assert "com.whtwnd.blog.entry" in notes[0].message  # which apps, never their text
    assert "a blog" not in notes[0].message


def test_photos_not_in_the_repository_are_counted(tmp_path: Path) -> None:
    car = fx.bluesky_car(tmp_path / "repo.car")  # one post with one photo (legacy blob ref)
    with open_export(car) as export:
        list(export.items())
        notes = unchecked_notes(export.shared)
    assert [(n.what, n.count) for n in notes] == [("photos", 1)]
    assert "not checked" in notes[0].message


def test_photos_beside_the_repository_are_attached(tmp_path: Path) -> None:
    """A folder or zip with the repository and its blobs (files named by CID): the photo
    found is attached for the image checks, the one absent is counted."""
    here, gone = b"\xff\xd8\xff photo one", b"\xff\xd8\xff photo two"
    images = {"$type": "app.bsky.embed.images",
              "images": [{"alt": "", "image": fx.blob_ref(here)},
                         {"alt": "", "image": fx.blob_ref(gone)}]}
    only = {"$type": "app.bsky.embed.images", "images": [{"alt": "", "image": fx.blob_ref(here)}]}
    folder = tmp_path / "export"
    fx.bluesky_repo(fx.write(folder, "repo.car", b""), {
        "app.bsky.feed.post/3a": fx.post_record("two photos", "2024-01-01T00:00:00Z",
                                                embed=images),
        "app.bsky.feed.post/3b": fx.post_record("", "2024-01-02T00:00:00Z", embed=only),
    })
    fx.write(folder, f"blobs/{fx.blob_cid(here)}", here)
    with open_export(fx.zip_dir(folder, tmp_path / "bsky.zip")) as export:
        items = list(export.items())
        notes = unchecked_notes(export.shared)
    blob = f"blobs/{fx.blob_cid(here)}"
    assert [(i.post.text, [r.name for r in i.post.images]) for i in items] == [
        ("two photos", [blob]),
        ("", [blob]),  # a photo with no words: the photo is what there is to check
    ]
    assert [(n.what, n.count) for n in notes] == [("photos", 1)]
