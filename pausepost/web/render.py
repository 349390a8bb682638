"""Server-side rendering helpers: highlight segments, a word diff, inline SVG charts.

The page's script renders the same things from the JSON API; these serve the
JavaScript-off path and the journal.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from pausepost.core.types import Assessment


@dataclass(frozen=True)
class Segment:
    text: str
    flags: tuple[dict[str, Any], ...] = ()  # finding dicts covering this piece


def segments(assessment: Assessment) -> list[Segment]:
    """Split the draft at every span edge; each piece lists the findings that cover it."""
    return text_segments(assessment.post.text, assessment.to_dict()["findings"])


def text_segments(text: str, findings: list[dict[str, Any]]) -> list[Segment]:
    """`segments` from finding dicts (a check with pictures answers a dict)."""
    found = [f for f in findings if f.get("start") is not None]
    cuts = sorted({0, len(text), *(f["start"] for f in found), *(f["end"] for f in found)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        cover = tuple(f for f in found if f["start"] <= a and b <= f["end"])
        if out and out[-1].flags == cover:
            out[-1] = Segment(out[-1].text + text[a:b], cover)
        else:
            out.append(Segment(text[a:b], cover))
    return out


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pairs with op in {"same", "del", "ins"}, word by word."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("ins", "".join(b[j1:j2])))
    return ops


def column_chart(title: str, points: list[tuple[str, int]], *, height: int = 140) -> Markup:
    """A small accessible column chart: role=img with a text alternative."""
    width, gap = 40, 12
    top = max((n for _, n in points), default=0) or 1
    w = len(points) * (width + gap) + gap
    summary = ", ".join(f"{label}: {n}" for label, n in points)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {w} {height + 34}" '
        f'aria-label="{escape(title)}. {escape(summary)}"><title>{escape(title)}</title>'
    ]
    for i, (label, n) in enumerate(points):
        x = gap + i * (width + gap)
        h = round(height * n / top)
        parts.append(
            f'<rect x="{x}" y="{height - h + 14}" width="{width}" height="{h}" class="bar"/>'
            f'<text x="{x + width / 2}" y="{height - h + 10}" text-anchor="middle">{n}</text>'
            f'<text x="{x + width / 2}" y="{height + 28}" text-anchor="middle" '
            f'class="tick">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, rows: list[tuple[str, int]]) -> Markup:
    """Horizontal bars with their labels, for ranked counts."""
    row_h, label_w, bar_w = 24, 110, 140
    top = max((n for _, n in rows), default=0) or 1
    h = max(1, len(rows)) * row_h + 8
    summary = ", ".join(f"{label}: {n}" for label, n in rows) or "nothing yet"
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {label_w + bar_w + 50} {h}" '
        f'aria-label="{escape(title)}. {escape(summary)}"><title>{escape(title)}</title>'
    ]
    for i, (label, n) in enumerate(rows):
        y = 4 + i * row_h
        w = max(2, round(bar_w * n / top))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" class="bar"/>'
            f'<text x="{label_w + w + 6}" y="{y + 17}">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
