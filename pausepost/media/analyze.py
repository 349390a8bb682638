"""The image entry point: analyse a picture, and screen a post with its pictures.

`analyze_image` gathers facts (text and word boxes, faces, metadata, kind) and judges
nothing. `screen_with_images` judges: it screens the caption, screens each picture's
text as a post of its own (so the same detectors and policy apply, and flagged words map
back to boxes), screens the hidden text in its file (captions, keywords, people) as the
caption would be, then adds what only a picture can say (see `image_rules`). The core
never imports this package, so Pause without the `media` extra has no image code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from pausepost.core.types import Assessment, Concern, EngineInfo, ImageRef, Post, Verdict
from pausepost.errors import InputError
from pausepost.media.faces import find_faces
from pausepost.media.geometry import Box
from pausepost.media.image_rules import (
    HiddenText,
    ImageJudgement,
    hidden_text,
    judge_image,
    person_signals,
)
from pausepost.media.kind import ImageKind, classify, looks_printed, measure, settle
from pausepost.media.load import load_image
from pausepost.media.metadata import ImageMetadata, read_metadata
from pausepost.media.ocr import read_text
from pausepost.media.report import ImageReport

# Seconds one image may spend in OCR, the only stage whose time depends on content.
OCR_BUDGET_S = 10.0


class PostScreener(Protocol):
    """What `screen_with_images` needs: `pausepost.Screener` or a test double."""

    def screen(self, post: Post) -> Assessment: ...


def analyze_image(
    ref: ImageRef, *, ocr_budget_s: float = OCR_BUDGET_S, faces: bool = True
) -> ImageReport:
    """Read one image. Raises an `ImageError` (an `InputError`) if it cannot be opened."""
    timings: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    loaded = load_image(ref)
    timings.append(("load", _ms(t0)))
    to_original = 1 / loaded.scale
    notes = list(loaded.notes)
    complete = loaded.complete

    t0 = time.perf_counter()
    try:
        metadata = read_metadata(loaded.exif, loaded.info)
    except Exception:  # malformed EXIF must not stop the rest of the check
        metadata = ImageMetadata(has_exif=True)
        complete = False
        notes.append("the image's metadata is malformed and could not be read")
    timings.append(("metadata", _ms(t0)))

    t0 = time.perf_counter()
    ocr = read_text(loaded.image, to_original=to_original, timeout_s=ocr_budget_s)
    timings.append(("ocr", _ms(t0)))
    if not ocr.complete:
        complete = False
        notes.append(ocr.note or "text in the image was not read")

    face_boxes: tuple[Box, ...] = ()
    if faces:
        t0 = time.perf_counter()
        try:
            face_boxes = find_faces(loaded.image, to_original=to_original)
        except InputError as exc:  # OpenCV missing: say so, and do not call it safe
            complete = False
            notes.append(f"faces were not checked: {exc}")
        timings.append(("faces", _ms(t0)))

    features = measure(loaded.image, ocr, loaded.original_size)
    return ImageReport(
        name=ref.name or ref.path,
        format=loaded.format,
        width=loaded.original_size[0],
        height=loaded.original_size[1],
        frames=loaded.frames,
        scale=loaded.scale,
        kind=classify(features),
        features=features,
        ocr=ocr,
        faces=face_boxes,
        metadata=metadata,
        notes=tuple(notes),
        complete=complete,
        timings_ms=tuple(timings),
    )


def screen_with_images(
    screener: PostScreener,
    post: Post,
    *,
    analyze: Callable[[ImageRef], ImageReport] = analyze_image,
) -> dict[str, Any]:
    """Screen `post` with its images; a superset of `Assessment.to_dict()` plus `images`.

    The verdict is never milder than the caption's. Top-level `findings` gain the image
    findings (no `start`/`end`; `image` is the picture's index, `boxes` where it is);
    `caption_verdict` keeps the caption's own verdict. An image that cannot be opened is
    reported with its `error`, and the post is at least `revise`.
    """
    caption = _screen_caption(screener, post)
    result = caption.to_dict()
    result["caption_verdict"] = caption.verdict.value
    verdicts = [caption.verdict]
    concerns = set(caption.concerns)
    images: list[dict[str, Any]] = []
    for index, ref in enumerate(post.images):
        entry, judgement = _one_image(screener, post, caption, index, ref, analyze)
        images.append(entry)
        if judgement is None:
            verdicts.append(Verdict.REVISE)  # an image we could not read is not safe
            result["errors"].append(f"image {index}: {entry['error']}")
            _add_reason(result, _unreadable_reason())
            continue
        verdicts.append(judgement.verdict)
        concerns.update(judgement.concerns)
        for finding in judgement.findings:
            result["findings"].append({**finding, "image": index})
        for reason in judgement.reasons:
            _add_reason(result, reason)
        for question in judgement.questions:
            if all(q["code"] != question["code"] for q in result["questions"]):
                result["questions"].append(question)
        result["errors"].extend(f"image {index}: {e}" for e in judgement.errors)
    # Most serious first, as the core orders them; the sort is stable within a verdict.
    result["reasons"].sort(key=lambda r: -Verdict(r["verdict"]).rank)
    result["verdict"] = Verdict.worst(verdicts).value
    result["concerns"] = [c.value for c in Concern if c in concerns]
    result["images"] = images
    return result


def _screen_caption(screener: PostScreener, post: Post) -> Assessment:
    """The caption's assessment; a picture posted with no caption has a blank one."""
    if post.text.strip():
        return screener.screen(post)
    engine = getattr(screener, "engine", None)
    return Assessment(
        post=post,
        verdict=Verdict.POST,
        concerns=(),
        findings=(),
        reasons=(),
        questions=(),
        rewrite=None,
        engine=engine if isinstance(engine, EngineInfo) else EngineInfo("pausepost", "", ()),
    )


def _one_image(
    screener: PostScreener,
    post: Post,
    caption: Assessment,
    index: int,
    ref: ImageRef,
    analyze: Callable[[ImageRef], ImageReport],
) -> tuple[dict[str, Any], ImageJudgement | None]:
    head: dict[str, Any] = {"index": index, "name": ref.name or ref.path}
    try:
        report = analyze(ref)
    except (InputError, FileNotFoundError) as exc:
        return {**head, "error": str(exc)}, None
    report, text_assessment, text_error = _screen_image_text(screener, post, index, report)
    hidden = hidden_text(report.metadata)
    hidden_screen, hidden_error = _screen_hidden_text(screener, post, index, hidden)
    judgement = judge_image(
        report,
        caption,
        text_assessment,
        text_error=text_error,
        hidden=hidden,
        hidden_screen=hidden_screen,
        hidden_error=hidden_error,
    )
    entry = {
        **head,
        **report.to_dict(),
        "name": head["name"],
        "verdict": judgement.verdict.value,
        "concerns": [c.value for c in Concern if c in judgement.concerns],
        "findings": list(judgement.findings),
    }
    return entry, judgement


def _screen_image_text(
    screener: PostScreener, post: Post, index: int, report: ImageReport
) -> tuple[ImageReport, Assessment | None, str | None]:
    """Screen the picture's text, and let what it says settle the picture's kind.

    A note, card or message is screened as the client's own writing. A picture whose
    kind the text could change (a photo with words in it, a quote card, anything worded
    like a product box or web page) is first screened as an ordinary post, then, unless
    that already shows someone in care, as a client's words, to see whether it names one.
    """
    if not report.ocr.text.strip():
        return report, None, None

    def screen(client_material: bool) -> Assessment:
        return screener.screen(
            Post(
                text=report.ocr.text,
                platform=post.platform,
                audience=post.audience,
                author_role=post.author_role,
                id=f"{post.id}#image{index}" if post.id else None,
                client_material=client_material,
            )
        )

    open_question = report.kind in _TEXT_MAY_DECIDE or looks_printed(report.features)
    try:
        if not open_question:
            return report, screen(True), None
        as_post = screen(False)
        signals = person_signals(as_post, None)
        as_client = None if signals else screen(True)
        signals |= person_signals(None, as_client)
    except InputError as exc:  # e.g. OCR noise that reads as binary: cannot vouch for it
        return report, None, f"the text in the image could not be screened ({exc})"
    kind = settle(report.kind, report.features, signals)
    if kind is not report.kind:
        why = _WHY_KIND[kind].format(", ".join(sorted(signals)))
        report = replace(report, kind=kind, notes=(*report.notes, why))
    if not kind.is_client_media:
        return report, as_post, None
    return report, as_client or screen(True), None


def _screen_hidden_text(
    screener: PostScreener, post: Post, index: int, hidden: HiddenText
) -> tuple[Assessment | None, str | None]:
    """Screen the file's hidden text as an ordinary post: it travels with the picture and
    is the poster's (or their photo app's) words, like a caption."""
    if not hidden.text.strip():
        return None, None
    try:
        return (
            screener.screen(
                Post(
                    text=hidden.text,
                    platform=post.platform,
                    audience=post.audience,
                    author_role=post.author_role,
                    id=f"{post.id}#image{index}-metadata" if post.id else None,
                )
            ),
            None,
        )
    except InputError as exc:
        return None, f"the hidden text in the file could not be screened ({exc})"


# Kinds whose text can make them a note: a photo with a card in it, a quote card.
_TEXT_MAY_DECIDE = frozenset({ImageKind.PHOTO, ImageKind.TEXT_GRAPHIC})
_WHY_KIND = {
    ImageKind.NOTE: "classed as a note because its words tell of someone in care ({})",
    ImageKind.PRINTED: "classed as printed matter: shop or web-page wording, and no one in it",
}


def _add_reason(result: dict[str, Any], reason: dict[str, Any]) -> None:
    if all(r["code"] != reason["code"] for r in result["reasons"]):
        result["reasons"].append(reason)


def _unreadable_reason() -> dict[str, Any]:
    return {
        "code": "image_unreadable",
        "verdict": Verdict.REVISE.value,
        "message": "An attached image could not be opened, so Pause could not check it.",
        "rules": [],
    }


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 1)
