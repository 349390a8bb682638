"""`pausepost eval CORPUS.jsonl`: the reference scorer's figures, per-label spans, worst misses."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pausepost.cli import exitcodes
from pausepost.config import Config
from pausepost.core.screener import Screener
from pausepost.errors import ConfigError, InputError
from pausepost.evaluate import load_corpus, predict, score, span_report, worst_misses


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "eval",
        help="measure Pause on a labelled corpus (figures as corpus/score.py computes them)",
        description="Screen every item of a labelled JSONL corpus and score the results.",
        epilog="example:\n  pausepost eval ../shared/corpus/dev.jsonl --misses 10",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("corpus", help="labelled JSONL (see corpus/SCHEMA.md)")
    p.add_argument("--json", action="store_true", help="print all figures as one JSON object")
    p.add_argument("--misses", type=int, default=15, help="how many worst misses to list")
    p.add_argument(
        "--config", metavar="PATH", help="config file (default: none, so figures are comparable)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.corpus)
    if not path.is_file():
        print(f"pausepost: no such file: {path}", file=sys.stderr)
        return exitcodes.NOINPUT
    try:
        gold = load_corpus(path)
    except InputError as exc:
        print(f"pausepost: {exc}", file=sys.stderr)
        return exitcodes.DATA
    try:
        screener = Screener.default(Config.load(Path(args.config)) if args.config else Config())
    except ConfigError as exc:
        print(f"pausepost: config error: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    pred = predict(screener, gold)
    figures = score(gold, pred)
    spans = span_report(gold, pred)
    misses = worst_misses(gold, pred, args.misses)
    if args.json:
        out = {**figures, "span_labels": spans, "worst_misses": [m.__dict__ for m in misses]}
        print(json.dumps(out, ensure_ascii=False))
        return exitcodes.OK
    for key, value in figures.items():
        print(f"{key:18} {value}")
    print("\nidentifier recall by label:")
    for label, row in spans.items():
        print(f"  {label:13} {row['found']:>3}/{row['total']:<3} {row['recall']:.3f}")
    if misses:
        print("\nworst misses (gold -> predicted):")
        for m in misses:
            text = m.text.replace("\n", " ")
            text = text if len(text) <= 110 else text[:107] + "..."
            print(f"  {m.id}: {m.gold} -> {m.predicted}  {text}")
            if m.missed_spans:
                print(f"      unmarked: {', '.join(m.missed_spans)}")
    return exitcodes.OK
