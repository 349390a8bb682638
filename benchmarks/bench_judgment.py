"""The judgment on every set, side by side: hybrid (rules + model), rules alone, Presidio+VADER.

    benchmarks/.venv-bench/bin/python -m benchmarks.bench_judgment [--write-md]

Sets: the writer-held-out test split (data/corpus/test.jsonl), the validation writers (the
thresholds were chosen there, so it is not a measure), the real published posts
(data/eval/real_posts.jsonl), dev (../shared/corpus/dev.jsonl: measured, never trained on),
our older blind set (tests/data/heldout5.jsonl) and the 4,200 real tweets (all should pass).
Every figure is corpus/score.py's, with the confusion matrix (rows gold, columns predicted).
Without Presidio installed (e.g. from .venv) the baseline column is left out.
"""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.bench_quality import BaselineRunner
from benchmarks.common import (
    REPO_ROOT,
    BenchPost,
    machine_info,
    machine_line,
    offline_env,
    presidio_available,
    update_benchmarks_md,
    write_json,
)
from pausepost import Screener
from pausepost.evaluate import load_any, predict, score

SHARED = REPO_ROOT.parent / "shared"
MD_HEADING = "## Judgment on every set: hybrid vs rules vs Presidio+VADER"
SETS: list[tuple[str, Path, str]] = [
    ("test split (2 writers never trained on)", REPO_ROOT / "data/corpus/test.jsonl", "measure"),
    ("real published posts", REPO_ROOT / "data/eval/real_posts.jsonl", "measure"),
    ("dev (never trained on)", SHARED / "corpus/dev.jsonl", "measure"),
    ("older blind set h5", REPO_ROOT / "tests/data/heldout5.jsonl", "measure"),
    ("4,200 real tweets (all post)", SHARED / "realdata/vader/tweets_GroundTruth.txt", "measure"),
    ("validation writers", REPO_ROOT / "data/corpus/val.jsonl", "calibrated on"),
]
METRICS = ("pause_p", "pause_r", "hold_p", "hold_r", "macro_f1", "hold_as_post", "span_r", "span_p")
# Issue 9's floors for the hybrid, by set (the test-split floors are also a test).
FLOORS: dict[str, dict[str, tuple[str, float]]] = {
    "test split": {
        "pause_r": (">=", 0.93),
        "pause_p": (">=", 0.90),
        "hold_r": (">=", 0.90),
        "macro_f1": (">=", 0.85),
        "span_r": (">=", 0.80),
        "span_p": (">=", 0.75),
    },
    "real published posts": {"hold_r": (">=", 0.75), "pause_r": (">=", 0.85)},
    "dev": {"macro_f1": (">=", 0.92), "hold_r": (">=", 0.93), "pause_r": (">=", 0.95)},
    "4,200 real tweets": {"held_rate": ("<=", 0.01), "flag_rate": ("<=", 0.04)},
}
Predictor = Callable[[dict[str, dict[str, Any]]], dict[str, dict[str, Any]]]


def _baseline() -> Predictor:
    runner = BaselineRunner.create()

    def run(gold: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {
            k: runner.predict(BenchPost(id=k, text=r["text"], source="set", gold=r))
            for k, r in gold.items()
        }

    return run


def engines(with_baseline: bool) -> dict[str, Predictor]:
    hybrid, rules = Screener.default(), Screener.default(rules_only=True)
    out: dict[str, Predictor] = {
        "hybrid": lambda g: predict(hybrid, g),
        "rules": lambda g: predict(rules, g),
    }
    if with_baseline:
        out["presidio+vader"] = _baseline()
    return out


def run(with_baseline: bool) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine_info(), "sets": []}
    runners = engines(with_baseline)
    for name, path, role in SETS:
        if not path.exists():
            continue
        gold = load_any(path)
        row: dict[str, Any] = {"set": name, "role": role, "n": len(gold), "engines": {}}
        for engine, fn in runners.items():
            figures = score(gold, fn(gold))
            if path.suffix == ".txt":
                conf = figures["confusion"]
                figures["held_rate"] = round(conf.get("post->hold", 0) / len(gold), 4)
                figures["flag_rate"] = round(
                    (conf.get("post->hold", 0) + conf.get("post->revise", 0)) / len(gold), 4
                )
            row["engines"][engine] = figures
        results["sets"].append(row)
    return results


def _v(x: Any) -> str:
    return "–" if x is None else str(x)


def markdown(res: dict[str, Any]) -> str:
    lines = [
        "Scored with corpus/score.py's figures (`pausepost eval` prints the same). Run: "
        "`benchmarks/.venv-bench/bin/python -m benchmarks.bench_judgment --write-md`.",
        f"Machine: {machine_line(res['machine'])}.",
        "",
        "| set | n | engine | " + " | ".join(METRICS) + " | confusion (gold→pred) |",
        "|---|---:|---|" + "---:|" * len(METRICS) + "---|",
    ]
    for row in res["sets"]:
        for engine, f in row["engines"].items():
            conf = ", ".join(f"{k} {v}" for k, v in f["confusion"].items() if v)
            cells = " | ".join(_v(f.get(m)) for m in METRICS)
            lines.append(
                f"| {row['set']} ({row['role']}) | {row['n']} | {engine} | {cells} | {conf} |"
            )
    lines += ["", "Floors (issue 9) for the hybrid:", ""]
    for row in res["sets"]:
        for prefix, floors in FLOORS.items():
            if not row["set"].startswith(prefix):
                continue
            f = row["engines"]["hybrid"]
            for key, (op, bound) in floors.items():
                value = f.get(key)
                ok = value is not None and (value >= bound if op == ">=" else value <= bound)
                verdict = "met" if ok else "NOT met"
                lines.append(f"- {row['set']}: {key} {value} (floor {op} {bound}): {verdict}")
    tweets = [r for r in res["sets"] if "tweets" in r["set"]]
    if tweets:
        lines += [
            "",
            "Real tweets (every flag is a false alarm; floors: held ≤ 1%, flagged ≤ 4%):",
            "",
        ]
        for engine, f in tweets[0]["engines"].items():
            lines.append(
                f"- {engine}: held {f['held_rate']:.2%}, revise-or-hold {f['flag_rate']:.2%}"
            )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write-md", action="store_true")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args(argv)
    offline_env()
    with_baseline = not args.no_baseline and presidio_available()
    with_baseline = with_baseline and importlib.util.find_spec("vaderSentiment") is not None
    res = run(with_baseline)
    write_json("judgment", res)
    md = markdown(res)
    print(md)
    if args.write_md:
        update_benchmarks_md(MD_HEADING, md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
