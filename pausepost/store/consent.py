"""The consent ledger and its effect on a verdict.

A draft that claims the client's permission is held unless a ledger entry is selected
that is present, in date, not revoked, and covers the platform and audience.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pausepost.core.reasons import reason_text
from pausepost.core.types import Assessment, Concern, Reason, Verdict
from pausepost.store.models import ConsentEntry

AUDIENCES = ("personal", "professional", "both")
MISSING_CODE = "consent_ledger_missing"


def status(entry: ConsentEntry, today: dt.date) -> str:
    if entry.revoked_at is not None:
        return "revoked"
    if entry.given_on > today:
        return "not_yet"
    if entry.expires_on is not None and entry.expires_on < today:
        return "expired"
    return "active"


def covers(
    entry: ConsentEntry | None, *, platform: str | None, audience: str | None, today: dt.date
) -> bool:
    if entry is None or status(entry, today) != "active":
        return False
    if platform and entry.platforms and platform not in entry.platforms:
        return False
    return not (audience and entry.audience != "both" and entry.audience != audience)


def apply_ledger(
    assessment: Assessment, entry: ConsentEntry | None, *, today: dt.date
) -> Assessment:
    """Raise a consent claim without a valid ledger entry to hold, and say why."""
    if Concern.CONSENT_CLAIMED not in assessment.concerns:
        return assessment
    post = assessment.post
    audience = post.audience.value if post.audience else None
    if covers(entry, platform=post.platform, audience=audience, today=today):
        return assessment
    if any(r.code == MISSING_CODE for r in assessment.reasons):
        return assessment
    text = reason_text(MISSING_CODE)
    reason = Reason(code=MISSING_CODE, verdict=Verdict.HOLD, message=text.message, rules=text.rules)
    reasons = sorted((reason, *assessment.reasons), key=lambda r: -r.verdict.rank)
    return dataclasses.replace(assessment, verdict=Verdict.HOLD, reasons=tuple(reasons))


def entry_dict(e: ConsentEntry, today: dt.date) -> dict[str, Any]:
    return {
        "id": e.id,
        "label": e.label,
        "scope": e.scope,
        "platforms": list(e.platforms),
        "audience": e.audience,
        "given_on": e.given_on.isoformat(),
        "expires_on": e.expires_on.isoformat() if e.expires_on else None,
        "revoked_at": e.revoked_at.isoformat() if e.revoked_at else None,
        "status": status(e, today),
    }
