"""Pictures posted with a draft, over HTTP: read them within limits, in memory, and check
them exactly as `pausepost check --json --image` does.

Pictures come as multipart/form-data (`image` file parts) or as JSON with base64 data.
They are held in memory only (never spooled to the system's shared temp folder, as a
form parser would do past 1 MB): at most MAX_IMAGES pictures of MAX_IMAGE_BYTES each, and
the Guard caps the whole body at IMAGE_BODY_BYTES. Every refusal names the picture:
413 too large or too many, 415 not a picture, 422 damaged or bad base64, 503 when the image
tools (the `media` extra, tesseract) are missing here: never a 500, never `post` unchecked.
This module imports no image code at load time, so the app runs without the media extra.
"""

from __future__ import annotations

import base64
import binascii
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from pausepost.core.types import ImageRef
from pausepost.errors import InputError
from pausepost.web import schemas as s
from pausepost.web.multipart import PartReader
from pausepost.web.service import PauseService

IMAGE_FIELD = "image"  # the multipart field of each picture (repeat it for several)
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 20 * 1024 * 1024  # a phone photo is under 20 MiB
# What the Guard lets through on the routes that take pictures: four pictures in base64
# (4/3 of their size), their names, and a caption of MAX_CHARS, JSON-escaped.
IMAGE_BODY_BYTES = MAX_IMAGES * (MAX_IMAGE_BYTES * 4 // 3 + 4096) + 1024 * 1024
MAX_FIELD_BYTES = 1024 * 1024  # a caption (65,536 characters) fits in well under 1 MiB
# What a client sends for a file it cannot name the type of: the bytes decide.
_UNTYPED = frozenset({"application/octet-stream", "binary/octet-stream"})
_MAX_NAME = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
NO_MEDIA = (
    "pictures cannot be checked here: install the media extra "
    "(pip install 'pausepost[media]') and tesseract"
)


@dataclass(frozen=True)
class Picture:
    name: str
    data: bytes
    declared: str | None = None  # the content type the client gave for it, if any

    def ref(self) -> ImageRef:
        return ImageRef(data=self.data, name=self.name)


def picture_name(raw: str | None, index: int) -> str:
    """The base name the client gave, without folders or control characters."""
    base = PurePosixPath((raw or "").replace("\\", "/")).name
    clean = _CONTROL.sub("", base).strip()[-_MAX_NAME:]
    return clean or f"image {index + 1}"


def _which(index: int, name: str) -> str:
    return f"image {index + 1} ({name})"


def too_many(count: int) -> HTTPException:
    return HTTPException(413, f"{count} pictures: at most {MAX_IMAGES} can be checked at once")


def _too_big(index: int, name: str) -> HTTPException:
    return HTTPException(
        413, f"{_which(index, name)}: over the {MAX_IMAGE_BYTES:,}-byte limit for one picture"
    )


def from_base64(items: list[tuple[str | None, str]]) -> list[Picture]:
    """JSON pictures, `(name, base64 data)` each: refused before anything is decoded if there
    are too many or one is too large; 422 for data that is not base64."""
    if len(items) > MAX_IMAGES:
        raise too_many(len(items))
    pictures: list[Picture] = []
    for index, (raw_name, data) in enumerate(items):
        name = picture_name(raw_name, index)
        text = data.partition(",")[2] if data.startswith("data:") else data  # a data: URL
        text = "".join(text.split())  # line breaks, as MIME base64 has them
        if len(text) // 4 * 3 > MAX_IMAGE_BYTES + 2:
            raise _too_big(index, name)
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise HTTPException(422, f"{_which(index, name)}: data is not valid base64") from None
        if len(raw) > MAX_IMAGE_BYTES:
            raise _too_big(index, name)
        pictures.append(Picture(name, raw))
    return pictures


class _FormParts(PartReader):
    """python-multipart callbacks: text fields and `image` files, in memory, within limits."""

    def __init__(self) -> None:
        super().__init__("form")
        self.fields: dict[str, str] = {}
        self.pictures: list[Picture] = []
        self._name = ""
        self._filename: str | None = None
        self._declared: str | None = None
        self._data = bytearray()
        self._index = 0

    def _begin_part(self) -> None:
        self._data = bytearray()

    def _headers_finished(self) -> None:
        params = self.disposition()
        self._name = params.get(b"name", b"").decode("utf-8", "replace")
        raw = params.get(b"filename")
        self._filename = raw.decode("utf-8", "replace") if raw is not None else None
        ctype = self._headers.get("content-type")
        self._declared = ctype.decode("latin-1").split(";")[0].strip().lower() if ctype else None
        # filename="": a file input left empty, no picture chosen
        if self._name == IMAGE_FIELD and self._filename and self._index >= MAX_IMAGES:
            raise too_many(self._index + 1)

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        self._data += data[start:end]
        limit = MAX_IMAGE_BYTES if self._name == IMAGE_FIELD else MAX_FIELD_BYTES
        if len(self._data) > limit:
            if self._name == IMAGE_FIELD:
                raise _too_big(self._index, picture_name(self._filename, self._index))
            raise HTTPException(413, f"{self._name or 'a field'}: over the {limit:,}-byte limit")

    def _part_end(self) -> None:
        if self._name == IMAGE_FIELD:
            if self._filename or self._data:
                name = picture_name(self._filename, self._index)
                self.pictures.append(Picture(name, bytes(self._data), self._declared))
                self._index += 1
        elif self._filename is not None:
            raise HTTPException(422, f"{self._name}: a file here is not expected")
        elif self._name in self.fields:
            raise HTTPException(422, f"{self._name}: given more than once")
        else:
            try:
                self.fields[self._name] = self._data.decode("utf-8")
            except UnicodeDecodeError:
                raise HTTPException(422, f"{self._name}: not valid UTF-8 text") from None
        self._data = bytearray()


async def read_form(request: Request) -> tuple[dict[str, str], list[Picture]]:
    """Parse a multipart/form-data body: its text fields, and its `image` pictures."""
    _ctype, params = parse_options_header(request.headers.get("content-type"))
    boundary = params.get(b"boundary")
    if not boundary:
        raise HTTPException(415, "multipart/form-data needs a boundary")
    parts = _FormParts()
    try:
        parser = MultipartParser(boundary, parts.callbacks())  # type: ignore[arg-type]
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise HTTPException(400, "the body is not valid multipart/form-data") from None
    return parts.fields, parts.pictures


def media_problem() -> str | None:
    """Why pictures cannot be checked on this machine, or None when they can."""
    try:
        from pausepost.media.ocr import tesseract_path
    except ImportError:
        return NO_MEDIA
    if tesseract_path() is None or importlib.util.find_spec("cv2") is None:
        return NO_MEDIA
    return None


def _status(exc: Exception) -> int:
    from pausepost.media.errors import ImageTooLargeError, UnsupportedImageError

    if isinstance(exc, UnsupportedImageError):
        return 415
    if isinstance(exc, ImageTooLargeError):
        return 413
    return 422


def precheck(pictures: list[Picture]) -> None:
    """Refuse, before any OCR, what is plainly not a picture we read (its declared type, or
    its header): the client hears which one at once."""
    from pausepost.media.load import open_image

    for index, pic in enumerate(pictures):
        declared = pic.declared
        if declared and not declared.startswith("image/") and declared not in _UNTYPED:
            raise HTTPException(415, f"{_which(index, pic.name)}: {declared} is not a picture")
        if not pic.data:
            raise HTTPException(422, f"{_which(index, pic.name)}: the picture is empty (0 bytes)")
        try:
            open_image(pic.data).close()
        except InputError as exc:
            raise HTTPException(_status(exc), f"{_which(index, pic.name)}: {exc}") from None


def analyzer(refs: tuple[ImageRef, ...]) -> Callable[[ImageRef], Any]:
    """`analyze_image`, but a picture that cannot be read (decoding can fail past the
    header) stops the check with a 4xx naming it, where the CLI would report it and exit 65."""
    from pausepost.media.analyze import analyze_image

    where = {id(ref): index for index, ref in enumerate(refs)}

    def analyze(ref: ImageRef) -> Any:
        try:
            return analyze_image(ref)
        except InputError as exc:
            which = _which(where.get(id(ref), 0), ref.name or "")
            raise HTTPException(_status(exc), f"{which}: {exc}") from None

    return analyze


# -- the check itself, shared by the API and the compose page ---------------------------


def validation_error(exc: ValidationError) -> RequestValidationError:
    """A model's errors, answered as FastAPI answers a body it validated itself."""
    return RequestValidationError(exc.errors(include_url=False, include_context=False))


_FORM_FIELDS = frozenset({"text", "platform", "audience", "consent_id", "journal"})


def form_check_body(fields: dict[str, str]) -> s.CaptionIn:
    """Multipart fields, validated by the JSON model (so both accept the same drafts)."""
    unknown = sorted(set(fields) - _FORM_FIELDS)
    if unknown:
        raise HTTPException(422, f"{unknown[0]}: unknown field")
    consent = fields.get("consent_id") or None
    # The schema says "true" or "false"; a form's checkbox sends "on". Anything else is a
    # mistake to name, not a quiet "false".
    journal = fields.get("journal", "false").lower()
    if journal not in {"true", "false", "on", "1", "0"}:
        raise HTTPException(422, "journal: true or false")
    try:
        return s.CaptionIn.model_validate(
            {
                "text": fields.get("text", ""),
                "platform": fields.get("platform") or None,
                "audience": fields.get("audience") or None,
                "consent_id": int(consent) if consent and consent.isdigit() else consent,
                "journal": journal in {"true", "on", "1"},
            }
        )
    except ValidationError as exc:
        raise validation_error(exc) from None


def text_only(body: s.CheckIn) -> s.CheckIn:
    """A check without pictures needs a draft, as before pictures could come."""
    try:
        return s.CheckIn.model_validate(body.model_dump())
    except ValidationError as exc:
        raise validation_error(exc) from None


async def check_pictures(svc: PauseService, body: s.CheckIn, pictures: list[Picture]) -> Any:
    """What `pausepost check --json --image` prints for the draft and its pictures."""
    problem = media_problem()
    if problem:
        raise HTTPException(503, problem)
    await run_in_threadpool(precheck, pictures)
    refs = tuple(p.ref() for p in pictures)
    run = partial(
        svc.check_with_images,
        body.text,
        refs,
        platform=getattr(body.platform, "value", None),
        audience=body.audience,
        consent_id=body.consent_id,
        journal=body.journal,
        analyze=analyzer(refs),
    )
    return await run_in_threadpool(run)
