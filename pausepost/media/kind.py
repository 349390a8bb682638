"""What a picture mostly is: a photo, or a note, drawing, message screenshot or clipping.

A picture of a client's note, card, letter, drawing, messages or newspaper story is
client media whatever the words say, so the kind matters as much as the text. The
classifier is a few measured rules over what OCR found (how many words, how much of the
picture they cover, columns, chat-like alignment and timestamps) and the pixels (paper-
like or flat screen background, coloured strokes away from the words). It leans towards
calling text-heavy pictures notes: a false "note" costs a second look, a missed one can
cost a client's privacy. One exception keeps quote cards usable: a few words in large
type with no greeting or sign-off is a `text_graphic`, screened only on its words.

Geometry is only the first guess; what the text says settles it (`settle`, called once
the text has been screened). Words that name someone in care (a name, a room or bed, an
age, care words) make a picture a note however small they are in it; shop and web-page
wording (sizes in ml, "Home", "Contact us", a web address) with no one in it makes a
product box or web page `printed` matter, judged on its words like any post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from statistics import median

import numpy as np
from PIL import Image

from pausepost.media.geometry import union
from pausepost.media.ocr import OcrResult


class ImageKind(StrEnum):
    PHOTO = "photo"
    NOTE = "note"  # handwritten or printed note, card, letter
    DRAWING = "drawing"  # a drawing with writing on it
    SCREENSHOT = "screenshot"  # messages, chat, email on a screen
    CLIPPING = "clipping"  # newspaper or magazine
    TEXT_GRAPHIC = "text_graphic"  # a quote card or flyer in large type
    PRINTED = "printed"  # a product label or box, a sign, a web page

    @property
    def is_client_media(self) -> bool:
        return self in CLIENT_MEDIA_KINDS

    @property
    def plain(self) -> str:
        return _PLAIN[self]


CLIENT_MEDIA_KINDS = frozenset(
    {ImageKind.NOTE, ImageKind.DRAWING, ImageKind.SCREENSHOT, ImageKind.CLIPPING}
)
_PLAIN = {
    ImageKind.PHOTO: "a photo",
    ImageKind.NOTE: "a note, card or letter",
    ImageKind.DRAWING: "a drawing with writing",
    ImageKind.SCREENSHOT: "a screenshot of messages",
    ImageKind.CLIPPING: "a newspaper or magazine clipping",
    ImageKind.TEXT_GRAPHIC: "a text graphic (quote card or flyer)",
    ImageKind.PRINTED: "printed matter (a product label, sign or web page)",
}

_LETTER_MARKERS = re.compile(
    r"\b(dear|love|thanks?|thank you|from|sincerely|xo+|miss(ed)? you|sorry|hugs|"
    r"best wishes|happy birthday|mr|mrs|ms|miss|dr|mom|mum|dad)\b|^\s*[-–—]\s*[A-Z]",
    re.IGNORECASE | re.MULTILINE,
)
# Wording of things made for the public: packaging and web-page furniture.
_PUBLIC_MARKERS = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:ml|l|g|kg|mg|oz|fl\.?\s?oz|lb)\b|[®™©]|\bnet\s?wt\b|"
    r"\b(?:ingredients|dermatologically|fragrance[- ]free|spf|cream|lotion|soap|shampoo|"
    r"balm|ointment|saniti[sz]er|moisturi[sz]er|tablets|capsules)\b|"
    r"\bwww\.|https?://|\b[a-z0-9-]+\.(?:com|org|net|gov|edu|co\.uk|nhs\.uk)\b|"
    r"\b(?:home|about us|contact(?: us)?|menu|search|log ?in|sign ?in|sign up|subscribe|"
    r"privacy(?: policy)?|cookies|terms of use|accessibility|faq|read more)\b",
    re.IGNORECASE,
)
# Someone writing to someone: greetings, thanks, sign-offs, "I" and "my".
_PERSONAL_MARKERS = re.compile(
    r"\b(?:dear|hi|hello|hey|love|xo+|hugs|sincerely|yours|thanks|thank you|miss(?:ed)? you|"
    r"i|i'm|i've|me|my)\b",
    re.IGNORECASE,
)
_CHAT_MARKERS = re.compile(
    r"\b(\d{1,2}:\d{2}|delivered|read|seen|today|yesterday|imessage|typing|online|sent|"
    r"text message|whatsapp|am|pm)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class KindFeatures:
    """The measurements the rules use; reported for transparency and tuning."""

    words: int
    text_extent: float  # share of the picture inside the box around all words
    text_height: float  # median word height / picture height
    columns: int  # text columns of at least 3 lines
    left_lines: int  # lines starting near the left edge
    indented_lines: int  # lines starting well right of it (chat bubbles from the other side)
    chat_markers: int
    letter_markers: int
    paper: float  # share of bright, unsaturated pixels
    flat: float  # share of the single most common colour (screens are flat)
    ink_off_text: float  # share of strongly coloured pixels away from the words
    public_markers: int = 0  # packaging and web-page wording
    personal_markers: int = 0  # greetings, thanks, sign-offs, first person

    def to_dict(self) -> dict[str, float | int]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def measure(image: Image.Image, ocr: OcrResult, original_size: tuple[int, int]) -> KindFeatures:
    width, height = original_size
    words = ocr.words
    extent_box = union(w.box for w in words)
    extent = extent_box.area / (width * height) if extent_box else 0.0
    heights = [w.box.h / height for w in words]
    lines: dict[int, list[int]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.box.x)
    starts = [min(xs) / width for xs in lines.values()]
    paper, flat, ink = _pixel_stats(image, ocr, original_size)
    return KindFeatures(
        words=len(words),
        text_extent=extent,
        text_height=median(heights) if heights else 0.0,
        columns=_columns(starts),
        left_lines=sum(1 for s in starts if s < 0.2),
        indented_lines=sum(1 for s in starts if s > 0.3),
        chat_markers=len(_CHAT_MARKERS.findall(ocr.text)),
        letter_markers=len(_LETTER_MARKERS.findall(ocr.text)),
        paper=paper,
        flat=flat,
        ink_off_text=ink,
        public_markers=len(_PUBLIC_MARKERS.findall(ocr.text)),
        personal_markers=len(_PERSONAL_MARKERS.findall(ocr.text)),
    )


def classify(f: KindFeatures) -> ImageKind:
    """The kind of picture, from its measurements. Order matters: most specific first."""
    if (f.words >= 100 and f.columns >= 2) or (f.words >= 150 and f.text_height < 0.03):
        return ImageKind.CLIPPING
    if (
        f.words >= 4
        and f.flat >= 0.3
        and (f.chat_markers >= 2 or (f.left_lines >= 2 and f.indented_lines >= 2))
    ):
        return ImageKind.SCREENSHOT
    if f.words >= 2 and f.paper >= 0.4 and f.ink_off_text >= 0.04 and f.text_extent < 0.5:
        return ImageKind.DRAWING
    if f.words >= 3 and f.text_extent >= 0.12:
        if f.words <= 15 and f.text_height >= 0.05 and f.letter_markers == 0:
            return ImageKind.TEXT_GRAPHIC
        return ImageKind.NOTE
    return ImageKind.PHOTO


# What the screened text says about a person in care (see `image_rules.person_signals`).
NAME, AGE, ROOM, CARE = "name", "age", "room", "care"


def looks_printed(f: KindFeatures) -> bool:
    """Shop or web-page wording, and nobody writing to anybody."""
    return f.words >= 3 and f.public_markers >= 2 and f.personal_markers == 0


def settle(kind: ImageKind, f: KindFeatures, signals: frozenset[str]) -> ImageKind:
    """The kind once the text has been screened: `signals` are what it says about a person.

    A photo with such words in it is a note, whatever their area (a small card on a
    bedside table). A quote card needs more than a name (quotes are signed): a room, bed,
    age, or a name with care words. Printed matter is printed only while no one is in it.
    """
    if kind is ImageKind.PHOTO and signals and f.words >= 2:
        return ImageKind.NOTE
    if kind is ImageKind.TEXT_GRAPHIC and (signals & {AGE, ROOM} or {NAME, CARE} <= signals):
        return ImageKind.NOTE
    if looks_printed(f) and not signals and kind is not ImageKind.PHOTO:
        return ImageKind.PRINTED
    return kind


def _columns(starts: list[float]) -> int:
    """Text columns: clusters of line starts (5% of the width apart) with 3+ lines."""
    clusters: list[list[float]] = []
    for s in sorted(starts):
        if clusters and s - clusters[-1][-1] < 0.05:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    return sum(1 for c in clusters if len(c) >= 3)


def _pixel_stats(
    image: Image.Image, ocr: OcrResult, original_size: tuple[int, int]
) -> tuple[float, float, float]:
    small = image.convert("RGB").resize((128, 128), Image.Resampling.NEAREST)
    rgb = np.asarray(small, dtype=np.int16)
    hi = rgb.max(axis=2)
    lo = rgb.min(axis=2)
    paper_mask = (lo > 170) & (hi - lo < 40)
    packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    _, counts = np.unique(packed, return_counts=True)
    flat = float(counts.max()) / packed.size
    # Drawing ink: strongly coloured pixels (crayon, marker) away from the words. Dark
    # pixels do not count: desks, shadows and pencil are dark too.
    ink_mask = hi - lo > 80
    sx, sy = 128 / original_size[0], 128 / original_size[1]
    for w in ocr.words:
        b = w.box
        x0, y0 = int(b.x * sx) - 1, int(b.y * sy) - 1
        x1, y1 = int(b.right * sx) + 2, int(b.bottom * sy) + 2
        ink_mask[max(0, y0) : y1, max(0, x0) : x1] = False
    return float(paper_mask.mean()), flat, float(ink_mask.mean())
