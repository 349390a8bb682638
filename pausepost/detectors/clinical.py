"""Clinical disclosure about clients: diagnoses, session content, treatment, risk events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.types import Concern, Context, Finding, Post


class ClinicalDetector:
    name: ClassVar[str] = "clinical"
    version: ClassVar[str] = "0.1"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.CLINICAL})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        return []
