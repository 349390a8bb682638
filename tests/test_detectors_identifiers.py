"""Identifier detector: exact offsets for what must be found, and texts that must yield nothing."""

from __future__ import annotations

import pytest

from pausepost.config import Config
from pausepost.core.analysis import build_context
from pausepost.core.types import Finding, Post, SpanLabel
from pausepost.detectors.identifiers import IdentifierDetector

N, A, D, L, ORG, C, Q = (
    SpanLabel.NAME,
    SpanLabel.AGE,
    SpanLabel.DATE,
    SpanLabel.LOCATION,
    SpanLabel.ORGANIZATION,
    SpanLabel.CONTACT,
    SpanLabel.QUASI,
)


def spans(text: str, config: Config | None = None) -> list[Finding]:
    post = Post(text=text)
    return list(IdentifierDetector().detect(post, build_context(post, config or Config())))


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


# (draft, the exact words that must be marked, label)
FOUND = [
    ("My 6 y/o client drew me a dragon today.", "6 y/o", A),
    ("A 15-year-old on my caseload moved foster homes again.", "15-year-old", A),
    ("Miss June (age 8) told me I'm the boss of feelings.", "age 8", A),
    ("One of my 3rd graders left me a note today.", "3rd graders", A),
    ("A patient I saw last week, a sophomore at my school, is struggling.", "sophomore", A),
    ("My client Marisol finally got the apartment!", "Marisol", N),
    ("Devon's mom texted me at midnight again.", "Devon", N),
    ("Can't believe the Whitakers asked our clinic for a discount after that.", "Whitakers", N),
    ("Mrs. K left our clinic a pie today, what a sweetheart.", "Mrs. K", N),
    ("My 4pm no-showed again.", "My 4pm", D),
    ("My Thursday regular brought her dog to the session.", "My Thursday regular", D),
    ("A client told me on a Monday morning that she was leaving.", "Monday morning", D),
    ("My client relapsed over Thanksgiving and I'm heartbroken.", "Thanksgiving", D),
    ("A kiddo I see made the front page of the Lakeside Courier!", "Lakeside Courier", ORG),
    ("A family I work with lives out on Quarry Road.", "Quarry Road", L),
    ("One of my patients in room 14 keeps ringing the bell.", "room 14", L),
    ("A mom I work with drives in from the reservation every week.", "reservation", L),
    ("My client just got into Harwood University!", "Harwood University", ORG),
    ("A client of mine, a retired firefighter, told me about the fire.", "retired firefighter", Q),
    ("My client who overdosed last week is home now.", "overdosed last week", Q),
    ("My client's dad's new girlfriend came to the session.", "dad's new girlfriend", Q),
    (
        "The only kid in our district with a cochlear implant read aloud today, my student!",
        "only kid in our district with a cochlear implant",
        Q,
    ),
    ("My client gave me her number, 503-555-0199, to call her back.", "503-555-0199", C),
    # proper nouns no table names, inside a client's story
    (
        "A patient of mine just got the job at Brightwater Tile after a long year.",
        "Brightwater Tile",
        L,
    ),
    ("A kiddo I see told me her cousin Delphine moved in with them.", "Delphine", N),
]


@pytest.mark.parametrize(("text", "needle", "label"), FOUND)
def test_identifiers_marks_exact_span(text: str, needle: str, label: SpanLabel) -> None:
    found = spans(text)
    start, end = at(text, needle)
    assert any(f.start == start and f.end == end and f.label is label for f in found), [
        (text[f.start : f.end], f.label) for f in found if f.start is not None
    ]


# Hard negatives: the writer's own life, announcements, public figures, general statements.
NOTHING = [
    "Happy 40th birthday to my college roomie Jess Carter! So proud of you.",
    "Our Ava turned 9 today! Party at Lakeview Park Saturday at 2 if you're local.",
    "My son's IEP meeting at Roosevelt Middle is Thursday at 3 and I'm nervous.",
    "Got diagnosed with ADHD at 38. Starting meds Monday, wish me luck!",
    "WORKSHOP: Join me, Dr. Ana Ruiz, LMFT, Saturday March 8, 10am at 12 Oak St. "
    "Call (555) 201-3344.",
    "'When I accept myself just as I am, then I can change.' (Carl Rogers) Happy Monday!",
    "Kids often show anxiety as stomachaches. Talk to your pediatrician if you see it a lot.",
    "I-85 at 5pm is its own form of exposure therapy.",
    "Sunday reset: long walk, phone off, soup on the stove.",
    "Meet our newest clinician, Jordan Reyes, LPC! Now booking Tuesdays and Thursdays.",
    "Reminder that my Thursday 4pm is MY therapy appointment and I guard it.",
    "I started as a 24-year-old case manager with a caseload of 60. Here's to ten more years.",
    "Back-to-school shopping with my 5th grader. Where are the binders?",
    "Took the kids to see Santa at Riverside Mall. We all survived.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_identifiers_yield_nothing(text: str) -> None:
    assert [(text[f.start : f.end], f.code) for f in spans(text) if f.start is not None] == []


def test_identifiers_allow_list_removes_own_details() -> None:
    text = "My client Marisol finally got into Harwood University!"
    assert any(
        text[f.start : f.end] == "Harwood University" for f in spans(text) if f.start is not None
    )
    allowed = spans(text, Config(allow=("Harwood University",)))
    assert not any("Harwood" in text[f.start : f.end] for f in allowed if f.start is not None)


def test_identifiers_repeated_name_is_marked_everywhere() -> None:
    text = "I want to tell you about Darnell. Darnell came to our program after a hard year."
    names = [(f.start, f.end) for f in spans(text) if f.label is N]
    assert at(text, "Darnell", 0) in names
    assert at(text, "Darnell", 1) in names


def test_identifiers_in_client_material_need_no_care_words() -> None:
    # Words read from a client's note: no "my client" anywhere, yet every detail is theirs.
    text = "Dear Ms Kim, thank you for everything. Rosa, age 9, Lincoln Elementary"
    post = Post(text=text, client_material=True)
    found = {
        text[f.start : f.end]
        for f in IdentifierDetector().detect(post, build_context(post, Config()))
    }
    assert {"age 9", "Lincoln Elementary"} <= found
    assert spans(text) == []  # the same words in an ordinary post are nobody's details
