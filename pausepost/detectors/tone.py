"""Negative or mocking tone aimed at clients.

Sentiment is not contempt: a sad, caring post about a hard day is fine. What
matters is *complaint or ridicule with a client as its target*, so every cue here
needs a client in the same sentence (or the post to be about clients at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from pausepost.core.analysis import sentence_index, subject_of
from pausepost.core.lexicon import LAUGH, QUOTE
from pausepost.core.types import Concern, Context, Finding, Post

I = re.IGNORECASE

# Complaint, blame and judgment as clinicians voice them about clients.
COMPLAINT = re.compile(
    r"\bno-?show(?:s|ed|ing)?\b|\bcancell?(?:ed|ing|s|ations?)\b(?!\s+(?:due|because\s+of\s+(?:ice|snow|weather)))|"
    r"\blate\s+cancel\w*|\bghost(?:ed|ing)?\b|"
    r"['\"‘“](?:forgot|forget|forgotten|ran\s+out|fix|busy|emergency|sick)['\"’”]|"
    r"\bforgot\s+(?:her|his|their|to)\b|"
    r"\b(?:don't|doesn't|didn't|won't|never)\s+(?:do|did|does)\s+(?:their|the|her|his)\s+homework\b|"
    r"\bthe\s+nerve\b|\baudacity\b|\bdo\s+better\b|\bmake\s+it\s+make\s+sense\b|"
    r"\bnot\s+babysitting\b|\bnot\s+a\s+(?:babysitter|magician|miracle\s+worker|drive-thru|judge|suggestion|payment\s+plan|wizard|mind\s+reader)\b|"
    r"\bboundary\s+issues\b|\bentitled\b|\blazy\b|\bnegligent\b|\b(?:don't|doesn't)\s+(?:really\s+)?care\b|"
    r"\bshould(?:n't|\s+not)\s+be\s+parents\b|\bexhausting\b|\b(?:so\s+)?tired\s+of\b|\bsick\s+of\b|\bfed\s+up\b|"
    r"\blos(?:e|ing)\s+my\s+mind\b|\bi'?m\s+done\b|\bdrives?\s+me\b|\bannoying\b|\bridiculous\b|"
    r"\bmust\s+be\s+nice\b|\bcool\s+cool\s+cool\b|\blove\s+that\s+for\s+me\b|\bi'?m\s+begging\b|"
    r"\bshould\s+be\s+illegal\b|\bwill\s+not\s+be\s+(?:answering|taking|responding)\b|"
    r"\bi\s+see\s+you\b|\bma'?am\b|\bsir\b|\bconveniently\b|\bsure\s+thing\b|\bvery\s+helpful\b|"
    r"\bwhy\s+am\s+i\s+even\s+here\b|\bcan(?:not|'t)\s+make\s+this\s+up\b|\bthen\s+(?:wonder|complain|ask|argue|blame|dispute)\w*\b|"
    r"\b(?:wonder|ask|asks|asking)\s+why\s+(?:nothing|therapy|tx|treatment|it|they|she|he)\b|"
    r"\bcomplain\w*\b|\bdispute\w*\b|\brefuses?\b|\bargue\s+with\b|\bdisappear\w*\b|\btrauma-?dump\w*\b|"
    r"\bpick\s+a\s+side\b|\bkeeping\s+score\b|\bscrolling\b|\bnot\s+ok\b|\bnot\s+okay\b|\bunpopular\s+opinion\b|"
    r"\bhad\s+the\s+gall\b|\bhow\s+hard\s+is\s+it\b|"
    r"\b24\s+hours?\s+notice\b|\bbounced\b|\bpay\s+you\s+next\s+week\b|\bdon't\s+pay\b|\bstiffed\b|"
    r"\bstarting\s+to\s+think\b|\blikes?\s+being\s+stuck\b|\bdenial\b|\bexcuses?\b|"
    r"\bdemand\w*\b|\bnothing\s+is\s+happening\b|\bnothing'?s\s+changing\b|\bnothing\s+is\s+changing\b|"
    r"\bcheck\s+out\s+the\s+second\b|\bwant\s+the\s+certificate\b|\bjust\s+(?:left|leave)\b|\bdropped\s+off\b|"
    r"🙄|😤|😡|🤬|😒|🖕|\bugh+\b|\bsmh\b|\bsmdh\b|\bseriously\?|\bpeople\.?$|, people\b|"
    r"\bthrow\s+my\s+(?:phone|clipboard)\b|\bi\s+would\s+like\s+an\s+award\b|\bsick\s+and\s+tired\b|"
    r"\bbehind\s+closed\s+doors\b|\bgo\s+home\s+and\s+actually\b|"
    # the classic complaint shapes: "why do X always...", "X who ... and then ...", "please don't"
    r"\bwhy\s+do\s+(?:\w+\s+){0,2}always\b|\bevery\.\s+single\.\s+time\b|\bplease\s+(?:don't|stop)\b|"
    r"\bwe\s+always\s+know\b|\bhot\s+take\b|\bwhy\s+are\s+you\s+(?:here|even)\b|\bkids\s+these\s+days\b|"
    r"\bnever\s+visit\w*\b|\bgoogle\w*\s+(?:symptoms|it)\b|\b(?:and\s+then|then)\s+(?:ask|asks|argue|complain|wonder|call|show\s+up|get\s+mad|blame)\w*|"
    r"\baren'?t\s+(?:trying|listening|helping)\b|\bcan'?t\s+(?:even\s+)?sit\s+through\b|"
    r"🤦(?:\u200d[♀♂]️?)?|\bi\s+love\s+you,?\s+but\b|\bglorified\s+\w+|\bbabysitters?\b|"
    r"\b(?:swear|insist|claim)\s+they\b|\bthink\s+(?:we|teachers|nurses|therapists|doctors)\s+are\s+just\b|"
    r"\b(?:yell|scream|curse|swear)(?:s|ed|ing)?\s+at\b|\bi\s+get\s+it,?\s+(?:i\s+(?:do|really\s+do)\W+)?but\b|"
    r"\bi\s+have\s+a\s+(?:life|family|kid|kids)\s+too\b|\bi\s*(?:am|'m)\s+(?:so\s+)?(?:tired|done|over\s+it)\b|\bthen\s+(?:shocked|surprised|mad|angry|upset)\b|"
    r"\bnever\s+(?:answer|show|call|sign|return|pay|read|reply|respond)\w*\b|\bstop\s+lying\b|"
    r"\bwhy\s+do\s+(?:parents|clients|patients|people|families|kids|customers)\b|\bnot\s+show\s+up\b|"
    r"\bPSA\s+to\s+(?:parents|clients|patients|families|y'?all|everyone)\b|\bi\s+can'?t\s+do\s+this\s+alone\b|"
    r"\bdeserve\s+each\s+other\b|\bdreading\b|"
    r"\bfor\s+the\s+(?:\d+(?:st|nd|rd|th)|fifth|sixth|tenth|twentieth|hundredth|millionth)\s+time\b|"
    r"\bthink\s+they\s+know\b|\bhate\s+(?:when|what|that)\s+(?:people|patients|parents|clients|families)\b|"
    r"\bthen\s+(?:yell|scream)\w*\b|\bplease\s+stop\s+using\b|"
    r"\bvery\s+different\s+story\b|^\s*(?:gotta\s+|don't\s+you\s+just\s+)?love\s+(?:it\s+)?when\b|"
    r"\bflirt\w*|\bsomething\s+else\b|\bdrama\b",
    I | re.MULTILINE,
)
# Complaints that need no named target: they can only be about clients.
CLIENT_COMPLAINT = re.compile(
    r"\bno-?show(?:s|ed)?\b|\blate\s+cancel\w*|\bnot\s+a\s+payment\s+plan\b|\b24\s+hours?\s+notice\b|"
    r"\bpay\s+you\s+next\s+week\b|\btext\s+their\s+therapist\b|\bboundary\s+issues\b|"
    r"\bwill\s+not\s+be\s+answering\b|\bnot\s+babysitting\b|\bdispute\s+the\s+charge\b",
    I,
)
# Psychoeducation about a pattern is not a complaint about people.
EDUCATIONAL = re.compile(r"\b(?:often|usually|typically|tend\s+to|years\s+being\s+called)\b", I)

# Complaint shapes that also occur in warm stories ("...and then asked for more bubbles"):
# they count only beside another cue.
_WEAK_SHAPE = re.compile(
    r"(?:and\s+then|then)\s+\w+|please\s+(?:don't|stop)|something\s+else|drama|flirt\w*",
    I,
)


def _second_cue(text: str, m: re.Match[str]) -> bool:
    return any(
        o.span() != m.span() and not _WEAK_SHAPE.fullmatch(o.group(0))
        for o in COMPLAINT.finditer(text)
    )


_BELLY_LAUGH = re.compile(r"😂|🤣|💀|\blo+l+\b|\blmf?a+o+|\bha(?:ha)+\b|\bdead\b|\bdeceased\b", I)

_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+)?$", I)

# Ridicule: sharing what a client said or did as a joke.
RIDICULE = re.compile(
    r"\breader,|\bi\s+get\s+paid\s+for\s+this\b|\byou\s+write\s+it\s+down\b|\baccurate(?:\s+tbh)?\b|"
    r"\bthe\s+accuracy\b|\bvalid\b|\bpodcast\b|\bplot\s+twist\b|"
    r"\bhad\s+other\s+plans\b|\bframing\s+(?:it|this)\b|"
    r"\bcover\s+blown\b|\bguess\s+which\b|\bbest\s+part\b|"
    r"\binformed\s+me\b|"
    r"\bwith\s+total\s+(?:seriousness|confidence)\b|\bbasically\s+a\b|"
    r"\bjust\s+me\?|\banyone\s+else\s+have\s+a\b|"
    r"\bpart\s+\d\b|\bfyp\b|\bi'?m\s+deceased\b|"
    r"\bsmells?\s+like\b|\bnarcissist\b",
    I,
)
# Caring or grieving words: sadness about a client is not contempt.
CARING = re.compile(
    r"\bproud\b|\bso\s+proud\b|\bgrateful\b|\bthankful\b|\bblessed\b|\bhonou?red\b|\bprivilege\b|"
    r"\bbrave\b|\bheart\b|\bhug\b|\bprayers\b|\blove\s+(?:these|my|our)\s+(?:folks|kids|people|residents|patients|students|clients|families)\b|\bsend\s+good\s+thoughts\b|❤️|💛|💙|💜|💚|🥹|🙏",
    I,
)


class ToneDetector:
    name: ClassVar[str] = "tone"
    version: ClassVar[str] = "0.2"
    emits: ClassVar[frozenset[Concern]] = frozenset({Concern.NEGATIVE, Concern.MOCKING})

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        subject = subject_of(context)
        text = post.text
        if not subject.mentions_clients:
            return [
                Finding(
                    self.name,
                    Concern.NEGATIVE,
                    "tone.client_complaint",
                    m.start(),
                    m.end(),
                    why="This complains about clients.",
                )
                for m in CLIENT_COMPLAINT.finditer(text)
            ][:1]
        targets = subject.about_client | subject.group
        out: list[Finding] = []
        for m in COMPLAINT.finditer(text):
            i = sentence_index(context, m.start())
            s, e = context.sentences[i] if i >= 0 else (0, len(text))
            negated = m.group(0)[:1].isalpha() and _NEGATED.search(
                text, max(0, m.start() - 12), m.start()
            )
            if EDUCATIONAL.search(text, s, e) or negated:
                continue
            if _WEAK_SHAPE.fullmatch(m.group(0)) and not _second_cue(text, m):
                continue
            if i in targets or _near(i, targets):
                out.append(
                    Finding(
                        self.name,
                        Concern.NEGATIVE,
                        "tone.complaint",
                        m.start(),
                        m.end(),
                        why="This complains about or judges clients.",
                    )
                )
        laughs = [m for m in LAUGH.finditer(text)]
        jokes = [m for m in RIDICULE.finditer(text)]
        caring = CARING.search(text) is not None
        about_one = bool(subject.about_client)
        quoted = QUOTE.search(text) is not None
        # Ridicule needs a target (a client) and a joke; a laugh alone at a caring story is warmth.
        strong = [m for m in jokes if not _weak(m.group(0))]
        if about_one or subject.group:
            mocking = bool(strong) and (bool(laughs) or not caring or quoted or len(strong) > 1)
            mocking = mocking or (bool(laughs) and (quoted or bool(jokes)) and not caring)
            # One client's story told with a belly laugh is told for laughs.
            belly = [m for m in laughs if _BELLY_LAUGH.search(m.group(0))]
            mocking = mocking or (bool(about_one) and bool(belly) and not caring)
            if mocking:
                for m in (strong or jokes or laughs)[:3]:
                    out.append(
                        Finding(
                            self.name,
                            Concern.MOCKING,
                            "tone.ridicule",
                            m.start(),
                            m.end(),
                            why="This shares a client's words or actions for a laugh.",
                        )
                    )
        return out


def _near(i: int, targets: frozenset[int]) -> bool:
    return (i - 1) in targets or (i + 1) in targets


def _weak(word: str) -> bool:
    """Cues that only count with a laugh: 'valid', 'best part', 'part 3'."""
    return word.lower() in {"valid", "best part", "accurate"} or word.lower().startswith(
        "part "
    )
