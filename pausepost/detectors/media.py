"""Client media: notes, cards, drawings, messages, screenshots, news clippings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.types import Concern, Context, Finding, Post


class MediaDetector:
    name: ClassVar[str] = "media"
    version: ClassVar[str] = "0.1"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.CLIENT_MEDIA})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        return []
