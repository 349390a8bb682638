"""The calibration objective: false alarms on ordinary people's text count, and only theirs."""

from __future__ import annotations

from typing import Any

from training.calibrate import false_alarms, objective


def _gold(kind: str, verdict: str = "post") -> dict[str, Any]:
    return {"verdict": verdict, "kind": kind, "concerns": [], "spans": []}


def _figures(**over: float) -> dict[str, Any]:
    m: dict[str, Any] = {
        "pause_r": 0.97,
        "hold_r": 0.96,
        "pause_p": 0.92,
        "span_r": 0.86,
        "span_p": 0.82,
        "macro_f1": 0.9,
    }
    m.update(over)
    return m


def test_false_alarms_count_only_ordinary_peoples_texts() -> None:
    gold = {
        "a": _gold("ordinary_person"),
        "b": _gold("ordinary_person"),
        "c": _gold("ordinary_person"),
        "d": _gold("ordinary_person"),
        "e": _gold("own_life"),  # a clinician's own life: a hard negative, not ordinary text
        "f": _gold("mocking", "hold"),
    }
    pred = {
        "a": {"verdict": "hold"},
        "b": {"verdict": "revise"},
        "c": {"verdict": "post"},
        "d": {"verdict": "post"},
        "e": {"verdict": "hold"},
        "f": {"verdict": "hold"},
    }
    fa = false_alarms(gold, pred)
    assert fa == {"ordinary_flagged": 0.5, "ordinary_held": 0.25, "ordinary_n": 4}


def test_no_ordinary_items_means_no_false_alarm_figures() -> None:
    assert false_alarms({"x": _gold("own_life")}, {"x": {"verdict": "hold"}})["ordinary_n"] == 0


def test_objective_weighs_false_alarms_by_the_given_weight() -> None:
    quiet = _figures(ordinary_flagged=0.0, ordinary_held=0.0)
    noisy = _figures(ordinary_flagged=0.2, ordinary_held=0.1)
    assert objective(quiet, 1.0) == objective(quiet, 0.0) == 0.9
    assert objective(noisy, 0.0) == objective(quiet, 0.0)
    assert objective(noisy, 1.0) < objective(noisy, 0.25) < objective(quiet, 1.0)


def test_objective_puts_a_missed_hold_before_macro_f1() -> None:
    # Higher macro-F1 with hold recall under its target scores lower than the reverse.
    assert objective(_figures(hold_r=0.90, macro_f1=0.93)) < objective(_figures(macro_f1=0.9))
