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

from pausepost.core.analysis import Subject, sentence_index, subject_of
from pausepost.core.types import Concern, Context, Finding, Post, SpanLabel
from pausepost.detectors.base import overlaps
from pausepost.detectors.identifier_patterns import (
    ANNOUNCEMENT,
    CONTACT_PATTERNS,
    CONTEXT_PATTERNS,
    NAME_STOP,
    SPECIFIC_PATTERNS,
    SpanPattern,
)

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
        if subject.about_client:
            found.extend(_proper_nouns(text, found, context, subject))
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


# A run of capitalised words in the middle of a sentence: a person, a place, an employer.
_PROPER = re.compile(
    r"(?<![\w'’@#])[A-Z][a-z]+(?:['’]s)?(?:\s+(?:St\.?|Ave\.?|[A-Z][a-z]+(?:['’]s)?)){0,3}\b"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|on|near|outside|across|by)\s+(?:the\s+)?$")
# Capitalised words that are rarely anyone's identifying detail.
_COMMON_CAPS_WORDS = """I I'm I've I'd OK Okay God Lord Jesus Happy Thank Thanks Please Love Dear Congrats
    Congratulations RIP Merry Sorry Yes No Oh Wow Also And But So Then Just Still Some
    Zoom Facebook Instagram TikTok Google Twitter YouTube Netflix Amazon Target Walmart
    Costco Starbucks Mom Dad Grandma Grandpa Santa Christmas Thanksgiving Easter Halloween
    English Spanish Black White Latino Latina Native American Mother Father Sunday Monday
    Tuesday Wednesday Thursday Friday Saturday January February March April May June July
    August September October November December Reader Friends Folks Y'all Therapist
    Therapy Nurse Doctor Dr Mr Mrs Ms Miss One You We The How What When Why Who Where This
    That It My Our Your Her His Their They She He A An If Not Now How's What's It's
    Uber Lyft Lunchable Lunchables Monster Disney McDonald's Kardashian Kardashians Roman
    Empire Papa Nana Mama Grandpa Grandma Baby Bible Lord"""
COMMON_CAPS = frozenset(_COMMON_CAPS_WORDS.split())


def _proper_nouns(text: str, found: list[Finding], ctx: Context, subject: Subject) -> list[Finding]:
    """Proper nouns in a client's story that no table named: treat them as identifying."""
    out: list[Finding] = []
    taken = [(f.start, f.end) for f in found if f.start is not None and f.end is not None]
    for i in sorted(subject.about_client):
        s, e = ctx.sentences[i]
        for m in _PROPER.finditer(text, s, e):
            words = m.group(0).split()
            before = text[s : m.start()].rstrip()
            # Thread numbers ("2/3 Growth...") and bullets start sentences too.
            if re.search(r"\[(?:photo|pic|video|image|screenshot)[^\]]*:\s*$", before, re.IGNORECASE):
                before = "x"  # "[photo: Lily holding...": a description, not a sentence start
            first_of_sentence = not before or before[-1] in ".!?:;\"“”'‘’([{-—–…/*•]0123456789"
            if first_of_sentence:
                if len(words) == 1:
                    continue  # "Today", "Made", "Kids": sentence case, not a name
                words = words[1:]
            words = [w for w in words if w.rstrip("'’s") not in COMMON_CAPS]
            if not words:
                continue
            start = text.index(words[0], m.start())
            end = text.index(words[-1], start) + len(words[-1])
            span = (start, end)
            if any(a < span[1] and span[0] < b for a, b in taken) or overlaps(
                span, ctx.allow_spans
            ):
                continue
            label = SpanLabel.LOCATION if _PLACE_BEFORE.search(text, s, start) else SpanLabel.NAME
            taken.append(span)
            out.append(
                Finding(
                    detector="identifiers",
                    concern=Concern.IDENTIFIABLE,
                    code="proper_noun",
                    start=start,
                    end=end,
                    label=label,
                    score=0.6,
                    why="A name of a person or place in a client's story can be enough to find them.",
                )
            )
    return out
