"""Reading text in pictures with Debian's tesseract, word by word with boxes.

We run the `tesseract` binary ourselves instead of through pytesseract, for privacy
and control: the image goes in on stdin and the words come out on stdout, so no copy
of a client's picture is ever written to a temporary file; `OMP_THREAD_LIMIT=1` is set
for that one process only (OpenMP threads thrash two cores: 3x slower, measured); and a
hard time limit kills it, so one pathological image cannot hang a check.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from pausepost.media.deskew import estimate_skew, unrotate_box
from pausepost.media.geometry import Box

# Tesseract's word confidence runs 0-100; below this it is mostly texture read as letters.
MIN_CONFIDENCE = 45.0
# Long side of the copy given to tesseract: small print in a phone photo stays legible,
# and time stays bounded (OCR time grows with pixels).
OCR_MAX_SIDE = 2600
# Small screenshots are upscaled: tesseract wants letters at least ~20 px tall.
OCR_MIN_SIDE = 1000
DEFAULT_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class OcrWord:
    """One word read: its text, box (original image pixels) and place in `OcrResult.text`."""

    text: str
    box: Box
    confidence: float
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class OcrResult:
    """The text read from an image, as lines of words, with each word's box.

    `complete` is False when the text could not be read at all or in time; callers
    must then treat the image as not checked.
    """

    text: str
    words: tuple[OcrWord, ...]
    complete: bool = True
    note: str | None = None

    def words_between(self, start: int, end: int) -> tuple[OcrWord, ...]:
        """The words overlapping characters `start:end` of `text`."""
        return tuple(w for w in self.words if w.start < end and start < w.end)


def tesseract_path() -> str | None:
    """The tesseract binary: $PAUSEPOST_TESSERACT, else the one on PATH."""
    return os.environ.get("PAUSEPOST_TESSERACT") or shutil.which("tesseract")


def read_text(
    image: Image.Image, *, to_original: float = 1.0, timeout_s: float = DEFAULT_TIMEOUT_S
) -> OcrResult:
    """Read the words in `image` (an RGB working copy).

    Boxes are multiplied by `to_original` so they land on the original image's pixels.
    Never raises for a missing tool or a timeout: the result says it is incomplete.
    """
    binary = tesseract_path()
    if binary is None:
        return OcrResult(
            "",
            (),
            complete=False,
            note="text in the image was not read: "
            "tesseract is not installed (see the README's setup script)",
        )
    prepared, factor = _prepare(image)
    skew = estimate_skew(prepared)
    turned = prepared
    if skew.angle:
        fill = int(np.median(np.asarray(prepared)))
        turned = prepared.rotate(skew.angle, Image.Resampling.BICUBIC, expand=True, fillcolor=fill)
    scale = to_original / factor

    def place(box: Box) -> Box:
        if skew.angle:
            box = unrotate_box(box, skew.angle, prepared.size, turned.size)
        return box.scaled(scale)

    tsv, problem = _run_tesseract(binary, turned, timeout_s)
    if tsv is None:
        return OcrResult("", (), complete=False, note=problem)
    return parse_tsv(tsv, place)


def _run_tesseract(
    binary: str, image: Image.Image, timeout_s: float
) -> tuple[str | None, str | None]:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "-l", "eng", "--psm", "3", "--dpi", "300", "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            timeout=timeout_s,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"reading text in the image took over {timeout_s:g} s and was stopped"
    except OSError:
        return None, "text in the image was not read: tesseract could not be started"
    if done.returncode != 0:
        return None, "text in the image was not read: tesseract failed on this image"
    return done.stdout.decode("utf-8", "replace"), None


def _prepare(image: Image.Image) -> tuple[Image.Image, float]:
    """Greyscale, contrast stretched (faint pencil, low-contrast prints), sized for OCR."""
    gray = ImageOps.autocontrast(image.convert("L"), cutoff=1)
    side = max(gray.size)
    factor = 1.0
    if side > OCR_MAX_SIDE:
        factor = OCR_MAX_SIDE / side
    elif side < OCR_MIN_SIDE:
        factor = 2.0
    if factor != 1.0:
        size = (max(1, round(gray.size[0] * factor)), max(1, round(gray.size[1] * factor)))
        gray = gray.resize(size, Image.Resampling.BICUBIC)
    return gray, factor


def parse_tsv(tsv: str, place: Callable[[Box], Box]) -> OcrResult:
    """Turn tesseract's TSV into lines of confident words with offsets and boxes."""
    pieces: list[str] = []
    words: list[OcrWord] = []
    length = 0
    prev_block: tuple[str, str] | None = None
    prev_line: tuple[str, str, str, str] | None = None
    line_no = -1
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        if not text or conf < MIN_CONFIDENCE or not any(ch.isalnum() for ch in text):
            continue
        block = (cols[1], cols[2])
        line = (cols[1], cols[2], cols[3], cols[4])
        if pieces:
            sep = "\n\n" if block != prev_block else ("\n" if line != prev_line else " ")
            pieces.append(sep)
            length += len(sep)
        if line != prev_line:
            line_no += 1
        prev_block, prev_line = block, line
        box = place(Box(left, top, max(1, width), max(1, height)))
        words.append(OcrWord(text, box, round(conf, 1), length, length + len(text), line_no))
        pieces.append(text)
        length += len(text)
    return OcrResult("".join(pieces), tuple(words))
