"""A deterministic stand-in for the Screener, so audit tests do not depend on the detectors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pausepost.core.types import (
    Assessment,
    Concern,
    EngineInfo,
    Finding,
    Post,
    Question,
    Reason,
    SpanLabel,
    Verdict,
)
from pausepost.errors import InputError

CALLS: list[str] = []  # ids screened in this process (workers=1 only)


class FakeScreener:
    """hold when the text says "client", revise when it says "work", else post.
    "Rosa" is marked as a NAME span; "EXPLODE" is refused like over-long input."""

    def __init__(self, version: str = "fake-1") -> None:
        self.engine = EngineInfo(name="fake", version=version, detectors=("fake@1",))

    def screen(self, post: Post) -> Assessment:
        if "EXPLODE" in post.text:
            raise InputError("the draft looks like binary data, not text")
        CALLS.append(post.id or "")
        lower = post.text.lower()
        findings: list[Finding] = []
        reasons: list[Reason] = []
        verdict = Verdict.POST
        concerns: tuple[Concern, ...] = ()
        if "client" in lower:
            verdict, concerns = Verdict.HOLD, (Concern.IDENTIFIABLE, Concern.MOCKING)
            reasons.append(Reason("fake_hold", Verdict.HOLD, "About a client <b>named</b>.",
                                  ("ACA H.6.d",)))
        elif "work" in lower:
            verdict, concerns = Verdict.REVISE, (Concern.WORK_VENTING,)
            reasons.append(Reason("fake_revise", Verdict.REVISE, "Venting about work."))
        at = post.text.find("Rosa")
        if at >= 0:
            findings.append(Finding("fake", Concern.IDENTIFIABLE, "name", at, at + 4,
                                    SpanLabel.NAME))
        return Assessment(
            post=post,
            verdict=verdict,
            concerns=concerns,
            findings=tuple(findings),
            reasons=tuple(reasons),
            questions=(Question("fake_q", "Would they <recognise> themselves?"),)
            if verdict is Verdict.HOLD else (),
            rewrite=post.text.replace("Rosa", "[a client]") if verdict is not Verdict.POST
            else None,
            engine=self.engine,
        )

    def screen_many(self, posts: Iterable[Post]) -> Iterator[Assessment | InputError]:
        for post in posts:
            try:
                yield self.screen(post)
            except InputError as exc:
                yield exc


def fake_factory() -> FakeScreener:
    return FakeScreener()


def fake_factory_v2() -> FakeScreener:
    return FakeScreener("fake-2")
