"""A kind, private note to a colleague whose post needs a second look.

It affirms their intentions, names the concern in general words (never quoting the
client details back: the note may be forwarded or screenshotted), and suggests what to
do: edit or remove, and a private talk. Pure: no I/O, never logs text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pausepost.core.types import Assessment, Concern, Verdict

C = Concern

# In our own words, one clause per concern, most serious first.
CONCERN_LINES: dict[Concern, str] = {
    C.IDENTIFIABLE: "a few of the details (things like an age, a place, a time or a name) could "
    "add up to someone recognising who it is about, even without a name",
    C.MOCKING: "the humour lands on a client, and people in therapy who read it might worry "
    "their own words could end up online",
    C.CLINICAL: "it touches on clinical details like a crisis, a diagnosis or medication",
    C.CLIENT_MEDIA: "it shares something a client made or sent",
    C.NEGATIVE: "the frustration with a client comes through, and a client who read it might "
    "feel hurt or wonder how their own therapist sees them",
    C.CLIENT_SPECIFIC: "it's about one particular client or session, and that person might "
    "recognise themselves",
    C.CONSENT_CLAIMED: "it mentions the client's permission; it's worth making sure that's "
    "written, current and covers this platform",
    C.WORK_VENTING: "it reads as venting about sessions, which is so understandable, but it can "
    "land differently with clients who come across it",
}

_VENTING = frozenset({C.MOCKING, C.NEGATIVE, C.WORK_VENTING})


@dataclass(frozen=True)
class Note:
    needed: bool
    subject: str
    text: str
    verdict: Verdict
    concerns: tuple[Concern, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "needed": self.needed,
            "subject": self.subject,
            "note": self.text,
            "verdict": self.verdict.value,
            "concerns": [c.value for c in self.concerns],
        }


def compose_note(
    assessment: Assessment, *, colleague: str | None = None, sender: str | None = None
) -> Note:
    """Draft the note. Uses only the verdict and concerns, never the post's words."""
    concerns = tuple(c for c in CONCERN_LINES if c in assessment.concerns)
    if assessment.verdict is Verdict.POST or not concerns:
        return Note(
            needed=False,
            subject="No note needed",
            text="Pause found nothing in this post that needs a note. It reads fine.",
            verdict=assessment.verdict,
            concerns=concerns,
        )
    lines = [f"Hi {colleague.strip()}," if colleague and colleague.strip() else "Hi,", ""]
    lines.append(_affirmation(concerns))
    lines.append("")
    lines.append(
        "I wanted to mention one thing privately, colleague to colleague, because I'd want "
        "someone to do the same for me: " + _join(concerns) + "."
    )
    lines.append("")
    lines.append(_suggestion(assessment.verdict))
    lines.append("")
    lines.append(
        "If it would help, I'm happy to talk it through, just the two of us, whenever suits "
        "you. No judgement at all; it's an easy thing to miss."
    )
    lines.append("")
    lines.append(f"Warmly,\n{sender.strip()}" if sender and sender.strip() else "Warmly")
    return Note(
        needed=True,
        subject="A quick, private thought about your post",
        text="\n".join(lines),
        verdict=assessment.verdict,
        concerns=concerns,
    )


def _affirmation(concerns: tuple[Concern, ...]) -> str:
    if _VENTING.intersection(concerns):
        return (
            "It sounds like it's been a demanding stretch, and that's real. I can tell how "
            "much you put into this work."
        )
    return "It's clear how much you care about the people you work with, and that comes through."


def _join(concerns: tuple[Concern, ...]) -> str:
    parts = [CONCERN_LINES[c] for c in concerns[:3]]  # more than three reads as a lecture
    if len(parts) == 1:
        return parts[0]
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def _suggestion(verdict: Verdict) -> str:
    if verdict is Verdict.HOLD:
        return (
            "Would you consider taking it down for now, or editing it so it stays general, "
            "with nothing that could point to a particular person or session?"
        )
    return "A small edit to keep it general would probably be enough."
