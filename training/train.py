"""Fine-tune Pause's encoder, export it as int8 ONNX, calibrate it on the validation writers.

    python -m training.train [--epochs 4] [--out pausepost/model/data]

Reproducible: fixed seed, one thread count, batches grouped by length in a seeded order.
Reads data/corpus/{train,val}.jsonl (built by training.build_corpus). Writes into --out:
pause-encoder.int8.onnx, tokenizer.json, model.json (labels, thresholds, figures), and the
validation predictions used for calibration to build/ (never committed).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn

from pausepost.model.encoder import model_view
from training.encoder import CONCERNS, TAGS, VERDICTS, PauseEncoder, base_weights_dir
from training.negatives import snippet_negatives

ROOT = Path(__file__).resolve().parent.parent
MAX_TOKENS = 128
SEED = 20261205


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def tokenizer() -> Tokenizer:
    tok = Tokenizer.from_file(str(base_weights_dir() / "tokenizer.json"))
    tok.no_padding()  # the shipped file pads to 128: 7x slower and pointless here
    tok.enable_truncation(MAX_TOKENS)
    return tok


class Example:
    __slots__ = ("concerns", "ids", "tags", "verdict")

    def __init__(self, item: dict[str, Any], tok: Tokenizer) -> None:
        enc = tok.encode(model_view(item["text"]))
        self.ids = enc.ids
        self.verdict = VERDICTS.index(item["verdict"])
        self.concerns = [1.0 if c in item["concerns"] else 0.0 for c in CONCERNS]
        tags = []
        for (a, b), special in zip(enc.offsets, enc.special_tokens_mask, strict=True):
            tag = 0
            if not special and b > a:
                for s in item["spans"]:
                    if a < s["end"] and s["start"] < b:
                        tag = TAGS.index(s["label"])
                        break
            tags.append(tag if not special else -100)
        self.tags = tags


def batches(examples: Sequence[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Length-grouped batches (2x faster on CPU than random ones), in a seeded random order."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i].ids), rng.random()))
    groups = [[examples[i] for i in order[k : k + size]] for k in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


def collate(batch: Sequence[Example]) -> dict[str, torch.Tensor]:
    n = max(len(e.ids) for e in batch)
    ids = torch.zeros((len(batch), n), dtype=torch.long)
    mask = torch.zeros((len(batch), n), dtype=torch.long)
    tags = torch.full((len(batch), n), -100, dtype=torch.long)
    for i, e in enumerate(batch):
        ids[i, : len(e.ids)] = torch.tensor(e.ids)
        mask[i, : len(e.ids)] = 1
        tags[i, : len(e.tags)] = torch.tensor(e.tags)
    return {
        "input_ids": ids,
        "attention_mask": mask,
        "tags": tags,
        "verdict": torch.tensor([e.verdict for e in batch]),
        "concerns": torch.tensor([e.concerns for e in batch]),
    }


def train(args: argparse.Namespace) -> PauseEncoder:
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    tok = tokenizer()
    train_items = load_jsonl(args.corpus / "train.jsonl") + snippet_negatives(
        "train", args.snippets
    )
    examples = [Example(it, tok) for it in train_items]
    model = PauseEncoder.from_base(layers=args.layers)
    counts = np.bincount([e.verdict for e in examples], minlength=3).astype(float)
    # Mild class weights: a missed hold costs more than a needless revise.
    vw = torch.tensor(
        (counts.sum() / (3 * counts)) ** 0.5 * np.array([1.0, 1.0, 1.2]), dtype=torch.float
    )
    tag_w = torch.tensor([1.0] + [3.0] * (len(TAGS) - 1))
    loss_v = nn.CrossEntropyLoss(weight=vw)
    loss_c = nn.BCEWithLogitsLoss()
    loss_t = nn.CrossEntropyLoss(weight=tag_w, ignore_index=-100)
    head_params = [p for n, p in model.named_parameters() if not n.startswith("bert.")]
    body_params = [p for n, p in model.named_parameters() if n.startswith("bert.")]
    opt = torch.optim.AdamW(
        [{"params": body_params, "lr": args.lr}, {"params": head_params, "lr": args.lr * 10}],
        weight_decay=0.01,
    )
    rng = random.Random(SEED)
    steps_per_epoch = math.ceil(len(examples) / args.batch)
    total = steps_per_epoch * args.epochs
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm))
    )
    model.train()
    t0 = time.time()
    step = 0
    for epoch in range(args.epochs):
        run = 0.0
        for batch in batches(examples, args.batch, rng):
            b = collate(batch)
            v, c, t = model(b["input_ids"], b["attention_mask"])
            loss = (
                loss_v(v, b["verdict"])
                + loss_c(c, b["concerns"])
                + 0.5 * loss_t(t.reshape(-1, len(TAGS)), b["tags"].reshape(-1))
            )
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run += loss.item()
            if step % 50 == 0:
                took = time.time() - t0
                print(f"epoch {epoch + 1} step {step}/{total} loss {run / 50:.3f} {took:.0f}s")
                run = 0.0
    model.eval()
    return model


class _Exportable(nn.Module):
    """Softmax/sigmoid inside the graph so the runtime reads probabilities directly."""

    def __init__(self, model: PauseEncoder) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, ...]:
        v, c, t = self.model(input_ids, attention_mask)
        return torch.softmax(v, -1), torch.sigmoid(c), torch.softmax(t, -1)


def export(model: PauseEncoder, out: Path, build: Path) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    build.mkdir(parents=True, exist_ok=True)
    fp32 = build / "pause-encoder.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        _Exportable(model),
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["verdict", "concerns", "tokens"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "verdict": {0: "batch"},
            "concerns": {0: "batch"},
            "tokens": {0: "batch", 1: "seq"},
        },
        opset_version=17,
        dynamo=False,
    )
    out.mkdir(parents=True, exist_ok=True)
    int8 = out / "pause-encoder.int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    shutil.copyfile(base_weights_dir() / "tokenizer.json", out / "tokenizer.json")
    return int8


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "pausepost" / "model" / "data")
    ap.add_argument("--build", type=Path, default=ROOT / "build" / "train")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--layers", type=int, default=None, help="keep only the first n encoder layers (speed)"
    )
    ap.add_argument(
        "--snippets", type=int, default=1500, help="real ordinary snippets added as `post`"
    )
    args = ap.parse_args()
    t0 = time.time()
    model = train(args)
    print(f"trained in {time.time() - t0:.0f}s", flush=True)
    path = export(model, args.out, args.build)
    print(f"exported {path} ({path.stat().st_size / 1e6:.1f} MB)")
    from training.calibrate import calibrate

    calibrate(args.corpus / "val.jsonl", args.out, snippets=args.snippets // 4)


if __name__ == "__main__":
    main()
