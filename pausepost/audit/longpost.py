"""Posts longer than the screener takes (`MAX_CHARS`): screened in overlapping parts.

An export can hold a post, an article or a note longer than any draft Pause screens, and a
long post is exactly where a clinician's story can hide. It is cut at paragraph (else
sentence, else word) boundaries into parts of at most `MAX_CHARS` characters that overlap,
so that a passage across a cut is also read whole; each part is screened like a draft. The
verdict is the worst of the parts, and every finding points back into the whole post.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pausepost.core.inputs import MAX_CHARS
from pausepost.core.types import Concern, Verdict
from pausepost.errors import InputError

Result = dict[str, Any]

OVERLAP = 2_000  # characters each part shares with the one before it
# Bounds the time one post can take (about 2 MiB of text); what lies beyond is named as
# not screened, and the post is at least `revise`.
MAX_PARTS = 32
_SEARCH = 8_000  # how far back from the limit a part may end to end at a paragraph
# Cut preferences, best first; a cut falls just after the match (where the next text starts).
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE = re.compile(r"\n\s*|[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")
PART_REASON = "part_not_screened"


def is_long(text: str) -> bool:
    return len(text) > MAX_CHARS


def windows(text: str, size: int = MAX_CHARS, overlap: int = OVERLAP) -> list[tuple[int, int]]:
    """(start, end) of each part: at most `size` characters, covering all of `text`, each
    starting within `overlap` characters before the previous one's end."""
    search = min(_SEARCH, size // 4)
    overlap = min(overlap, size // 4)
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while True:
        if n - start <= size:
            out.append((start, n))
            return out
        end = _cut(text, start + size - search, start + size, last=True)
        out.append((start, end))
        start = _cut(text, end - overlap, end, last=False)


def _cut(text: str, lo: int, hi: int, *, last: bool) -> int:
    """A cut in (lo, hi]: the last paragraph break, sentence end or space (for a part's end),
    or the first sentence end or space (for the next part's start)."""
    for pattern in (_PARAGRAPH, _SENTENCE, _SPACE) if last else (_SENTENCE, _SPACE):
        # A part's start must fall before `hi` (the last part's end): the parts overlap.
        cuts = [
            c
            for m in pattern.finditer(text, lo, hi)
            if lo < (c := m.end()) <= hi and (last or c < hi)
        ]
        if cuts:
            return cuts[-1] if last else cuts[0]
    return hi if last else lo  # no break at all (one enormous word): cut where the limit falls


def screen_in_parts(text: str, screen_part: Callable[[int, str], Result]) -> Result:
    """Screen `text` part by part with `screen_part(index, part_text)` (which may raise
    `InputError`) and merge: worst verdict, findings shifted back into `text`. A part that
    cannot be screened makes the post at least `revise` and is named in `errors`; if no
    part can be screened, the answer is `{"error": ...}` like any refused post."""
    bounds = windows(text)
    parts: list[tuple[int, Result]] = []
    refused: list[str] = []
    for index, (start, end) in enumerate(bounds):
        if index == MAX_PARTS:
            refused.append(
                f"characters {start:,}-{len(text):,} not screened: the post is longer than "
                f"Pause screens ({MAX_PARTS} parts of {MAX_CHARS:,} characters)"
            )
            break
        piece = text[start:end]
        if not piece.strip():
            continue  # a run of blank space: nothing written there
        try:
            parts.append((start, screen_part(index, piece)))
        except InputError as exc:
            refused.append(
                f"part {index + 1} of {len(bounds)} (characters {start:,}-{end:,}) "
                f"not screened: {exc}"
            )
    if not parts:
        return {"error": refused[0] if refused else "the post is empty: nothing to check"}
    merged = _merge(text, parts)
    merged["screened_in_parts"] = len(bounds)
    if refused:
        merged["errors"].extend(refused)
        merged["reasons"].append(
            {
                "code": PART_REASON,
                "verdict": Verdict.REVISE.value,
                "message": "Part of this long post could not be screened: read it yourself.",
                "rules": [],
            }
        )
        if merged["verdict"] == Verdict.POST.value:
            merged["verdict"] = Verdict.REVISE.value
    return merged


def _merge(text: str, parts: list[tuple[int, Result]]) -> Result:
    verdicts = [Verdict(r["verdict"]) for _, r in parts]
    worst = Verdict.worst(verdicts)
    first_worst = next(r for _, r in parts if r["verdict"] == worst.value)
    out: Result = dict(parts[0][1])  # id, platform, audience, engine; images (the first part)
    out["verdict"] = worst.value
    out["concerns"] = [c.value for c in Concern if any(c.value in r["concerns"] for _, r in parts)]
    out["findings"] = _unique(
        [_shifted(f, at) for at, r in parts for f in r.get("findings", ())],
        lambda f: tuple(sorted((k, repr(v)) for k, v in f.items() if k != "score")),
    )
    out["findings"].sort(key=lambda f: (_pos(f.get("start")), _pos(f.get("end"))))
    spans = _unique(
        [_shifted(s, at) for at, r in parts for s in r.get("spans", ())],
        lambda s: (s["start"], s["end"], s.get("label")),
    )
    out["spans"] = sorted(
        ({**s, "text": text[s["start"] : s["end"]]} for s in spans), key=lambda s: s["start"]
    )
    reasons = _unique(
        [x for _, r in parts for x in r.get("reasons", ())],
        lambda x: (x.get("code"), x.get("message")),
    )
    out["reasons"] = sorted(reasons, key=lambda x: -Verdict(x["verdict"]).rank)
    out["questions"] = _unique(
        [q for _, r in parts for q in r.get("questions", ())], lambda q: q.get("code")
    )
    out["errors"] = list(dict.fromkeys(e for _, r in parts for e in r.get("errors", ())))
    out["advice"] = list(first_worst.get("advice", ()))
    # A rewrite of one part is not a rewrite of the post: edit it by the marked details.
    out["rewrite"] = None
    if "caption_verdict" in out:  # photos went with the first part: the text's own verdict
        own = [str(r.get("caption_verdict") or r["verdict"]) for _, r in parts]
        out["caption_verdict"] = Verdict.worst(Verdict(v) for v in own).value
    return out


def _shifted(item: dict[str, Any], at: int) -> dict[str, Any]:
    if isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
        return {**item, "start": item["start"] + at, "end": item["end"] + at}
    return dict(item)


def _unique(items: list[Any], key: Callable[[Any], Any]) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _pos(value: object) -> int:
    return value if isinstance(value, int) else -1
