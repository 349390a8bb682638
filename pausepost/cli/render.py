"""Plain-text rendering of an Assessment for the terminal (ANSI colour optional)."""

from __future__ import annotations

import textwrap

from pausepost.types import Assessment, Verdict

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
    # Show each detail once: skip spans that sit inside a larger flagged detail.
    labelled = [
        f
        for f in a.spans
        if not any(
            g is not f
            and g.start is not None
            and g.end is not None
            and f.start is not None
            and f.end is not None
            and g.start <= f.start
            and f.end <= g.end
            and (g.end - g.start) > (f.end - f.start)
            for g in a.spans
        )
    ]
    if labelled:
        lines.append("Details that could identify someone:")
        for f in labelled:
            assert f.start is not None and f.end is not None and f.label is not None
            lines.extend(
                _wrap(f'- "{a.post.text[f.start : f.end]}" ({f.label.value}): {f.why}', "  ")
            )
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


def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(
            textwrap.wrap(para, width=88, initial_indent=first, subsequent_indent=indent) or [""]
        )
    return out
