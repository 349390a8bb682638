"""Reflective questions, in Pause's own words, keyed by concern."""

from __future__ import annotations

from pausepost.policy import Decision
from pausepost.types import Concern, Question, Verdict

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
