"""Shared, once-per-post analysis that detectors read: sentences, who is talked about.

The question every detector needs answered first is *who is this about*: one
particular person in the writer's care, those people as a group, or the writer's
own life. That is worked out once here, per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pausepost.config import Config
from pausepost.core.lexicon import (
    GENERIC,
    GROUP_REF,
    SELF_REF,
    SPECIFIC_REF,
    STRONG_CARE,
    STRONG_NAME,
    WORK_WORDS,
    is_work_post,
)
from pausepost.core.types import Context, Post

# A closing quote or bracket after the full stop stays with its sentence.
_SENTENCE_END = re.compile(
    # Not after an initial or a title: "Marcus R. who...", "Mrs. D thanked me".
    r"(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)"
    r"(?<=[.!?…])(?P<tail>[\"'”’)\]]*)\s+|\n+|(?<=[\U0001F300-\U0001FAFF])\s+(?=[A-Z])|\s+/\s+"
)
_WORK = WORK_WORDS
# Addressed to one person: the whole post is about them.
_WHOLE_POST = re.compile(r"\byou\s+know\s+who\s+you\s+are\b|\bnot\s+saying\s+who\b", re.IGNORECASE)
# An age or a name in the reference: "a 9-year-old", "Him (age 5)", "Tyler's mom".
_AGE_OR_NAME = re.compile(r"\d|\(age|\b[A-Z][a-z]{2,}(?:'s|’s)\s")
_MY_PARENT = re.compile(r"\bmy\s+(?:mom|dad|mother|father|mama|papa|mum)\b", re.IGNORECASE)
_PARENT_WORD = re.compile(r"(?:Mom|Dad|Mother|Father|Mama|Papa|Mum)\b")
_THIRD_PERSON = re.compile(r"\b(?:she|he|they|her|his|him|them|their|hers)\b", re.IGNORECASE)
_NOT_SURNAME = (
    "Christma",
    "Olympic",
    "Kardashian",
    "Beatle",
    "Avenger",
    "Dodger",
    "Yankee",
    "Simpson",
)


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + len(m.group("tail") or "")
        if end > pos:
            spans.append((pos, end))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return tuple(spans)


def allow_spans(text: str, config: Config) -> tuple[tuple[int, int], ...]:
    # Match on the original text: casefold() can change length ("ß" -> "ss") and shift offsets.
    out: list[tuple[int, int]] = []
    for term in config.allow:
        out.extend(m.span() for m in re.finditer(re.escape(term), text, re.IGNORECASE))
    return tuple(sorted(out))


@dataclass(frozen=True)
class Subject:
    """Who each sentence is about. Indices refer to Context.sentences."""

    specific: frozenset[int]  # a particular person, family, couple or session
    group: frozenset[int]  # the people in one's care as a group
    about_client: frozenset[int]  # any sentence of a post that tells one client's story
    story: frozenset[int]  # the sentences that name the client or go on with "she", "he"...
    own_life: frozenset[int]  # the writer's own life, and no client in sight
    specific_refs: tuple[tuple[int, int], ...]

    @property
    def is_specific(self) -> bool:
        return bool(self.specific)

    @property
    def mentions_clients(self) -> bool:
        return bool(self.specific or self.group)


def analyse_subject(
    text: str, sentences: tuple[tuple[int, int], ...], *, client_material: bool = False
) -> Subject:
    if client_material:
        every = frozenset(range(len(sentences)))
        return Subject(every, frozenset(), every, every, frozenset(), ((0, len(text)),))
    work = is_work_post(text)
    # "My dad had surgery... Dad is already flirting": after "my dad", "Dad" is the writer's.
    own_parent = _MY_PARENT.search(text) is not None
    specific: set[int] = set()
    group: set[int] = set()
    own: set[int] = set()
    refs: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(sentences):
        sent = text[s:e]
        raw = [
            m
            for m in SPECIFIC_REF.finditer(sent)
            if not (own_parent and _PARENT_WORD.match(m.group(0)))
        ]
        found = [
            m
            for m in raw
            if not _self_owned(sent, m.start())
            and not _own_child_age(sent, m)
            and not _adjective_patient(sent, m)
            and not _generic_clause(sent, m.start())
            and (
                work
                or STRONG_CARE.search(m.group(0))
                or (_AGE_OR_NAME.search(m.group(0)) and not _possessed(sent, m.start()))
            )
        ]
        if found and SELF_REF.search(sent) and _all_self(sent, found):
            own.add(i)
            continue
        if raw and not found and any(_own_child_age(sent, m) for m in raw):
            own.add(i)  # "taking my 7yo to swim": the writer's own child
            continue
        if found:
            specific.add(i)
            refs.extend((s + m.start(), s + m.end()) for m in found)
        elif _group(sent, work, bool(raw)):
            group.add(i)
        elif SELF_REF.search(sent):
            own.add(i)
    if work:
        # A first name introduced in a post about work is someone in care.
        for m in STRONG_NAME.finditer(text):
            if m.group(0).split()[-1].rstrip("s").endswith(_NOT_SURNAME):
                continue
            i = _index(sentences, m.start())
            if i >= 0 and i not in own:
                specific.add(i)
                group.discard(i)
                refs.append(m.span())
    if specific and _WHOLE_POST.search(text):
        specific.update(i for i in range(len(sentences)) if i not in own)
    # A post is short: once it tells one client's story, every sentence that is not
    # plainly about the writer's own life may carry a detail of that story.
    about = {i for i in range(len(sentences)) if i not in own} if specific else set()
    story = set(specific)
    for i in sorted(specific):
        j = i + 1
        while j in about and _THIRD_PERSON.search(text, *sentences[j]):
            story.add(j)
            j += 1
    return Subject(
        specific=frozenset(specific),
        group=frozenset(group),
        about_client=frozenset(about),
        story=frozenset(story),
        own_life=frozenset(own),
        specific_refs=tuple(refs),
    )


def _group(sent: str, work: bool, any_ref: bool) -> bool:
    """Talks about people in care as a group. Words like 'people' count only in a work post."""
    for m in GROUP_REF.finditer(sent):
        if work or STRONG_CARE.search(m.group(0)):
            return True
    return work and any_ref


def _own_child_age(sent: str, m: re.Match[str]) -> bool:
    """'my 7yo': a parent's own child whatever the job ('my 17yo client' is not)."""
    return (
        _possessed(sent, m.start())
        and re.search(r"\d\s?(?:yo|y/o|[- ]year[- ]old)", m.group(0)) is not None
        and STRONG_CARE.search(m.group(0) + sent[m.end() : m.end() + 10]) is None
        and not is_work_post(sent)  # "a session with my 4yo" is a client
    )


def _adjective_patient(sent: str, m: re.Match[str]) -> bool:
    """'a very patient husband' describes a virtue, not a person in care."""
    return re.search(
        r"\bpatient\s+(?:husband|wife|partner|man|woman|mom|dad|teacher|friend|person|people)\b",
        m.group(0) + sent[m.end() : m.end() + 12],
        re.IGNORECASE,
    ) is not None or (
        re.search(
            r"\b(?:very|so|too|more|most|be|being|been|stay|extremely|super)\s+patient\b",
            sent[max(0, m.start() - 12) : m.end()],
            re.IGNORECASE,
        )
        is not None
    )


def _possessed(sent: str, pos: int) -> bool:
    """'my 10yo', 'our 5th grader': the writer's own child unless the post is about work.

    A child whose parents the sentence speaks of in the third person ('my 5th grader who
    lost both parents') is not the writer's own.
    """
    if _OTHERS_FAMILY.search(sent):
        return False
    return re.search(
        r"\b(?:my|our)\s+$", sent[max(0, pos - 6) : pos], re.IGNORECASE
    ) is not None or (re.match(r"(?:my|our)\b", sent[pos:], re.IGNORECASE) is not None)


_OTHERS_FAMILY = re.compile(
    r"\b(?:her|his|their)\s+(?:\w+\s+)?(?:mom|dad|mother|father|parents|family|foster)\b|"
    r"\blost\s+(?:both|her|his|their)\s+(?:parents|mom|dad|mother|father)\b",
    re.IGNORECASE,
)


def _index(sentences: tuple[tuple[int, int], ...], pos: int) -> int:
    return next((i for i, (s, e) in enumerate(sentences) if s <= pos < e), -1)


def _self_owned(sent: str, pos: int) -> bool:
    """'my son's teacher' is the writer's life, not a client."""
    before = sent[max(0, pos - 25) : pos].lower()
    return bool(re.search(r"\bmy\s+(?:son|daughter|kid|kids|child)(?:'s|’s)?\s*$", before))


_CLAUSE_BREAK = re.compile(r"[:;,—–()]|\s-\s|\.\.\.|…")


def generic_at(text: str, ctx_sentences: tuple[tuple[int, int], ...], pos: int) -> bool:
    """Is position `pos` of `text` inside a general statement? (For detectors.)"""
    i = _index(ctx_sentences, pos)
    if i < 0:
        return False
    s, e = ctx_sentences[i]
    return _generic_clause(text[s:e], pos - s)


def _generic_clause(sent: str, pos: int) -> bool:
    """Is the reference at `pos` inside a general statement ("kids often...")?"""
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sent, 0, pos)]
    start = starts[-1] if starts else 0
    m = _CLAUSE_BREAK.search(sent, pos)
    end = m.start() if m else len(sent)
    return GENERIC.search(sent, start, end) is not None


def _all_self(sent: str, found: list[re.Match[str]]) -> bool:
    """A sentence about one's own appointment or past ('I started as a 24-year-old...')."""
    return all(
        re.search(
            r"\b(?:is|was)\s+my\b|\bMY\b|\bI\s+(?:was|started\s+as|became)\b|\bas\s+an?\s+\d",
            sent[max(0, m.start() - 20) : m.end() + 12],
        )
        for m in found
    )


def build_context(post: Post, config: Config) -> Context:
    text = post.text
    sentences = split_sentences(text)
    subject = analyse_subject(text, sentences, client_material=post.client_material)
    return Context(
        text=text,
        lower=text.lower(),
        sentences=sentences,
        client_refs=tuple((s, e, text[s:e]) for s, e in subject.specific_refs),
        allow_spans=allow_spans(text, config),
        notes={"subject": subject},
    )


def subject_of(ctx: Context) -> Subject:
    subject = ctx.notes["subject"]
    assert isinstance(subject, Subject)
    return subject


def sentence_index(ctx: Context, pos: int) -> int:
    for i, (s, e) in enumerate(ctx.sentences):
        if s <= pos < e:
            return i
    return -1
