"""The training corpus as committed: what the datasheet promises holds line by line."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pausepost.core.policy import apply_rules
from pausepost.core.types import Concern

DATA = Path(__file__).resolve().parents[1] / "data"
SPLITS = ("train", "val", "test")


@cache
def corpus() -> dict[str, list[dict[str, Any]]]:
    out = {}
    for split in SPLITS:
        lines = (DATA / "corpus" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        out[split] = [json.loads(x) for x in lines if x.strip()]
    return out


def test_corpus_is_large_enough_with_a_third_hard_negatives() -> None:
    items = [r for rows in corpus().values() for r in rows]
    assert len(items) >= 8000
    easy = {"work_positive_general", "event_announcement", "self_care"}
    hard = [r for r in items if r["verdict"] == "post" and r["kind"] not in easy]
    assert len(hard) >= len(items) / 3


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_spans_are_offsets_into_the_text(split: str) -> None:
    for r in corpus()[split]:
        for s in r["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(r["text"]), r["id"]
            assert r["text"][s["start"] : s["end"]] == s["text"], r["id"]


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_verdicts_follow_the_schema_rules(split: str) -> None:
    for r in corpus()[split]:
        verdict, _ = apply_rules(frozenset(Concern(c) for c in r["concerns"]))
        assert verdict.value == r["verdict"], r["id"]
        if r["verdict"] == "post":
            assert r["concerns"] == [] and r["spans"] == [], r["id"]


def test_corpus_no_text_in_two_splits_and_ids_unique() -> None:
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for split, rows in corpus().items():
        for r in rows:
            assert r["id"] not in ids
            ids.add(r["id"])
            assert seen.setdefault(r["text"], split) == split, r["id"]


def test_blind_relabel_covers_a_tenth_and_disagreements_are_dropped() -> None:
    relabelled = set()
    for path in (DATA / "relabel").glob("labels-*.jsonl"):
        relabelled |= {json.loads(x)["id"] for x in path.read_text("utf-8").splitlines() if x}
    total = sum(len(rows) for rows in corpus().values())
    assert len(relabelled) >= total / 10
    dropped = set(json.loads((DATA / "relabel" / "disagreements.json").read_text())["drop_ids"])
    assert dropped
    in_corpus = {r["id"] for rows in corpus().values() for r in rows}
    assert not dropped & in_corpus


def test_real_posts_each_name_a_source() -> None:
    lines = (DATA / "eval" / "real_posts.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(x) for x in lines if x.strip()]
    assert len(rows) >= 80
    for r in rows:
        assert r["source"].strip() and "http" in r["source"], r["id"]
        for s in r["spans"]:
            assert s["text"] in r["text"], r["id"]
