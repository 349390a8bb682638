"""Quality of Pause vs the off-the-shelf Presidio+VADER baseline, and real-data false alarms.

    benchmarks/.venv-bench/bin/python -m benchmarks.bench_quality [--write-md]

1. The dev corpus (`../shared/corpus/dev.jsonl`) through both, scored by the reference
   `../shared/corpus/score.py` (imported by path at run time, so the figures are exactly
   the scorer's), checked against the floors of issue 2.
2. Every rewrite of a revise/hold dev item re-screened: it must come back `post`.
3. The 4,200 VADER tweets (ordinary people, no clients): hold rate and revise-or-hold
   rate of both. Every flag there is a false alarm.

The baseline is the one DEPENDENCIES.md describes: any Presidio entity scored >= 0.5 except
DATE_TIME -> hold; else VADER compound <= -0.3 -> revise; else post.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.common import (
    PRESIDIO_IGNORED,
    PRESIDIO_MIN_SCORE,
    REPO_ROOT,
    SCORE_PY,
    VADER_REVISE_AT,
    BenchPost,
    fmt,
    forbid_network,
    load_dev,
    load_tweets,
    machine_info,
    machine_line,
    offline_env,
    presidio_available,
    single_thread_env,
    tweet_posts,
    update_benchmarks_md,
    write_json,
)

MD_HEADING = "## Analyzer quality"
BENCH_PYTHON = "benchmarks/.venv-bench/bin/python"

# Issue 2's floors: (score.py key or tweet-rate key, comparison, bound).
DEV_FLOORS: tuple[tuple[str, str, float], ...] = (
    ("pause_r", ">=", 0.95),
    ("pause_p", ">=", 0.88),
    ("hold_r", ">=", 0.90),
    ("hold_as_post", "<=", 3),
    ("macro_f1", ">=", 0.75),
    ("span_r", ">=", 0.90),
    ("span_p", ">=", 0.75),
)
TWEET_FLOORS: tuple[tuple[str, str, float], ...] = (
    ("hold_rate", "<=", 0.02),
    ("revise_or_hold_rate", "<=", 0.08),
)
# Presidio entity -> SCHEMA.md label (score.py matches spans by overlap, any label).
PRESIDIO_LABELS = {
    "PERSON": "NAME",
    "LOCATION": "LOCATION",
    "NRP": "QUASI",
    "ORGANIZATION": "ORGANIZATION",
    "EMAIL_ADDRESS": "CONTACT",
    "PHONE_NUMBER": "CONTACT",
    "URL": "CONTACT",
    "IP_ADDRESS": "CONTACT",
}

Predictor = Callable[[BenchPost], dict[str, Any] | None]


def load_scorer() -> Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]:
    """The reference `score()` from ../shared/corpus/score.py, imported by path."""
    spec = importlib.util.spec_from_file_location("pause_reference_score", SCORE_PY)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot import {SCORE_PY}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] = module.score
    return fn


def meets(value: float | None, op: str, bound: float) -> bool:
    if value is None:
        return False
    return value >= bound if op == ">=" else value <= bound


# ---------------------------------------------------------------- the two analyzers


@dataclass
class PauseRunner:
    """Pause as the CLI's --jsonl path runs it: one Screener, one Post per item."""

    screener: Any
    post_cls: Any
    audience_cls: Any
    input_error: type[Exception]

    @classmethod
    def create(cls) -> PauseRunner:
        from pausepost import Audience, Post, Screener
        from pausepost.errors import InputError

        return cls(Screener.default(), Post, Audience, InputError)

    def assess(self, p: BenchPost) -> Any | None:
        aud = self.audience_cls(p.audience) if p.audience in ("personal", "professional") else None
        author = p.gold.get("author")
        post = self.post_cls(
            text=p.text,
            id=p.id,
            platform=p.platform,
            audience=aud,
            author_role=author if isinstance(author, str) else None,
        )
        try:
            return self.screener.screen(post)
        except self.input_error:
            return None  # scored as missing, i.e. `post`, exactly as score.py does

    def predict(self, p: BenchPost) -> dict[str, Any] | None:
        a = self.assess(p)
        return None if a is None else dict(a.to_dict())

    def rescreen_rewrite(self, p: BenchPost, rewrite: str) -> str:
        a = self.assess(
            BenchPost(
                id=p.id + "-rewrite",
                text=rewrite,
                source=p.source,
                platform=p.platform,
                audience=p.audience,
            )
        )
        return "error" if a is None else str(a.verdict.value)


@dataclass
class BaselineRunner:
    """Presidio (offline spaCy sm) + VADER, as DEPENDENCIES.md describes the baseline."""

    engine: Any
    vader: Any

    @classmethod
    def create(cls) -> BaselineRunner:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        from benchmarks.common import build_presidio

        return cls(build_presidio(), SentimentIntensityAnalyzer())

    def predict(self, p: BenchPost) -> dict[str, Any]:
        found = self.engine.analyze(text=p.text, language="en")
        ents = sorted(
            (
                r
                for r in found
                if r.score >= PRESIDIO_MIN_SCORE and r.entity_type not in PRESIDIO_IGNORED
            ),
            key=lambda r: (r.start, r.end, r.entity_type),
        )
        compound = float(self.vader.polarity_scores(p.text)["compound"])
        negative = compound <= VADER_REVISE_AT
        verdict = "hold" if ents else "revise" if negative else "post"
        concerns = (["identifiable"] if ents else []) + (["negative"] if negative else [])
        return {
            "id": p.id,
            "verdict": verdict,
            "concerns": concerns,
            "spans": [
                {
                    "start": r.start,
                    "end": r.end,
                    "label": PRESIDIO_LABELS.get(r.entity_type, "QUASI"),
                }
                for r in ents
            ],
            "entity_types": sorted({r.entity_type for r in ents}),
        }


# ---------------------------------------------------------------- measures


def score_dev(
    name: str, predict: Predictor, dev: Sequence[BenchPost], scorer: Any
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    gold = {p.id: p.gold for p in dev}
    t0 = time.perf_counter()
    pred: dict[str, dict[str, Any]] = {}
    for p in dev:
        r = predict(p)
        if r is not None:
            pred[p.id] = r
    figures: dict[str, Any] = dict(scorer(gold, pred))
    figures["seconds"] = round(time.perf_counter() - t0, 2)
    print(f"{name}: dev corpus scored in {figures['seconds']} s", file=sys.stderr)
    return figures, pred


def tweet_rates(
    name: str, predict: Predictor, tweets: Sequence[BenchPost]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    t0 = time.perf_counter()
    counts: Counter[str] = Counter()
    preds: dict[str, dict[str, Any]] = {}
    for p in tweets:
        r = predict(p)
        verdict = "error" if r is None else str(r["verdict"])
        counts[verdict] += 1
        if r is not None and verdict != "post":
            preds[p.id] = r
    n = len(tweets)
    out: dict[str, Any] = {
        "n": n,
        "verdicts": dict(sorted(counts.items())),
        "hold_rate": round(counts["hold"] / n, 4),
        "revise_or_hold_rate": round((counts["hold"] + counts["revise"]) / n, 4),
        "seconds": round(time.perf_counter() - t0, 2),
    }
    print(f"{name}: {n} tweets in {out['seconds']} s", file=sys.stderr)
    return out, preds


def flag_profile(preds: dict[str, dict[str, Any]], key: str) -> dict[str, Any]:
    """What drives the false alarms on tweets: counts of finding codes / entity types."""
    codes: Counter[str] = Counter()
    concerns: Counter[str] = Counter()
    for r in preds.values():
        concerns.update(set(r.get("concerns", [])))
        if key == "findings":
            codes.update({f"{f['detector']}:{f['code']}" for f in r.get("findings", [])})
        else:
            codes.update(r.get(key, []))
    return {
        "concerns": dict(concerns.most_common()),
        "top_codes": dict(codes.most_common(15)),
        "held_ids": sorted(k for k, r in preds.items() if r["verdict"] == "hold")[:40],
    }


def rewrite_check(
    runner: PauseRunner, dev: Sequence[BenchPost], pred: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Every rewrite of a revise/hold dev item must re-screen as `post` (issue 2 floor)."""
    checked = 0
    failures: list[dict[str, str]] = []
    for p in dev:
        r = pred.get(p.id)
        if r is None or r["verdict"] == "post":
            continue
        checked += 1
        rw = r.get("rewrite")
        verdict = runner.rescreen_rewrite(p, rw) if isinstance(rw, str) and rw.strip() else "none"
        if verdict != "post":
            failures.append({"id": p.id, "rewrite_verdict": verdict})
    return {"checked": checked, "not_post": len(failures), "failures": failures[:20]}


def check_floors(res: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key, op, bound in DEV_FLOORS:
        v = res["dev"]["pause"].get(key)
        rows.append(
            {"measure": key, "op": op, "floor": bound, "value": v, "ok": meets(v, op, bound)}
        )
    for key, op, bound in TWEET_FLOORS:
        v = res["tweets"]["pause"].get(key)
        rows.append(
            {
                "measure": f"tweets_{key}",
                "op": op,
                "floor": bound,
                "value": v,
                "ok": meets(v, op, bound),
            }
        )
    rc = res["dev"].get("rewrites")
    if rc is not None:
        rows.append(
            {
                "measure": "rewrites_not_post",
                "op": "<=",
                "floor": 0,
                "value": rc["not_post"],
                "ok": rc["not_post"] == 0,
            }
        )
    return rows


# ---------------------------------------------------------------- report

_DEV_ROWS: tuple[tuple[str, str], ...] = (
    ("needs-pause precision", "pause_p"),
    ("needs-pause recall", "pause_r"),
    ("needs-pause F1", "pause_f1"),
    ("hold precision", "hold_p"),
    ("hold recall", "hold_r"),
    ("hold_as_post (count)", "hold_as_post"),
    ("post_as_hold (count)", "post_as_hold"),
    ("3-class macro-F1", "macro_f1"),
    ("accuracy", "accuracy"),
    ("identifier span recall", "span_r"),
    ("identifier span precision", "span_p"),
)


def _floor_text(key: str) -> str:
    for k, op, bound in DEV_FLOORS + TWEET_FLOORS:
        if k == key:
            shown = f"{bound * 100:g}%" if k.endswith("_rate") else f"{bound:g}"
            return f"{'≥' if op == '>=' else '≤'} {shown}"
    return ""


def _val(v: Any) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def render_markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    dp, db = res["dev"]["pause"], res["dev"].get("baseline", {})
    tp, tb = res["tweets"]["pause"], res["tweets"].get("baseline", {})
    lines = [
        machine_line(m) + " "
        f"Dev corpus: {dp['n']} items scored by "
        "`../shared/corpus/score.py`; real data: the 4,200 VADER tweets "
        "(`../shared/realdata/vader/tweets_GroundTruth.txt`), where every flag is a false "
        "alarm. Baseline: Presidio (offline, spaCy sm; any entity ≥ 0.5 except DATE_TIME → "
        "hold) + VADER (compound ≤ −0.3 → revise). Produced by:",
        "",
        "```sh",
        res["command"],
        "```",
        "",
        "| measure | floor | Pause | Presidio+VADER |",
        "|---|---|---:|---:|",
    ]
    for title, key in _DEV_ROWS:
        lines.append(
            f"| {title} | {_floor_text(key)} | {_val(dp.get(key))} | {_val(db.get(key))} |"
        )
    for title, key in (
        ("tweets held", "hold_rate"),
        ("tweets revise-or-hold", "revise_or_hold_rate"),
    ):
        lines.append(
            f"| {title} | {_floor_text(key)} | {fmt(_pct(tp.get(key)), 1, '%')} | "
            f"{fmt(_pct(tb.get(key)), 1, '%')} |"
        )
    rw = res["dev"].get("rewrites")
    if rw is not None:
        lines.append(
            f"| rewrites not re-screened as post | 0 | {rw['not_post']} of {rw['checked']} | n/a |"
        )
    failed = [r["measure"] for r in res["floors"] if not r["ok"]]
    lines += [
        "",
        "Floors: " + ("all met." if not failed else f"{len(failed)} below: {', '.join(failed)}."),
        "",
        "Per-concern F1 (Pause): "
        + ", ".join(f"{k[2:]} {_val(dp.get(k))}" for k in sorted(dp) if k.startswith("c_"))
        + ".",
    ]
    prof = res["tweets"].get("pause_flags", {})
    if prof.get("top_codes"):
        lines += [
            "",
            "What Pause flags on the tweets (finding codes, tweets affected): "
            + ", ".join(f"`{k}` {v}" for k, v in list(prof["top_codes"].items())[:8])
            + ".",
        ]
    lines += ["", "Full figures: `benchmarks/results/quality.json`."]
    return "\n".join(lines)


def _pct(v: float | None) -> float | None:
    return None if v is None else v * 100


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--no-baseline", action="store_true", help="Pause only (no Presidio needed)")
    p.add_argument("--show", type=int, default=5, help="print N tweets Pause holds (default 5)")
    p.add_argument("--write-md", action="store_true", help="update the section in BENCHMARKS.md")
    return p.parse_args(argv)


def command_line(argv: Sequence[str] | None) -> str:
    given = list(sys.argv[1:] if argv is None else argv)
    return " ".join([BENCH_PYTHON, "-m", "benchmarks.bench_quality", *given])


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    single_thread_env()
    scratch = offline_env()
    forbid_network()
    os.environ["PAUSEPOST_CONFIG_DIR"] = str(scratch / "config")
    os.environ["PAUSEPOST_DATA_DIR"] = str(scratch / "data")
    with_baseline = not args.no_baseline
    if with_baseline and not (presidio_available() and importlib.util.find_spec("vaderSentiment")):
        print(
            "bench_quality: Presidio/VADER not installed here; run it from "
            "benchmarks/.venv-bench or pass --no-baseline",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    try:
        scorer = load_scorer()
        dev = load_dev()
        tweets = tweet_posts(load_tweets())
        res: dict[str, Any] = {"machine": machine_info(), "command": command_line(argv)}
        res["dev"], res["tweets"] = {}, {}
        pause = PauseRunner.create()
        res["dev"]["pause"], pause_pred = score_dev("pause", pause.predict, dev, scorer)
        res["dev"]["rewrites"] = rewrite_check(pause, dev, pause_pred)
        res["tweets"]["pause"], pause_flags = tweet_rates("pause", pause.predict, tweets)
        res["tweets"]["pause_flags"] = flag_profile(pause_flags, "findings")
        if with_baseline:
            base = BaselineRunner.create()
            res["dev"]["baseline"], _ = score_dev("baseline", base.predict, dev, scorer)
            res["tweets"]["baseline"], base_flags = tweet_rates("baseline", base.predict, tweets)
            res["tweets"]["baseline_flags"] = flag_profile(base_flags, "entity_types")
        res["floors"] = check_floors(res)
        res["elapsed_s"] = round(time.perf_counter() - started, 1)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    path = write_json("quality", res)
    print(render_markdown(res))
    held = [p for p in tweets if p.id in pause_flags and pause_flags[p.id]["verdict"] == "hold"]
    if args.show and held:
        # Console only: the tweets stay in ../shared, never in the repo or results.
        print(f"\nsome tweets Pause holds ({len(held)} in all):")
        for p in held[: args.show]:
            codes = sorted({f["code"] for f in pause_flags[p.id].get("findings", [])})
            print(f"  {p.id}: {p.text[:110]!r}  [{', '.join(codes)}]")
    print(f"\nwrote {path.relative_to(REPO_ROOT)} in {res['elapsed_s']} s", file=sys.stderr)
    if args.write_md:
        md = update_benchmarks_md(MD_HEADING, render_markdown(res))
        print(f"updated {md.relative_to(REPO_ROOT)} ({MD_HEADING})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
