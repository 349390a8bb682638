"""Claims that the client agreed to the post ("shared with permission")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.core.types import Concern, Context, Finding, Post
from pausepost.detectors.base import pat, scan

_C = Concern.CONSENT_CLAIMED
PATTERNS = (
    pat(
        r"\b(?:with|w/)\s+(?:(?:her|his|their|my\s+client's|the\s+\w+'s|[a-z]+'s|the|full|written)\s+)*"
        r"(?:permission|consent|blessing|ok|okay|go-ahead)\b",
        "consent.with_permission",
        "Says the client agreed.",
        _C,
    ),
    pat(
        r"\b(?:shared|posted|posting|sharing|used|reposted)\s+(?:this\s+)?(?:with|by|w/)\s+(?:\w+\s+){0,2}?"
        r"(?:permission|consent|blessing|ok)\b",
        "consent.shared_with_permission",
        "Says the client agreed.",
        _C,
    ),
    pat(
        r"\b(?:said|says|told\s+me)\s+(?:that\s+)?I\s+(?:could|can|may)\s+(?:share|post)\b|"
        r"\b(?:gave|give|given)\s+(?:me|us)\s+(?:(?:their|her|his|the)\s+)?(?:permission|consent|the\s+ok|the\s+okay|the\s+go-ahead|(?:their|her|his)\s+blessing)\b|"
        r"\basked\s+(?:me|us)\s+to\s+(?:share|post)\b|\bwanted\s+(?:me|us|other\s+\w+)\s+to\s+(?:share|see)\b|"
        r"\b(?:permission|consent)\s+(?:from|of)\s+(?:the\s+)?(?:artist|author|family|client|parents?|writer)\b|"
        r"\bwith\s+permission\b|\bpermission\s+to\s+share\b|\bconsented\s+to\b",
        "consent.stated",
        "Says the client agreed.",
        _C,
    ),
)


class ConsentDetector:
    name: ClassVar[str] = "consent"
    version: ClassVar[str] = "0.2"
    emits: ClassVar[frozenset[Concern]] = frozenset({_C})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        found = sorted(scan(self.name, PATTERNS, post.text, context), key=_widest_first)
        kept: list[Finding] = []
        for f in found:  # one claim, one finding: drop matches inside a wider one
            if not any(k.start <= f.start and f.end <= k.end for k in kept):  # type: ignore[operator]
                kept.append(f)
        return sorted(kept, key=Finding.sort_key)


def _widest_first(f: Finding) -> tuple[int, int]:
    return (f.start or 0) - (f.end or 0), f.start or 0
