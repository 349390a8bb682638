"""Styled letters, invisible characters and letter-spacing are read as plain text, and every
finding still points at what the writer typed (issue 10, item 1); "Python client" is software
(item 3)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pausepost.core.normalize import normalize
from pausepost.core.screener import Screener
from pausepost.core.types import Assessment, Post


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


def _offset_style(upper: int, lower: int, digits: int | None = None):  # type: ignore[no-untyped-def]
    def style(ch: str) -> str:
        if "A" <= ch <= "Z":
            return chr(upper + ord(ch) - ord("A"))
        if "a" <= ch <= "z":
            return chr(lower + ord(ch) - ord("a"))
        if "0" <= ch <= "9" and digits is not None:
            return chr(digits + ord(ch) - ord("0"))
        return ch

    return style


def _small_caps(ch: str) -> str:
    # Generators turn lower-case letters into small capitals; q and x have none.
    if "a" <= ch <= "z":
        try:
            return unicodedata.lookup(f"LATIN LETTER SMALL CAPITAL {ch.upper()}")
        except KeyError:
            return ch
    return ch


# Alphabets without holes (the maths italic h, for one, lives elsewhere as U+210E).
STYLES = {
    "bold": _offset_style(0x1D400, 0x1D41A, 0x1D7CE),
    "bold italic": _offset_style(0x1D468, 0x1D482),
    "sans bold": _offset_style(0x1D5D4, 0x1D5EE, 0x1D7EC),
    "sans italic": _offset_style(0x1D608, 0x1D622),
    "sans bold italic": _offset_style(0x1D63C, 0x1D656),
    "monospace": _offset_style(0x1D670, 0x1D68A, 0x1D7F6),
    "bold script": _offset_style(0x1D4D0, 0x1D4EA),
    "bold fraktur": _offset_style(0x1D56C, 0x1D586),
    "full-width": _offset_style(0xFF21, 0xFF41, 0xFF10),
    "circled": _offset_style(0x24B6, 0x24D0),
    "small caps": _small_caps,
}


def styled(text: str, style: str) -> str:
    return "".join(STYLES[style](ch) for ch in text)


@pytest.mark.parametrize("whole", [False, True])
def test_the_reported_draft_is_held_like_its_plain_twin(whole: bool, screener: Screener) -> None:
    plain = "My client Sarah told me in session she is suicidal"
    if whole:  # LinkedIn posts styled from the first letter to the last
        fancy = styled(plain, "sans bold")
    else:
        fancy = (
            f"My {styled('client', 'sans bold')} Sarah told me in "
            f"{styled('session', 'sans bold')} she is {styled('suicidal', 'sans bold')}"
        )
    assert screener.screen(Post(text=plain)).verdict.value == "hold"
    result = screener.screen(Post(text=fancy))
    assert result.verdict.value == "hold"
    marked = {fancy[f.start : f.end] for f in result.spans if f.start is not None}
    assert (styled("Sarah", "sans bold") if whole else "Sarah") in marked


@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_style_folds_to_plain_letters(style: str) -> None:
    text = "Maria R. in room 412, my client since 2019"
    assert styled(text, style) != text
    assert normalize(styled(text, style)).text == text


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("cli\u200bent", "client"),  # zero-width space
        ("ses\u00adsion", "session"),  # soft hyphen
        ("s\u2060uicidal", "suicidal"),  # word joiner
        ("c\u0336l\u0336i\u0336e\u0336n\u0336t\u0336", "client"),  # struck through
        ("u\u0332n\u0332d\u0332e\u0332r", "under"),  # underlined
        ("she is s u i c i d a l", "she is suicidal"),
        ("S-U-I-C-I-D-A-L today", "SUICIDAL today"),
        ("my сlient Оlga", "my client Olga"),  # Cyrillic с and О inside Latin words
        ("Му 4pm no-showed again", "My 4pm no-showed again"),  # a word all in lookalikes
        ("🅼🆈 🅲🅻🅸🅴🅽🆃", "MY CLIENT"),  # negative squared letters
        ("⒨⒴ ⒦⒤⒟", "my kid"),  # parenthesized letters
        ("ℌ𝔢𝔩𝔩𝔬 ℳ𝒶𝓇𝒾𝒶", "Hello Maria"),  # letterlike forms among maths letters
    ],
)
def test_disguises_are_read_as_plain(typed: str, read: str) -> None:
    assert normalize(typed).text == read


@pytest.mark.parametrize(
    "text",
    [
        "Привет, как дела?",  # Russian stays Russian
        "Καλημέρα σε όλους",  # Greek stays Greek
        "café José naïve 🙄🎉 👨‍👩‍👧",  # accents kept; the family emoji is not text
        "½ price ™ ©",  # symbols are not letters
        "I am a b c",  # three single letters are not a spaced word
        "今日は良い天気",
    ],
)
def test_ordinary_text_is_left_alone_where_it_matters(text: str) -> None:
    got = normalize(text).text
    assert re.sub("\u200d", "", got) == re.sub("\u200d", "", text)


def test_spans_map_back_to_every_character_typed() -> None:
    typed = "she is s u i c i d a l, my c\u200bl\u200bient"
    norm = normalize(typed)
    for word in ("suicidal", "client"):
        start = norm.text.index(word)
        a, b = norm.span(start, start + len(word))
        assert re.sub(r"[\s\u200b]", "", typed[a:b]) == word
    assert norm.span(0, 0) == (0, 0)
    assert normalize("plain").span(1, 3) == (1, 3)


SOFTWARE = [
    "Just shipped our new Python client for the API, feedback welcome",
    "Wrote a Rust client for Postgres this weekend. Client code is on GitHub",
    "Our REST client now retries on 503s",
    "Switched email clients again, Thunderbird it is",
    "Client-side rendering is finally fast on old phones",
    "The client/server split in this app makes no sense to me",
    "Installed the Epic client on my laptop finally",
    "Switched to the Outlook client for my calendar",
    "Finally got the Citrix client working from home",
    "Installed the Zoom client on my new laptop",
]


@pytest.mark.parametrize("text", SOFTWARE)
def test_software_clients_are_not_people(text: str, screener: Screener) -> None:
    assert not re.search(r"\bclients?\b", normalize(text).text, flags=re.I)
    result = screener.screen(Post(text=text))
    assert result.verdict.value == "post", [f.code for f in result.findings]


@pytest.mark.parametrize(
    "text",
    [
        "My client told me about her divorce today",
        "My Native clients taught me more than school did",
        "I go client to client all day and I'm wiped",
        "Client session notes are due Friday",
        "My Zoom clients were lovely today",  # people seen over Zoom
        "an epic client session today",
    ],
)
def test_people_who_are_clients_stay_clients(text: str) -> None:
    assert normalize(text).text == text


# Drafts of every verdict, written for this test.
DRAFTS = [
    "My client Sarah told me in session she is suicidal",
    "My 4pm no-showed AGAIN, third time this month",
    "Proud of a client who set a boundary this week",
    "Beautiful hike with my dog this morning",
    "Pt in room 12 is 94 and still flirting with every nurse lol",
    "Mr. Jones from Elm Street finally paid his bill",
    "Reminder: CEU deadline is March 31 for all LCSWs",
    "Had a rough shift. Coffee and a nap are in order",
    "that kid in 4B bit me again, his mom is useless",
]


def _verdict_and_codes(result: Assessment) -> tuple[str, list[str]]:
    return result.verdict.value, sorted(f.code for f in result.findings)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    draft=st.sampled_from(DRAFTS),
    style=st.sampled_from(sorted(STYLES)),
    picks=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=3),
)
def test_styling_any_alphanumeric_run_never_changes_the_verdict(
    draft: str, style: str, picks: list[int], screener: Screener
) -> None:
    runs = list(re.finditer(r"[A-Za-z0-9]+", draft))
    chosen = {runs[p % len(runs)].span() for p in picks}
    text = "".join(
        styled(draft[a:b], style) if (a, b) in chosen else draft[a:b]
        for a, b in _pieces(draft, sorted(chosen))
    )
    plain = screener.screen(Post(text=draft))
    fancy = screener.screen(Post(text=text))
    assert _verdict_and_codes(fancy) == _verdict_and_codes(plain)
    # One styled letter is one code point, so the spans land on the same places.
    assert [(f.start, f.end) for f in fancy.findings] == [(f.start, f.end) for f in plain.findings]


def _pieces(text: str, chosen: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for a, b in chosen:
        out += [(pos, a), (a, b)]
        pos = b
    return [*out, (pos, len(text))]
