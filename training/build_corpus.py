"""Build the training corpus from the writers' raw files.

data/raw/<writer>.jsonl (span texts only, as written) -> data/corpus/{train,val,test}.jsonl
(SCHEMA.md lines plus writer, register, kind, and spans with offsets computed here: hand-typed
offsets are never trusted). Steps, each counted in data/corpus/build_report.json:
  1. parse and validate every line (bad lines are dropped and counted, never guessed at);
  2. normalise labels: `post` has no concerns and no spans; span texts that do not occur
     verbatim are dropped; the verdict must equal the SCHEMA.md rules applied to the
     concerns (an item whose writer broke the rules is dropped, not relabelled);
  3. drop items the blind re-label disagreed on (data/relabel/disagreements.json);
  4. drop near-duplicates (word-shingle Jaccard >= 0.7, across all writers);
  5. split by writer (training/splits.json): validation and test writers never train.

Usage: python -m training.build_corpus [--raw data/raw] [--out data/corpus]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pausepost.core.policy import apply_rules
from pausepost.core.types import Concern
from pausepost.model.encoder import CONCERNS, TAGS, VERDICTS

ROOT = Path(__file__).resolve().parent.parent
LABELS = TAGS[1:]
PLATFORMS = (
    "facebook",
    "x",
    "instagram",
    "tiktok_caption",
    "linkedin",
    "reddit",
    "bluesky",
    "mastodon",
    "threads",
    "review_reply",
    "group_chat",
)
# `post` kinds that are plainly about the work and nothing else; every other post is a hard
# negative (own life, family, health, pets, public figures, news, jobs, patients, others).
EASY_POST_KINDS = frozenset({"work_positive_general", "event_announcement", "self_care"})
SHINGLE = 3
NEAR_DUP = 0.7


def rule_verdict(concerns: Iterable[str]) -> str:
    """SCHEMA.md's verdict rules: the product's own policy table, applied to the labels."""
    verdict, _ = apply_rules(frozenset(Concern(c) for c in concerns))
    return verdict.value


def offsets(text: str, span_text: str) -> list[tuple[int, int]]:
    out, i = [], 0
    while span_text:
        j = text.find(span_text, i)
        if j < 0:
            break
        out.append((j, j + len(span_text)))
        i = j + 1
    return out


def clean(raw: dict[str, Any], counts: Counter[str]) -> dict[str, Any] | None:
    """One validated item, or None (with the reason counted)."""
    text = raw.get("text")
    verdict = raw.get("verdict")
    if not isinstance(text, str) or not text.strip():
        counts["drop_no_text"] += 1
        return None
    if verdict not in VERDICTS:
        counts["drop_bad_verdict"] += 1
        return None
    concerns = [c for c in CONCERNS if c in (raw.get("concerns") or [])]
    spans: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for s in raw.get("spans") or []:
        if not isinstance(s, dict) or s.get("label") not in LABELS or not s.get("text"):
            counts["span_bad_shape"] += 1
            continue
        found = offsets(text, s["text"])
        if not found:
            counts["span_not_verbatim"] += 1
            continue
        for a, b in found:
            if (a, b) not in seen:
                seen.add((a, b))
                spans.append({"start": a, "end": b, "label": s["label"], "text": s["text"]})
    if verdict == "post":
        if concerns or spans:
            counts["drop_post_with_concerns"] += 1
            return None
    elif not concerns:
        counts["drop_flag_without_concern"] += 1
        return None
    if "identifiable" in concerns and not spans:
        counts["drop_identifiable_without_span"] += 1
        return None
    if spans and "identifiable" not in concerns:
        counts["spans_added_identifiable"] += 1
        concerns = [c for c in CONCERNS if c in {*concerns, "identifiable"}]
    if rule_verdict(concerns) != verdict:
        counts["drop_verdict_breaks_rules"] += 1
        return None
    platform = raw.get("platform") if raw.get("platform") in PLATFORMS else "other"
    audience = raw.get("audience") if raw.get("audience") in ("personal", "professional") else None
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {
        "text": text,
        "platform": platform,
        "audience": audience,
        "author": str(raw.get("author") or ""),
        "register": str(raw.get("register") or ""),
        "kind": str(raw.get("kind") or ""),
        "verdict": verdict,
        "concerns": concerns,
        "spans": spans,
        "note": str(raw.get("note") or ""),
    }


def raw_lines(path: Path) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(stable id, parsed line or None) for each non-blank line: ids are writer-lineno."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for n, line in enumerate((ln for ln in lines if ln.strip()), start=1):
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            raw = None
        yield f"{path.stem}-{n:04d}", raw if isinstance(raw, dict) else None


def read_raw(path: Path, counts: Counter[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for key, raw in raw_lines(path):
        if raw is None:
            counts["drop_bad_json"] += 1
            continue
        item = clean(raw, counts)
        if item is not None:
            yield key, item


def shingles(text: str) -> frozenset[str]:
    norm = unicodedata.normalize("NFKC", text).lower()
    toks = re.findall(r"\w+", norm)
    if len(toks) < SHINGLE:
        return frozenset([" ".join(toks)])
    return frozenset(" ".join(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))


def drop_near_duplicates(items: list[dict[str, Any]], counts: Counter[str]) -> list[dict[str, Any]]:
    """Keep the first of each group of near-identical texts (inverted index on shingles)."""
    index: dict[str, list[int]] = defaultdict(list)
    kept: list[dict[str, Any]] = []
    kept_sh: list[frozenset[str]] = []
    for item in items:
        sh = shingles(item["text"])
        overlap: Counter[int] = Counter()
        for s in sh:
            for k in index.get(s, ()):
                overlap[k] += 1
        dup = any(
            n / len(sh | kept_sh[k]) >= NEAR_DUP for k, n in overlap.items() if sh | kept_sh[k]
        )
        if dup:
            counts["drop_near_duplicate"] += 1
            continue
        for s in sh:
            index[s].append(len(kept))
        kept.append(item)
        kept_sh.append(sh)
    return kept


def build(raw_dir: Path, out_dir: Path, splits_path: Path, relabel_path: Path) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    splits: dict[str, str] = json.loads(splits_path.read_text(encoding="utf-8"))["writers"]
    disagree: set[str] = set()
    if relabel_path.exists():
        disagree = set(json.loads(relabel_path.read_text(encoding="utf-8"))["drop_ids"])
    items: list[dict[str, Any]] = []
    for path in sorted(raw_dir.glob("*.jsonl")):
        writer = path.stem
        for key, item in read_raw(path, counts):
            item = {"id": key, "writer": writer, **item}
            if item["id"] in disagree:
                counts["drop_relabel_disagreement"] += 1
                continue
            items.append(item)
    items = drop_near_duplicates(items, counts)
    out_dir.mkdir(parents=True, exist_ok=True)
    per_split: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        per_split[splits.get(item["writer"], "train")].append(item)
    report: dict[str, Any] = {"counts": dict(sorted(counts.items())), "splits": {}}
    for split, rows in sorted(per_split.items()):
        with (out_dir / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        report["splits"][split] = {
            "items": len(rows),
            "writers": sorted({r["writer"] for r in rows}),
            "verdicts": dict(Counter(r["verdict"] for r in rows)),
            "hard_negative_kinds": dict(Counter(r["kind"] for r in rows if r["verdict"] == "post")),
        }
    report["total"] = len(items)
    report["composition"] = {
        field: dict(Counter(r[field] for r in items).most_common())
        for field in ("verdict", "platform", "register", "kind")
    }
    hard = sum(r["verdict"] == "post" and r["kind"] not in EASY_POST_KINDS for r in items)
    report["hard_negatives"] = {"items": hard, "share": round(hard / max(1, len(items)), 3)}
    (out_dir / "build_report.json").write_text(
        json.dumps(report, indent=1) + "\n", encoding="utf-8"
    )
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "corpus")
    ap.add_argument("--splits", type=Path, default=ROOT / "training" / "splits.json")
    ap.add_argument(
        "--relabel", type=Path, default=ROOT / "data" / "relabel" / "disagreements.json"
    )
    args = ap.parse_args()
    report = build(args.raw, args.out, args.splits, args.relabel)
    print(json.dumps({k: v for k, v in report.items() if k != "splits"}, indent=1))
    for split, info in report["splits"].items():
        print(split, info["items"], info["verdicts"], info["writers"])


if __name__ == "__main__":
    main()
