"""Judging one image: its text's screen, plus what only a picture can show.

| code                       | when                                                 | verdict |
|----------------------------|------------------------------------------------------|---------|
| image_client_media         | mostly a note, card, letter, drawing, message        | hold    |
|                            | screenshot or clipping, and no consent is claimed    |         |
| image_client_media_consent | the same, with consent claimed in caption or image   | revise  |
| image_faces_client         | faces, and the caption or image is about a client    | hold    |
| image_faces                | faces otherwise (Pause cannot tell whose they are)   | revise  |
| image_location             | GPS position in the file                             | revise  |
| image_metadata_text        | caption, keywords, names, description or author     | revise  |
|                            | (its words are screened like the caption, and their |         |
|                            | own verdict counts: a patient named there holds)    |         |
| image_incomplete           | part of the image was not checked                    | revise  |
| image_printed_matter       | a product box, sign or web page whose words name no  | revise  |
|                            | one in care, but a place, organisation or time: the  |         |
|                            | text's own hold is softened to revise                |         |

A face or a position is an identifier (HIPAA Safe Harbor lists full-face photographs and
places smaller than a state) only when it is a client's; Pause cannot know whose it is,
so alone it asks for a second look and a fix (blur with `pausepost redact`, clean with
`pausepost strip`), and beside anything about a client it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pausepost.core.policy import RULES, apply_rules
from pausepost.core.reasons import reason_text
from pausepost.core.types import Assessment, Concern, Reason, SpanLabel, Verdict
from pausepost.media.geometry import union
from pausepost.media.image_reasons import (
    QUESTIONS,
    REASONS,
    finding,
    reason_dict,
    screened_finding,
)
from pausepost.media.kind import AGE, CARE, NAME, ROOM, ImageKind
from pausepost.media.metadata import ImageMetadata
from pausepost.media.report import ImageReport

# Concerns that make a post "about a client", so a face beside them is likely theirs.
_ABOUT_A_CLIENT = frozenset(
    {
        Concern.CLIENT_SPECIFIC,
        Concern.CLIENT_MEDIA,
        Concern.CLINICAL,
        Concern.IDENTIFIABLE,
        Concern.MOCKING,
    }
)

# The concerns a printed page's text may raise from its public details alone: the rules
# call any work talk "client specific" on an ordinary post.
_PUBLIC_DETAILS_ONLY = frozenset({Concern.IDENTIFIABLE, Concern.CLIENT_SPECIFIC})
# A capitalised word alone is too weak to call a picture a note: brand names are capitalised.
_WEAK_NAME_CODES = frozenset({"proper_noun"})


# Metadata fields that name whoever made the file (usually the poster), not who is in it:
# reported (`image_metadata_text`) but not screened, or every signed photo would hold.
_CREATOR_FIELDS = frozenset({"author", "artist", "copyright", "caption writer"})
# What a tone reading says of the writer: on a client's own card or note the writer is the
# client, so "complains about or judges one particular client" would misread their words.
_WRITER_TONE = frozenset({Concern.NEGATIVE, Concern.WORK_VENTING})


@dataclass(frozen=True)
class HiddenText:
    """The file's free-text metadata as one text to screen, and where each field lies in it."""

    text: str
    fields: tuple[tuple[str, int, int], ...] = ()  # (label, start, end) in `text`

    def field_at(self, start: int) -> tuple[str, int, int] | None:
        return next((f for f in self.fields if f[1] <= start < f[2]), None)


def hidden_text(meta: ImageMetadata) -> HiddenText:
    """Captions, titles, keywords, people and places, each as a sentence of one text.

    One text, so a name in one field and a room in another are read together, as the
    caption would be; the creator fields are left out (see `_CREATOR_FIELDS`).
    """
    text = ""
    fields: list[tuple[str, int, int]] = []
    for label, value in meta.text_fields:
        if label in _CREATOR_FIELDS or not value.strip():
            continue
        if text:
            text += " "
        start = len(text)
        text += value
        fields.append((label, start, len(text)))
        if not value.rstrip().endswith((".", "!", "?")):
            text += "."
    return HiddenText(text, tuple(fields))


def person_signals(as_post: Assessment | None, as_client: Assessment | None) -> frozenset[str]:
    """What a picture's screened text says about someone in care: NAME, AGE, ROOM, CARE.

    `as_post` is the text screened as an ordinary post (the learned model finds names and
    care talk there); `as_client` the same text screened as a client's own words, where
    the rules look for names, ages and room or bed numbers without needing a work context
    (their "this is about a client" finding says nothing here: it always fires, and on
    an ordinary post the rules fire it for any work talk, a hospital's web page included).
    """
    found: set[str] = set()
    for assessment in (as_post, as_client):
        if assessment is None:
            continue
        for f in assessment.findings:
            if f.label is SpanLabel.NAME and f.code not in _WEAK_NAME_CODES:
                found.add(NAME)
            elif f.label is SpanLabel.AGE:
                found.add(AGE)
            elif f.code == "location.room" or f.label is SpanLabel.QUASI:
                found.add(ROOM)
            elif f.concern is Concern.CLINICAL:
                found.add(CARE)
    if as_post is not None and Concern.CLINICAL in as_post.concerns:
        found.add(CARE)
    return frozenset(found)


@dataclass(frozen=True)
class ImageJudgement:
    verdict: Verdict
    concerns: frozenset[Concern]
    findings: tuple[dict[str, Any], ...]
    reasons: tuple[dict[str, Any], ...]
    questions: tuple[dict[str, Any], ...]
    errors: tuple[str, ...]


def judge_image(
    report: ImageReport,
    caption: Assessment,
    text: Assessment | None,
    *,
    text_error: str | None = None,
    hidden: HiddenText | None = None,
    hidden_screen: Assessment | None = None,
    hidden_error: str | None = None,
) -> ImageJudgement:
    """One image's verdict, concerns, findings (with boxes), reasons and questions.

    `text` is the screen of the picture's own words; `hidden_screen` that of its hidden
    text (`hidden`), whose findings and verdict count as the caption's would.
    """
    if text is not None and text.post.client_material:
        text = _as_client_words(text)
    findings = list(_text_findings(report, text))
    reasons: list[dict[str, Any]] = [reason_dict(r) for r in text.reasons] if text else []
    questions = [{"code": q.code, "text": q.text} for q in text.questions] if text else []
    seen = set(caption.concerns) | (set(text.concerns) if text else set())
    if hidden is not None and hidden_screen is not None:
        findings.extend(_hidden_findings(hidden, hidden_screen))
        for r in hidden_screen.reasons:
            if all(x["code"] != r.code for x in reasons):
                reasons.append(reason_dict(r))
        for asked in hidden_screen.questions:
            if all(x["code"] != asked.code for x in questions):
                questions.append({"code": asked.code, "text": asked.text})
        seen |= set(hidden_screen.concerns)
    consent = Concern.CONSENT_CLAIMED in seen
    fired: list[str] = []
    text_verdict = text.verdict if text else Verdict.POST
    if (
        report.kind is ImageKind.PRINTED
        and text is not None
        and text_verdict is Verdict.HOLD
        and set(text.concerns) <= _PUBLIC_DETAILS_ONLY
    ):
        # Only public details are left (a person in care would have kept it a note or
        # screenshot, see `kind.settle`): worth a look, not a hold. Mocking or venting
        # on a web page still holds.
        text_verdict = Verdict.REVISE
        fired.append("image_printed_matter")
        hold = Verdict.HOLD.value
        reasons = [
            {**r, "verdict": Verdict.REVISE.value} if r["verdict"] == hold else r for r in reasons
        ]

    if report.kind.is_client_media:
        fired.append("image_client_media_consent" if consent else "image_client_media")
        extent = union(w.box for w in report.ocr.words)
        findings.append(
            finding(
                "media.kind",
                Concern.CLIENT_MEDIA,
                f"image.kind.{report.kind.value}",
                f"the picture is mostly {report.kind.plain}",
                [extent.to_list()] if extent else [],
            )
        )
    if report.faces:
        about_client = bool(seen & _ABOUT_A_CLIENT) or report.kind.is_client_media
        fired.append("image_faces_client" if about_client else "image_faces")
        findings.append(
            finding(
                "media.faces",
                Concern.IDENTIFIABLE,
                "image.faces",
                report.faces_summary(),
                [b.to_list() for b in report.faces],
            )
        )
    meta = report.metadata
    if meta.has_location:
        fired.append("image_location")
        findings.append(
            finding(
                "media.metadata",
                Concern.IDENTIFIABLE,
                "image.location",
                f"the file says: {meta.summary()}",
                [],
                label="LOCATION",
            )
        )
    if meta.text_fields:
        fired.append("image_metadata_text")
        fields = ", ".join(k for k, _ in meta.text_fields)
        findings.append(
            finding(
                "media.metadata",
                Concern.IDENTIFIABLE,
                "image.metadata_text",
                f"hidden text in the file: {fields}",
                [],
            )
        )
    errors = list(text.errors) if text else []
    errors += list(hidden_screen.errors) if hidden_screen else []
    errors += [e for e in (text_error, hidden_error) if e]
    if not report.complete or text_error or hidden_error:
        fired.append("image_incomplete")

    for code in fired:
        verdict, message, rules = REASONS[code]
        reasons.append(
            {"code": code, "verdict": verdict.value, "message": message, "rules": list(rules)}
        )
        q = QUESTIONS.get(code.removesuffix("_client").removesuffix("_consent"))
        if q and all(x["code"] != q[0] for x in questions):
            questions.append({"code": q[0], "text": q[1]})
    verdicts = [text_verdict, hidden_screen.verdict if hidden_screen else Verdict.POST]
    verdicts += [REASONS[code][0] for code in fired]
    concerns = (set(text.concerns) if text else set()) | {Concern(f["concern"]) for f in findings}
    concerns |= set(hidden_screen.concerns) if hidden_screen else set()
    return ImageJudgement(
        verdict=Verdict.worst(verdicts),
        concerns=frozenset(concerns),
        findings=tuple(findings),
        reasons=tuple(reasons),
        questions=tuple(questions),
        errors=tuple(errors),
    )


def _text_findings(report: ImageReport, text: Assessment | None) -> list[dict[str, Any]]:
    """The image text's findings, each pointing at the words' boxes in the picture."""
    if text is None:
        return []
    out: list[dict[str, Any]] = []
    for f in text.findings:
        words = (
            report.ocr.words_between(f.start, f.end)
            if f.start is not None and f.end is not None
            else ()
        )
        # Offsets are into the image's text, not the caption: kept apart on purpose.
        out.append(
            screened_finding(
                f,
                {"text_start": f.start, "text_end": f.end},
                report.ocr.text[f.start : f.end] if words else None,
                [w.box.to_list() for w in words],
            )
        )
    return out


def _as_client_words(text: Assessment) -> Assessment:
    """A client's own words without the writer-tone reading, re-decided by the policy.

    A thank-you card read as the clinician's words "complains about or judges one
    particular client"; it is the client's material, which `image_client_media` says.
    """
    if not set(text.concerns) & _WRITER_TONE:
        return text
    concerns = frozenset(text.concerns) - _WRITER_TONE
    codes = {r.code for r in text.reasons}
    verdict, fired = apply_rules(
        concerns,
        incomplete="screen_incomplete" in codes,
        unreadable_language="language_unsupported" in codes,
    )
    kept = {r.code: r for r in text.reasons}
    rule_verdict = {r.code: r.verdict for r in RULES}
    reasons = tuple(
        kept.get(code)
        or Reason(code, rule_verdict[code], reason_text(code).message, reason_text(code).rules)
        for code in fired
    )
    return replace(
        text,
        verdict=verdict,
        concerns=tuple(c for c in text.concerns if c in concerns),
        findings=tuple(f for f in text.findings if f.concern not in _WRITER_TONE),
        reasons=reasons,
    )


def _hidden_findings(hidden: HiddenText, screen: Assessment) -> list[dict[str, Any]]:
    """The hidden text's findings, by field: offsets into no caption and no picture text."""
    out: list[dict[str, Any]] = []
    for f in screen.findings:
        field: str | None = None
        # Offsets into that field's own text (`metadata.text_fields`), for a span that
        # lies within one field; none for a finding about the whole text.
        local: tuple[int, int] | None = None
        if f.start is not None and f.end is not None:
            place = hidden.field_at(f.start)
            if place is not None:
                field = place[0]
                if f.end <= place[2]:
                    local = (f.start - place[1], f.end - place[1])
        where = {
            "source": "metadata",
            "field": field,
            "field_start": local[0] if local else None,
            "field_end": local[1] if local else None,
        }
        out.append(screened_finding(f, where, hidden.text[f.start : f.end] if local else None, []))
    return out
