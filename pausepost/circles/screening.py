"""What may leave the machine in a vent: the screen a circle message passes before sending.

Venting is what a circle is for, so tone (negative, mocking, work venting) and talk about
clients in general pass. What must be gone first: identifiers, a client's own media, a claim
that the client allowed sharing (their story is still theirs), and clinical details tied to
one client. Text Pause cannot read never passes, and pictures never go at all (circles carry
text only). See docs/circles.md, "Screening before a vent leaves".

Nothing here imports the web layer or, at import time, any image code: the media extra is
optional and only asked for when a picture is attached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from pausepost.core.language import read_language
from pausepost.core.lexicon import CARE_PLURAL, CARE_SINGULAR, OCCUPATION, PERSON, PERSONS
from pausepost.core.normalize import normalize
from pausepost.core.types import Assessment, Concern, Finding, Post, SpanLabel
from pausepost.detectors.base import overlaps
from pausepost.detectors.identifiers import COMMON_CAPS
from pausepost.errors import InputError

# The relay holds 64 KiB of ciphertext; a vent is a few paragraphs, not a document.
MAX_VENT_CHARS = 8_000
# Rounds of "remove, then re-screen": each can uncover what the previous one left tied to
# the client (e.g. a clinical remark that is specific only once the name is gone).
_DEIDENTIFY_ROUNDS = 3

CLIENT_QUESTION = "What does this client stir in you?"
OPEN_QUESTION = "What would help you set this down today?"

PLACEHOLDERS: dict[SpanLabel | None, str] = {
    SpanLabel.NAME: "[name]",
    SpanLabel.AGE: "[age]",
    SpanLabel.DATE: "[date]",
    SpanLabel.LOCATION: "[place]",
    SpanLabel.ORGANIZATION: "[organisation]",
    SpanLabel.CONTACT: "[contact]",
    SpanLabel.QUASI: "[detail]",
    None: "[detail]",
}
CLINICAL_PLACEHOLDER = "[clinical detail]"

_IDENTIFIER_REASON = {
    SpanLabel.NAME: "A name can identify a client, even to colleagues who never met them.",
    SpanLabel.AGE: "An age, with the rest of a story, can be enough to recognise a client.",
    SpanLabel.DATE: "A date or time ties the story to a day someone else may remember.",
    SpanLabel.LOCATION: "A place narrows down who the client is.",
    SpanLabel.ORGANIZATION: "A school, employer or service narrows down who the client is.",
    SpanLabel.CONTACT: "Contact details identify a person directly.",
    SpanLabel.QUASI: "A detail like this (a room, a role, a rare event) can identify a client.",
}
_IDENTIFIER_GENERIC = "This detail could let someone recognise the client."
_IDENTIFIER_INSTEAD = "Leave it out or use a neutral word: the circle needs the feeling, not who."


class ScreenerLike(Protocol):
    """What the check needs: `pausepost.Screener`, or a test double. (The same one-method
    Protocol as pausepost.web.service's; defined here so circles never import the web.)"""

    def screen(self, post: Post) -> Assessment: ...


@dataclass(frozen=True)
class VentProblem:
    # "identifier" | "client_media" | "consent_claim" | "clinical" | "picture" | "unreadable"
    kind: str
    start: int | None  # offsets into the text as typed; None for post-level and pictures
    end: int | None
    excerpt: str  # the typed words (empty for post-level / picture)
    reason: str  # plain words: why this cannot go to the circle
    instead: str  # what to do instead
    picture: str | None = None  # file name when kind == "picture"


@dataclass(frozen=True)
class VentCheck:
    sendable: bool
    problems: tuple[VentProblem, ...]
    deidentified: str | None  # a version with the problems removed, if one could be made
    deidentified_sendable: bool  # that version re-screened and passes
    assessment: Assessment  # the screener's full answer on the text (for highlights)
    question: str  # the reflective question for the circle page


def check_vent(
    screener: ScreenerLike, text: str, *, pictures: Sequence[tuple[str, bytes]] = ()
) -> VentCheck:
    """Screen a vent before it leaves for a circle.

    Raises `InputError` for a vent that cannot be checked at all: not text, empty or only
    spaces, or longer than MAX_VENT_CHARS (front ends answer it as any bad input).
    """
    validate_vent(text)
    assessment = screener.screen(Post(text=text))
    found = _text_problems(text, assessment, getattr(screener, "config", None))
    problems = tuple(f.problem for f in found) + tuple(_picture_problem(n, d) for n, d in pictures)
    deidentified, deidentified_ok = _deidentified(screener, text, found)
    return VentCheck(
        sendable=not problems,
        problems=problems,
        deidentified=deidentified,
        deidentified_sendable=deidentified_ok,
        assessment=assessment,
        question=_question(text, assessment, sendable=not problems),
    )


def validate_vent(text: object) -> str:
    if not isinstance(text, str):
        raise InputError("a vent must be text")
    if not text.strip():
        raise InputError("the vent is empty: write what you want the circle to hear")
    if len(text) > MAX_VENT_CHARS:
        raise InputError(
            f"the vent is {len(text):,} characters; a circle takes up to {MAX_VENT_CHARS:,}"
        )
    return text


# -- text ------------------------------------------------------------------------------


class _Found(NamedTuple):
    problem: VentProblem
    placeholder: str = ""  # what replaces an identifier in the de-identified version
    # Removed only if still there once the rest is gone: the model's clinical topic, which
    # blocks only while the client is identified ("My client Maria" -> "My client [name]").
    later: bool = False


def _text_problems(
    text: str, assessment: Assessment, screener_config: object = None
) -> tuple[_Found, ...]:
    unread = _unreadable(text, assessment)
    if unread:
        return unread  # nothing else it says about words it could not read is worth showing
    findings = list(assessment.findings)
    concerns = set(assessment.concerns)
    has_identifier = any(_is_identifier(f) for f in findings)
    extra = _names_at_sentence_start(text, findings)
    extra += _capitalised_names(text, [*findings, *extra], _allowed(screener_config))
    has_identifier = has_identifier or bool(extra)
    about_one_client = has_identifier or Concern.CLIENT_SPECIFIC in concerns
    # The model's clinical label is a topic ("this is about care work"); on its own it makes
    # "My client cancelled again" clinical. It blocks only once the client is identified; the
    # rules' clinical findings (a diagnosis, a medication, a risk event) block whenever the
    # vent is about one client.
    clinical_blocks = about_one_client and any(
        f.concern is Concern.CLINICAL and (f.detector != "model" or has_identifier)
        for f in findings
    )
    out: list[_Found] = []
    for f in findings + extra:
        problem = _problem_of(text, f, clinical_blocks=clinical_blocks, identified=has_identifier)
        if problem is not None:
            placeholder = PLACEHOLDERS[f.label] if _is_identifier(f) else ""
            later = problem.kind == "clinical" and f.detector == "model"
            out.append(_Found(problem, placeholder, later))
    return _unique(out)


def _unreadable(text: str, assessment: Assessment) -> tuple[_Found, ...]:
    out: list[_Found] = []
    if any(r.code == "language_unsupported" for r in assessment.reasons):
        language = read_language(normalize(text).text).unread_names
        out.append(
            _unread_problem(
                (
                    f"Not checked: this vent, or a real part of it, reads as {language}, and "
                    "Pause reads English only. Nothing it could not check goes to a circle."
                ),
                "Write it in English, or keep it in your journal instead.",
            )
        )
    if assessment.errors:
        out.append(
            _unread_problem(
                "Part of the check failed, so Pause cannot vouch for this vent.",
                "Try again; if it keeps failing, keep this one in your journal.",
            )
        )
    return tuple(out)


def _unread_problem(reason: str, instead: str) -> _Found:
    return _Found(VentProblem("unreadable", None, None, "", reason, instead))


def _is_identifier(f: Finding) -> bool:
    # A labelled span; the model's unlabelled "identifiable" span counts too (fail safe).
    return f.has_span and (f.label is not None or f.concern is Concern.IDENTIFIABLE)


def _problem_of(
    text: str, f: Finding, *, clinical_blocks: bool, identified: bool
) -> VentProblem | None:
    start, end = (f.start, f.end) if f.has_span else (None, None)
    excerpt = text[start:end] if start is not None and end is not None else ""

    def problem(kind: str, reason: str, instead: str) -> VentProblem:
        return VentProblem(kind, start, end, excerpt, reason, instead)

    if _is_identifier(f):
        if f.label is SpanLabel.NAME and end is not None:
            end = _with_surname(text, end)
            excerpt = text[start:end]
        reason = _IDENTIFIER_REASON.get(f.label, _IDENTIFIER_GENERIC) if f.label else ""
        return problem("identifier", reason or _IDENTIFIER_GENERIC, _IDENTIFIER_INSTEAD)
    if f.concern is Concern.CLIENT_MEDIA:
        return problem(
            "client_media",
            "Something the client made, wrote or sent is theirs: it does not go to the circle, "
            "described or quoted.",
            "Say how it landed with you, without passing on what it was.",
        )
    if f.concern is Concern.CONSENT_CLAIMED:
        return problem(
            "consent_claim",
            "A client's permission to share is not a licence in a circle: the story is still "
            "theirs, and they did not choose these readers.",
            "Leave out what they told you; tell the circle what it stirred in you.",
        )
    if f.concern is Concern.CLINICAL and clinical_blocks:
        if f.detector == "model" and not identified:
            return None
        return problem(
            "clinical",
            "Clinical details about one client (a diagnosis, medication, a risk event, what "
            "was said in session) can identify them and are theirs to share.",
            "Keep the clinical facts out; the feeling is enough for the circle.",
        )
    return None


# Capitalised words right after a name are its surname ("Daniela Okafor", "Maria de la Cruz"
# is beyond this, "Maria Lopez-Diaz" is not): a span over the first name alone would let the
# de-identified version send "[name] Okafor".
_SURNAME = re.compile(r"(?:[ \t]+(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.))")


def _with_surname(text: str, end: int) -> int:
    for _ in range(2):  # a middle name or initial, then the surname
        m = _SURNAME.match(text, end)
        if m is None or m.group().strip().rstrip(".").lower() in _NOT_A_SURNAME:
            break
        end = m.end()
    return end


_NOT_A_SURNAME = frozenset(["i", "and", "or", "but", "so", "the", "a", "an"])


def _unique(found: list[_Found]) -> tuple[_Found, ...]:
    seen: set[tuple[str, int | None, int | None]] = set()
    out: list[_Found] = []
    for f in sorted(found, key=lambda x: (_pos(x[0].start), x[0].kind, _pos(x[0].end))):
        key = (f.problem.kind, f.problem.start, f.problem.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return tuple(out)


def _pos(offset: int | None) -> int:
    return -1 if offset is None else offset


# A first name that starts a sentence, then something a person does: "Maria cancelled again",
# "Maria's mum called". The screener leaves a capitalised first word alone (it is usually
# sentence case: "Today", "Work"); in a vent about clients, a name there is the likeliest leak.
_RELATIVE = (
    r"(?:mum|mom|mother|dad|father|parents?|husband|wife|partner|son|daughter|sister|brother|"
    r"grandma|grandpa|carer|teacher)"
)
_DOES = (
    r"(?:cancell?ed|cancels|said|says|told|tells|asked|asks|called|calls|texted|texts|emailed|"
    r"emails|messaged|cried|cries|yelled|yells|screamed|screams|shouted|refused|refuses|"
    r"missed|misses|showed|shows|no-?showed|walked|stormed|came|comes|left|threatened|"
    r"admitted|disclosed|relapsed|brought|sent|hates|hated|keeps|kept|won'?t|didn'?t|"
    r"doesn'?t|can'?t|never|finally|wants|wanted|decided|blamed|accused|stopped|quit)"
)
_NAME_AT_START = re.compile(
    rf"(?:^|(?<=[.!?…])[\"'”’)\]]*\s+|(?<=\n))[\"'“‘(\[*•-]*\s*"
    rf"(?P<name>[A-Z][a-z]{{2,}})(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)?"
    rf"(?:['’]s\s+{_RELATIVE})?\s+{_DOES}\b"
)
# Capitalised words that are not anyone's name: the identifier detector's list, and what
# opens a sentence in a vent ("Honestly", "Poor Maria", "Supervision ran late"), the days
# and faiths people vent around, and the apps and systems they vent about.
_NOT_NAME_WORDS = """
    everyone everybody someone somebody nobody anyone anybody nothing something everything
    today tonight yesterday tomorrow these those there here work supervision admin reception
    management manager supervisor boss colleague colleagues team office hr billing insurance
    traffic life session group staff teachers therapists nurses parent parents family
    honestly seriously literally basically apparently actually finally clearly obviously
    sadly luckily unfortunately thankfully recently suddenly eventually usually really poor
    sweet ugh well even one which
    hanukkah ramadan eid diwali passover new year allah christ church covid covid-19 teams
    outlook reddit linkedin threads bluesky mastodon spotify iphone android apple microsoft
    epic cerner french german british canadian mexican asian african european prof mx er icu
    ed nicu picu or pacu ceo pm am mum auntie uncle mommy daddy i'll
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split()) | {w.lower() for w in COMMON_CAPS}
# Words for people and jobs: "Kids never listen", "Doctors never call back".
_NOT_A_NAME = re.compile(
    rf"^(?:{CARE_SINGULAR}|{CARE_PLURAL}|{PERSON}|{PERSONS}|{OCCUPATION})s?$",
    re.IGNORECASE,
)


def _names_at_sentence_start(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Names the screener leaves alone at a sentence start, and every later use of them."""
    norm = normalize(text)
    plain = norm.text
    taken = _identifier_spans(findings)
    names: set[str] = set()
    for m in _NAME_AT_START.finditer(plain):
        word = m.group("name")
        if word.lower() not in _NOT_NAMES and not _NOT_A_NAME.match(word):
            names.add(word)
    out: list[Finding] = []
    for name in sorted(names):
        for m in re.finditer(rf"\b{re.escape(name)}\b", plain):
            found = _name(norm.span(m.start(), m.end()), taken, "circle.name_at_start",
                          "A first name before what a person did reads as someone's name.")
            out.extend(found)
    return out


def _identifier_spans(findings: Sequence[Finding]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings
            if _is_identifier(f) and f.start is not None and f.end is not None]  # fmt: skip


def _name(
    span: tuple[int, int], taken: list[tuple[int, int]], code: str, why: str
) -> list[Finding]:
    """A NAME finding over `span` (typed offsets), unless something already covers it."""
    if overlaps(span, tuple(taken)):
        return []
    taken.append(span)
    return [Finding(detector="circles", concern=Concern.IDENTIFIABLE, code=code,
                    start=span[0], end=span[1], label=SpanLabel.NAME, why=why)]  # fmt: skip


# A capitalised word inside a sentence, or two in a row anywhere ("Tommy Reyes", "Little
# Bear"), is read as a name in a vent: the screener is careful not to cry wolf on a public
# post, but in a circle a false alarm costs one click ("Send this version") and a missed name
# is the client's. Days, months, holidays, languages, faiths and the apps people vent about
# are not names.
_CAPITALISED = re.compile(
    r"(?<![\w'’@#])(?:[A-Z][a-zà-öø-ÿ'’]+|[A-Z][a-z]*[A-Z][a-z]+)"
    r"(?:[ \t]+(?:[A-Z]\.[ \t]+)?(?:[A-Z][a-zà-öø-ÿ'’]+)(?:-[A-Z][a-zà-öø-ÿ'’]+)?)*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s*|\n\s*|[\"“(\[*•-]\s*)$")
# "Sooooo tired": a word drawn out, not a name.
_STRETCHED = re.compile(r"(\w)\1\1")


def _allowed(config: object) -> frozenset[str]:
    terms = getattr(config, "allow", ()) or ()
    return frozenset(t.lower() for t in terms if isinstance(t, str))


def _capitalised_names(
    text: str, findings: Sequence[Finding], allowed: frozenset[str]
) -> list[Finding]:
    norm = normalize(text)
    plain = norm.text
    taken = _identifier_spans(findings)
    out: list[Finding] = []
    for m in _CAPITALISED.finditer(plain):
        words = m.group().split()
        begin = m.start()
        if _SENTENCE_START.search(plain[:begin]):
            # Sentence case: the first word is no evidence ("Honestly Lil Man…"); the rest is.
            if len(words) < 2 or words[1].lower() in _NOT_NAMES:
                continue
            if words[0].lower() in _NOT_NAMES:
                begin = m.start() + m.group().index(words[1], len(words[0]))
                words = words[1:]
        names = [w for w in words if w.rstrip(".").lower() not in _NOT_NAMES]
        said = " ".join(words).lower()
        if not names or said in allowed or any(w.lower() in allowed for w in names):
            continue
        if len(words) == 1 and (len(words[0]) < 2 or words[0].lower() in _NOT_NAMES):
            continue
        if len(words) == 1 and _STRETCHED.search(words[0]):
            continue
        out += _name(norm.span(begin, m.end()), taken, "circle.capitalised",
                     "A capitalised name or nickname can point to one person.")  # fmt: skip
    return out


# -- the de-identified version -----------------------------------------------------------


def _deidentified(
    screener: ScreenerLike, text: str, problems: tuple[_Found, ...]
) -> tuple[str | None, bool]:
    """Remove the problems, re-screen with the same rules, repeat while it helps."""
    if any(f.problem.kind == "unreadable" for f in problems):
        return None, False  # words Pause cannot read cannot be made safe by it either
    if not problems:
        return text, True  # the words were fine (only pictures, if anything, were refused)
    current = text
    for _ in range(_DEIDENTIFY_ROUNDS):
        first = tuple(f for f in problems if not f.later)
        made = _remove(current, first or problems)
        if made is None or made == current:
            break
        current = made
        try:
            problems = _text_problems(current, screener.screen(Post(text=current)),
                                      getattr(screener, "config", None))  # fmt: skip
        except InputError:
            return None, False
        if not problems:
            return current, True
        if any(f.problem.kind == "unreadable" for f in problems):
            break
    return (current, False) if current != text else (None, False)


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")
_PLACEHOLDER = re.compile(
    r"\[(?:name|age|date|place|organisation|contact|detail|clinical detail)\]"
)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the typed text, each with the whitespace after it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            spans.append((start, m.end()))
            start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in sentences:
        if s <= pos < e:
            return s, e
    return sentences[-1] if sentences else (0, 0)


def _remove(text: str, problems: tuple[_Found, ...]) -> str | None:
    """`text` with each problem replaced or dropped; None when nothing worth sending is left."""
    sentences = _sentences(text)
    # (start, end, replacement, rank): where regions overlap, the larger rank wins.
    regions: list[tuple[int, int, str, int]] = []
    for p, placeholder, _later in problems:
        if p.start is None or p.end is None:
            if p.kind == "clinical":
                # A clinical point with no place in the text: drop the client's story,
                # the sentences that other problems point at.
                for q in (f.problem for f in problems):
                    if q.start is not None:
                        s, e = _sentence_of(sentences, q.start)
                        regions.append((s, e, "", 3))
            continue
        if p.kind in ("consent_claim", "client_media"):
            s, e = _sentence_of(sentences, p.start)
            regions.append((s, max(e, p.end), "", 3))
        elif p.kind == "clinical":
            regions.append((p.start, p.end, CLINICAL_PLACEHOLDER, 2))
        else:
            regions.append((p.start, p.end, placeholder or PLACEHOLDERS[None], 1))
    if not regions:
        return None
    merged: list[tuple[int, int, str, int]] = []
    for region in sorted(regions):
        if merged and region[0] < merged[-1][1]:
            s, e, rep, rank = merged[-1]
            best = (rep, rank) if rank >= region[3] else (region[2], region[3])
            merged[-1] = (s, max(e, region[1]), best[0], best[1])
        else:
            merged.append(region)
    out: list[str] = []
    pos = 0
    for s, e, rep, _rank in merged:
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:])
    result = _tidy("".join(out))
    if not re.search(r"[A-Za-z]", _PLACEHOLDER.sub("", result)):
        return None  # everything was a problem
    return result


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"[ \t]+([,.!?;:])", r"\1", text)
    text = re.sub(r"(\[[a-z ]+\])(?:\s*\1)+", r"\1", text)  # "[name] [name]" from a split span
    return text.strip()


# -- pictures ----------------------------------------------------------------------------

_PICTURE_GENERIC = (
    "Circles carry words only: a picture can show faces, handwriting, or where and when it "
    "was taken."
)
_PICTURE_INSTEAD = "Describe what you felt instead; keep the picture on your device."


def _picture_problem(name: str, data: bytes) -> VentProblem:
    def problem(reason: str) -> VentProblem:
        return VentProblem("picture", None, None, "", reason, _PICTURE_INSTEAD, picture=name)

    try:
        from pausepost.core.types import ImageRef
        from pausepost.media.analyze import analyze_image
    except ImportError:
        return problem(
            "Pictures are never sent to a circle. Pause could not look inside this one (the "
            "media extra is not installed here), so it cannot say what it shows. "
            + _PICTURE_GENERIC
        )
    try:
        report = analyze_image(ImageRef(data=data, name=name))
    except InputError as exc:
        return problem(
            f"Pictures are never sent to a circle, and Pause could not read this one: {exc}."
        )
    except Exception:  # the picture is refused anyway; a crash must not stop the check
        return problem(
            "Pictures are never sent to a circle, and Pause could not look inside this one."
        )
    found: list[str] = []
    if report.kind.is_client_media:
        found.append(f"it looks like {report.kind.plain}: someone's own handwriting or words")
    elif report.features.words >= 3:
        found.append("it has writing in it")
    if report.faces:
        n = len(report.faces)
        found.append("it shows a face" if n == 1 else f"it shows {n} faces")
    if report.metadata.has_location:
        found.append("its file records where it was taken")
    if not found:
        extra = "" if report.complete else " (part of the check did not run here)"
        return problem(_PICTURE_GENERIC + extra)
    return problem(
        "Pictures are never sent to a circle, and this one says more than it seems: "
        + "; ".join(found)
        + "."
    )


# -- the question ------------------------------------------------------------------------

_CLIENT_WORDS = re.compile(rf"\b(?:{CARE_SINGULAR}|{CARE_PLURAL})\b", re.IGNORECASE)
_CLIENT_CONCERNS = frozenset(
    {
        Concern.IDENTIFIABLE,
        Concern.CLIENT_SPECIFIC,
        Concern.CLINICAL,
        Concern.CLIENT_MEDIA,
        Concern.CONSENT_CLAIMED,
    }
)


def _question(text: str, assessment: Assessment, *, sendable: bool) -> str:
    no_client = not _CLIENT_WORDS.search(normalize(text).text) and not (
        _CLIENT_CONCERNS & set(assessment.concerns)
    )
    return OPEN_QUESTION if sendable and no_client else CLIENT_QUESTION
