"""Whether the post is about one specific client, family, couple or session."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.types import Concern, Context, Finding, Post


class SubjectDetector:
    name: ClassVar[str] = "subject"
    version: ClassVar[str] = "0.1"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.CLIENT_SPECIFIC})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        return []
