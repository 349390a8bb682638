"""One table per concern detector: drafts that must raise the concern, and drafts that must not."""

from __future__ import annotations

import pytest

from pausepost.analysis import build_context
from pausepost.config import Config
from pausepost.detectors.clinical import ClinicalDetector
from pausepost.detectors.consent import ConsentDetector
from pausepost.detectors.media import MediaDetector
from pausepost.detectors.subject import SubjectDetector
from pausepost.detectors.tone import ToneDetector
from pausepost.detectors.venting import VentingDetector
from pausepost.types import Concern, Detector, Post


def concerns(detector: Detector, text: str) -> set[Concern]:
    post = Post(text=text)
    return {f.concern for f in detector.detect(post, build_context(post, Config()))}


CASES: list[tuple[Detector, Concern, str, bool]] = [
    # subject: one particular person in care, or a session
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Proud of a client who set a boundary this week.",
        True,
    ),
    (SubjectDetector(), Concern.CLIENT_SPECIFIC, "My 4pm cancelled again.", True),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "A mom I work with drives two hours each way.",
        True,
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Had a patient tell me her whole story today.",
        True,
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Ran a call on the interstate last night, still shaking.",
        True,
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Clients often feel guilty for resting. Rest is a need.",
        False,
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Sat through my son's IEP meeting today. Humbling.",
        False,
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Someone has just told me that Chewbacca is female.",
        False,
    ),
    # clinical: about a client, never the writer's own health
    (ClinicalDetector(), Concern.CLINICAL, "My client relapsed after six months sober.", True),
    (ClinicalDetector(), Concern.CLINICAL, "A kiddo told me 'I want my mom to stop crying.'", True),
    (
        ClinicalDetector(),
        Concern.CLINICAL,
        "Got my own ADHD diagnosis at 36. Meds start Monday.",
        False,
    ),
    (
        ClinicalDetector(),
        Concern.CLINICAL,
        "Clients with ADHD often get called lazy. They aren't.",
        False,
    ),
    # tone: complaint or ridicule aimed at clients
    (
        ToneDetector(),
        Concern.NEGATIVE,
        "Clients who no-show and then ask for a discount. Make it make sense.",
        True,
    ),
    (
        ToneDetector(),
        Concern.NEGATIVE,
        "Parents who skip every session and then complain nothing changes 🙄",
        True,
    ),
    (
        ToneDetector(),
        Concern.NEGATIVE,
        "Our EHR logged me out four times today. Whoever built it never met a nurse.",
        False,
    ),
    (
        ToneDetector(),
        Concern.NEGATIVE,
        "Got to sit with a family today. I won't ever forget it.",
        False,
    ),
    (
        ToneDetector(),
        Concern.MOCKING,
        "A client told me she's 'basically a genius' 😂 reader, the scores had other plans",
        True,
    ),
    (
        ToneDetector(),
        Concern.MOCKING,
        "My therapy dog failed his test by eating the evaluator's sandwich lol",
        False,
    ),
    (
        ToneDetector(),
        Concern.MOCKING,
        "So proud of a kiddo I see who finally read a page out loud 💛",
        False,
    ),
    # media: things a client made, wrote or sent, and news about them
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "A couple I work with dropped off a thank-you card today 💌",
        True,
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "One of my kiddos made the front page of the paper!",
        True,
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "My client texted me 'I did it!!' at midnight [screenshot]",
        True,
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "Clients who dispute the charge with their credit card company.",
        False,
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "Art therapy isn't arts and crafts. Here's what we look for.",
        False,
    ),
    # consent claims
    (
        ConsentDetector(),
        Concern.CONSENT_CLAIMED,
        "Shared with permission: a client's poem about spring.",
        True,
    ),
    (ConsentDetector(), Concern.CONSENT_CLAIMED, "She said I could share this!! So proud.", True),
    (
        ConsentDetector(),
        Concern.CONSENT_CLAIMED,
        "A couple I saw asked me to share this quote.",
        True,
    ),
    (
        ConsentDetector(),
        Concern.CONSENT_CLAIMED,
        "Consent is a skill we practise in every group.",
        False,
    ),
    # venting that points at clients or sessions
    (VentingDetector(), Concern.WORK_VENTING, "Today's sessions absolutely broke me.", True),
    (VentingDetector(), Concern.WORK_VENTING, "Caseload from hell this month. Send coffee.", True),
    (
        VentingDetector(),
        Concern.WORK_VENTING,
        "ER tonight was a war zone. Three traumas in an hour.",
        True,
    ),
    (
        VentingDetector(),
        Concern.WORK_VENTING,
        "A kiddo hugged me at pickup and I had to sit in my car 🥹 love this job",
        False,
    ),
    (
        VentingDetector(),
        Concern.WORK_VENTING,
        "Exhausted after my half marathon, what a day!",
        False,
    ),
]


@pytest.mark.parametrize(
    ("detector", "concern", "text", "expected"),
    CASES,
    ids=[f"{d.name}-{c.value}-{i}" for i, (d, c, _, _) in enumerate(CASES)],
)
def test_detector_concern_table(
    detector: Detector, concern: Concern, text: str, expected: bool
) -> None:
    assert (concern in concerns(detector, text)) is expected
