"""Clinical disclosure about clients: diagnoses, what was said in session, treatment,
medication and risk events. The writer's own diagnosis or recovery is not a disclosure
about a client, so sentences about the writer's own life are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from pausepost.core.analysis import generic_at, sentence_index, subject_of
from pausepost.core.lexicon import DIAGNOSIS, QUOTE, RISK, STRONG_CARE, TREATMENT
from pausepost.core.types import Concern, Context, Finding, Post
from pausepost.detectors.identifier_patterns import ANNOUNCEMENT

I = re.IGNORECASE

# What someone said or did in session, reported: "told me", "admitted", a direct quote.
DISCLOSURE = re.compile(
    r"\b(?:told\s+me|tells\s+me|said|says|asked\s+(?:me|if)|admit\w*|disclos\w*|confess\w*|"
    r"confided|endors\w*|insist\w*|assured\s+me|informed\s+me|explain\w*\s+why|walk(?:ed|ing)\s+me\s+through|"
    r"cried|sobbed|broke\s+down|in\s+session|mid-session|during\s+session|in\s+my\s+office)\b",
    I,
)


class ClinicalDetector:
    name: ClassVar[str] = "clinical"
    version: ClassVar[str] = "0.2"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.CLINICAL})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        subject = subject_of(context)
        if not subject.mentions_clients:
            return []
        text = post.text
        about = subject.story
        announcing = ANNOUNCEMENT.search(text) is not None
        out: list[Finding] = []
        for pattern, code, why in (
            (DIAGNOSIS, "clinical.diagnosis", "A diagnosis or condition is health information."),
            (RISK, "clinical.risk_event", "A crisis, risk event or safety concern is clinical."),
            (TREATMENT, "clinical.treatment", "Treatment and medication details are clinical."),
        ):
            for m in pattern.finditer(text):
                i = sentence_index(context, m.start())
                if i in subject.own_life:
                    continue
                if generic_at(text, context.sentences, m.start()):
                    continue
                # An announcement's "anxiety & OCD" is a specialty, not a disclosure.
                in_group = (
                    i in subject.group
                    and not announcing
                    and STRONG_CARE.search(text, *context.sentences[i])
                )
                if i in about or (in_group and pattern is not TREATMENT):
                    out.append(
                        Finding(self.name, Concern.CLINICAL, code, m.start(), m.end(), why=why)
                    )
        # Reporting what a particular client said in session.
        for m in DISCLOSURE.finditer(text):
            i = sentence_index(context, m.start())
            s, e = context.sentences[i] if i >= 0 else (0, len(text))
            if _CONSENT_VERB.match(text, m.start()):
                continue  # "asked me to share": the client chose to speak publicly
            quote = QUOTE.search(text, s, e)
            personal = quote is not None and _PERSONAL.search(quote.group(0)) is not None
            reported = quote is None and _reported_speech(text[m.end() : e])
            if (
                i in about
                and (personal or reported)
                and not generic_at(text, context.sentences, m.start())
            ):
                out.append(
                    Finding(
                        self.name,
                        Concern.CLINICAL,
                        "clinical.session_content",
                        m.start(),
                        m.end(),
                        why="This repeats what a client said or did in session.",
                    )
                )
        return out


_CONSENT_VERB = re.compile(
    r"asked\s+(?:me|us)\s+to\s+(?:share|post)|told\s+me\s+to\s+(?:share|post|put)|"
    r"said\s+I\s+(?:could|can|may)\s+(?:share|post)",
    I,
)

# A quote that reveals the speaker's inner life or family, not a pleasantry.
_PERSONAL = re.compile(
    r"\b(?:I|I'm|I've|I'd|my|me|myself|mine)\b|\b(?:mom|dad|mommy|daddy|wife|husband)\b", I
)


def _reported_speech(rest: str) -> bool:
    return bool(
        re.match(
            r"\s*(?:,\s*)?(?:that|me\s+that|if|whether|about|(?:she|he|they)(?:'s|'re)?\s)", rest, I
        )
    )
