"""Venting job stress in a way that points at clients or sessions.

"I'm exhausted" alone is self-talk; "today's sessions broke me" points at the people
in one's care, and readers in therapy will wonder if they were one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from pausepost.core.analysis import sentence_index, subject_of
from pausepost.core.types import Concern, Context, Finding, Post

I = re.IGNORECASE

STRAIN = re.compile(
    r"\bbr(?:oke|eaking)\s+me\b|\bfried\b|\bdrained\b|\bexhausted\b|\bwrung\s+out\b|\brunning\s+on\s+(?:fumes|empty)\b|"
    r"\bcompassion\s+fatigue\b|\bburn(?:ed|t)?\s*out\b|\bburnout\b|\bvicarious\b|\bsecondary\s+trauma\b|"
    r"\bfollows\s+you\s+home\b|\bcan'?t\s+stop\s+thinking\b|\brent[- ]free\b|\bsat\s+in\s+my\s+car\b|"
    r"\bsit\s+in\s+my\s+car\b|\bcried\s+in\s+the\s+(?:bathroom|car|supply\s+closet)\b|\bsob\b|\bsend\s+(?:help|coffee|chocolate|wine|snacks)\b|"
    r"\b0\s+(?:lunch|breaks?|minutes)\b|\bno\s+lunch\b|\bback[- ]to[- ]back\b|\bcaseload\s+(?:of\s+\d+|from)\b|"
    r"\bcrisis\s+(?:calls|check-ins)\b|\bmeltdowns\b|\bhit,\s+kicked\b|\bspit\s+on\b|"
    r"\bnot\s+for\s+the\s+weak\b|\bbrace\s+myself\b|\bhow\s+much\s+longer\b|\bdeaths?\s+on\s+my\s+unit\b|"
    r"\bgets\s+louder\b|\bheavy\b|\bi'?m\s+tired\b|"
    r"\bjust\s+(?:…|\.\.\.)?\s*tired\b|\bnervous\s+system\b|\bi\s+need\s+a\s+drink\b|\bmental\s+breakdown\b|"
    r"\bwent\s+sideways\b|\bno-?shows\b|\bnot\s+complaining\b|\bgoing\s+home\s+to\s+lie\b|\bon\s+the\s+floor\b|"
    r"\bgoing\s+to\s+bed\s+at\b|\btaking\s+(?:tomorrow|friday|the\s+day)\s+off\b|\bi'?m\s+not\s+ok(?:ay)?\b|"
    r"\bfunerals\b|\bhard\s+stories\b|\bheavy\s+stories\b|"
    r"\bfrom\s+hell\b|\bvent\b|\bmy\s+mind\b|\bcan'?t\s+even\b|\b(?:emotionally|mentally)\s+(?:done|spent|cooked)\b|"
    r"\bsobbing\b|\bwreck(?:ed|s)\s+me\b|\bdestroyed\s+me\b|\bgutted\b|\bwar\s+zone\b|\bnothing\s+left\b|"
    r"\bcarry\s+(?:\w+\s+){0,2}home\b|\bcharting\s+until\b|\bdouble\s+what\b|\bno\s+breaks?\b|\bsleep\s+for\s+a\s+(?:year|week)\b|"
    r"\bsitting\s+in\s+my\s+car\b|\b(?:two|three|four|five|\d+)\s+(?:traumas|codes|deaths|overdoses)\b|\bshift\s+from\s+hell\b|\bmandatory\s+overtime\b|"
    r"\bcaseload\s+is\s+(?:at\s+)?\d+|\bbreaking\s+(?:me|my)\b|\bsomething\s+has\s+to\s+give\b|"
    r"\bfeels\s+impossible\b|\bone\s+of\s+me\b|\bwas\s+heavy\b|\bchokehold\b|\bsunday\s+scaries\b|\brough\s+(?:session|day|week|shift)\b|\b\d+\s+meetings\s+in\b|"
    r"\bhow\s+do\s+you\s+not\s+take\s+it\s+personal\w*\b|"
    r"\bshort[- ]staffed\b|\bunderstaffed\b|\b\d+\s+hours?\s+(?:shift|straight)\b",
    I,
)
POINTS_AT_WORK = re.compile(
    r"\bsessions?\b|\bclients?\b|\bpatients?\b|\bcaseload\b|\bcrisis\b|\btherapy\s+room\b|\bunit\b|"
    r"\bfamilies\b|\bkids?\b|\bkiddos?\b|\bstories\b|\bthis\s+(?:job|work|field)\b|\bin\s+this\s+job\b|"
    r"\bcheck-ins\b|\bmed\s+checks\b|\bcalls\b|\bno-?shows\b|\bthe\s+therapy\s+room\b|\bintern\s+life\b|"
    r"\bgroup\s+practice\b|\bcommunity\s+mental\s+health\b|\bshift\b|\bfeedback\s+sessions\b|\bdeaths\b|"
    r"\bsupervisor\b|\btoday\b|\bthis\s+week\b|\binternship\b|\bplacement\b|\bpracticum\b|"
    r"\bone\s+day\b|\beveryone'?s\s+pain\b|\bcompassion\s+fatigue\b|\bcrisis\b|\bER\b|\bED\b|\bICU\b|"
    r"\bgroup\s+(?:tonight|today)\b|\bcaseload\b|\bmeetings\b|\bintakes?\b|\bcourt\s+report\b|\bIEP\b|\bcalls\s+tonight\b|\breports?\s+due\b|\btesting\b|\bbatteries\b|\bevaluations\b|\bassessments\b|\bcharts\b|"
    r"\btraumas\b|\bcharting\b|\bwaiting\s+room\b|\bcalls?\b|\bcodes?\b|\bclass\b|\bstudents\b",
    I,
)
# Tears of joy: "had to sit in my car for a minute 🥹 love this job" is not venting.
JOY = re.compile(
    r"\blove\s+(?:this|my)\s+job\b|\bso\s+proud\b|\bgrateful\b|\bso\s+happy\b|\bbest\s+part\b|"
    r"\blove\s+(?:these|my|our)\s+(?:folks|kids|people|residents|patients|students|clients|families)\b",
    I,
)
GENERAL = re.compile(r"\b(?:often|usually|typically|tend\s+to)\b", I)
SELF_CARE_ONLY = re.compile(
    r"\b(?:my\s+own\s+therapy|my\s+therapist|therapists\s+need\s+therapists|own\s+therapy\s+session)\b",
    I,
)


class VentingDetector:
    name: ClassVar[str] = "venting"
    version: ClassVar[str] = "0.2"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.WORK_VENTING})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        text = post.text
        joy = JOY.search(text)
        if joy and re.match(r"\W*\s*but\b", text[joy.end() : joy.end() + 8], I):
            joy = None  # "love my people but this job is breaking me": still venting
        if SELF_CARE_ONLY.search(text) or joy:
            return []
        subject = subject_of(context)
        work_sents = (
            {i for i, (s, e) in enumerate(context.sentences) if POINTS_AT_WORK.search(text, s, e)}
            | set(subject.group)
            | set(subject.about_client)
        )
        if not work_sents:
            return []
        out: list[Finding] = []
        for m in STRAIN.finditer(text):
            i = sentence_index(context, m.start())
            s, e = context.sentences[i] if i >= 0 else (0, len(text))
            if GENERAL.search(text, s, e) or (i in subject.own_life and not POINTS_AT_WORK.search(text, s, e)):
                continue
            if i in work_sents or (i - 1) in work_sents or (i + 1) in work_sents:
                out.append(
                    Finding(
                        self.name,
                        Concern.WORK_VENTING,
                        "venting.job_strain",
                        m.start(),
                        m.end(),
                        why="This vents job stress in a way that points at clients or sessions.",
                    )
                )
        return out
