"""Plain-text rendering of an Assessment for the terminal (ANSI colour optional)."""

from __future__ import annotations

import textwrap
from typing import Any

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

_RESET = "\x1b[0m"
_VERDICT_STYLE = {
    Verdict.POST: ("\x1b[1;32m", "POST", "Looks fine to share."),
    Verdict.REVISE: ("\x1b[1;33m", "REVISE", "Worth rewriting before you share it."),
    Verdict.HOLD: ("\x1b[1;31m", "HOLD", "Please don't post this publicly."),
}
_MARK = "\x1b[4;31m"  # underlined red: a flagged span


def highlight(text: str, spans: list[tuple[int, int]], *, colour: bool) -> str:
    """Mark spans with colour, or with [[...]] when colour is off."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(text[pos:s])
        out.append(f"{_MARK}{text[s:e]}{_RESET}" if colour else f"[[{text[s:e]}]]")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def render_assessment(a: Assessment, *, colour: bool) -> str:
    style, word, gloss = _VERDICT_STYLE[a.verdict]
    head = f"{style}{word}{_RESET}" if colour else word
    lines = [f"{head}  {gloss}", ""]
    spans = [(f.start, f.end) for f in a.findings if f.start is not None and f.end is not None]
    lines.append(highlight(a.post.text, spans, colour=colour))
    lines.append("")
    if a.reasons:
        lines.append("Why:")
        for r in a.reasons:
            rule = f"  ({'; '.join(r.rules)})" if r.rules else ""
            lines.extend(_wrap(f"- {r.message}{rule}", "  "))
        lines.append("")
    noticed = _noticed(a)
    if noticed:
        lines.append("What Pause noticed:")
        for concern, words, why in noticed:
            lines.extend(_wrap(f'- {concern}: "{words}" ({why})', "  "))
        lines.append("")
    if a.questions:
        lines.append("Before you post, ask yourself:")
        lines.extend(f"- {q.text}" for q in a.questions)
        lines.append("")
    if a.advice:
        lines.append("What to do instead:")
        for tip in a.advice:
            lines.extend(_wrap(f"- {tip}", "  "))
        lines.append("")
    if a.rewrite:
        lines.append("A general, positive version you could post instead:")
        lines.extend(_wrap(a.rewrite, "  ", first="  "))
        lines.append("")
    if a.errors:
        lines.append("Note: part of the check could not run, so Pause is being cautious.")
        lines.append("")
    return "\n".join(lines)


def render_result(result: dict[str, Any], text: str, *, colour: bool) -> str:
    """`render_assessment` for an assessment in its JSON form (`Assessment.to_dict()`, or
    `screen_with_images`'s superset of it), so `check --image` reads as `check` does.

    Findings with an `image` are the pictures' (no offsets into `text`): left to the caller.
    """
    return render_assessment(_from_dict(result, text), colour=colour)


def _from_dict(result: dict[str, Any], text: str) -> Assessment:
    engine = result.get("engine") or {}
    return Assessment(
        post=Post(text=text, platform=result.get("platform")),
        verdict=Verdict(result["verdict"]),
        concerns=tuple(Concern(c) for c in result.get("concerns", [])),
        findings=tuple(
            Finding(
                f["detector"],
                Concern(f["concern"]),
                f["code"],
                f.get("start"),
                f.get("end"),
                SpanLabel(f["label"]) if f.get("label") else None,
                f.get("score", 1.0),
                f.get("why", ""),
            )
            for f in result.get("findings", [])
            if "image" not in f
        ),
        reasons=tuple(
            Reason(r["code"], Verdict(r["verdict"]), r["message"], tuple(r.get("rules", [])))
            for r in result.get("reasons", [])
        ),
        questions=tuple(Question(q["code"], q["text"]) for q in result.get("questions", [])),
        rewrite=result.get("rewrite"),
        engine=EngineInfo(
            engine.get("name", ""), engine.get("version", ""), tuple(engine.get("detectors", []))
        ),
        errors=tuple(result.get("errors", [])),
        advice=tuple(result.get("advice", [])),
    )


_CONCERN_WORDS = {
    Concern.IDENTIFIABLE: "could identify someone",
    Concern.CLIENT_SPECIFIC: "about one person",
    Concern.NEGATIVE: "complaint",
    Concern.MOCKING: "humour at a client's expense",
    Concern.CLINICAL: "clinical detail",
    Concern.CLIENT_MEDIA: "client's own material",
    Concern.CONSENT_CLAIMED: "consent claimed",
    Concern.WORK_VENTING: "venting",
}


def _noticed(a: Assessment) -> list[tuple[str, str, str]]:
    """Each flagged phrase once, the widest span winning where spans nest."""
    spans = [f for f in a.findings if f.start is not None and f.end is not None]
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[Concern, str]] = set()
    for f in sorted(spans, key=lambda f: (f.start or 0, -((f.end or 0) - (f.start or 0)))):
        assert f.start is not None and f.end is not None
        inside = any(
            g is not f
            and g.concern is f.concern
            and g.start is not None
            and g.end is not None
            and g.start <= f.start
            and f.end <= g.end
            for g in spans
        )
        words = a.post.text[f.start : f.end]
        if inside or (f.concern, words.lower()) in seen:
            continue
        seen.add((f.concern, words.lower()))
        label = f" {f.label.value}" if f.label else ""
        out.append((_CONCERN_WORDS[f.concern] + label, words, f.why))
    return out


def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(
            textwrap.wrap(para, width=88, initial_indent=first, subsequent_indent=indent) or [""]
        )
    return out
