"""Small shared pieces for pattern-based detectors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pausepost.core.types import Concern, Context, Finding, SpanLabel


@dataclass(frozen=True)
class Pattern:
    """One entry of a pattern list: what to match, what it means, and why it matters.

    `in_client_sentence`: for identifiers, the match counts only in a sentence about people
    in care; `score` says how sure the pattern is.
    """

    regex: re.Pattern[str]
    code: str
    why: str
    concern: Concern
    label: SpanLabel | None = None
    group: int | str = 0
    score: float = 1.0
    in_client_sentence: bool = True


def pat(
    regex: str,
    code: str,
    why: str,
    concern: Concern,
    label: SpanLabel | None = None,
    *,
    flags: int = re.IGNORECASE,
    group: int | str = 0,
    score: float = 1.0,
    in_client_sentence: bool = True,
) -> Pattern:
    return Pattern(
        re.compile(regex, flags), code, why, concern, label, group, score, in_client_sentence
    )


def overlaps(a: tuple[int, int], spans: tuple[tuple[int, int], ...]) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)


def scan(detector: str, patterns: tuple[Pattern, ...], text: str, ctx: Context) -> list[Finding]:
    """Every match of every pattern, as findings, skipping allow-listed text."""
    out: list[Finding] = []
    for p in patterns:
        for m in p.regex.finditer(text):
            start, end = m.span(p.group)
            if start < 0 or start == end or overlaps((start, end), ctx.allow_spans):
                continue
            out.append(
                Finding(
                    detector=detector,
                    concern=p.concern,
                    code=p.code,
                    start=start,
                    end=end,
                    label=p.label,
                    why=p.why,
                )
            )
    return out
