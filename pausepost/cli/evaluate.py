"""`pausepost eval [CORPUS ...]`: the reference scorer's figures per set, the confusion matrix,
per-label spans and the worst misses."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pausepost.cli import exitcodes
from pausepost.config import Config
from pausepost.core.screener import Screener
from pausepost.errors import ConfigError, InputError
from pausepost.evaluate import VERDICTS, load_any, predict, score, span_report, worst_misses

# The sets `pausepost eval` reports when none is named (paths from the repository root).
DEFAULT_SETS: tuple[tuple[str, str], ...] = (
    ("test split (writers never trained on)", "data/corpus/test.jsonl"),
    ("real published posts", "data/eval/real_posts.jsonl"),
    ("dev", "../shared/corpus/dev.jsonl"),
    ("4,200 real tweets", "../shared/realdata/vader/tweets_GroundTruth.txt"),
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "eval",
        help="measure Pause on labelled corpora (figures as corpus/score.py computes them)",
        description=(
            "Screen every item of one or more labelled JSONL corpora and score the results. "
            "With no corpus: the writer-held-out test split, the real-post set, dev and the "
            "4,200 real tweets (a .txt TSV of ordinary posts, all expected to pass), where present."
        ),
        epilog="example:\n  pausepost eval ../shared/corpus/dev.jsonl --misses 10",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("corpus", nargs="*", help="labelled JSONL (see corpus/SCHEMA.md) or tweets TSV")
    p.add_argument("--json", action="store_true", help="print all figures as one JSON object")
    p.add_argument("--misses", type=int, default=15, help="how many worst misses to list")
    p.add_argument(
        "--engine",
        choices=("hybrid", "rules"),
        default="hybrid",
        help="hybrid: rules and the model (the product); rules: the rules alone, to compare",
    )
    p.add_argument(
        "--config", metavar="PATH", help="config file (default: none, so figures are comparable)"
    )
    p.set_defaults(func=run)


def _sets(args: argparse.Namespace) -> list[tuple[str, Path]] | int:
    if args.corpus:
        paths = [(c, Path(c)) for c in args.corpus]
        for _, path in paths:
            if not path.is_file():
                print(f"pausepost: no such file: {path}", file=sys.stderr)
                return exitcodes.NOINPUT
        return paths
    found = [(name, Path(p)) for name, p in DEFAULT_SETS if Path(p).is_file()]
    if not found:
        print("pausepost: name a corpus (none of the default sets is here)", file=sys.stderr)
        return exitcodes.NOINPUT
    return found


def run(args: argparse.Namespace) -> int:
    sets = _sets(args)
    if isinstance(sets, int):
        return sets
    golds = {}
    for name, path in sets:
        try:
            golds[name] = load_any(path)
        except InputError as exc:
            print(f"pausepost: {exc}", file=sys.stderr)
            return exitcodes.DATA
    try:
        config = Config.load(Path(args.config)) if args.config else Config()
        screener = Screener.default(config, rules_only=args.engine == "rules")
    except ConfigError as exc:
        print(f"pausepost: config error: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    results = {}
    for name, gold in golds.items():
        pred = predict(screener, gold)
        results[name] = (gold, pred, score(gold, pred))
    if args.json:
        out = {
            name: {
                **figures,
                "span_labels": span_report(gold, pred),
                "worst_misses": [m.__dict__ for m in worst_misses(gold, pred, args.misses)],
            }
            for name, (gold, pred, figures) in results.items()
        }
        print(json.dumps(out if len(out) > 1 else next(iter(out.values())), ensure_ascii=False))
        return exitcodes.OK
    for name, (gold, pred, figures) in results.items():
        if len(results) > 1:
            print(f"== {name} ({args.engine})")
        _print_set(gold, pred, figures, args.misses)
        print()
    return exitcodes.OK


def _print_set(gold: dict[str, Any], pred: dict[str, Any], figures: dict[str, Any], n: int) -> None:
    for key, value in figures.items():
        if key != "confusion":
            print(f"{key:18} {value}")
    conf = figures["confusion"]
    print("\nconfusion (rows gold, columns predicted):")
    print(f"  {'':8}" + "".join(f"{v:>8}" for v in VERDICTS))
    for g in VERDICTS:
        print(f"  {g:8}" + "".join(f"{conf.get(f'{g}->{p}', 0):>8}" for p in VERDICTS))
    spans = span_report(gold, pred)
    if spans:
        print("\nidentifier recall by label:")
        for label, row in spans.items():
            print(f"  {label:13} {row['found']:>3}/{row['total']:<3} {row['recall']:.3f}")
    misses = worst_misses(gold, pred, n)
    if misses:
        print("\nworst misses (gold -> predicted):")
        for m in misses:
            text = m.text.replace("\n", " ")
            text = text if len(text) <= 110 else text[:107] + "..."
            print(f"  {m.id}: {m.gold} -> {m.predicted}  {text}")
            if m.missed_spans:
                print(f"      unmarked: {', '.join(m.missed_spans)}")
