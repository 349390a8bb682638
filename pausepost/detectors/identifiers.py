"""Client identifiers and quasi-identifiers, as exact spans."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.types import Concern, Context, Finding, Post


class IdentifierDetector:
    name: ClassVar[str] = "identifiers"
    version: ClassVar[str] = "0.1"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.IDENTIFIABLE})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        return []
