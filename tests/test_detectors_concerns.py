"""One table per concern detector: drafts that must raise the concern, and drafts that must not."""

from __future__ import annotations

import pytest

from pausepost.config import Config
from pausepost.core.analysis import build_context
from pausepost.core.types import Concern, Detector, Post
from pausepost.detectors.clinical import ClinicalDetector
from pausepost.detectors.consent import ConsentDetector
from pausepost.detectors.media import MediaDetector
from pausepost.detectors.subject import SubjectDetector
from pausepost.detectors.tone import ToneDetector
from pausepost.detectors.venting import VentingDetector

# (detector, concern, draft, raised?, the exact words a finding must mark when raised)
CASES: list[tuple[Detector, Concern, str, bool, str | None]] = [
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Proud of a client who set a boundary this week.",
        True,
        "a client",
    ),
    (SubjectDetector(), Concern.CLIENT_SPECIFIC, "My 4pm cancelled again.", True, "My 4pm"),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "A mom I work with drives two hours each way.",
        True,
        "A mom I work",
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Had a patient tell me her whole story today.",
        True,
        "Had a patient tell",
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Ran a call on the interstate last night, still shaking.",
        True,
        "Ran a call",
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Clients often feel guilty for resting. Rest is a need.",
        False,
        None,
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Sat through my son's IEP meeting today. Humbling.",
        False,
        None,
    ),
    (
        SubjectDetector(),
        Concern.CLIENT_SPECIFIC,
        "Someone has just told me that Chewbacca is female.",
        False,
        None,
    ),
    (
        ClinicalDetector(),
        Concern.CLINICAL,
        "My client relapsed after six months sober.",
        True,
        "relapsed",
    ),
    (
        ClinicalDetector(),
        Concern.CLINICAL,
        "A kiddo told me 'I want my mom to stop crying.'",
        True,
        "told me",
    ),
    (
        ClinicalDetector(),
        Concern.CLINICAL,
        "Got my own ADHD diagnosis at 36. Meds start Monday.",
        False,
        None,
    ),
    (
        ClinicalDetector(),
        Concern.CLINICAL,
        "Clients with ADHD often get called lazy. They aren't.",
        False,
        None,
    ),
    (
        ToneDetector(),
        Concern.NEGATIVE,
        "Clients who no-show and then ask for a discount. Make it make sense.",
        True,
        "no-show",
    ),
    (
        ToneDetector(),
        Concern.NEGATIVE,
        "Parents who skip every session and then complain nothing changes 🙄",
        True,
        "🙄",
    ),
    (
        ToneDetector(),
        Concern.NEGATIVE,
        "Our EHR logged me out four times today. Whoever built it never met a nurse.",
        False,
        None,
    ),
    (
        ToneDetector(),
        Concern.NEGATIVE,
        "Got to sit with a family today. I won't ever forget it.",
        False,
        None,
    ),
    (
        ToneDetector(),
        Concern.MOCKING,
        "A client told me she's 'basically a genius' 😂 reader, the scores had other plans",
        True,
        "reader,",
    ),
    (
        ToneDetector(),
        Concern.MOCKING,
        "A kiddo I see told me my new haircut makes me look like a Muppet 😂",
        True,
        "😂",
    ),
    (
        ToneDetector(),
        Concern.MOCKING,
        "My therapy dog failed his test by eating the evaluator's sandwich lol",
        False,
        None,
    ),
    (
        ToneDetector(),
        Concern.MOCKING,
        "So proud of a kiddo I see who finally read a page out loud 💛",
        False,
        None,
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "A couple I work with dropped off a thank-you card today 💌",
        True,
        "thank-you card",
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "One of my kiddos made the front page of the paper!",
        True,
        "front page",
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "My client texted me 'I did it!!' at midnight [screenshot]",
        True,
        "[screenshot]",
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "Clients who dispute the charge with their credit card company.",
        False,
        None,
    ),
    (
        MediaDetector(),
        Concern.CLIENT_MEDIA,
        "Art therapy isn't arts and crafts. Here's what we look for.",
        False,
        None,
    ),
    (
        ConsentDetector(),
        Concern.CONSENT_CLAIMED,
        "Shared with permission: a client's poem about spring.",
        True,
        "Shared with permission",
    ),
    (
        ConsentDetector(),
        Concern.CONSENT_CLAIMED,
        "She said I could share this!! So proud.",
        True,
        "said I could share",
    ),
    (
        ConsentDetector(),
        Concern.CONSENT_CLAIMED,
        "A couple I saw asked me to share this quote.",
        True,
        "asked me to share",
    ),
    (
        ConsentDetector(),
        Concern.CONSENT_CLAIMED,
        "Consent is a skill we practise in every group.",
        False,
        None,
    ),
    (
        VentingDetector(),
        Concern.WORK_VENTING,
        "Today's sessions absolutely broke me.",
        True,
        "broke me",
    ),
    (
        VentingDetector(),
        Concern.WORK_VENTING,
        "Caseload from hell this month. Send coffee.",
        True,
        "Send coffee",
    ),
    (
        VentingDetector(),
        Concern.WORK_VENTING,
        "ER tonight was a war zone. Three traumas in an hour.",
        True,
        "war zone",
    ),
    (
        VentingDetector(),
        Concern.WORK_VENTING,
        "A kiddo hugged me at pickup and I had to sit in my car 🥹 love this job",
        False,
        None,
    ),
    (
        VentingDetector(),
        Concern.WORK_VENTING,
        "Exhausted after my half marathon, what a day!",
        False,
        None,
    ),
]


@pytest.mark.parametrize(
    ("detector", "concern", "text", "expected", "evidence"),
    CASES,
    ids=[f"{d.name}-{c.value}-{i}" for i, (d, c, *_) in enumerate(CASES)],
)
def test_detector_concern_table(
    detector: Detector, concern: Concern, text: str, expected: bool, evidence: str | None
) -> None:
    post = Post(text=text)
    found = [
        f for f in detector.detect(post, build_context(post, Config())) if f.concern is concern
    ]
    assert bool(found) is expected
    if evidence is not None:
        start = text.index(evidence)
        assert (start, start + len(evidence)) in [(f.start, f.end) for f in found]
