"""Core value types shared by every part of Pause.

Everything here is immutable and free of I/O so detectors, the policy and the
front ends can pass these values around without surprises.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, runtime_checkable


class Verdict(StrEnum):
    """What Pause advises. Values match corpus/SCHEMA.md."""

    POST = "post"
    REVISE = "revise"
    HOLD = "hold"

    @property
    def rank(self) -> int:
        return _VERDICT_RANK[self]

    @classmethod
    def worst(cls, verdicts: Iterable[Verdict]) -> Verdict:
        return max(verdicts, key=lambda v: v.rank, default=cls.POST)


_VERDICT_RANK = {Verdict.POST: 0, Verdict.REVISE: 1, Verdict.HOLD: 2}


class Concern(StrEnum):
    """Why a draft needs a pause. Values match corpus/SCHEMA.md."""

    IDENTIFIABLE = "identifiable"
    CLIENT_SPECIFIC = "client_specific"
    NEGATIVE = "negative"
    MOCKING = "mocking"
    CLINICAL = "clinical"
    CLIENT_MEDIA = "client_media"
    CONSENT_CLAIMED = "consent_claimed"
    WORK_VENTING = "work_venting"


class SpanLabel(StrEnum):
    """Kinds of identifying detail. Values match corpus/SCHEMA.md."""

    NAME = "NAME"
    AGE = "AGE"
    DATE = "DATE"
    LOCATION = "LOCATION"
    ORGANIZATION = "ORGANIZATION"
    CONTACT = "CONTACT"
    QUASI = "QUASI"


class Audience(StrEnum):
    PERSONAL = "personal"
    PROFESSIONAL = "professional"


PLATFORMS: frozenset[str] = frozenset(
    {
        "facebook", "instagram", "x", "linkedin", "threads", "tiktok_caption", "mastodon",
        "bluesky", "reddit",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ImageRef:
    """An image attached to a post: a path on disk, or bytes already in memory."""

    path: str | None = None
    data: bytes | None = None
    name: str | None = None


@dataclass(frozen=True)
class Post:
    """A draft (or a past post from an export). Front ends and importers all build these."""

    text: str
    platform: str | None = None
    audience: Audience | None = None
    author_role: str | None = None
    id: str | None = None
    created_at: str | None = None
    images: tuple[ImageRef, ...] = ()
    # Free-form extra context, e.g. OCR text from images, keyed by source.
    extra_text: tuple[tuple[str, str], ...] = ()
    # The text is a client's own material (the words of a note, card or message they wrote,
    # read from a picture): every sentence in it is about that client.
    client_material: bool = False


@dataclass(frozen=True)
class Finding:
    """One thing a detector noticed.

    `start`/`end` are character offsets into `Post.text`; post-level findings have
    none. Only identifying details carry a `label`. `code` is a stable machine
    name for why (e.g. ``age.numeric``), `evidence` a short human hint that never
    quotes more than the span itself.
    """

    detector: str
    concern: Concern
    code: str
    start: int | None = None
    end: int | None = None
    label: SpanLabel | None = None
    score: float = 1.0
    why: str = ""

    @property
    def has_span(self) -> bool:
        return self.start is not None and self.end is not None

    def sort_key(self) -> tuple[int, int, str, str, str]:
        return (
            self.start if self.start is not None else -1,
            self.end if self.end is not None else -1,
            self.detector,
            self.concern.value,
            self.code,
        )


@dataclass(frozen=True)
class Reason:
    """Why the verdict is what it is, in plain words, with the rule behind it."""

    code: str
    verdict: Verdict
    message: str
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    code: str
    text: str


@dataclass(frozen=True)
class EngineInfo:
    name: str
    version: str
    detectors: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """The full answer for one post."""

    post: Post
    verdict: Verdict
    concerns: tuple[Concern, ...]
    findings: tuple[Finding, ...]
    reasons: tuple[Reason, ...]
    questions: tuple[Question, ...]
    rewrite: str | None
    engine: EngineInfo
    errors: tuple[str, ...] = field(default=())
    # What to do instead, in plain words (e.g. the private alternative for a hold).
    advice: tuple[str, ...] = field(default=())

    @property
    def spans(self) -> tuple[Finding, ...]:
        """Labelled identifier findings, merged by the caller if needed."""
        return tuple(f for f in self.findings if f.label is not None and f.has_span)

    def to_dict(self) -> dict[str, Any]:
        """A superset of corpus/score.py's prediction line."""
        text = self.post.text
        return {
            "id": self.post.id,
            "verdict": self.verdict.value,
            "concerns": [c.value for c in self.concerns],
            "spans": [
                {
                    "start": f.start,
                    "end": f.end,
                    "label": f.label.value if f.label else None,
                    "text": text[f.start : f.end],
                }
                for f in self.spans
                if f.start is not None and f.end is not None
            ],
            "findings": [
                {
                    "detector": f.detector,
                    "concern": f.concern.value,
                    "code": f.code,
                    "start": f.start,
                    "end": f.end,
                    "label": f.label.value if f.label else None,
                    "score": round(f.score, 3),
                    "why": f.why,
                }
                for f in self.findings
            ],
            "reasons": [
                {
                    "code": r.code,
                    "verdict": r.verdict.value,
                    "message": r.message,
                    "rules": list(r.rules),
                }
                for r in self.reasons
            ],
            "questions": [{"code": q.code, "text": q.text} for q in self.questions],
            "rewrite": self.rewrite,
            "advice": list(self.advice),
            "platform": self.post.platform,
            "audience": self.post.audience.value if self.post.audience else None,
            "errors": list(self.errors),
            "engine": {
                "name": self.engine.name,
                "version": self.engine.version,
                "detectors": list(self.engine.detectors),
            },
        }


@runtime_checkable
class Detector(Protocol):
    """One recognizer: pure, deterministic, no I/O, never logs post text."""

    name: ClassVar[str]
    version: ClassVar[str]
    emits: ClassVar[frozenset[Concern]]

    def detect(self, post: Post, context: Context) -> Iterable[Finding]: ...


@runtime_checkable
class Judge(Protocol):
    """A learned reviewer run after the detectors: it reads the whole post and the rules'
    findings and returns the findings that decide the verdict (see pausepost.model.judge)."""

    name: ClassVar[str]
    version: ClassVar[str]

    def review(
        self,
        post: Post,
        context: Context,
        rule_findings: Sequence[Finding],
        *,
        explain: bool = True,
    ) -> list[Finding]: ...


@dataclass
class Context:
    """Shared, read-only-by-convention analysis of one post, computed once.

    Detectors read it instead of re-tokenising. Built by `pausepost.core.analysis`.
    """

    text: str
    lower: str
    sentences: tuple[tuple[int, int], ...]
    client_refs: tuple[tuple[int, int, str], ...]
    allow_spans: tuple[tuple[int, int], ...]
    notes: dict[str, Any] = field(default_factory=dict)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return 0, len(self.text)

    def iter_sentences(self) -> Iterator[tuple[int, int, str]]:
        for s, e in self.sentences:
            yield s, e, self.text[s:e]
