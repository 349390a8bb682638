"""What Pause says about a picture: each image code's verdict, message and rules (see the
table in `image_rules`), the question it asks, and how findings and reasons are written out."""

from __future__ import annotations

from typing import Any

from pausepost.core.types import Concern, Finding, Verdict

_HIPAA = "HIPAA Safe Harbor, 45 CFR 164.514(b)(2): identifiers"
_ACA_H6D = "ACA Code of Ethics H.6.d (public social media)"
_APA_407 = "APA Ethics Code 4.07 (confidential information in public talks and writing)"
_AAMFT_22 = "AAMFT Code 2.2 (written authorization to release client information)"
_NASW_107 = "NASW Code 1.07 (privacy and confidentiality)"

REASONS: dict[str, tuple[Verdict, str, tuple[str, ...]]] = {
    "image_client_media": (
        Verdict.HOLD,
        "The picture is mostly something a client wrote, drew or sent, or a news story: "
        "sharing it can identify them even when the words are kind.",
        (_AAMFT_22, _APA_407, _ACA_H6D, _NASW_107),
    ),
    "image_client_media_consent": (
        Verdict.REVISE,
        "The picture looks like client media and the post claims permission: make sure it "
        "is written, current and covers this picture on this platform.",
        (_AAMFT_22, _APA_407),
    ),
    "image_faces_client": (
        Verdict.HOLD,
        "The picture shows a face, and the post is about a client: if it is the client or "
        "their child, this identifies them.",
        (_HIPAA, _ACA_H6D, _NASW_107),
    ),
    "image_faces": (
        Verdict.REVISE,
        "The picture shows a face. If it could be a client or a client's child, do not "
        "post it; `pausepost redact` writes a copy with faces blurred.",
        (_HIPAA,),
    ),
    "image_location": (
        Verdict.REVISE,
        "The image file records where it was taken, which may be your office or a "
        "client's home. `pausepost strip` writes a copy without it.",
        (_HIPAA,),
    ),
    "image_metadata_text": (
        Verdict.REVISE,
        "The image file carries hidden text (a caption, keywords, people's names, a description "
        "or an author) that posts with it. `pausepost strip` writes a copy without it.",
        (),
    ),
    "image_printed_matter": (
        Verdict.REVISE,
        "The picture is printed matter (a product box, sign or web page) that names no one "
        "in your care; the places, organisations or times in it are public, but check "
        "they do not point to your workplace or to a client.",
        (),
    ),
    "image_incomplete": (
        Verdict.REVISE,
        "Part of the image could not be checked, so Pause cannot say it is safe to post.",
        (),
    ),
}

QUESTIONS = {
    "image_client_media": (
        "image_whose_words",
        "Whose handwriting, drawing or messages are these, and would they recognise them online?",
    ),
    "image_faces": (
        "image_whose_face",
        "Is everyone in this picture someone who agreed, in writing, to be posted by you?",
    ),
}


def finding(
    detector: str,
    concern: Concern,
    code: str,
    why: str,
    boxes: list[list[int]],
    *,
    label: str | None = None,
) -> dict[str, Any]:
    return {
        "detector": detector,
        "concern": concern.value,
        "code": code,
        "start": None,
        "end": None,
        "label": label,
        "score": 1.0,
        "why": why,
        "boxes": boxes,
    }


def reason_dict(r: Any) -> dict[str, Any]:
    return {
        "code": r.code,
        "verdict": r.verdict.value,
        "message": r.message,
        "rules": list(r.rules),
    }


def screened_finding(
    f: Finding, place: dict[str, Any], text: str | None, boxes: list[list[int]]
) -> dict[str, Any]:
    """A finding of the text screen on words in the picture or its file: no offsets into
    the caption (`start`, `end` are None on purpose), but `place`, where the words lie."""
    return {
        "detector": f.detector,
        "concern": f.concern.value,
        "code": f.code,
        "start": None,
        "end": None,
        **place,
        "text": text,
        "label": f.label.value if f.label else None,
        "score": round(f.score, 3),
        "why": f.why,
        "boxes": boxes,
    }
