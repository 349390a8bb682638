"""The verdict rules of corpus/SCHEMA.md as a table: concerns in, verdict and reasons out."""

from __future__ import annotations

import pytest

from pausepost.core.policy import RULES, apply_rules, concerns_of
from pausepost.core.reasons import REASONS
from pausepost.core.types import Concern, Finding, SpanLabel, Verdict

C = Concern
P, R, H = Verdict.POST, Verdict.REVISE, Verdict.HOLD

TABLE: list[tuple[set[Concern], Verdict, str]] = [
    (set(), P, ""),
    ({C.IDENTIFIABLE}, H, "identifiable_details"),
    ({C.IDENTIFIABLE, C.CLIENT_SPECIFIC, C.CONSENT_CLAIMED}, H, "identifiable_details"),
    ({C.MOCKING}, H, "mocking"),
    ({C.MOCKING, C.WORK_VENTING}, H, "mocking"),
    ({C.CLINICAL, C.CLIENT_SPECIFIC}, H, "clinical_specific"),
    ({C.CLINICAL, C.CLIENT_SPECIFIC, C.CONSENT_CLAIMED}, H, "clinical_specific"),
    ({C.CLIENT_MEDIA, C.CLIENT_SPECIFIC}, H, "client_media_no_consent"),
    ({C.NEGATIVE, C.CLIENT_SPECIFIC}, H, "negative_specific"),
    ({C.CLIENT_SPECIFIC}, R, "client_specific"),
    ({C.NEGATIVE}, R, "negative_group"),
    ({C.NEGATIVE, C.WORK_VENTING}, R, "negative_group"),
    ({C.WORK_VENTING}, R, "work_venting"),
    ({C.WORK_VENTING, C.CLIENT_SPECIFIC}, R, "client_specific"),
    ({C.CLINICAL}, R, "clinical_group"),
    ({C.CONSENT_CLAIMED, C.CLIENT_SPECIFIC}, R, "consent_claimed"),
    ({C.CONSENT_CLAIMED, C.CLIENT_MEDIA, C.CLIENT_SPECIFIC}, R, "consent_claimed"),
]


@pytest.mark.parametrize(("concerns", "verdict", "reason"), TABLE)
def test_policy_table(concerns: set[Concern], verdict: Verdict, reason: str) -> None:
    got, codes = apply_rules(frozenset(concerns))
    assert got is verdict
    if reason:
        assert reason in codes
    else:
        assert codes == ()


def test_policy_incomplete_screen_never_posts() -> None:
    got, codes = apply_rules(frozenset(), incomplete=True)
    assert got is R
    assert codes == ("screen_incomplete",)


def test_policy_reasons_most_serious_first() -> None:
    _, codes = apply_rules(frozenset({C.CLIENT_SPECIFIC, C.MOCKING, C.WORK_VENTING}))
    verdicts = [next(r.verdict for r in RULES if r.code == code).rank for code in codes]
    assert verdicts == sorted(verdicts, reverse=True)


def test_policy_a_labelled_span_means_identifiable() -> None:
    f = Finding("x", C.IDENTIFIABLE, "age", 0, 2, label=SpanLabel.AGE)
    assert C.IDENTIFIABLE in concerns_of([f])


def test_policy_every_rule_has_words_and_rules_cited() -> None:
    for rule in RULES:
        text = REASONS[rule.code]
        assert len(text.message) > 40
        if rule.code not in ("screen_incomplete", "language_unsupported"):
            assert text.rules, rule.code
