"""Client media: notes, cards, drawings, messages, screenshots, photos and news clippings.

A thing a client made, wrote or sent, or a news item about them, is theirs: showing
it publicly needs their written permission even when it is sweet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from pausepost.core.analysis import sentence_index, subject_of
from pausepost.core.lexicon import QUOTE, WORK_WORDS
from pausepost.core.types import Concern, Context, Finding, Post
from pausepost.detectors.base import overlaps

I = re.IGNORECASE

# An attachment marker: the draft carries a picture, whatever its words say.
ATTACHMENT = re.compile(
    r"\[(?:photo|pic|picture|image|img|screenshot|video|newspaper\s+photo|attached)[^\]]*\]|"
    r"\((?:pic|photo|picture|image|screenshot|video)s?[^)]*\)|\[image attached\]|"
    r"\b(?:swipe|see\s+pic|pic\s+below|photo\s+below|in\s+the\s+comments)\b|📸|🖼️?",
    I,
)
# Things people in care make, write or send.
CREATION = re.compile(
    r"\b(?:note|sticky\s+note|card|thank-you\s+card|goodbye\s+card|letter|drawing|drew|painted|"
    r"painting|self-portrait|portrait|poem|artwork|art|sculpture|collage|bracelet|necklace|"
    r"(?:wrote|made|drew|painted)\s+(?:me|us)\s+(?:a|an|this|these|something)\b|(?:wrote|made|drew|painted)\s+this\b|"
    r"comments|handwriting|handwritten|journal\s+entry|worksheet|homework\s+sheet|"
    r"questions\s+\w+\s+dropped|worry\s+box|left\s+(?:me|us|this)|found\s+this)\b",
    I,
)
MESSAGE = re.compile(
    r"\b(?:texted|texts?\s+(?:to\s+)?(?:me|I\s+get|from)|(?:her|his|their)\s+text|text\s+message|"
    r"emailed\s+(?:me|us)|(?:her|his|their)\s+email|voicemail|dm(?:ed|'d)?\s+me|messaged\s+(?:me|us)|"
    r"screenshot\w*|this\s+text|the\s+texts)\b",
    I,
)
NEWS = re.compile(
    r"\b(?:front\s+page|page\s+\d+|the\s+paper|newspaper|on\s+the\s+news|news\s+story|"
    r"police\s+blotter|made\s+the\s+(?:news|paper)|in\s+today's\s+story|article\s+about|"
    r"(?:google|yelp)\s+review|\d-star\s+review|the\s+(?:Herald|Gazette|Times|Tribune))\b",
    I,
)
VIDEO = re.compile(r"\b(?:video|clip|footage|reel)\s+of\b|\bbefore/after\b", I)


# The writer's own card or note ("I sent a card") is not client media.
_MINE = re.compile(
    r"\bI\s+(?:sent|wrote|made|gave|bought|mailed|left)\s+(?:\w+\s+)?(?:a|an|her|him|them|the)?\s*$",
    I,
)


_SHOWS_PERSON = re.compile(
    r"\b(?:kid|kids|child|children|student|students|client|patient|girl|boy|baby|teen|face|faces|"
    r"mom|dad|family|couple|man|woman|him|her|them|name|names|note|card|drawing|letter|text|message|"
    r"handwriting|handwritten|screenshot|chat|email|poem|artwork|painting|certificate|clipping|article)\b|"
    r"^\((?:pic|photo)\)$|^\[(?:photo|pic|picture|image|screenshot|video)\]$|📸",
    I,
)
_NOBODY = re.compile(
    r"\bno\s+(?:one|students|clients|kids|patients|faces|people)\b|\bempty\b|\bmy\s+(?:dog|cat|desk|office)\b",
    I,
)

# "report card", "credit card": cards nobody made.
_NOT_CREATION = (
    "credit ",
    "report ",
    "business ",
    "insurance ",
    "id ",
    "library ",
    "debit ",
    "sim ",
    "progress ",
    "session ",
    "case ",
    "clinical ",
    "nursing ",
    "doctor's ",
    "shift ",
)


class MediaDetector:
    name: ClassVar[str] = "media"
    version: ClassVar[str] = "0.2"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.CLIENT_MEDIA})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        text = post.text
        subject = subject_of(context)
        about_work = subject.mentions_clients or bool(WORK_WORDS.search(text))
        if not about_work:
            return []
        client_sents = subject.about_client | subject.group
        quoted = QUOTE.search(text) is not None
        out: list[Finding] = []

        def add(m: re.Match[str], code: str, why: str) -> None:
            if not overlaps(m.span(), context.allow_spans):
                out.append(
                    Finding(self.name, Concern.CLIENT_MEDIA, code, m.start(), m.end(), why=why)
                )

        for m in ATTACHMENT.finditer(text):
            # A described picture counts when the post is about a client or the picture shows
            # a person or something a person made; "empty playroom", "my dog" do not.
            shows = _SHOWS_PERSON.search(m.group(0)) and not _NOBODY.search(m.group(0))
            if subject.about_client or (shows and (subject.mentions_clients or quoted)):
                add(m, "media.attachment", "The post carries a picture tied to a client.")
        for m in NEWS.finditer(text):
            if subject.mentions_clients:
                add(m, "media.news", "A news item about a client, shared by their clinician.")
        for pattern, code, why in (
            (CREATION, "media.creation", "Something a client made or wrote belongs to them."),
            (MESSAGE, "media.message", "A client's message was written to you, not the public."),
            (VIDEO, "media.video", "A video of a client shows exactly who they are."),
        ):
            for m in pattern.finditer(text):
                i = sentence_index(context, m.start())
                near_client = i in client_sents or (i - 1) in subject.about_client
                mine = _MINE.search(text, max(0, m.start() - 24), m.start()) is not None
                before = text[max(0, m.start() - 10) : m.start()].lower()
                if mine or before.endswith(_NOT_CREATION):
                    continue
                if near_client and (pattern is not MESSAGE or quoted or i in subject.about_client):
                    add(m, code, why)
        return out
