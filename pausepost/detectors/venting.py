"""Venting job stress in a way that points at clients or sessions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.types import Concern, Context, Finding, Post


class VentingDetector:
    name: ClassVar[str] = "venting"
    version: ClassVar[str] = "0.1"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.WORK_VENTING})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        return []
