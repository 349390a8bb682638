"""Run Pause's fine-tuned encoder: int8 ONNX with onnxruntime and `tokenizers`, no torch.

Loaded once per process; thread count 1 (a screen is one short post, and audits run many
processes). onnxruntime's telemetry is switched off before it is imported: it otherwise
writes a device id under ~/.cache and looks up its telemetry host.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pausepost.core.types import Concern, SpanLabel, Verdict
from pausepost.errors import ModelError

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

MODEL_DIR = Path(__file__).resolve().parent / "data"
# Another model directory (a newer release, or a test's broken copy): PAUSEPOST_MODEL_DIR.
MODEL_DIR_ENV = "PAUSEPOST_MODEL_DIR"
MODEL_FILE = "pause-encoder.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "model.json"
MAX_TOKENS = 128
# The heads' output order, derived from the core enums (training writes them into model.json,
# the runtime reads them back from there).
VERDICTS: tuple[str, ...] = tuple(v.value for v in Verdict)
CONCERNS: tuple[str, ...] = tuple(c.value for c in Concern)
TAGS: tuple[str, ...] = ("O", *(label.value for label in SpanLabel))
# Word pieces below this identifier probability never start a span; which spans count is the
# judge's call, by the calibrated thresholds (token, token_quasi) on each span's mean score.
PIECE_FLOOR = 0.25


# Account handles and links are opaque strings: the model cannot read who they are, and
# identifying them is the rules' job (contact.handle, contact.email). Left in, an unfamiliar
# handle pushed the model towards "about someone" on ordinary people's replies (measured on
# the VADER tweets, whose handles are all one placeholder). They are blanked with spaces of
# the same length, so every offset still points into the original text.
_OPAQUE = re.compile(r"(?<![\w@])@\w{1,30}|\bhttps?://\S+|\bwww\.\S+")


def model_view(text: str) -> str:
    """The text as the model reads it (training and run time alike): handles and links
    blanked, offsets unchanged."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


@dataclass(frozen=True)
class TokenSpan:
    start: int
    end: int
    label: str
    score: float


@dataclass(frozen=True)
class EncoderOutput:
    """What the model read in one text: probabilities and identifier spans (char offsets)."""

    verdict: dict[str, float]
    concerns: dict[str, float]
    spans: tuple[TokenSpan, ...]


@dataclass(frozen=True)
class ModelConfig:
    verdicts: tuple[str, ...]
    concerns: tuple[str, ...]
    tags: tuple[str, ...]
    thresholds: dict[str, float]
    sha256: str
    raw: dict[str, Any]


class PauseModel:
    """The encoder and its tokenizer. Construct with `load`; raises `ModelError` if broken."""

    def __init__(self, session: Any, tokenizer: Any, config: ModelConfig) -> None:
        self._session = session
        self._tok = tokenizer
        self.config = config

    @classmethod
    def load(cls, directory: Path | None = None) -> PauseModel:
        directory = directory or Path(os.environ.get(MODEL_DIR_ENV) or MODEL_DIR)
        model_path = directory / MODEL_FILE
        try:
            config_raw = json.loads((directory / CONFIG_FILE).read_text(encoding="utf-8"))
            blob = model_path.read_bytes()
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"Pause's model is missing or unreadable in {directory} ({type(exc).__name__}); "
                "reinstall pausepost"
            ) from exc
        digest = hashlib.sha256(blob).hexdigest()
        if config_raw.get("sha256") not in (None, digest):
            raise ModelError(f"Pause's model file {model_path} is corrupt (checksum differs)")
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            session = ort.InferenceSession(blob, opts, providers=["CPUExecutionProvider"])
            tok = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
            tok.no_padding()
            tok.enable_truncation(MAX_TOKENS)
            config = ModelConfig(
                verdicts=tuple(config_raw["verdicts"]),
                concerns=tuple(config_raw["concerns"]),
                tags=tuple(config_raw["tags"]),
                thresholds={k: float(v) for k, v in config_raw.get("thresholds", {}).items()},
                sha256=digest,
                raw=config_raw,
            )
        except ModelError:
            raise
        except Exception as exc:  # any failure to build the session means no model
            raise ModelError(f"Pause's model could not be loaded ({type(exc).__name__})") from exc
        return cls(session, tok, config)

    def predict(self, texts: Sequence[str]) -> list[EncoderOutput]:
        """One output per text, each run on its own (no padding: exact and fastest per post)."""
        return [self._one(t) for t in texts]

    def concern_probs(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Concern probabilities only, one run per text: padding a batch of sentences to the
        longest one cost twice as much as reading each alone (measured on one core)."""
        names = self.config.concerns
        return [
            {c: float(p) for c, p in zip(names, self._run(t)[2][0], strict=True)} for t in texts
        ]

    def _run(self, text: str) -> tuple[Any, Any, Any, Any]:
        """One text through the network: its encoding, then verdict, concern and token rows."""
        import numpy as np

        enc = self._tok.encode(model_view(text))
        ids = np.asarray([enc.ids], dtype=np.int64)
        verdict, concerns, tokens = self._session.run(
            None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        )
        return enc, verdict, concerns, tokens

    def _one(self, text: str) -> EncoderOutput:
        enc, verdict, concerns, tokens = self._run(text)
        cfg = self.config
        return EncoderOutput(
            verdict={v: float(p) for v, p in zip(cfg.verdicts, verdict[0], strict=True)},
            concerns={c: float(p) for c, p in zip(cfg.concerns, concerns[0], strict=True)},
            spans=tuple(self._spans(text, enc, tokens[0])),
        )

    def _spans(self, text: str, enc: Any, probs: Any) -> list[TokenSpan]:
        """Candidate spans: tagged word pieces merged into whole-word spans of one label, each
        scored by the mean over its pieces; spans of function words alone are dropped."""
        tags = self.config.tags
        runs: list[list[Any]] = []  # [start, end, label, score sum, pieces]
        for (a, b), special, p in zip(enc.offsets, enc.special_tokens_mask, probs, strict=True):
            if special or b <= a:
                continue
            score = float(1.0 - p[0])  # probability that this piece is any identifier
            if score < PIECE_FLOOR:
                continue
            label = tags[int(p[1:].argmax()) + 1]
            if runs and runs[-1][2] == label and _joinable(text, runs[-1][1], a):
                runs[-1][1] = b
                runs[-1][3] += score
                runs[-1][4] += 1
            else:
                runs.append([a, b, label, score, 1])
        out = []
        for a, b, label, total, n in runs:
            span = _whole_words(text, TokenSpan(a, b, label, total / n))
            if _meaningful(text[span.start : span.end]):
                out.append(span)
        return out


# Words that identify no one on their own (a span of only these is noise from the token head).
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "as",
        "is",
        "was",
        "were",
        "be",
        "her",
        "his",
        "him",
        "she",
        "he",
        "they",
        "them",
        "their",
        "my",
        "our",
        "your",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "hour",
        "hours",
        "day",
        "days",
        "night",
        "tonight",
        "today",
        "yesterday",
        "morning",
        "pt",
        "patient",
        "client",
    ]
)


def _meaningful(span_text: str) -> bool:
    words = [w.strip(".,;:!?'\"()[]").lower() for w in span_text.split()]
    words = [w for w in words if w]
    if len(words) == 1 and len(words[0]) <= 2 and not words[0].isdigit():
        return False  # "x", "ER", "pt": a fragment, not a detail
    return bool(words) and not all(w in _FUNCTION_WORDS for w in words)


def _joinable(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return len(gap) <= 2 and all(ch.isspace() or ch in "-'’./," for ch in gap)


def _whole_words(text: str, span: TokenSpan) -> TokenSpan:
    a, b = span.start, span.end
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return TokenSpan(a, b, span.label, span.score)
