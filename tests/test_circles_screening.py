"""What may leave the machine in a vent: `pausepost.circles.screening.check_vent`, with the
real screener (rules and model), as a circle would run it."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from pausepost.circles.screening import (
    CLIENT_QUESTION,
    MAX_VENT_CHARS,
    OPEN_QUESTION,
    VentCheck,
    VentProblem,
    check_vent,
)
from pausepost.config import Config
from pausepost.core.screener import Screener
from pausepost.core.types import Assessment, Post
from pausepost.errors import InputError


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default(Config.load())


def _kinds(check: VentCheck) -> list[str]:
    return [p.kind for p in check.problems]


def _typed(text: str, problem: VentProblem) -> str:
    assert problem.start is not None and problem.end is not None
    assert text[problem.start : problem.end] == problem.excerpt
    return problem.excerpt


# -- what blocks --------------------------------------------------------------------------


def test_circle_vent_naming_a_client_is_not_sendable(screener: Screener) -> None:
    text = "Maria cancelled again and I am so tired of her excuses. Maria always does this."
    check = check_vent(screener, text)
    assert not check.sendable
    assert _kinds(check) == ["identifier", "identifier"]
    assert [_typed(text, p) for p in check.problems] == ["Maria", "Maria"]
    assert check.question == CLIENT_QUESTION


def test_circle_deidentified_name_case_is_sendable_and_keeps_the_feeling(
    screener: Screener,
) -> None:
    text = "Maria cancelled again and I am so tired of her excuses."
    check = check_vent(screener, text)
    assert check.deidentified == "[name] cancelled again and I am so tired of her excuses."
    assert check.deidentified_sendable
    assert check_vent(screener, check.deidentified).sendable  # the same rules, again


def test_circle_consent_claim_is_not_a_licence(screener: Screener) -> None:
    text = "Maria's mum cancelled again. She said I could share this. I feel so unappreciated."
    check = check_vent(screener, text)
    assert not check.sendable
    consent = [p for p in check.problems if p.kind == "consent_claim"]
    assert [_typed(text, p) for p in consent] == ["said I could share"]
    assert "still" in consent[0].reason and "theirs" in consent[0].reason
    # The sentence with the claim goes; the name is replaced; the feeling stays.
    assert check.deidentified == "[name]'s mum cancelled again. I feel so unappreciated."
    assert check.deidentified_sendable


def test_circle_age_and_school_are_identifiers(screener: Screener) -> None:
    text = "My 14-year-old client at Lincoln High told me today she hates everyone. I feel drained."
    check = check_vent(screener, text)
    assert not check.sendable
    found = {_typed(text, p) for p in check.problems if p.kind == "identifier"}
    assert found == {"14-year-old", "Lincoln High"}
    assert check.deidentified is not None
    assert "[age]" in check.deidentified and "[organisation]" in check.deidentified
    assert "Lincoln" not in check.deidentified and "14" not in check.deidentified
    assert check.deidentified.endswith("I feel drained.")
    assert check.deidentified_sendable


def test_circle_clinical_detail_about_one_client_blocks(screener: Screener) -> None:
    text = "My client stopped her meds again. I feel useless."
    check = check_vent(screener, text)
    assert not check.sendable
    clinical = [p for p in check.problems if p.kind == "clinical"]
    assert [_typed(text, p) for p in clinical] == ["meds"]
    assert check.deidentified == "My client stopped her [clinical detail] again. I feel useless."
    assert check.deidentified_sendable


def test_circle_client_media_sentence_is_dropped(screener: Screener) -> None:
    text = "I'm attaching a photo of the drawing my client made for me today. It broke my heart."
    check = check_vent(screener, text)
    assert "client_media" in _kinds(check)
    assert check.deidentified == "It broke my heart."
    assert check.deidentified_sendable


def test_circle_nothing_left_means_no_deidentified_version(screener: Screener) -> None:
    check = check_vent(screener, "She said I could share this.")
    assert _kinds(check) == ["consent_claim"]
    assert check.deidentified is None
    assert not check.deidentified_sendable


# -- what passes ---------------------------------------------------------------------------


def test_circle_plain_vent_about_a_client_is_sendable(screener: Screener) -> None:
    # The screener itself says revise (negative, work venting): in a circle that is the point.
    text = "A client cancelled for the third time and I feel so unappreciated"
    check = check_vent(screener, text)
    assert check.assessment.verdict.value != "post"
    assert check.sendable, check.problems
    assert check.problems == ()
    assert check.deidentified == text and check.deidentified_sendable
    assert check.question == CLIENT_QUESTION


def test_circle_my_client_cancelled_is_not_a_clinical_detail(screener: Screener) -> None:
    # The model labels this "clinical" (a topic, not a detail): with no identifier and no
    # diagnosis, medication or risk word, it may go.
    text = "My client cancelled again and I feel so unappreciated."
    assert "clinical" in {c.value for c in check_vent(screener, text).assessment.concerns}
    assert check_vent(screener, text).sendable


@pytest.mark.parametrize(
    "text",
    [
        "Kids never listen. Doctors never call back. Nobody said thanks.",
        "Honestly never again. Supervision cancelled. Staff said no.",
    ],
    ids=["people-words", "adverb-and-work-words"],
)
def test_circle_capitalised_first_words_are_not_taken_for_names(
    screener: Screener, text: str
) -> None:
    assert "identifier" not in _kinds(check_vent(screener, text))


def test_circle_every_name_starting_a_sentence_is_caught(screener: Screener) -> None:
    text = "Lily cried all session. Kelly never showed. I feel like I am failing everyone."
    check = check_vent(screener, text)
    names = [_typed(text, p) for p in check.problems if p.kind == "identifier"]
    assert names == ["Lily", "Kelly"]


def test_circle_vent_with_no_client_gets_the_gentler_question(screener: Screener) -> None:
    check = check_vent(screener, "Today was long. Work never ends. Nobody called back.")
    assert check.sendable, check.problems
    assert check.question == OPEN_QUESTION


# -- text as typed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "𝐌𝐚𝐫𝐢𝐚 cancelled again and I feel so unappreciated.",
        "My client 𝐌𝐚𝐫𝐢𝐚 cancelled again and I feel so unappreciated.",
    ],
    ids=["at-sentence-start", "after-my-client"],
)
def test_circle_styled_name_is_blocked_over_the_typed_characters(
    screener: Screener, text: str
) -> None:
    check = check_vent(screener, text)
    assert not check.sendable
    names = [p for p in check.problems if p.kind == "identifier"]
    assert [_typed(text, p) for p in names] == ["𝐌𝐚𝐫𝐢𝐚"]
    assert check.deidentified is not None and "𝐌" not in check.deidentified
    assert "[name]" in check.deidentified and check.deidentified_sendable


def test_circle_danish_is_unreadable_never_passed(screener: Screener) -> None:
    text = "Min klient aflyste igen i dag, og jeg føler mig så utilstrækkelig og træt af det hele."
    check = check_vent(screener, text)
    assert not check.sendable
    assert _kinds(check) == ["unreadable"]
    assert "Danish" in check.problems[0].reason
    assert check.deidentified is None and not check.deidentified_sendable


def test_circle_failed_check_is_unreadable(screener: Screener) -> None:
    class Broken:
        def screen(self, post: Post) -> Assessment:
            return replace(screener.screen(post), errors=("identifiers: RuntimeError",))

    check = check_vent(Broken(), "Long day, and I have nothing left.")
    assert _kinds(check) == ["unreadable"]
    assert not check.sendable


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("  \n\t ", "empty"), ("x" * (MAX_VENT_CHARS + 1), "8,000")],
)
def test_circle_empty_or_oversized_vent_is_refused(
    screener: Screener, text: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        check_vent(screener, text)


def test_circle_vent_at_the_limit_is_checked(screener: Screener) -> None:
    text = ("I feel tired. " * 800)[:MAX_VENT_CHARS]
    assert check_vent(screener, text).sendable


# -- pictures ---------------------------------------------------------------------------------

VENT = "Long day, and I have nothing left."


def _needs_image_tools() -> None:
    pytest.importorskip("cv2")
    from pausepost.media.ocr import tesseract_path

    if tesseract_path() is None:
        pytest.skip("tesseract is not installed")


def test_circle_photo_of_a_handwritten_note_is_refused(screener: Screener) -> None:
    _needs_image_tools()
    import media_samples as S

    data = S.png_bytes(S.note_handwritten())
    check = check_vent(screener, VENT, pictures=[("note.png", data)])
    assert not check.sendable
    (problem,) = check.problems
    assert problem.kind == "picture" and problem.picture == "note.png"
    assert problem.start is None and problem.excerpt == ""
    assert "note" in problem.reason and "handwriting" in problem.reason
    # The words alone may go.
    assert check.deidentified == VENT and check.deidentified_sendable


def test_circle_picture_reasons_say_what_the_image_screen_saw(screener: Screener) -> None:
    _needs_image_tools()
    import media_samples as S

    pictures = [
        ("cafe.jpg", S.jpeg_bytes(S.coffee(), exif=S.gps_exif())),
        ("face.png", S.png_bytes(S.astronaut())),
        ("broken.png", b"not a picture at all"),
    ]
    check = check_vent(screener, VENT, pictures=pictures)
    by_name = {p.picture: p.reason for p in check.problems}
    assert _kinds(check) == ["picture"] * 3
    assert "where it was taken" in by_name["cafe.jpg"]
    assert "face" in by_name["face.png"]
    assert "could not read" in by_name["broken.png"]


def test_circle_picture_without_the_media_extra_is_refused_plainly(
    screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pausepost.media.analyze", None)  # import fails
    check = check_vent(screener, VENT, pictures=[("any.jpg", b"\xff\xd8\xff")])
    (problem,) = check.problems
    assert problem.kind == "picture"
    assert "media extra is not installed" in problem.reason
    assert "never sent" in problem.reason


def test_circle_screening_imports_no_web_or_image_code() -> None:
    code = (
        "import sys, pausepost.circles.screening; "
        "print(sorted(m for m in sys.modules if m.startswith(('pausepost.web', 'PIL', 'cv2', "
        "'fastapi', 'pausepost.media'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "text",
    [
        "My client Daniela Okafor cancelled again and I am so tired of it.",
        "Maria Lopez-Diaz said no to everything today and I felt useless.",
        "My client Daniela M. Okafor missed her session again.",
    ],
)
def test_circle_surname_goes_with_the_name(screener: Screener, text: str) -> None:
    check = check_vent(screener, text)
    assert not check.sendable
    names = [_typed(text, p) for p in check.problems if p.kind == "identifier"]
    surname = text.split("-")[0].split()[3 if text.startswith("My client") else 1]
    surname = surname.strip(".")
    assert any(surname.split("-")[0] in n for n in names), names
    assert check.deidentified is not None
    for part in ("Okafor", "Lopez", "Diaz"):
        assert part not in check.deidentified


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I had the same with Tommy Reyes last year.", "Tommy Reyes"),
        ("Honestly I think about Ana Lucía Pérez every day since she died.", "Ana Lucía Pérez"),
        ("I think about Maria every day.", "Maria"),
        ("Little Bear tried to run off the unit again last night.", "Little Bear"),
        ("Spent the whole shift with Big Mike again and I'm wiped.", "Big Mike"),
        ("Honestly Lil Man is the reason I stay.", "Lil Man"),
    ],
)
def test_circle_names_and_nicknames_inside_a_sentence_are_caught(
    screener: Screener, text: str, name: str
) -> None:
    check = check_vent(screener, text)
    assert not check.sendable
    assert name in [_typed(text, p) for p in check.problems if p.kind == "identifier"]
    assert check.deidentified is not None and name not in check.deidentified


@pytest.mark.parametrize(
    "text",
    [
        "Had a rough Monday on the ICU, charting in Epic until late.",
        "Merry Christmas to everyone in this circle, you kept me going this year.",
        "Kids in foster care break me every single time.",
        "Rough day. Anyone else feel like they're drowning in documentation?",
    ],
)
def test_circle_days_holidays_and_apps_are_not_names(screener: Screener, text: str) -> None:
    assert check_vent(screener, text).sendable


def test_circle_allow_list_lets_a_colleagues_name_through() -> None:
    text = "Talked it through with Jen, my supervisor, and felt better."
    plain = Screener.default(Config())
    assert not check_vent(plain, text).sendable
    allowed = Screener.default(Config().with_allowed("Jen"))
    assert check_vent(allowed, text).sendable
