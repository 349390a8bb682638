"""Reflective questions, in Pause's own words, keyed by concern."""

from __future__ import annotations

from pausepost.core.policy import Decision
from pausepost.core.types import Audience, Concern, Post, Question, Verdict

Q = Question
GLAD = Q("client_glad", "If your client came across this, would they be glad you shared it?")
RECOGNISE = Q(
    "recognisable",
    "Could the client, their family or their neighbours work out who this is from these details?",
)
MOTIVE = Q(
    "motive",
    "What do you want this post to do for you: let off steam, get a laugh, feel less alone?",
)
PROTECTS = Q(
    "protects",
    "Does it protect your client's privacy, and your reputation as someone people can trust?",
)
COLLEAGUE = Q(
    "colleague",
    "Would a private conversation with a trusted colleague or your supervisor serve you better?",
)
CONFIDENCE = Q(
    "confidence",
    "Would someone who is in therapy, or thinking about it, feel safer after reading this?",
)
CONSENT = Q(
    "consent",
    "Is the permission in writing, still current, and does it cover this platform and these "
    "details?",
)
RECHARGE = Q("recharge", "What would help you recharge tonight, away from the screen?")
MEDIA = Q(
    "media",
    "Did the person who made or sent this agree, in writing, to it being shown in public?",
)

_BY_CONCERN: dict[Concern, tuple[Question, ...]] = {
    Concern.IDENTIFIABLE: (RECOGNISE, GLAD, PROTECTS),
    Concern.MOCKING: (GLAD, MOTIVE, CONFIDENCE),
    Concern.NEGATIVE: (GLAD, MOTIVE, COLLEAGUE),
    Concern.CLINICAL: (GLAD, PROTECTS),
    Concern.CLIENT_MEDIA: (MEDIA, GLAD),
    Concern.CONSENT_CLAIMED: (CONSENT,),
    Concern.CLIENT_SPECIFIC: (GLAD, RECOGNISE),
    Concern.WORK_VENTING: (MOTIVE, COLLEAGUE, RECHARGE),
}


def questions_for(decision: Decision) -> tuple[Question, ...]:
    if decision.verdict is Verdict.POST:
        return ()
    seen: dict[str, Question] = {}
    for concern in decision.concerns:
        for q in _BY_CONCERN.get(concern, ()):
            seen.setdefault(q.code, q)
    if decision.verdict is Verdict.HOLD:
        seen.setdefault(COLLEAGUE.code, COLLEAGUE)
    if not seen:
        seen[PROTECTS.code] = PROTECTS
    return tuple(seen.values())


_PUBLIC_BY_DEFAULT = {
    "x": "X",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "tiktok_caption": "TikTok",
    "linkedin": "LinkedIn",
    "reddit": "Reddit",
}


def advice_for(post: Post, verdict: Verdict, concerns: tuple[Concern, ...]) -> tuple[str, ...]:
    """What to do instead, in plain words."""
    if verdict is Verdict.POST:
        return ()
    out: list[str] = []
    if verdict is Verdict.HOLD:
        out.append(
            "Keep this one off social media. If it is weighing on you, talk it through with a "
            "trusted colleague or your supervisor, where it stays confidential."
        )
    else:
        out.append(
            "Post the general version below, or edit your draft until nobody could tell who or "
            "when it was about."
        )
    if Concern.CONSENT_CLAIMED in concerns:
        out.append(
            "Before sharing a client's story or creation, check that their written consent is "
            "current and covers this platform, and keep the details general anyway."
        )
    if post.audience is Audience.PROFESSIONAL and Concern.CLIENT_SPECIFIC in concerns:
        out.append(
            "On a practice page a client's story reads as marketing: it needs written consent "
            "even when it is kind."
        )
    public = _PUBLIC_BY_DEFAULT.get(post.platform or "")
    if public and Concern.CLIENT_SPECIFIC in concerns:
        out.append(
            f"On {public}, posts are public by default and can be searched, quoted and "
            "screenshotted long after you delete them."
        )
    if Concern.WORK_VENTING in concerns or Concern.NEGATIVE in concerns:
        out.append(
            "A hard day deserves care: a peer consultation group or your own therapist is a "
            "safer place to let off steam than a public feed."
        )
    return tuple(out)
