"""Bluesky importer: CAR v1 + DAG-CBOR parsed here, records only from the root commit."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import export_fakes as fx
import pytest

from pausepost.importers import Problem, iter_items, open_export
from pausepost.importers.dagcbor import CID, CBORError, decode

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
