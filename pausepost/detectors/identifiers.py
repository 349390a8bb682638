"""Client identifiers and quasi-identifiers, as exact character spans.

A detail only counts when it is about someone in the writer's care: the same
"Tuesday at 4pm" is an identifier in a story about a client and nothing at all in
a workshop announcement or a post about the writer's own family. So every pattern
here is gated by `analysis.Subject`: which sentences tell a client's story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from pausepost.analysis import Subject, sentence_index, subject_of
from pausepost.detectors.base import overlaps
from pausepost.detectors.identifier_patterns import (
    ANNOUNCEMENT,
    CONTACT_PATTERNS,
    CONTEXT_PATTERNS,
    NAME_STOP,
    SPECIFIC_PATTERNS,
    SpanPattern,
)
from pausepost.types import Concern, Context, Finding, Post, SpanLabel

_CAP_WORD = re.compile(r"\b[A-Z][a-z]+\b")


class IdentifierDetector:
    name: ClassVar[str] = "identifiers"
    version: ClassVar[str] = "0.2"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.IDENTIFIABLE})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        subject = subject_of(context)
        if not subject.mentions_clients and not subject.about_client:
            return []
        text = post.text
        found: list[Finding] = []
        # Contact details identify anyone, but not the writer's own in an announcement.
        if not ANNOUNCEMENT.search(text):
            found.extend(self._scan(CONTACT_PATTERNS, text, context, subject, need_specific=False))
        found.extend(self._scan(CONTEXT_PATTERNS, text, context, subject, need_specific=False))
        if subject.about_client:
            found.extend(self._scan(SPECIFIC_PATTERNS, text, context, subject, need_specific=True))
        found = _dedupe([_trimmed(f, text) for f in found])
        found.extend(_repeat_names(text, found, context))
        return sorted(_dedupe(found), key=Finding.sort_key)

    def _scan(
        self,
        patterns: tuple[SpanPattern, ...],
        text: str,
        ctx: Context,
        subject: Subject,
        *,
        need_specific: bool,
    ) -> list[Finding]:
        out: list[Finding] = []
        for p in patterns:
            for m in p.regex.finditer(text):
                start, end = m.span(p.group)
                if start < 0 or start >= end or overlaps((start, end), ctx.allow_spans):
                    continue
                i = sentence_index(ctx, start)
                if i in subject.own_life:
                    continue
                if need_specific and i not in subject.about_client:
                    continue
                if (
                    p.in_client_sentence
                    and i not in subject.about_client
                    and i not in subject.group
                ):
                    continue
                if p.label is SpanLabel.NAME and text[start:end].split()[-1] in NAME_STOP:
                    continue
                out.append(
                    Finding(
                        detector=self.name,
                        concern=Concern.IDENTIFIABLE,
                        code=p.code,
                        start=start,
                        end=end,
                        label=p.label,
                        score=p.score,
                        why=p.why,
                    )
                )
        return out


_LEAD = re.compile(r"(?:(?:a|an|the|on|at|in|from|to|by|about|of|for)\s+)+", re.IGNORECASE)
_TRAIL = re.compile(r"[\s.,;:!?…]+$")


def _trimmed(f: Finding, text: str) -> Finding:
    """Clean span edges: no leading article or preposition, no trailing punctuation."""
    if f.start is None or f.end is None or f.code.startswith("date.slot"):
        return f
    start, end = f.start, f.end
    lead = _LEAD.match(text, start, end)
    if lead and lead.end() < end:
        start = lead.end()
    trail = _TRAIL.search(text, start, end)
    if trail and trail.start() > start:
        end = trail.start()
    return replace(f, start=start, end=end)


def _dedupe(found: list[Finding]) -> list[Finding]:
    """Keep one finding per exact span (the first pattern's, which is the most specific)."""
    seen: set[tuple[int | None, int | None]] = set()
    out: list[Finding] = []
    for f in found:
        key = (f.start, f.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _repeat_names(text: str, found: list[Finding], ctx: Context) -> list[Finding]:
    """A name found once is a name everywhere in the post: mark every occurrence."""
    names = {
        text[f.start : f.end]
        for f in found
        if f.label is SpanLabel.NAME and f.start is not None and f.end is not None
    }
    out: list[Finding] = []
    for name in names:
        if len(name) < 3:
            continue
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            span = (m.start(), m.end())
            if any(f.start == span[0] for f in found) or overlaps(span, ctx.allow_spans):
                continue
            out.append(
                Finding(
                    detector="identifiers",
                    concern=Concern.IDENTIFIABLE,
                    code="name.repeated",
                    start=span[0],
                    end=span[1],
                    label=SpanLabel.NAME,
                    why="The same name appears again here.",
                )
            )
    return out
