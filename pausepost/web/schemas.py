"""Request and response models of the JSON API. Requests forbid unknown fields."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from pausepost.core.inputs import MAX_CHARS
from pausepost.core.types import PLATFORMS

Platform = StrEnum("Platform", {p: p for p in sorted(PLATFORMS)})  # type: ignore[misc]
AudienceIn = Literal["personal", "professional"]
DecisionIn = Literal["post", "post_rewrite", "keep_private", "discard"]
# Control characters other than tab and newlines are refused, so that every schema-valid
# text can be screened (the screener refuses text that looks binary).
_PLAIN = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]"
Text = Annotated[
    StrictStr,
    Field(
        min_length=1,
        max_length=MAX_CHARS,
        pattern=rf"^{_PLAIN}*[^\s\x00-\x1f\ufffd]{_PLAIN}*$",
        description="the draft: plain text with at least one visible character",
    ),
]
# Strict in bodies: JSON `0` is not `false` and `"1"` is not `1`. Path ids come as text.
Id = Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]
PathId = Annotated[int, Field(ge=1, le=2**31 - 1)]


def _iso_date_text(v: object) -> object:
    # Pydantic would read a number as seconds since 1970; a date here is always text.
    if not isinstance(v, str | dt.date):
        raise ValueError("a date must be a YYYY-MM-DD string")
    return v


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftIn(Strict):
    text: Text
    platform: Platform | None = None  # type: ignore[valid-type]
    audience: AudienceIn | None = None
    consent_id: Id | None = Field(
        default=None, description="the consent ledger entry that covers a consent claim"
    )


class CheckIn(DraftIn):
    journal: StrictBool = Field(
        default=False,
        description="record this check in the journal (hash only) until a decision completes it",
    )


# A picture can be posted without words: with pictures, the caption may be empty.
Caption = Annotated[
    StrictStr,
    Field(
        max_length=MAX_CHARS,
        pattern=rf"^{_PLAIN}*$",
        description="the caption: plain text, possibly empty",
    ),
]


class ImageIn(Strict):
    name: Annotated[StrictStr, Field(max_length=255)] | None = Field(
        default=None, description="the file's name, shown in the answer (e.g. `a.jpg`)"
    )
    data: StrictStr = Field(
        description="the picture's bytes in base64 (a `data:` URL works too), at most "
        "20 MiB decoded: JPEG, PNG, WebP, GIF, BMP or TIFF"
    )


class CaptionIn(CheckIn):
    """`check`'s fields when pictures come with the draft: the caption may be empty."""

    text: Caption = ""  # type: ignore[assignment]


class CheckImagesIn(CaptionIn):
    """`check` with pictures in base64."""

    # At most 4: stated in the schema, but refused as 413 (like a picture over its size) by
    # pausepost.web.pictures rather than as a validation error.
    images: list[ImageIn] = Field(
        min_length=1,
        description="at most 4 pictures, checked with the caption",
        json_schema_extra={"maxItems": 4},
    )


class DecisionBody(DraftIn):
    decision: DecisionIn
    keep_text: StrictBool = Field(default=False, description="keep the draft's text in the journal")


class NudgeIn(Strict):
    text: Text
    platform: Platform | None = None  # type: ignore[valid-type]
    audience: AudienceIn | None = None
    colleague: Annotated[str, Field(max_length=80)] | None = None
    sender: Annotated[str, Field(max_length=80)] | None = None


class ConsentIn(Strict):
    label: Annotated[str, Field(min_length=1, max_length=80, pattern=r"\S")] = Field(
        description="a pseudonymous label, never the client's name"
    )
    scope: Annotated[str, Field(min_length=1, max_length=2000, pattern=r"\S")]
    platforms: Annotated[list[Platform], Field(max_length=len(PLATFORMS))] = Field(  # type: ignore[valid-type]
        default_factory=list, description="empty: any platform"
    )
    audience: Literal["personal", "professional", "both"] = "both"
    given_on: IsoDate
    expires_on: IsoDate | None = None


# An allow-list term is a name or a phrase: visible text, no control characters (a NUL or an
# escape sequence in a term would reach every page that lists the terms).
_TERM_CHAR = r"[^\x00-\x1f\x7f\ufffd]"
_TERM_PATTERN = rf"^{_TERM_CHAR}*[^\s\x00-\x1f\x7f\ufffd]{_TERM_CHAR}*$"


def plain_term(term: str) -> bool:
    return re.fullmatch(_TERM_PATTERN, term) is not None


class AllowIn(Strict):
    term: Annotated[str, Field(min_length=2, max_length=200, pattern=_TERM_PATTERN)]


class FeedbackIn(Strict):
    detector: Annotated[str, Field(min_length=1, max_length=80)]
    code: Annotated[str, Field(min_length=1, max_length=120)]
    concern: Literal[
        "identifiable", "client_specific", "negative", "mocking", "clinical",
        "client_media", "consent_claimed", "work_venting",
    ]  # fmt: skip
    label: Literal["NAME", "AGE", "DATE", "LOCATION", "ORGANIZATION", "CONTACT", "QUASI"] | None = (
        None
    )
    verdict: Literal["post", "revise", "hold"] | None = None


# -- responses (documentation; the handlers return plain dicts) -------------------------


class SpanOut(BaseModel):
    start: int
    end: int
    label: str | None
    text: str


class FindingOut(BaseModel):
    detector: str
    concern: str
    code: str
    start: int | None
    end: int | None
    label: str | None
    score: float
    why: str


class ReasonOut(BaseModel):
    code: str
    verdict: str
    message: str
    rules: list[str]


class QuestionOut(BaseModel):
    code: str
    text: str


class EngineOut(BaseModel):
    name: str
    version: str
    detectors: list[str]


class AssessmentOut(BaseModel):
    """Exactly what `pausepost check --json` prints."""

    id: str | None
    verdict: Literal["post", "revise", "hold"]
    concerns: list[str]
    spans: list[SpanOut]
    findings: list[FindingOut]
    reasons: list[ReasonOut]
    questions: list[QuestionOut]
    rewrite: str | None
    platform: str | None
    audience: str | None
    errors: list[str]
    engine: EngineOut


class ImageResultOut(BaseModel):
    """One picture, as `pausepost check --json --image` reports it. Boxes are
    `[x, y, width, height]` in the picture's pixels; `findings` carry `text` and `boxes`
    where the words were read, and no `start`/`end` (those point into the caption)."""

    index: int
    name: str
    format: str
    width: int
    height: int
    kind: str
    kind_plain: str
    complete: bool
    notes: list[str]
    text: str
    words: list[dict[str, Any]]
    faces: list[list[int]]
    faces_summary: str
    metadata: dict[str, Any] = Field(description="GPS position, time, camera; `summary`")
    verdict: Literal["post", "revise", "hold"]
    concerns: list[str]
    findings: list[dict[str, Any]]


class CheckOut(AssessmentOut):
    """With pictures: also `caption_verdict` (the caption alone) and `images`; the verdict,
    concerns, findings (each picture's with its `image` index) and reasons cover them all."""

    caption_verdict: Literal["post", "revise", "hold"] | None = None
    images: list[ImageResultOut] | None = None


class JournalEntryOut(BaseModel):
    id: int
    created_at: str
    text_sha256: str
    verdict: str
    concerns: list[str]
    reason_codes: list[str]
    decision: str
    platform: str | None
    audience: str | None
    consent_id: int | None
    text: str | None
    # For "ask_supervisor": the supervisor's answer once it arrives (approve, revise,
    # dont_post); None until then and for every other decision.
    review_answer: str | None = None


class JournalEntryWrap(BaseModel):
    ok: Literal[True]
    entry: JournalEntryOut


class JournalOut(BaseModel):
    ok: Literal[True]
    total: int
    entries: list[JournalEntryOut]
    stats: dict[str, Any]


class ConsentOut(BaseModel):
    id: int
    label: str
    scope: str
    platforms: list[str]
    audience: str
    given_on: str
    expires_on: str | None
    revoked_at: str | None
    status: Literal["active", "expired", "revoked", "not_yet"]


class ConsentWrap(BaseModel):
    ok: Literal[True]
    entry: ConsentOut


class ConsentListOut(BaseModel):
    ok: Literal[True]
    entries: list[ConsentOut]


class NudgeOut(BaseModel):
    needed: bool
    subject: str
    note: str
    verdict: str
    concerns: list[str]


class DeletedOut(BaseModel):
    ok: Literal[True]
    deleted: int


class AllowOut(BaseModel):
    ok: Literal[True]
    terms: list[str]


class OkOut(BaseModel):
    ok: Literal[True]


class HealthOut(BaseModel):
    ok: Literal[True]
    version: str
    store: str
    engine: str


class AuditReportOut(BaseModel):
    """`report.json` as `pausepost audit` writes it: one entry per screened post (the
    `check --json` fields plus platform, date, source file, kind, text and suggested action),
    then the summary (counts, by year, problems)."""

    report: Literal["pausepost audit"]
    format: int
    posts: list[dict[str, Any]]
    summary: dict[str, Any]
