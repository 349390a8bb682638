"""Every registered detector keeps the contract: in-range offsets, declared concerns only,
deterministic, input untouched. A detector that breaks makes the screen fail closed."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import ClassVar

import pytest

from pausepost import Post, Screener, Verdict
from pausepost.config import Config
from pausepost.core.analysis import build_context
from pausepost.core.registry import BUILTIN_DETECTORS, load_detectors
from pausepost.core.types import Concern, Context, Detector, Finding

SAMPLES = [
    "My 17yo client Rosa from Westview High overdosed last night 😂 lol",
    "Sunday reset: long walk, phone off, soup on the stove.",
    "Shared with permission 💛 a client's card: 'You sat with me until I could stand.'",
    "Clients who no-show and then dispute the charge. Make it make sense. 🙄",
    "Today's sessions broke me. Caseload from hell. Send coffee.",
    "Dr. Ana Ruiz, LMFT, workshop March 8 at 12 Oak St. Call (555) 201-3344!",
    "ßİ ﬁ 🏳️‍🌈 \u202e مرحبا 你好 \n\n",
]

DETECTORS = load_detectors(include_plugins=False)


def test_registry_loads_every_builtin_in_order() -> None:
    assert [d.name for d in DETECTORS] == list(BUILTIN_DETECTORS)


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
@pytest.mark.parametrize("text", SAMPLES)
def test_detector_contract(detector: Detector, text: str) -> None:
    post = Post(text=text)
    before = copy.deepcopy(post)
    ctx = build_context(post, Config())
    first = list(detector.detect(post, ctx))
    second = list(detector.detect(post, build_context(post, Config())))
    assert first == second  # deterministic
    assert post == before  # input untouched
    assert isinstance(detector, Detector)
    assert detector.version and detector.name
    for f in first:
        assert f.concern in detector.emits
        assert f.detector == detector.name
        if f.has_span:
            assert f.start is not None and f.end is not None
            assert 0 <= f.start < f.end <= len(text)
        if f.label is not None:
            assert f.concern is Concern.IDENTIFIABLE and f.has_span
        assert f.why


class _Boom:
    name: ClassVar[str] = "boom"
    version: ClassVar[str] = "0"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.NEGATIVE})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        raise RuntimeError("detector bug")


class _Liar:
    name: ClassVar[str] = "liar"
    version: ClassVar[str] = "0"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.NEGATIVE})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        return [Finding(self.name, Concern.MOCKING, "x", 0, 10_000)]


@pytest.mark.parametrize("bad", [_Boom(), _Liar()], ids=["raises", "breaks-contract"])
def test_screen_fails_closed_when_a_detector_misbehaves(bad: Detector) -> None:
    screener = Screener([*DETECTORS, bad])
    a = screener.screen(Post(text="Sunday reset: long walk, phone off, soup on the stove."))
    assert a.verdict is not Verdict.POST
    assert a.errors and a.errors[0].startswith(bad.name)
    assert "screen_incomplete" in [r.code for r in a.reasons]
