"""Accuracy gates that bite: the issue's floors on the dev corpus, the real-tweets false-alarm
rates, and floors on our own synthetic drafts (written without reading dev).

Figures come from pausepost.evaluate.score, which a test keeps identical to corpus/score.py.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pausepost import InputError, Post, Screener, Verdict, evaluate
from pausepost.evaluate import load_corpus, score

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev.jsonl"
TWEETS = SHARED / "realdata" / "vader" / "tweets_GroundTruth.txt"

needs_shared = pytest.mark.skipif(
    not DEV.exists(), reason="../shared/corpus is not beside the repo"
)


@cache
def screener() -> Screener:
    return Screener.default()


def predict(gold: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return evaluate.predict(screener(), gold)


@cache
def dev_figures() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    gold = load_corpus(DEV)
    pred = predict(gold)
    return score(gold, pred), pred


@needs_shared
@pytest.mark.parametrize(
    ("metric", "floor"),
    [
        ("pause_r", 0.95),
        ("pause_p", 0.88),
        ("hold_r", 0.90),
        ("macro_f1", 0.75),
        ("span_r", 0.90),
        ("span_p", 0.75),
    ],
)
def test_dev_corpus_meets_floor(metric: str, floor: float) -> None:
    figures, _ = dev_figures()
    assert figures[metric] >= floor, figures


@needs_shared
def test_dev_corpus_hold_as_post_at_most_three() -> None:
    figures, _ = dev_figures()
    assert figures["hold_as_post"] <= 3, figures["confusion"]


@needs_shared
def test_every_dev_rewrite_rescreens_as_post() -> None:
    _, pred = dev_figures()
    flagged = [p for p in pred.values() if p["verdict"] != "post"]
    assert len(flagged) > 100
    for p in flagged:
        assert p["rewrite"], p["id"]
        again = screener().screen(Post(text=p["rewrite"]))
        assert again.verdict is Verdict.POST, (p["id"], p["rewrite"])
        for span in p["spans"]:
            assert span["text"] not in p["rewrite"], (p["id"], span["text"])


@pytest.mark.skipif(not TWEETS.exists(), reason="../shared/realdata is not beside the repo")
def test_real_tweets_are_rarely_held() -> None:
    verdicts = []
    for line in TWEETS.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        try:
            verdicts.append(screener().screen(Post(text=parts[2])).verdict)
        except InputError:
            continue
    n = len(verdicts)
    assert n > 4000
    hold = sum(v is Verdict.HOLD for v in verdicts) / n
    pause = sum(v is not Verdict.POST for v in verdicts) / n
    assert hold <= 0.02, hold
    assert pause <= 0.08, pause


@pytest.mark.parametrize(
    ("name", "floors"),
    [
        # Our own drafts, across professions the dev corpus barely covers (tests/data/README.md).
        ("synthetic.jsonl", {"pause_p": 0.90, "pause_r": 0.82, "macro_f1": 0.82}),
        # Written by other hands without seeing the detectors (tests/data/HELDOUT*.md); the
        # detectors were then tuned on them, so they guard against regressions, no more.
        ("heldout.jsonl", {"pause_p": 0.90, "pause_r": 0.82, "macro_f1": 0.82}),
        ("heldout2.jsonl", {"pause_p": 0.90, "pause_r": 0.84, "macro_f1": 0.82}),
        ("heldout3.jsonl", {"pause_p": 0.90, "pause_r": 0.86, "macro_f1": 0.84}),
        # Never looked at, item by item: the blind figure, guarded from regressions.
        ("heldout5.jsonl", {"pause_p": 0.90, "pause_r": 0.70, "macro_f1": 0.75}),
    ],
)
def test_own_drafts_meet_floors(name: str, floors: dict[str, float]) -> None:
    # Floors sit a little under today's figures so a regression shows; raise them as the
    # detectors improve.
    lines = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8").splitlines()
    gold = {json.loads(line)["id"]: json.loads(line) for line in lines if line.strip()}
    figures = score(gold, predict(gold))
    for metric, floor in floors.items():
        assert figures[metric] >= floor, (metric, figures)
    assert figures["post_as_hold"] <= 4, figures["confusion"]
