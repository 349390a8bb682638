"""The learned component: loads once, fails closed, explains every flag, runs without torch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pausepost import Post, Screener, Verdict, screen_text
from pausepost.config import Config
from pausepost.core.analysis import build_context
from pausepost.errors import ModelError
from pausepost.model.encoder import (
    CONCERNS,
    CONFIG_FILE,
    MODEL_DIR,
    MODEL_FILE,
    EncoderOutput,
    PauseModel,
)
from pausepost.model.judge import ModelJudge

MAX_MODEL_BYTES = 40 * 1024 * 1024


@pytest.fixture(scope="module")
def model() -> PauseModel:
    return PauseModel.load()


def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(MODEL_DIR, target)
    return target


def test_model_file_is_int8_and_small() -> None:
    size = (MODEL_DIR / MODEL_FILE).stat().st_size
    assert 5 * 1024 * 1024 < size <= MAX_MODEL_BYTES


def test_model_config_has_calibrated_thresholds(model: PauseModel) -> None:
    cfg = json.loads((MODEL_DIR / CONFIG_FILE).read_text(encoding="utf-8"))
    assert cfg["sha256"] == model.config.sha256
    assert "val" in cfg["calibrated_on"]
    for key in ("hold", "pause", "token", *model.config.concerns):
        assert 0.0 <= model.config.thresholds[key] <= 1.0


def test_model_probabilities_are_well_formed(model: PauseModel) -> None:
    out = model.predict(["My 3pm told me she relapsed again, mom of twins at Lincoln Elementary"])[
        0
    ]
    assert sum(out.verdict.values()) == pytest.approx(1.0, abs=1e-3)
    assert all(0.0 <= p <= 1.0 for p in out.concerns.values())
    text = "My 3pm told me she relapsed again, mom of twins at Lincoln Elementary"
    for span in out.spans:
        assert 0 <= span.start < span.end <= len(text)


def test_model_same_answer_twice(model: PauseModel) -> None:
    text = "pt in bed 4 kept calling me sweetie all night 🙄"
    assert model.predict([text]) == model.predict([text])


@pytest.mark.parametrize(
    "breakage",
    ["missing_file", "missing_config", "bad_checksum", "garbage_bytes"],
)
def test_model_broken_raises_model_error(tmp_path: Path, breakage: str) -> None:
    d = _copy_model(tmp_path)
    if breakage == "missing_file":
        (d / MODEL_FILE).unlink()
    elif breakage == "missing_config":
        (d / CONFIG_FILE).unlink()
    elif breakage == "bad_checksum":
        blob = bytearray((d / MODEL_FILE).read_bytes())
        blob[len(blob) // 2] ^= 0xFF
        (d / MODEL_FILE).write_bytes(bytes(blob))
    else:
        (d / MODEL_FILE).write_bytes(b"not an onnx model" * 100)
        cfg = json.loads((d / CONFIG_FILE).read_text(encoding="utf-8"))
        cfg.pop("sha256")
        (d / CONFIG_FILE).write_text(json.dumps(cfg), encoding="utf-8")
    with pytest.raises(ModelError):
        PauseModel.load(d)


def test_cli_check_with_broken_model_exits_70_never_post(tmp_path: Path) -> None:
    d = _copy_model(tmp_path)
    (d / MODEL_FILE).write_bytes(b"\x00" * 1000)
    env = {**os.environ, "PAUSEPOST_MODEL_DIR": str(d)}
    proc = subprocess.run(
        [sys.executable, "-m", "pausepost.cli.main", "check", "Proud of my team today"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 70
    assert "model" in proc.stderr and "Nothing was screened" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip() == ""


class _BrokenAtRunTime:
    """A model that loads but fails on every prediction."""

    def __init__(self, real: PauseModel) -> None:
        self.config = real.config

    def predict(self, texts: list[str]) -> list[EncoderOutput]:
        raise RuntimeError("onnxruntime failed")


def test_model_failing_at_run_time_fails_closed(model: PauseModel) -> None:
    rules = Screener.default(rules_only=True)
    broken = ModelJudge(_BrokenAtRunTime(model))  # type: ignore[arg-type]
    screener = Screener(rules._detectors, judge=broken)
    result = screener.screen(Post(text="Grateful for a calm week with my family"))
    assert result.verdict is not Verdict.POST
    assert "screen_incomplete" in {r.code for r in result.reasons}


def _out(verdict: dict[str, float], concerns: dict[str, float]) -> EncoderOutput:
    base = dict.fromkeys(CONCERNS, 0.0)
    return EncoderOutput(verdict=verdict, concerns={**base, **concerns}, spans=())


def test_model_hold_without_hold_concern_adds_the_best_explanation(model: PauseModel) -> None:
    det = ModelJudge(model, thresholds={"hold": 0.5, "pause": 0.5, "mocking": 0.9})
    text = "Guess who was back in bay 3 tonight. Again. Same story. You know who you are."
    ctx = build_context(Post(text=text), Config())
    out = _out({"post": 0.05, "revise": 0.15, "hold": 0.8}, {"mocking": 0.6, "clinical": 0.1})
    found = det.findings(text, ctx, out)
    assert {f.concern.value for f in found} == {"mocking"}
    (f,) = found
    # A model-only flag names the words that drove it.
    assert f.start is not None and f.end is not None and text[f.start : f.end].strip()


def test_model_pause_floor_vetoes_everything(model: PauseModel) -> None:
    det = ModelJudge(model, thresholds={"pause_floor": 0.2, "negative": 0.3})
    text = "Monday again, coffee please"
    ctx = build_context(Post(text=text), Config())
    out = _out({"post": 0.9, "revise": 0.05, "hold": 0.05}, {"negative": 0.4})
    assert det.findings(text, ctx, out) == []


def test_model_flags_carry_evidence_spans_on_real_screens() -> None:
    screener = Screener.default()
    text = "lol the lady in room 12 asked if i was single while i was placing her foley 💀"
    result = screener.screen(Post(text=text))
    model_flags = [f for f in result.findings if f.detector == "model"]
    for f in model_flags:
        assert f.has_span, f
        assert f.why


def test_runtime_never_imports_torch(tmp_path: Path) -> None:
    code = (
        "import sys; from pausepost import Screener, Post;"
        "Screener.default().screen(Post(text='My 4pm cancelled again'));"
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("ORT_DISABLE_TELEMETRY", None)
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False"]
    # onnxruntime's telemetry writes under ~/.cache unless it is switched off before import.
    assert not (tmp_path / ".cache").exists()


@pytest.mark.parametrize(
    "text",
    [
        "@jess_rn lol same. https://example.org/x?y=1 see you at 7",
        "Thanks @DrKim! www.clinic.example is down",
        "email me at a@b.co, not @ me",
    ],
)
def test_model_view_blanks_handles_and_links_keeping_offsets(text: str) -> None:
    from pausepost.model.encoder import model_view

    view = model_view(text)
    assert len(view) == len(text)
    assert "@jess_rn" not in view and "@DrKim" not in view and "http" not in view
    assert "www." not in view
    # Everything else is untouched, character for character.
    for a, b in zip(text, view, strict=True):
        assert b == a or b == " "
    assert "a@b.co" in model_view("email me at a@b.co")  # an address is not a handle


@pytest.mark.parametrize("text", [":-)", "10/10", "👏👏👏", "!!!", ":( :( :("])
def test_model_alone_never_flags_a_draft_with_no_words(text: str) -> None:
    """The concern heads fire on almost anything this short; nothing written, nothing judged."""
    assert screen_text(text).verdict.value == "post"


@pytest.mark.parametrize("text", ["pt 4 :(", "Wide Load.", "My 4pm 🙄"])
def test_model_still_judges_one_or_two_words(text: str) -> None:
    assert screen_text(text).verdict.value != "post"
