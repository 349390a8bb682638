"""Whether the post is about one specific client, family, couple or session."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pausepost.core.analysis import subject_of
from pausepost.core.types import Concern, Context, Finding, Post


class SubjectDetector:
    name: ClassVar[str] = "subject"
    version: ClassVar[str] = "0.2"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.CLIENT_SPECIFIC})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        subject = subject_of(context)
        # One finding per reference, so the page can show who the post is about.
        return [
            Finding(
                detector=self.name,
                concern=Concern.CLIENT_SPECIFIC,
                code="subject.specific_client",
                start=start,
                end=end,
                why="This points at one particular person in your care, or one session.",
            )
            for start, end in subject.specific_refs
        ]
