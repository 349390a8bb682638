"""`pausepost.evaluate.score` and `pausepost eval` agree exactly with corpus/score.py.

The reference scorer is imported by path at test time (it is not a package), so the
check follows whatever version of it the shared corpus carries.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pausepost.cli.main import main
from pausepost.core.screener import Screener
from pausepost.core.types import Audience, Post
from pausepost.evaluate import CONCERNS, load_corpus, score

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path("/work/shared/corpus")
REF_SCORER = CORPUS_DIR / "score.py"
DEV = CORPUS_DIR / "dev.jsonl"

Records = dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    if not REF_SCORER.is_file():
        pytest.skip(f"reference scorer {REF_SCORER} is absent (no /work/shared on this machine)")
    spec = importlib.util.spec_from_file_location("corpus_reference_score", REF_SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev_gold(ref: ModuleType) -> Records:
    if not DEV.is_file():
        pytest.skip(f"dev corpus {DEV} is absent")
    gold: Records = ref.load(DEV)
    return gold


def _post_of(rec: Mapping[str, Any]) -> Post:
    """The Post `pausepost eval` builds for a corpus item (same fields, same order)."""
    aud = rec.get("audience")
    return Post(
        text=rec["text"],
        id=rec["id"],
        platform=rec.get("platform"),
        audience=Audience(aud) if aud in ("personal", "professional") else None,
    )


@pytest.fixture(scope="module")
def dev_pred(dev_gold: Records) -> Records:
    screener = Screener.default()
    # Through JSON, as a prediction file would carry them.
    return {
        k: json.loads(json.dumps(screener.screen(_post_of(g)).to_dict()))
        for k, g in dev_gold.items()
    }


def outcome(fn: Callable[[Records, Records], dict[str, Any]], gold: Records, pred: Records) -> Any:
    """The figures, or the kind of error."""
    try:
        return ("ok", fn(gold, pred))
    except Exception as exc:
        return ("raised", type(exc).__name__)


def assert_same(ref: ModuleType, gold: Records, pred: Records) -> None:
    theirs = outcome(ref.score, gold, pred)
    ours = outcome(score, gold, pred)
    if theirs[0] == "raised":
        return  # score.py itself crashes (e.g. sorting None with str); ours may do better
    assert ours == theirs
    assert list(ours[1]) == list(theirs[1])  # same key order: the printed reports line up


# --- (a) the real dev corpus -------------------------------------------------------------


def test_eval_load_corpus_matches_reference_load(ref: ModuleType, dev_gold: Records) -> None:
    assert load_corpus(DEV) == dev_gold


def test_eval_score_agrees_on_dev_with_current_predictions(
    ref: ModuleType, dev_gold: Records, dev_pred: Records
) -> None:
    assert len(dev_pred) == len(dev_gold)
    assert_same(ref, dev_gold, dev_pred)


def _perturbed(gold: Records) -> Records:
    """Predictions built from the gold labels, wrong in every way the scorer counts:
    verdicts rotated, concerns dropped, spans missed, shifted, widened or invented."""
    rotate = {"post": "revise", "revise": "hold", "hold": "post"}
    pred: Records = {}
    for i, (k, g) in enumerate(sorted(gold.items())):
        if i % 11 == 0:
            continue  # missing prediction
        text = g["text"]
        spans = []
        for j, s in enumerate(g.get("spans", [])):
            start = text.find(s["text"])
            end = start + len(s["text"])
            if (i + j) % 4 == 1:
                continue  # missed
            if (i + j) % 4 == 2:
                start, end = max(0, start - 3), min(len(text), end + 5)  # widened
            spans.append({"start": start, "end": end, "label": s["label"]})
        if i % 5 == 0 and len(text) > 4:
            spans.append({"start": 0, "end": 3, "label": "QUASI"})  # invented, may overlap
        pred[k] = {
            "id": k,
            "verdict": rotate[g["verdict"]] if i % 3 == 0 else g["verdict"],
            "concerns": [c for n, c in enumerate(g.get("concerns", [])) if (i + n) % 3 != 0]
            + (["negative"] if i % 7 == 0 else []),
            "spans": spans,
        }
    return pred


def test_eval_score_agrees_on_dev_with_perturbed_predictions(
    ref: ModuleType, dev_gold: Records
) -> None:
    pred = _perturbed(dev_gold)
    assert_same(ref, dev_gold, pred)
    figures = score(dev_gold, pred)
    assert figures["missing"] > 0 and 0 < figures["accuracy"] < 1  # the case is not trivial


# --- (b) hand-built edge cases -----------------------------------------------------------


def _g(rid: str, text: str, verdict: str, concerns: list[str], spans: list[tuple[str, str]]) -> Any:
    return {
        "id": rid,
        "text": text,
        "verdict": verdict,
        "concerns": concerns,
        "spans": [{"text": t, "label": lab} for t, lab in spans],
    }


def _p(verdict: str, concerns: Sequence[str] = (), spans: Sequence[tuple[int, int]] = ()) -> Any:
    return {
        "verdict": verdict,
        "concerns": list(concerns),
        "spans": [{"start": s, "end": e, "label": "NAME"} for s, e in spans],
    }


GOLD_EDGE: Records = {
    "rep": _g(
        "rep", "Rosa said hi. Rosa left. Rosa!", "hold", ["identifiable"], [("Rosa", "NAME")]
    ),
    "ovl": _g(
        "ovl",
        "my 3pm at Westview High School",
        "hold",
        ["identifiable", "client_specific"],
        [("my 3pm", "DATE"), ("Westview High School", "ORGANIZATION"), ("High", "QUASI")],
    ),
    "post": _g("post", "Sunday reset: soup and a walk.", "post", [], []),
    "rev": _g("rev", "A client landed the job!", "revise", ["client_specific"], []),
    "aaa": _g("aaa", "aaaa", "hold", ["identifiable"], [("aa", "QUASI")]),  # overlapping finds
}

EDGE_CASES: dict[str, Records] = {
    "perfect": {
        "rep": _p("hold", ["identifiable"], [(0, 4), (14, 18), (25, 29)]),
        "ovl": _p("hold", ["identifiable", "client_specific"], [(0, 6), (10, 30)]),
        "post": _p("post"),
        "rev": _p("revise", ["client_specific"]),
        "aaa": _p("hold", ["identifiable"], [(0, 4)]),
    },
    "all-missing": {},
    "some-missing": {"rep": _p("hold", ["identifiable"], [(0, 4)]), "post": _p("post")},
    "overlapping-predicted-spans": {
        "ovl": _p("hold", ["identifiable"], [(0, 8), (2, 5), (4, 20), (19, 30)]),
        "aaa": _p("hold", [], [(0, 2), (1, 3), (2, 4)]),
    },
    "repeated-span-text-found-once": {"rep": _p("hold", ["identifiable"], [(14, 18)])},
    "extra-predicted-spans": {
        "post": _p("hold", ["identifiable", "mocking"], [(0, 6), (7, 12)]),
        "rev": _p("revise", ["client_specific", "negative"], [(2, 8)]),
        "rep": _p("hold", ["identifiable"], [(0, 4), (5, 9), (9, 13)]),
    },
    "extra-ids-not-in-gold": {
        "zzz": _p("hold", ["identifiable"], [(0, 1)]),
        "post": _p("post"),
    },
    "spans-touching-not-overlapping": {"rep": _p("hold", [], [(4, 14), (18, 25)])},
    "zero-width-and-reversed-spans": {"rep": _p("hold", [], [(2, 2), (18, 14)])},
    "everything-revise": {k: _p("revise", list(CONCERNS)) for k in GOLD_EDGE},
    "unknown-verdict": {k: _p("maybe") for k in GOLD_EDGE},
    "no-verdict-key": {"post": {"concerns": [], "spans": []}},
    "verdict-none-beside-a-verdict": {"rep": {"verdict": None}, "aaa": _p("hold")},
    "prediction-without-spans-key": {"rep": {"verdict": "hold", "concerns": ["identifiable"]}},
}


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_eval_score_agrees_on_edge_cases(ref: ModuleType, case: str) -> None:
    assert_same(ref, GOLD_EDGE, EDGE_CASES[case])


@pytest.mark.parametrize(
    "gold",
    [
        {},  # empty corpus: no division by zero
        {"post": GOLD_EDGE["post"]},  # no gold spans: span_r is None
        {"rev": GOLD_EDGE["rev"], "post": GOLD_EDGE["post"]},
    ],
)
def test_eval_score_agrees_on_small_corpora(ref: ModuleType, gold: Records) -> None:
    for pred in EDGE_CASES.values():
        assert_same(ref, gold, pred)


def test_eval_score_known_figures_for_repeated_spans(ref: ModuleType) -> None:
    # "Rosa" occurs 3 times: each occurrence is a gold span; one predicted span finds one.
    m = score(GOLD_EDGE, EDGE_CASES["repeated-span-text-found-once"])
    gold_spans = 3 + 2 + 1 + 3  # rep (3 Rosa), ovl (my 3pm, the school), ovl's High, aaa x3
    assert m["span_r"] == round(1 / gold_spans, 3)
    assert m["span_p"] == 1.0
    assert m["missing"] == 4


_LABELS = ("NAME", "AGE", "DATE", "QUASI")
_VERDICTS = ("post", "revise", "hold")


@st.composite
def _corpus_and_predictions(draw: st.DrawFn) -> tuple[Records, Records]:
    gold: Records = {}
    pred: Records = {}
    for n in range(draw(st.integers(0, 6))):
        text = draw(st.text(alphabet="ab c", min_size=1, max_size=12))
        subs = draw(st.lists(st.integers(0, len(text)), min_size=0, max_size=4))
        spans = [
            {"text": text[a:b], "label": draw(st.sampled_from(_LABELS))}
            for a, b in zip(subs[::2], subs[1::2], strict=False)
            if a < b
        ]
        rid = f"g{n}"
        gold[rid] = {
            "id": rid,
            "text": text,
            "verdict": draw(st.sampled_from(_VERDICTS)),
            "concerns": draw(st.lists(st.sampled_from(CONCERNS), unique=True, max_size=3)),
            "spans": spans,
        }
        if draw(st.booleans()):
            pspans = draw(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=4))
            pred[rid] = {
                "verdict": draw(st.sampled_from(_VERDICTS)),
                "concerns": draw(st.lists(st.sampled_from(CONCERNS), unique=True, max_size=3)),
                "spans": [{"start": s, "end": e, "label": "NAME"} for s, e in pspans],
            }
    return gold, pred


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_corpus_and_predictions())
def test_eval_score_agrees_on_random_corpora(
    ref: ModuleType, case: tuple[Records, Records]
) -> None:
    assert_same(ref, *case)


# --- `pausepost eval --json` prints the same figures -------------------------------------


def test_eval_cli_json_prints_reference_figures(
    ref: ModuleType,
    dev_gold: Records,
    dev_pred: Records,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["eval", "--json", str(DEV), "--misses", "3"])
    printed = json.loads(capsys.readouterr().out)
    assert code == 0
    expected = ref.score(dev_gold, dev_pred)
    assert {k: printed[k] for k in expected} == expected
    assert len(printed["worst_misses"]) <= 3


def test_eval_cli_agrees_with_check_jsonl_scored_by_reference(
    ref: ModuleType, dev_gold: Records, tmp_path: Path
) -> None:
    """End to end: `check --jsonl` predictions scored by score.py's own command line
    equal `pausepost eval --json` on the same corpus."""
    script = ROOT / ".venv" / "bin" / "pausepost"
    if not script.exists():
        pytest.skip(f"{script} is not installed")
    pred_file = tmp_path / "pred.jsonl"
    # `eval` ignores the user's config, `check` reads it: run both with none.
    env = {**os.environ, "PAUSEPOST_CONFIG_DIR": str(tmp_path), "PAUSEPOST_DATA_DIR": str(tmp_path)}
    with pred_file.open("wb") as fh:
        check = subprocess.run(
            [str(script), "check", "--jsonl", str(DEV)], stdout=fh, timeout=300, env=env
        )
    assert check.returncode in (0, 3, 4), "every dev line must screen"
    by_ref = subprocess.run(
        [sys.executable, str(REF_SCORER), str(DEV), str(pred_file), "--json"],
        capture_output=True,
        timeout=120,
        check=True,
    )
    by_eval = subprocess.run(
        [str(script), "eval", "--json", str(DEV)],
        capture_output=True,
        timeout=300,
        check=True,
        env=env,
    )
    expected = json.loads(by_ref.stdout)
    printed = json.loads(by_eval.stdout)
    assert {k: printed[k] for k in expected} == expected
