"""Negative or mocking tone aimed at clients (sad or caring is not contempt)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.types import Concern, Context, Finding, Post


class ToneDetector:
    name: ClassVar[str] = "tone"
    version: ClassVar[str] = "0.1"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.NEGATIVE, Concern.MOCKING})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        return []
