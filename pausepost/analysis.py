"""Shared, once-per-post analysis that detectors read: sentences, client mentions, allow-list."""

from __future__ import annotations

import re

from pausepost.config import Config
from pausepost.lexicon import CLIENT_REF
from pausepost.types import Context, Post

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+|(?<=[\U0001F300-\U0001FAFF])\s+(?=[A-Z])")


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return tuple(spans)


def allow_spans(text: str, config: Config) -> tuple[tuple[int, int], ...]:
    lower = text.casefold()
    out: list[tuple[int, int]] = []
    for term in config.allow:
        t = term.casefold()
        start = lower.find(t)
        while start >= 0:
            out.append((start, start + len(t)))
            start = lower.find(t, start + 1)
    return tuple(sorted(out))


def build_context(post: Post, config: Config) -> Context:
    text = post.text
    refs = tuple((m.start(), m.end(), m.group(0)) for m in CLIENT_REF.finditer(text))
    return Context(
        text=text,
        lower=text.lower(),
        sentences=split_sentences(text),
        client_refs=refs,
        allow_spans=allow_spans(text, config),
    )
