"""tests/data/synthetic.jsonl follows corpus/SCHEMA.md: fields, ids, spans, verdict rules.

Only the file is checked here, never Pause's accuracy on it (floors live with the
detectors).
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent / "data" / "synthetic.jsonl"
SHARED = Path("/work/shared/corpus")

FIELDS = {"id", "text", "platform", "audience", "author", "verdict", "concerns", "spans", "note"}
PLATFORMS = {
    "facebook",
    "instagram",
    "x",
    "linkedin",
    "threads",
    "tiktok_caption",
    "mastodon",
    "bluesky",
}
CONCERNS = (
    "identifiable",
    "client_specific",
    "negative",
    "mocking",
    "clinical",
    "client_media",
    "consent_claimed",
    "work_venting",
)
LABELS = {"NAME", "AGE", "DATE", "LOCATION", "ORGANIZATION", "CONTACT", "QUASI"}


def _load() -> list[dict[str, Any]]:
    records = []
    for n, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"line {n} is blank"
        rec = json.loads(line)
        assert isinstance(rec, dict), f"line {n} is not an object"
        records.append(rec)
    return records


RECORDS = _load()
BY_ID = {r["id"]: r for r in RECORDS}


def schema_verdict(concerns: set[str]) -> str:
    """The verdict rules of SCHEMA.md, restated from the text (not from pausepost.core.policy)."""
    if (
        "identifiable" in concerns
        or "mocking" in concerns
        or {"clinical", "client_specific"} <= concerns
        or ("client_media" in concerns and "consent_claimed" not in concerns)
        or {"negative", "client_specific"} <= concerns
    ):
        return "hold"
    return "revise" if concerns else "post"


def test_synthetic_ids_are_unique_and_prefixed() -> None:
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids))
    assert all(isinstance(i, str) and i.startswith("syn-") for i in ids)


@pytest.mark.parametrize("rid", sorted(BY_ID))
def test_synthetic_item_follows_the_schema(rid: str) -> None:
    r = BY_ID[rid]
    assert set(r) == FIELDS
    assert isinstance(r["text"], str) and r["text"].strip()
    assert r["platform"] in PLATFORMS
    assert r["audience"] in ("personal", "professional")
    assert isinstance(r["author"], str) and r["author"].strip()
    assert isinstance(r["note"], str) and r["note"].strip()
    assert r["verdict"] in ("post", "revise", "hold")
    assert len(r["concerns"]) == len(set(r["concerns"]))
    assert set(r["concerns"]) <= set(CONCERNS)
    span_texts = [s["text"] for s in r["spans"]]
    assert len(span_texts) == len(set(span_texts)), "a repeated detail is listed once"
    for s in r["spans"]:
        assert set(s) == {"text", "label"}
        assert s["label"] in LABELS
        assert s["text"] and s["text"] in r["text"], s  # exact, case-sensitive substring
        assert s["text"] == s["text"].strip(), "span edges carry no whitespace"


@pytest.mark.parametrize("rid", sorted(BY_ID))
def test_synthetic_labels_are_consistent(rid: str) -> None:
    r = BY_ID[rid]
    concerns = set(r["concerns"])
    if r["verdict"] == "post":
        assert r["concerns"] == [] and r["spans"] == []
    assert bool(r["spans"]) == ("identifiable" in concerns)
    assert r["verdict"] == schema_verdict(concerns)


def test_synthetic_mix_is_as_documented() -> None:
    verdicts = collections.Counter(r["verdict"] for r in RECORDS)
    n = len(RECORDS)
    assert 150 <= n <= 200
    assert 0.35 <= verdicts["post"] / n <= 0.45
    assert 0.25 <= verdicts["revise"] / n <= 0.35
    assert 0.25 <= verdicts["hold"] / n <= 0.35
    assert {r["platform"] for r in RECORDS} == PLATFORMS
    for verdict in ("post", "revise", "hold"):
        audiences = {r["audience"] for r in RECORDS if r["verdict"] == verdict}
        assert audiences == {"personal", "professional"}, verdict
    assert {s["label"] for r in RECORDS for s in r["spans"]} == LABELS
    assert set(CONCERNS) == {c for r in RECORDS for c in r["concerns"]}


def test_synthetic_passes_the_shared_validator() -> None:
    validator = SHARED / "validate.py"
    if not validator.is_file():
        pytest.skip(f"{validator} is absent (no /work/shared on this machine)")
    proc = subprocess.run(
        [sys.executable, str(validator), str(DATA)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout
    assert "ERROR" not in proc.stdout


def test_synthetic_shares_no_text_with_the_dev_corpus() -> None:
    # The set is meant to be independent of dev; a copied line would inflate any score.
    dev = SHARED / "dev.jsonl"
    if not dev.is_file():
        pytest.skip(f"{dev} is absent")

    def norm(text: str) -> str:
        return " ".join(text.casefold().split())

    dev_texts = {
        norm(json.loads(line)["text"])
        for line in dev.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert not [r["id"] for r in RECORDS if norm(r["text"]) in dev_texts]
