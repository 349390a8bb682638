"""Properties of the screener that must hold for any text, whatever the detectors do.

- it never raises anything but InputError;
- every span and finding offset lies inside the text;
- the same post screened twice gives the same answer, and the Post is not changed;
- adding a client identifier to a draft about a client never lowers the verdict.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pausepost.config import Config
from pausepost.core.analysis import build_context
from pausepost.core.screener import Screener
from pausepost.core.types import Assessment, Audience, Post, SpanLabel
from pausepost.errors import InputError

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Screen with an allow-list whose terms change length under casefold()/lower()
# ("ß" -> "ss", "İ" -> "i̇"), so offset bookkeeping is exercised too.
CONFIG = Config(allow=("Dr. Maria Alvarez", "Straße 5", "İpek Yılmaz", "(864) 555-0142"))


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default(CONFIG)


# Pieces that stress offsets (multi-codepoint emoji, combining marks, RTL and bidi
# controls, case mappings that change length) and words that make detectors fire.
TRICKY = [
    "😂",
    "👩🏽‍⚕️",
    "🇺🇸",
    "e\u0301",
    "Zoë",
    "ﬁ",
    "ß",
    "İ",
    "Σ",
    "مرحبا بالعالم",
    "שלום",
    "\u202e",
    "\u200b",
    "\u200d",
    "\n",
    "\r\n",
    "\t",
    "  ",
    ".",
    "!",
    "?",
    "...",
    "#",
    "@",
    "my client",
    "my 3pm",
    "17yo",
    "Thursday 5pm",
    "Westview High",
    "Rosa",
    "overdosed",
    "lol",
    "shared with permission",
    "screenshot",
    "no-showed AGAIN",
    "Dr. Maria Alvarez",
    "Straße 5",
    "İpek Yılmaz",
]

texts = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=20)), min_size=0, max_size=25
).map(" ".join)
posts = st.builds(
    Post,
    text=texts,
    platform=st.sampled_from([None, "facebook", "x", "instagram", "tiktok_caption"]),
    audience=st.sampled_from([None, Audience.PERSONAL, Audience.PROFESSIONAL]),
    id=st.sampled_from([None, "p-1"]),
)


def screen_or_none(screener: Screener, post: Post) -> Assessment | None:
    """Only InputError may escape (empty, binary, too long); anything else fails the test."""
    try:
        return screener.screen(post)
    except InputError:
        return None


def assert_offsets_inside(a: Assessment) -> None:
    n = len(a.post.text)
    for f in a.findings:
        if f.start is not None or f.end is not None:
            assert f.start is not None and f.end is not None, f
            assert 0 <= f.start < f.end <= n, f
        if f.label is not None:
            assert f.has_span and f.label in SpanLabel, f
    for s in a.to_dict()["spans"]:
        assert 0 <= s["start"] < s["end"] <= n
        assert s["text"] == a.post.text[s["start"] : s["end"]]


@SETTINGS
@given(post=posts)
@example(post=Post(text="My 17yo client Rosa from Westview High overdosed last night 😂 lol"))
@example(post=Post(text="İİİ Straße 5 ﬁ my client Rosa, 17yo, Thursday 5pm"))
@example(post=Post(text="\u202eRosa 17yo\u202c my 3pm 👩🏽‍⚕️"))
def test_screen_any_text_offsets_inside_and_deterministic(screener: Screener, post: Post) -> None:
    before = copy.deepcopy(post)
    first = screen_or_none(screener, post)
    assert post == before  # the input Post is untouched
    if first is None:
        return
    assert_offsets_inside(first)
    second = screener.screen(post)
    assert second.to_dict() == first.to_dict()  # same findings, same order, same words
    assert first.findings == second.findings


@SETTINGS
@given(text=st.text(max_size=300))
def test_screen_raw_unicode_never_crashes(screener: Screener, text: str) -> None:
    a = screen_or_none(screener, Post(text=text))
    if a is not None:
        assert_offsets_inside(a)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\t", "\x00client", "\x01" * 50, "a" * 70_000, "\ufffd" * 40],
)
def test_screen_unscreenable_text_raises_input_error(screener: Screener, text: str) -> None:
    with pytest.raises(InputError):
        screener.screen(Post(text=text))


@pytest.mark.parametrize("prefix", ["Straße ", "İİ ", "ﬁne "])
def test_allow_spans_cover_the_allowed_term(prefix: str) -> None:
    text = prefix + "Maria said hi"
    ctx = build_context(Post(text=text), Config(allow=("maria",)))
    assert [text[s:e] for s, e in ctx.allow_spans] == ["Maria"]


@pytest.mark.parametrize(
    "prefix",
    [
        "",
        "Notes: ",
        "Straße notes: ",  # drifts by one only: the shifted span still overlaps
        "ßßßßßßßßßßßß ",
        "İİİİİİİİ ",
    ],
)
def test_allow_listed_name_is_never_marked(prefix: str) -> None:
    # The clinician allow-listed "Rosa"; a client detail next to it must still be marked.
    text = prefix + "My client Rosa, 17yo, had a great week."
    a = Screener.default(Config(allow=("Rosa",))).screen(Post(text=text))
    marked = [text[f.start : f.end] for f in a.spans if f.start is not None]
    assert not any("Rosa" in m for m in marked), marked
    assert any("17" in m for m in marked), marked


# --- adding an identifier never lowers the verdict ---------------------------------------

# Drafts about a client; "{}" marks where a detail about that client fits naturally.
SEEDS = [
    "One of my clients{} had a hard week.",
    "A client{} finally said the thing she's been holding in for months.",
    "So proud of a kiddo on my caseload{} who used her words today.",
    "My patient{} asked me if it ever gets easier. I didn't have an answer.",
    "Had a client{} cancel last minute again. Deep breaths.",
    "A student I work with{} read a whole page out loud today! 📚",
]

FIRST_NAMES = ["Rosa", "Jaylen", "Mrs. Okafor", "Tomás", "Priya", "Big Mike", "Zoë"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SCHOOL_STEMS = ["Westview", "Lincoln", "Cedar Ridge", "St. Agnes", "Harbor Point"]
SCHOOL_KINDS = ["High", "High School", "Elementary", "Middle School", "Academy"]

ages = st.one_of(
    st.integers(3, 95).map(lambda n: f"{n}yo"),
    st.integers(3, 95).map(lambda n: f"{n}-year-old"),
    st.integers(3, 19).map(lambda n: f"age {n}"),
)
times = st.builds(
    lambda day, hour, half: f"{day} {hour}{half}",
    st.sampled_from(WEEKDAYS),
    st.integers(1, 12),
    st.sampled_from(["am", "pm", ":30pm", " pm"]),
)
schools = st.builds(
    lambda stem, kind: f"{stem} {kind}",
    st.sampled_from(SCHOOL_STEMS),
    st.sampled_from(SCHOOL_KINDS),
)
names = st.sampled_from(FIRST_NAMES)

# (identifier strategy, how it sits in the "{}" slot, how it reads as an added sentence)
IDENTIFIERS = st.one_of(
    st.tuples(ages, st.just(" ({})"), st.just(" She's {}.")),
    st.tuples(times, st.just(" (my {} slot)"), st.just(" Same time {}.")),
    st.tuples(schools, st.just(" from {}"), st.just(" Go {} Eagles!")),
    st.tuples(names.map(lambda n: f"my client {n}"), st.just(" ({})"), st.just(" Love you, {}.")),
)


def rank(screener: Screener, text: str) -> int:
    return screener.screen(Post(text=text)).verdict.rank


@pytest.fixture(scope="module")
def seed_ranks(screener: Screener) -> dict[str, int]:
    return {seed: rank(screener, seed.format("")) for seed in SEEDS}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.sampled_from(SEEDS),
    ident=IDENTIFIERS,
    where=st.sampled_from(["slot", "end", "start"]),
)
def test_adding_an_identifier_never_lowers_the_verdict(
    screener: Screener,
    seed_ranks: dict[str, int],
    seed: str,
    ident: tuple[str, str, str],
    where: str,
) -> None:
    value, in_slot, as_sentence = ident
    base = seed.format("")
    if where == "slot":
        text = seed.format(in_slot.format(value))
    elif where == "end":
        text = base + as_sentence.format(value)
    else:
        text = as_sentence.format(value).strip() + " " + base
    assert value in text
    assert rank(screener, text) >= seed_ranks[seed], (base, text)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_fully_identified_client_is_held(screener: Screener, seed: str) -> None:
    # Name + age + school + slot together single a client out beyond doubt.
    text = seed.format(", my client Rosa (17yo, Westview High, my Thursday 5pm),")
    assert screener.screen(Post(text=text)).verdict.value == "hold"
