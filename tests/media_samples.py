"""Test images, generated here (no files checked in, nothing downloaded).

Fonts: DejaVu (Debian's fonts-dejavu-core, present wherever tesseract is installed by
scripts/setup.sh); `font()` falls back to Pillow's built-in scalable font.
Handwriting is imitated with an italic face, each letter nudged and tilted a little
(seeded, so every run draws the same picture).
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

NOTE_TEXT = "Dear Ms Kim,\nthank you for\neverything.\nRosa, age 9\nLincoln Elementary"
TABLE = (120, 92, 70)  # a wooden desk under the paper
PAPER = (250, 246, 232)
INK = (25, 35, 90)


def font(name: str, size: int) -> Font:
    path = FONT_DIR / name
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def note_printed(text: str = NOTE_TEXT, size: tuple[int, int] = (1080, 1080)) -> Image.Image:
    """A printed card lying on a desk, filling most of the frame."""
    img = Image.new("RGB", size, TABLE)
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle((w * 0.08, h * 0.08, w * 0.92, h * 0.92), fill=PAPER)
    d.multiline_text(
        (w * 0.14, h * 0.16), text, font=font("DejaVuSans.ttf", h // 14), fill=INK, spacing=h // 28
    )
    return img


def note_handwritten(text: str = NOTE_TEXT, size: tuple[int, int] = (1080, 1080)) -> Image.Image:
    """Italic letters, each one shifted and tilted a little, like careful handwriting."""
    rng = random.Random(7)
    img = Image.new("RGB", size, TABLE)
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle((w * 0.06, h * 0.06, w * 0.94, h * 0.94), fill=PAPER)
    f = font("DejaVuSerif-Italic.ttf", h // 13)
    y = h * 0.14
    for line in text.split("\n"):
        x = w * 0.12
        for ch in line:
            glyph = Image.new("L", (h // 8, h // 8), 0)
            ImageDraw.Draw(glyph).text((h // 40, h // 60), ch, font=f, fill=255)
            glyph = glyph.rotate(rng.uniform(-5, 5), resample=Image.Resampling.BICUBIC)
            dy = rng.uniform(-3, 3)
            img.paste(Image.new("RGB", glyph.size, INK), (int(x), int(y + dy)), glyph)
            x += f.getlength(ch) + rng.uniform(-0.5, 1.5)
        y += h // 8
    return img


def rotated(img: Image.Image, degrees: float) -> Image.Image:
    return img.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=TABLE)


def low_contrast(text: str = NOTE_TEXT) -> Image.Image:
    """Pale pencil on grey paper: 40 grey levels between ink and page."""
    img = Image.new("RGB", (1080, 1080), (200, 200, 196))
    ImageDraw.Draw(img).multiline_text(
        (120, 160), text, font=font("DejaVuSans.ttf", 72), fill=(160, 160, 158), spacing=36
    )
    return img


NEWS_HEADLINE = "Local girl wins county spelling bee"
NEWS_COLUMN = (
    "Rosa Alvarez, nine, of Lincoln Elementary took first place on Saturday "
    "after spelling the word resilience in front of a crowd of parents and "
    "teachers at the county library in Springfield. Her mother said the family "
    "had practised every evening for weeks and that Rosa had worked hard all year. "
)


def newspaper(size: tuple[int, int] = (1600, 1200)) -> Image.Image:
    """A clipping: masthead, headline, three justified-ish columns of small serif type."""
    img = Image.new("RGB", size, (236, 232, 222))
    d = ImageDraw.Draw(img)
    w, _ = size
    d.text((60, 30), "THE SPRINGFIELD COURIER", font=font("DejaVuSerif-Bold.ttf", 54), fill=0)
    d.line((60, 100, w - 60, 100), fill=0, width=3)
    d.text((60, 120), NEWS_HEADLINE, font=font("DejaVuSerif-Bold.ttf", 48), fill=0)
    body = font("DejaVuSerif.ttf", 22)
    col_w = (w - 120 - 2 * 40) // 3
    for col in range(3):
        x = 60 + col * (col_w + 40)
        _wrap(d, (NEWS_COLUMN * 3).split(), x, 210, col_w, body, 30, 30)
    return img


def _wrap(
    d: ImageDraw.ImageDraw,
    words: list[str],
    x: int,
    y: int,
    width: int,
    f: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    leading: int,
    max_lines: int,
) -> None:
    line: list[str] = []
    lines = 0
    for word in words:
        trial = " ".join([*line, word])
        if d.textlength(trial, font=f) > width and line:
            d.text((x, y), " ".join(line), font=f, fill=(20, 20, 20))
            y += leading
            lines += 1
            line = [word]
            if lines >= max_lines:
                return
        else:
            line.append(word)
    if line:
        d.text((x, y), " ".join(line), font=f, fill=(20, 20, 20))


CHAT = (
    ("left", "hi its Rosa's mom"),
    ("left", "she can't make Tuesday"),
    ("right", "No problem, thanks for letting me know"),
    ("left", "can we do Thursday at 4"),
    ("right", "Thursday at 4 works"),
)


def chat_screenshot() -> Image.Image:
    """A phone screenshot of a text conversation: flat colours, bubbles left and right."""
    w, h = 750, 1334
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    small = font("DejaVuSans.ttf", 22)
    body = font("DejaVuSans.ttf", 30)
    d.rectangle((0, 0, w, 150), fill=(246, 246, 246))
    d.text((w // 2 - 80, 40), "9:41 AM", font=small, fill=0)
    d.text((w // 2 - 90, 90), "Rosa's Mom", font=body, fill=0)
    d.text((w // 2 - 100, 180), "Today 8:15 AM", font=small, fill=(140, 140, 140))
    y = 240
    for side, text in CHAT:
        tw = int(d.textlength(text, font=body))
        if side == "left":
            d.rounded_rectangle((24, y, 24 + tw + 44, y + 64), radius=28, fill=(233, 233, 235))
            d.text((46, y + 14), text, font=body, fill=0)
        else:
            x0 = w - 24 - tw - 44
            d.rounded_rectangle((x0, y, w - 24, y + 64), radius=28, fill=(10, 132, 255))
            d.text((x0 + 22, y + 14), text, font=body, fill=(255, 255, 255))
        y += 100
    d.text((w - 140, y), "Delivered", font=small, fill=(140, 140, 140))
    return img


def quote_card(text: str = "Rest is\nproductive.") -> Image.Image:
    img = Image.new("RGB", (1080, 1080), (64, 110, 96))
    d = ImageDraw.Draw(img)
    d.multiline_text(
        (140, 380),
        text,
        font=font("DejaVuSerif-Bold.ttf", 130),
        fill="white",
        spacing=40,
    )
    return img


def drawing_with_writing() -> Image.Image:
    """A child's crayon drawing: house, sun, two figures, and a line of writing."""
    img = Image.new("RGB", (1080, 1080), (252, 252, 248))
    d = ImageDraw.Draw(img)
    d.ellipse((800, 60, 1000, 260), fill=(250, 200, 20))
    d.rectangle((160, 520, 560, 860), outline=(200, 40, 40), width=14)
    d.polygon([(140, 530), (360, 330), (580, 530)], outline=(200, 40, 40), width=14)
    for cx in (700, 860):
        d.ellipse((cx - 40, 560, cx + 40, 640), outline=(30, 90, 200), width=10)
        d.line((cx, 640, cx, 800), fill=(30, 90, 200), width=10)
        d.line((cx - 60, 690, cx + 60, 690), fill=(30, 90, 200), width=10)
    d.rectangle((0, 900, 1080, 1080), fill=(60, 170, 60))
    d.text(
        (120, 120), "I love you Ms Kim", font=font("DejaVuSans-Bold.ttf", 64), fill=(120, 40, 160)
    )
    return img


def astronaut() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut())


def two_people() -> Image.Image:
    from skimage import data

    a = data.astronaut()
    return Image.fromarray(np.hstack([a, a[:, ::-1]]))


def coffee() -> Image.Image:
    """A photo with no faces and no text."""
    from skimage import data

    return Image.fromarray(data.coffee())


def jpeg_bytes(img: Image.Image, **save: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90, **save)  # type: ignore[arg-type]
    return buf.getvalue()


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def gps_exif(
    lat: tuple[float, float, float] = (45, 31, 12),
    lat_ref: str = "N",
    lon: tuple[float, float, float] = (122, 40, 48),
    lon_ref: str = "W",
) -> Image.Exif:
    """EXIF for an iPhone 15 photo at 45.52, -122.68 on 4 March 2024, 16:02."""
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15"
    exif[0x0131] = "17.3.1"
    exif.get_ifd(0x8769)[0x9003] = "2024:03:04 16:02:37"
    gps = exif.get_ifd(0x8825)
    gps.update({1: lat_ref, 2: lat, 3: lon_ref, 4: lon, 5: b"\x00", 6: 52.5})
    return exif


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims `width` x `height` pixels: the decompression-bomb shape."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (width + 1) * 4, 9)  # a few rows; the rest is missing
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def animated_gif() -> bytes:
    frames = [note_printed(size=(540, 540)), coffee().resize((540, 540))]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=500)
    return buf.getvalue()


# --- A stand-in screener: the real detectors change daily; these tests are about images.


class KeywordScreener:
    """Flags fixed words as identifiers; 'with permission' claims consent.

    Verdict: hold for any identifier, revise for consent alone, else post.
    """

    LABELS: tuple[tuple[str, str], ...] = (
        ("Rosa", "NAME"),
        ("Kim", "NAME"),
        ("age 9", "AGE"),
        ("Lincoln Elementary", "ORGANIZATION"),
    )

    def __init__(self) -> None:
        from pausepost.core.types import EngineInfo

        self.engine = EngineInfo("fake", "0", ("keywords@0",))
        self.seen: list[str] = []

    def screen(self, post: object) -> object:
        from pausepost.core.types import Assessment, Concern, Finding, Post, SpanLabel, Verdict
        from pausepost.errors import InputError

        assert isinstance(post, Post)
        if not post.text.strip():
            raise InputError("empty")
        self.seen.append(post.text)
        findings: list[Finding] = []
        for word, label in self.LABELS:
            start = post.text.find(word)
            while start >= 0:
                findings.append(
                    Finding(
                        "keywords",
                        Concern.IDENTIFIABLE,
                        f"kw.{label.lower()}",
                        start,
                        start + len(word),
                        SpanLabel(label),
                        1.0,
                        "a test identifier",
                    )
                )
                start = post.text.find(word, start + 1)
        if "with permission" in post.text:
            findings.append(Finding("keywords", Concern.CONSENT_CLAIMED, "kw.consent"))
        concerns = tuple(sorted({f.concern for f in findings}, key=lambda c: c.value))
        verdict = (
            Verdict.HOLD
            if any(f.label for f in findings)
            else Verdict.REVISE
            if findings
            else Verdict.POST
        )
        return Assessment(post, verdict, concerns, tuple(findings), (), (), None, self.engine)


# --- Notes versus printed matter (issue 10, items 13 and 19): the kind must rest on what
# the text says, not on how much of the picture it covers.

BEDSIDE_NOTE = "Maria R., room 412\nthank you for the\nwarm blanket and\nthe night chats."


def photo_scene(size: tuple[int, int] = (1600, 1200), seed: int = 3) -> Image.Image:
    """A photo-like background: lit unevenly, blurred shapes, sensor noise (seeded)."""
    from PIL import ImageFilter

    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    light = [90 + 60 * x / w, 70 + 50 * y / h, 50 + 30 * (x + y) / (w + h)]
    base = np.stack(light, axis=2) + rng.normal(0, 14, (h, w, 3))
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    r = random.Random(seed)
    for _ in range(25):
        cx, cy, rad = r.randrange(w), r.randrange(h), r.randrange(30, 160)
        colour = (r.randrange(40, 200), r.randrange(40, 160), r.randrange(30, 120))
        d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(3))
    grain = rng.normal(0, 8, (h, w, 3))
    return Image.fromarray(np.clip(np.asarray(img) + grain, 0, 255).astype(np.uint8))


def bedside_note(text: str = BEDSIDE_NOTE, card: tuple[int, int] = (640, 480)) -> Image.Image:
    """A small handwritten card, tilted 4 degrees, in a photo of a bedside: its words
    cover under a tenth of the picture, so by area alone it looks like a photo."""
    img = photo_scene()
    note = note_handwritten(text).crop((65, 65, 1015, 1015)).resize(card, Image.Resampling.LANCZOS)
    tilted = note.convert("RGBA").rotate(4, resample=Image.Resampling.BICUBIC, expand=True)
    img.paste(tilted, (700, 520), tilted)
    return img


PRODUCT_BOX = (
    ("Nurse's Choice", 92),
    ("Hand Cream", 76),
    ("Intensive care for dry, working hands", 34),
    ("with shea butter and glycerin", 34),
    ("Dermatologically tested", 30),
    ("200 ml", 56),
)


def product_box() -> Image.Image:
    """A hand-cream box photographed on a counter, filling most of the frame."""
    img = photo_scene((1200, 1200), seed=5)
    d = ImageDraw.Draw(img)
    d.rectangle((140, 120, 1060, 1080), fill=(236, 228, 246))
    d.rectangle((140, 120, 1060, 200), fill=(120, 70, 150))
    y = 260
    for line, size in PRODUCT_BOX:
        bold = "DejaVuSans-Bold.ttf" if size >= 56 else "DejaVuSans.ttf"
        d.text((200, y), line, font=font(bold, size), fill=(70, 30, 100))
        y += int(size * 1.9)
    return img


WEB_MENU = ("Home", "About us", "Patients & Visitors", "Services", "Contact")
WEB_ARTICLE = (
    "Visitors are welcome every day from 9 am to 8 pm. Two visitors may sit with a "
    "patient at a time, and children under 12 must come with an adult. Please clean "
    "your hands when you arrive and when you leave the ward. Quiet time on every ward "
    "runs from 1 pm to 3 pm so that patients can rest. "
)


def web_page(article: str = WEB_ARTICLE * 2) -> Image.Image:
    """A screenshot of a hospital's web page: header, menu bar, article, footer."""
    w, h = 1280, 900
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 90), fill=(0, 84, 147))
    d.text((40, 22), "St. Mary's Hospital", font=font("DejaVuSans-Bold.ttf", 40), fill="white")
    d.text((w - 300, 34), "www.stmarys-hospital.org", font=font("DejaVuSans.ttf", 20), fill="white")
    d.rectangle((0, 90, w, 140), fill=(232, 240, 248))
    x = 40
    menu = font("DejaVuSans.ttf", 22)
    for item in WEB_MENU:
        d.text((x, 102), item, font=menu, fill=(0, 60, 110))
        x += int(d.textlength(item, font=menu)) + 48
    d.text((40, 180), "Visiting hours", font=font("DejaVuSans-Bold.ttf", 44), fill=(30, 30, 30))
    _wrap(d, article.split(), 40, 260, 760, font("DejaVuSans.ttf", 24), 38, 12)
    d.rectangle((860, 180, 1240, 560), fill=(244, 244, 244))
    side = font("DejaVuSans.ttf", 22)
    for i, line in enumerate(("Parking", "Maps & directions", "Cafe and shop", "Find a ward")):
        d.text((884, 204 + 48 * i), line, font=side, fill=(0, 60, 110))
    d.rectangle((0, h - 70, w, h), fill=(40, 40, 40))
    footer = "Privacy policy   Cookies   Accessibility   © 2025 St. Mary's Hospital"
    d.text((40, h - 48), footer, font=font("DejaVuSans.ttf", 20), fill=(220, 220, 220))
    return img
