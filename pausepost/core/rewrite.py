"""A general, positive rewrite that keeps what the clinician meant and drops every specific.

The rewrite is built from the *theme* of the draft (a success, a gift, a hard week,
cancellations...) stated in general terms, plus any of the writer's own sentences
that carry no flag at all, so it still sounds like them. The Screener re-screens
each candidate and keeps the first that comes back `post`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pausepost.core.analysis import subject_of
from pausepost.core.lexicon import QUOTE
from pausepost.core.policy import Decision
from pausepost.core.types import Concern, Context, Post

I = re.IGNORECASE


@dataclass(frozen=True)
class Theme:
    code: str
    cue: re.Pattern[str] | None
    concerns: frozenset[Concern]
    # Several ways to say it, so two rewrites don't read like one template; `field` lines
    # suit one kind of work (therapy, bedside care, EMS, school) better than the general ones.
    lines: tuple[str, ...]
    field_lines: dict[str, tuple[str, ...]]

    @property
    def line(self) -> str:
        return self.lines[0]


def _t(
    code: str,
    cue: str | None,
    concerns: set[Concern],
    *lines: str,
    **field_lines: tuple[str, ...],
) -> Theme:
    return Theme(code, re.compile(cue, I) if cue else None, frozenset(concerns), lines, field_lines)


C = Concern
# First match wins: most particular themes first.
THEMES: tuple[Theme, ...] = (
    _t(
        "cancellations",
        r"no-?show|cancel|late|notice|pay\s+you|payment|charge|ghost",
        {C.NEGATIVE, C.WORK_VENTING},
        "A gentle reminder: if you need to cancel an appointment, letting the office know as "
        "early as you can means that time can go to someone on the waitlist. Thank you!",
        "If you can't make an appointment, a quick call ahead helps someone else get seen "
        "sooner. We appreciate it!",
        therapy=(
            "A gentle reminder for anyone in therapy: if you need to cancel, letting your "
            "therapist know as early as you can means that hour can go to another person on the "
            "waitlist. Thank you!",
        ),
    ),
    _t(
        "between_sessions",
        r"homework|practice|forg[eo]t|skills|plan|training|exercises",
        {C.NEGATIVE},
        "Change often happens between appointments. Small steps count, and every bit of "
        "practice adds up.",
        "Progress is rarely a straight line. Every small bit of practice between visits adds up.",
    ),
    _t(
        "parents",
        r"\b(?:parents?|moms?|dads?|famil(?:y|ies)|caregivers?)\b",
        {C.NEGATIVE},
        "Parents and caregivers: you are a huge part of your child's growth. We do our best "
        "work when we're on the same team.",
        "Families carry so much. Grateful for every parent and caregiver who shows up, tired "
        "as they are.",
    ),
    _t(
        "creations",
        r"\b(?:card|note|drawing|drew|painted|painting|poem|letter|wrote|bracelet|gift|art)\b",
        {C.CLIENT_MEDIA, C.CONSENT_CLAIMED},
        "The kind words and creativity people bring to this work stay with me. Grateful every day.",
        "Some days a small act of kindness from the people I serve carries me for weeks. "
        "Thankful for this work.",
    ),
    _t(
        "news",
        r"front\s+page|paper|news|gazette|herald",
        {C.CLIENT_MEDIA},
        "Nothing makes me happier than seeing young people in our community shine. Proud of "
        "this town.",
    ),
    _t(
        "loss",
        r"\b(?:died|death|funeral|passed|lost|overdos\w*|hospice|grief|dying|hospital|crisis|cps|5150|code|coded|doa)\b",
        {C.CLINICAL, C.WORK_VENTING, C.CLIENT_SPECIFIC, C.MOCKING},
        "This work asks a lot of the heart. Tonight I'm holding gratitude for the people I "
        "serve, and taking time to care for myself too.",
        "Some shifts stay with you. Going home to rest, and grateful for a team that carries "
        "the hard days together.",
        bedside=(
            "Some shifts stay with you. Going home to rest, and grateful for a team that "
            "carries the hard days together.",
            "Hard night. Proud of how my team showed up for each other. Rest, water, and "
            "back at it.",
        ),
        ems=(
            "Some calls stay with you. Grateful for my partner and crew, and taking time to "
            "decompress tonight.",
        ),
    ),
    _t(
        "success",
        r"proud|finally|graduat|milestone|landed|won|got\s+into|sober|brave|growth|thriving|"
        r"did\s+it|first\s+time|hug|thank|grateful|laughed|progress|big\s+step|win\b|taught\s+me",
        {C.CLIENT_SPECIFIC, C.CONSENT_CLAIMED, C.CLINICAL, C.IDENTIFIABLE},
        "I'm so proud of the courage I see in the people I work with. Growth takes time, and "
        "every step is worth celebrating.",
        "The strength people show on their hardest days never stops amazing me. Grateful to be "
        "a small part of it.",
        bedside=(
            "The strength people show on their hardest days never stops amazing me. Grateful "
            "to be a small part of it.",
        ),
        school=(
            "Watching students grow in confidence is the best part of this job. Small wins "
            "are still wins!",
        ),
    ),
    _t(
        "couples",
        r"\bcouples?\b|marriage|married|husband|wife",
        set(),
        "Watching couples learn new ways to reach for each other is a privilege.",
    ),
    _t(
        "kids",
        r"\b(?:kids?|kiddos?|child|children|teen\w*|\d+\s*(?:yo|y/o)|year-old|grader|students?)\b",
        {C.MOCKING, C.CLIENT_SPECIFIC, C.IDENTIFIABLE},
        "Kids bring so much honesty, humour and heart to this work. I'm grateful I get to do it.",
        "Young people keep me on my toes and remind me why I chose this work.",
    ),
    _t(
        "shift",
        r"\bshift|night\s+shift|nights|\bunit\b|\bER\b|\bED\b|triage|\bcall(?:s)?\b|rig|ambulance|\bpts?\b|\bbed\s+\d",
        {C.WORK_VENTING, C.NEGATIVE, C.MOCKING, C.CLIENT_SPECIFIC, C.CLINICAL, C.IDENTIFIABLE},
        "Long shift, and I'm proud of the team I work with. Time for rest and a good meal.",
        "Every shift is different, and the people I work beside make the hard ones bearable. "
        "Grateful for them.",
        ems=(
            "Busy shift. Grateful for my partner, and for everyone who keeps the trucks "
            "rolling. Rest up, friends.",
        ),
    ),
    _t(
        "venting",
        None,
        {C.WORK_VENTING},
        "Taking time this week to rest and recharge so I can keep showing up well. Fellow "
        "helpers, how do you take care of yourselves?",
        "It's been a full week. Logging off, going for a walk, and leaving work at work tonight.",
    ),
    _t(
        "group_frustration",
        None,
        {C.NEGATIVE},
        "Everyone who walks through our doors is doing the best they can with what they have. "
        "Grateful to be part of this work.",
        "Compassion is a practice, on the easy days and the hard ones. Grateful for this work.",
    ),
    _t(
        "humour",
        None,
        {C.MOCKING},
        "This work is full of unexpected moments of joy and laughter. Grateful for it.",
        "Some days this job hands you a laugh when you need it most. Grateful for my team.",
    ),
)
DEFAULT_LINE = "Grateful for the people I get to work with and for this meaningful work."
# Last resorts, each already checked to screen as `post`.
FALLBACK_LINES = (
    DEFAULT_LINE,
    "Proud of the work my colleagues do every day.",
    "Taking some time to rest and recharge this weekend.",
)

# Which kind of work the draft comes from, read from the author's role or the words used.
_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ems", re.compile(r"\b(?:emt|paramedic|medic|ems|ambulance|rig|dispatch\w*|fire\s*fighter|run|calls?)\b", I)),
    ("bedside", re.compile(r"\b(?:nurse|rn|lpn|cna|icu|nicu|er|ed|l&d|unit|shift|pts?|patients?|doctor|physician|resident|md|do|hospitalist|surgeon)\b", I)),
    ("school", re.compile(r"\b(?:teacher|classroom|students?|school|iep|para\w*)\b", I)),
    ("therapy", re.compile(r"\b(?:therap\w*|counsel\w*|clients?|sessions?|lmft|lpc|lcsw|psycholog\w*)\b", I)),
)


def work_field(post: Post) -> str | None:
    for source in (post.author_role or "", post.text):
        for name, cue in _FIELDS:
            if cue.search(source):
                return name
    return None


def _lines_for(theme: Theme, field: str | None, seed: int) -> list[str]:
    """The theme's lines for this kind of work first, each list rotated by the draft's seed."""
    own = list(theme.field_lines.get(field or "", ()))
    general = list(theme.lines)
    k = seed % len(general)
    return own + general[k:] + general[:k]

_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_SAFE_EMOJI = "💛"
_HASHTAG = re.compile(r"#\w+")
# Hashtags that name a condition, a complaint or a joke don't travel into the rewrite.
_RISKY_TAG = re.compile(
    r"#\w*(?:problem|humou?r|hell|rant|vent|fail|autis|adhd|ed|recovery|sud|sober|cancer|"
    r"suicid|grief|trauma|latecancel|funny|lol|fyp)\w*",
    I,
)
_KEEPABLE = re.compile(r"[A-Za-z]")
_CLIENTISH = re.compile(
    r"\b(?:she|he|her|him|his|they|them|their|you|your|client|patient|kid|kiddo|session|today|"
    r"tonight|yesterday|this\s+week|last\s+week)\b|\?|\d",
    I,
)


def themes_for(post: Post, decision: Decision) -> list[Theme]:
    concerns = set(decision.concerns)
    text = post.text
    picked: list[Theme] = []
    for theme in THEMES:
        if theme.concerns and not (theme.concerns & concerns):
            continue
        if theme.cue is None or theme.cue.search(text):
            picked.append(theme)
    return picked


def kept_sentences(post: Post, decision: Decision, ctx: Context) -> list[str]:
    """The writer's own sentences that carry no flag and say nothing about anyone."""
    subject = subject_of(ctx)
    flagged = [
        (f.start, f.end) for f in decision.findings if f.start is not None and f.end is not None
    ]
    out: list[str] = []
    for i, (s, e) in enumerate(ctx.sentences):
        sent = post.text[s:e].strip()
        if i in subject.specific or i in subject.group:
            continue
        if any(a < e and s < b for a, b in flagged):
            continue
        plain = _HASHTAG.sub("", sent).strip()
        if not _KEEPABLE.search(plain) or _CLIENTISH.search(plain) or QUOTE.search(plain):
            continue
        if len(plain) > 140 or len(plain.split()) < 4:  # no fragments ("Every. Single.")
            continue
        out.append(_EMOJI.sub("", plain).strip())
    return out[-2:]


def _hashtags(post: Post) -> list[str]:
    return [t for t in _HASHTAG.findall(post.text) if not _RISKY_TAG.fullmatch(t)][:2]


def rewrite_candidates(post: Post, decision: Decision, ctx: Context) -> list[str]:
    """Rewrites in order of preference: most like the writer first, safest last."""
    themes = themes_for(post, decision)
    # A stable seed (never Python's salted hash): the same draft gets the same rewrite.
    seed = sum(post.text.encode("utf-8")) % 9973
    field = work_field(post)
    lines = _lines_for(themes[0], field, seed) if themes else [DEFAULT_LINE]
    line = lines[0]
    emoji = f" {_SAFE_EMOJI}" if _EMOJI.search(post.text) else ""
    kept = kept_sentences(post, decision, ctx)
    tags = _hashtags(post)
    tag_text = (" " + " ".join(tags)) if tags else ""
    candidates = []
    if kept:
        candidates.append(f"{line} {' '.join(kept)}{emoji}{tag_text}")
    candidates.append(f"{line}{emoji}{tag_text}")
    candidates.append(f"{line}{emoji}")
    candidates.extend(lines[1:])
    for theme in themes[1:]:
        candidates.extend(_lines_for(theme, field, seed))
    candidates.extend(FALLBACK_LINES)
    return list(dict.fromkeys(candidates))
