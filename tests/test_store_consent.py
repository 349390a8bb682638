"""The consent ledger's effect on a verdict (pure: no database needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from web_support import CONSENT, RISKY, FakeScreener

from pausepost.core.types import Audience, Post, Verdict
from pausepost.store import apply_ledger, covers
from pausepost.store.consent import status
from pausepost.store.models import ConsentEntry

TODAY = dt.date(2026, 6, 1)


def entry(**kw: object) -> ConsentEntry:
    base: dict[str, object] = {
        "label": "C-1", "scope": "poem", "platforms": ["facebook"], "audience": "both",
        "given_on": dt.date(2026, 1, 1), "expires_on": None, "revoked_at": None,
    }  # fmt: skip
    return ConsentEntry(**{**base, **kw})


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, "active"),
        ({"revoked_at": dt.datetime(2026, 2, 1, tzinfo=dt.UTC)}, "revoked"),
        ({"expires_on": dt.date(2026, 5, 31)}, "expired"),
        ({"expires_on": TODAY}, "active"),
        ({"given_on": dt.date(2026, 7, 1)}, "not_yet"),
    ],
)
def test_consent_status(kw: dict[str, object], expected: str) -> None:
    assert status(entry(**kw), TODAY) == expected


@pytest.mark.parametrize(
    ("kw", "platform", "audience", "ok"),
    [
        ({}, "facebook", None, True),
        ({}, "x", None, False),
        ({"platforms": []}, "x", None, True),
        ({}, None, None, True),
        ({"audience": "professional"}, "facebook", "personal", False),
        ({"audience": "professional"}, "facebook", "professional", True),
        ({"expires_on": dt.date(2026, 1, 2)}, "facebook", None, False),
    ],
)
def test_consent_covers(kw: dict[str, object], platform: str | None, audience: str | None,
                        ok: bool) -> None:  # fmt: skip
    assert covers(entry(**kw), platform=platform, audience=audience, today=TODAY) is ok


def claim(platform: str = "facebook") -> object:
    return FakeScreener().screen(
        Post(text=CONSENT, platform=platform, audience=Audience.PROFESSIONAL)
    )


def test_consent_claim_without_entry_is_held_with_reason() -> None:
    a = apply_ledger(claim(), None, today=TODAY)  # type: ignore[arg-type]
    assert a.verdict is Verdict.HOLD
    assert a.reasons[0].code == "consent_ledger_missing"
    assert a.reasons[0].verdict is Verdict.HOLD
    assert "consent_claimed" in [r.code for r in a.reasons]


@pytest.mark.parametrize(
    "kw",
    [
        {"revoked_at": dt.datetime(2026, 2, 1, tzinfo=dt.UTC)},
        {"expires_on": dt.date(2026, 3, 1)},
        {"platforms": ["instagram"]},
    ],
)
def test_consent_claim_with_invalid_entry_is_held(kw: dict[str, object]) -> None:
    a = apply_ledger(claim(), entry(**kw), today=TODAY)  # type: ignore[arg-type]
    assert a.verdict is Verdict.HOLD


def test_consent_claim_with_valid_entry_keeps_the_verdict() -> None:
    before = claim()
    after = apply_ledger(before, entry(), today=TODAY)  # type: ignore[arg-type]
    assert after is before


def test_consent_ledger_ignores_drafts_without_a_claim() -> None:
    a = FakeScreener().screen(Post(text=RISKY))
    assert apply_ledger(a, None, today=TODAY) is a
