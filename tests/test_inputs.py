"""Input checks: what cannot be screened, and drafts in a language Pause cannot read."""

from __future__ import annotations

import pytest

from pausepost import InputError, Post, Screener, Verdict
from pausepost.core.inputs import MAX_CHARS, decode_bytes, reads_as_english, validate_text
from pausepost.core.language import LANGUAGE_NAMES, MODEL_LANGUAGES, read_language


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "a" * (MAX_CHARS + 1),
        "\x00abc",
        "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c" * 3,
    ],
)
def test_inputs_unscreenable_text_is_refused(text: str) -> None:
    with pytest.raises(InputError):
        validate_text(text)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("héllo".encode(), "héllo"),
        ("\ufeffhéllo".encode(), "héllo"),  # UTF-8 with a byte-order mark
        ("héllo".encode("utf-16"), "héllo"),
    ],
)
def test_inputs_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize("data", [b"\xff\xfe\xfd not utf8 \xc3\x28", b"\x00\x01\x02binary"])
def test_inputs_decode_refuses_binary_and_bad_utf8(data: bytes) -> None:
    with pytest.raises(InputError):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Sunday reset: long walk, phone off, soup on the stove.", True),
        ("Yay yay yay #mets", True),
        ("take a look. it's in a book. a reading rainbow.", True),
        ("Hoy mi cliente me dijo que su esposo la dejó. Estoy muy triste por ella.", False),
        ("Aujourd'hui une cliente m'a dit que son mari est parti pour de bon.", False),
        ("今天我的客户告诉我她很难过", False),
        ("اليوم أخبرتني موكلتي أنها حزينة جدا", False),
        # Item 2: Danish and Vietnamese passed the old function-word list as English.
        ("En 82-årig kvinde fra Vejle blev indlagt med hjertesvigt i nat.", False),
        ("Min klient fortalte mig, at hun er blevet skilt.", False),
        ("Bệnh nhân của tôi nói rằng cô ấy đã ly hôn.", False),
        ("Patienten på stue 4 spurgte efter sin hund hele natten.", False),
    ],
)
def test_inputs_reads_as_english(text: str, english: bool) -> None:
    assert reads_as_english(text) is english


# English written the way clinicians post: never "another language" (the costly error).
SLOPPY_ENGLISH = [
    "lol this shift tho 😂😂",
    "omg pt in 3 just asked if i was single lmao",
    "ngl the ER was wild tonite",
    "frequent flyer back again smh #nurselife",
    "GOMER in bed 12 again, 3rd time this month 🙄",
    "pt c/o SOB, hx CHF, NPO after midnite",
    "s/p MVA, GCS 15, d/c home w/ f/u",
    "LMAO, AMAZING!",
    "Blah blah blah. Snow. More snow. Blah blah blah.",
    "gonna nap for 14 hrs brb",
    "Nervous as hell",
    "@anonymous death death death death death",
    "Check this out https://example.org/a/very/long/path?with=query&and=more",
]


@pytest.mark.parametrize("text", SLOPPY_ENGLISH)
def test_inputs_sloppy_english_stays_english(text: str) -> None:
    assert reads_as_english(text) is True


@pytest.mark.parametrize(
    ("text", "english"),
    [
        # A greeting in another language: the English sentences are screened as usual.
        ("¡Hola amigos! Today a client told me her husband left her after 20 years.", True),
        ("Bonjour! Long shift today, but my patients made me smile.", True),
        # One English word does not make a Danish post English.
        ("Min patient fra Odense har fået kræft igen. Weekend!", False),
        ("En 82-årig kvinde fra Vejle fik i dag sin diagnose, so sad.", False),
        # A real Danish sentence inside an English post is a part Pause cannot read.
        (
            "Long week on the unit, grateful for my team. "
            "Min klient fortalte mig i dag, at hendes mand har forladt hende.",
            False,
        ),
    ],
)
def test_inputs_mixed_language_is_decided_per_sentence(text: str, english: bool) -> None:
    assert reads_as_english(text) is english


def test_inputs_every_language_the_model_may_answer_has_a_name() -> None:
    assert set(MODEL_LANGUAGES) <= set(LANGUAGE_NAMES)


def test_inputs_language_reading_names_the_language() -> None:
    reading = read_language("Min klient fortalte mig, at hun er blevet skilt.")
    assert not reading.checkable
    assert reading.unread_names == "Danish"


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


def test_inputs_other_language_never_posts(screener: Screener) -> None:
    # Pause's lists are English: it cannot vouch for a draft it cannot read, so it says so.
    a = screener.screen(Post(text="Hoy mi cliente me dijo que su esposo la dejó por otra."))
    assert a.verdict is Verdict.REVISE
    assert [r.code for r in a.reasons] == ["language_unsupported"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("En 82-årig kvinde fra Vejle blev indlagt med hjertesvigt i nat.", "Danish"),
        ("Min klient fra Odense fortalte mig i dag, at hun vil tage sit liv.", "Danish"),
        ("Bệnh nhân 45 tuổi của tôi ở Huế đã cố tự tử đêm qua.", "Vietnamese"),
    ],
)
def test_inputs_unreadable_draft_is_not_checked_and_gets_no_rewrite(
    screener: Screener, text: str, language: str
) -> None:
    a = screener.screen(Post(text=text))
    assert a.verdict is not Verdict.POST
    reason = next(r for r in a.reasons if r.code == "language_unsupported")
    assert reason.message.startswith("Not checked:")
    assert language in reason.message and "English only" in reason.message
    assert a.rewrite is None  # never an English line in place of words nobody checked
    assert not any("general version" in line for line in a.advice)  # no rewrite to point to


def test_inputs_english_with_a_foreign_greeting_is_screened_normally(screener: Screener) -> None:
    a = screener.screen(Post(text="¡Hola amigos! Grateful for my team after a long week."))
    assert "language_unsupported" not in [r.code for r in a.reasons]
    b = screener.screen(
        Post(text="¡Hola! My client Maria, 34, from Toledo told me today she was raped.")
    )
    assert b.verdict is Verdict.HOLD
    assert "language_unsupported" not in [r.code for r in b.reasons]
    assert b.rewrite is not None  # English drafts still get their rewrite


@pytest.mark.parametrize(
    "text",
    [
        "Quick update for everyone: heute hat meine Klientin Anna die ganze Sitzung geweint",
        "Quick update for everyone: hoy mi paciente Ana lloró toda la sesión",
        "Quick update for everyone - i dag græd min klient Sarah hele sessionen",
        "Lovely shift today and also min klient Sarah græd hele sessionen om sin skilsmisse",
    ],
)
def test_inputs_a_switch_inside_a_sentence_is_not_checked(text: str, screener: Screener) -> None:
    """An English lead-in must not carry a story told in another language past the checks."""
    a = screener.screen(Post(text=text))
    assert a.verdict is not Verdict.POST
    assert "language_unsupported" in [r.code for r in a.reasons]
    assert a.rewrite is None


@pytest.mark.parametrize(
    "text",
    [
        "Had the best day with my team at the hospital today and I am so grateful for all of them",
        "sooooo tirrred aftr 3 dbl shifts in a row smh, cant feel my feet lol",
        "Feliz Navidad to all my coworkers on the night shift, you are the best",
        "Big thanks to the night team: heute war ein schöner Tag",
    ],
)
def test_inputs_english_with_an_aside_is_still_checked(text: str) -> None:
    assert reads_as_english(text)
