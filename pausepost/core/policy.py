"""The verdict rules of corpus/SCHEMA.md, as one table of (code, condition, verdict).

The policy never looks at text: it reads the concerns the detectors found, so it
can be tested with hand-built findings and no detectors at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pausepost.core.language import read_language
from pausepost.core.reasons import reason_text
from pausepost.core.types import Concern, Context, Finding, Post, Reason, Verdict

C = Concern


@dataclass(frozen=True)
class Limits:
    """What kept the screen from being complete; any of these forbids `post`."""

    detector_failed: bool = False
    unreadable_language: bool = False


@dataclass(frozen=True)
class Rule:
    code: str
    verdict: Verdict
    applies: Callable[[frozenset[Concern], Limits], bool]


# (concerns present, limits of this screen) -> does the rule fire?
RULES: tuple[Rule, ...] = (
    Rule("identifiable_details", Verdict.HOLD, lambda c, _: C.IDENTIFIABLE in c),
    Rule("mocking", Verdict.HOLD, lambda c, _: C.MOCKING in c),
    Rule(
        "clinical_specific",
        Verdict.HOLD,
        lambda c, _: C.CLINICAL in c and C.CLIENT_SPECIFIC in c,
    ),
    Rule(
        "client_media_no_consent",
        Verdict.HOLD,
        lambda c, _: C.CLIENT_MEDIA in c and C.CONSENT_CLAIMED not in c,
    ),
    Rule(
        "negative_specific",
        Verdict.HOLD,
        lambda c, _: C.NEGATIVE in c and C.CLIENT_SPECIFIC in c,
    ),
    Rule(
        "client_specific",
        Verdict.REVISE,
        lambda c, _: C.CLIENT_SPECIFIC in c and C.NEGATIVE not in c,
    ),
    Rule(
        "negative_group",
        Verdict.REVISE,
        lambda c, _: C.NEGATIVE in c and C.CLIENT_SPECIFIC not in c,
    ),
    Rule("work_venting", Verdict.REVISE, lambda c, _: C.WORK_VENTING in c),
    Rule(
        "clinical_group",
        Verdict.REVISE,
        lambda c, _: C.CLINICAL in c and C.CLIENT_SPECIFIC not in c,
    ),
    Rule("consent_claimed", Verdict.REVISE, lambda c, _: C.CONSENT_CLAIMED in c),
    Rule("screen_incomplete", Verdict.REVISE, lambda _, lim: lim.detector_failed),
    Rule("language_unsupported", Verdict.REVISE, lambda _, lim: lim.unreadable_language),
)


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    concerns: tuple[Concern, ...]
    reasons: tuple[Reason, ...]
    findings: tuple[Finding, ...]
    # Languages of the part Pause could not read; non-empty means "not checked" (no rewrite:
    # an English line would replace words nobody checked).
    unread_languages: tuple[str, ...] = ()

    @property
    def language_checked(self) -> bool:
        return not self.unread_languages


def concerns_of(findings: Sequence[Finding]) -> frozenset[Concern]:
    found = {f.concern for f in findings}
    if any(f.label is not None for f in findings):
        found.add(C.IDENTIFIABLE)
    return frozenset(found)


def apply_rules(
    concerns: frozenset[Concern], *, incomplete: bool = False, unreadable_language: bool = False
) -> tuple[Verdict, tuple[str, ...]]:
    """The verdict and the codes of every rule that fired, most serious first."""
    limits = Limits(detector_failed=incomplete, unreadable_language=unreadable_language)
    fired = tuple(r for r in RULES if r.applies(concerns, limits))
    verdict = Verdict.worst(r.verdict for r in fired)
    return verdict, tuple(r.code for r in sorted(fired, key=lambda r: -r.verdict.rank))


def decide(
    post: Post,
    findings: Sequence[Finding],
    ctx: Context,
    *,
    errors: Sequence[str] = (),
    extra_concerns: frozenset[Concern] = frozenset(),
) -> Decision:
    concerns = concerns_of(findings) | extra_concerns
    reading = read_language(post.text)
    verdict, codes = apply_rules(
        concerns, incomplete=bool(errors), unreadable_language=not reading.checkable
    )
    reasons = tuple(_reason(code, language=reading.unread_names) for code in codes)
    ordered = tuple(c for c in Concern if c in concerns)
    return Decision(
        verdict=verdict,
        concerns=ordered,
        reasons=reasons,
        findings=tuple(findings),
        unread_languages=() if reading.checkable else reading.unread,
    )


def _reason(code: str, *, language: str = "another language") -> Reason:
    rule = next(r for r in RULES if r.code == code)
    text = reason_text(code)
    message = text.message
    if code == "language_unsupported":  # name the language when Pause could tell which
        message = message.replace("another language", language)
    return Reason(code=code, verdict=rule.verdict, message=message, rules=text.rules)
