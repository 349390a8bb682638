"""Blind re-labelling: draw a sample, and measure agreement with the writers' own labels.

python -m training.relabel sample --per-writer 120 --out data/relabel/batch-a.jsonl w01 w02 …
    texts only (id, text, platform, author): the re-labeller never sees the first labels.
python -m training.relabel agree data/relabel/labels-*.jsonl
    agreement (verdict macro-F1 as corpus/score.py computes it, concern F1, span overlap)
    -> data/relabel/agreement.json, and the ids whose verdicts differ ->
    data/relabel/disagreements.json (build_corpus drops them: resolved by dropping).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from training.build_corpus import CONCERNS, ROOT, clean, raw_lines

RAW = ROOT / "data" / "raw"
OUT = ROOT / "data" / "relabel"
SEED = 7


def sample(writers: list[str], per_writer: int, out: Path) -> int:
    rng = random.Random(SEED)
    rows = []
    for w in writers:
        keys = [
            (k, r) for k, r in raw_lines(RAW / f"{w}.jsonl") if r and isinstance(r.get("text"), str)
        ]
        for key, raw in rng.sample(keys, min(per_writer, len(keys))):
            rows.append(
                {
                    "id": key,
                    "text": raw["text"],
                    "platform": raw.get("platform"),
                    "author": raw.get("author"),
                }
            )
    rng.shuffle(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return len(rows)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def agree(label_files: list[Path]) -> dict[str, Any]:
    firsts: dict[str, dict[str, Any]] = {}
    for path in sorted(RAW.glob("*.jsonl")):
        for key, raw in raw_lines(path):
            if raw is not None:
                firsts[key] = raw
    pairs: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for f in label_files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            second = json.loads(line)
            first = firsts.get(second.get("id", ""))
            if first is None or second.get("verdict") not in ("post", "revise", "hold"):
                continue
            pairs.append((second["id"], first, second))
    verdicts = ("post", "revise", "hold")
    f1s = []
    for v in verdicts:
        tp = sum(a["verdict"] == v and b["verdict"] == v for _, a, b in pairs)
        fp = sum(a["verdict"] != v and b["verdict"] == v for _, a, b in pairs)
        fn = sum(a["verdict"] == v and b["verdict"] != v for _, a, b in pairs)
        f1s.append(_f1(tp, fp, fn))
    pause_first = [a["verdict"] != "post" for _, a, _ in pairs]
    pause_second = [b["verdict"] != "post" for _, _, b in pairs]
    concern_f1 = {}
    for c in CONCERNS:
        a_has = [c in (a.get("concerns") or []) for _, a, _ in pairs]
        b_has = [c in (b.get("concerns") or []) for _, _, b in pairs]
        tp = sum(x and y for x, y in zip(a_has, b_has, strict=True))
        fp = sum((not x) and y for x, y in zip(a_has, b_has, strict=True))
        fn = sum(x and not y for x, y in zip(a_has, b_has, strict=True))
        concern_f1[c] = round(_f1(tp, fp, fn), 3)
    found = total = 0
    for _, a, b in pairs:
        text = a.get("text", "")
        b_spans = [s.get("text", "") for s in b.get("spans") or [] if isinstance(s, dict)]
        for s in a.get("spans") or []:
            st = s.get("text", "") if isinstance(s, dict) else ""
            i = text.find(st) if st else -1
            if i < 0:
                continue
            total += 1
            found += any(
                (j := text.find(t)) >= 0 and j < i + len(st) and i < j + len(t)
                for t in b_spans
                if t
            )
    drop = sorted(k for k, a, b in pairs if a["verdict"] != b["verdict"])
    tp = sum(x and y for x, y in zip(pause_first, pause_second, strict=True))
    fp = sum((not x) and y for x, y in zip(pause_first, pause_second, strict=True))
    fn = sum(x and not y for x, y in zip(pause_first, pause_second, strict=True))
    report = {
        "items": len(pairs),
        "verdict_macro_f1": round(sum(f1s) / 3, 3),
        "verdict_agreement": round(
            sum(a["verdict"] == b["verdict"] for _, a, b in pairs) / max(1, len(pairs)), 3
        ),
        "needs_pause_f1": round(_f1(tp, fp, fn), 3),
        "concern_f1": concern_f1,
        "span_overlap_recall": round(found / total, 3) if total else None,
        "verdict_disagreements": len(drop),
        "first_labels_valid": sum(
            clean(a, __import__("collections").Counter()) is not None for _, a, _ in pairs
        ),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "agreement.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (OUT / "disagreements.json").write_text(
        json.dumps(
            {
                "why": "verdicts differ between writer and blind re-labeller; dropped",
                "drop_ids": drop,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("writers", nargs="+")
    s.add_argument("--per-writer", type=int, default=120)
    s.add_argument("--out", type=Path, required=True)
    a = sub.add_parser("agree")
    a.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args()
    if args.cmd == "sample":
        print(sample(args.writers, args.per_writer, args.out), "items")
    else:
        print(json.dumps(agree(args.files), indent=1))


if __name__ == "__main__":
    main()
