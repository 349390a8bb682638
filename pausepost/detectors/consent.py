"""Claims that the client agreed to the post."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.types import Concern, Context, Finding, Post


class ConsentDetector:
    name: ClassVar[str] = "consent"
    version: ClassVar[str] = "0.1"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.CONSENT_CLAIMED})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        return []
