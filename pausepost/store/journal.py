"""The journal: one entry per decision, by default without the draft's text."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pausepost.core.types import Assessment
from pausepost.store.models import JournalEntry, as_utc


class Decision(StrEnum):
    POST = "post"  # post as is
    POST_REWRITE = "post_rewrite"
    KEEP_PRIVATE = "keep_private"
    DISCARD = "discard"
    UNDECIDED = "undecided"  # an explicit check with no decision (yet)
    ASK_SUPERVISOR = "ask_supervisor"  # sent to the supervisor; their answer lands beside it


def draft_hash(text: str, key: bytes) -> str:
    """HMAC-SHA256, with this install's key, of the draft's SHA-256: without the key nobody
    can check a guessed draft against the journal. Over the digest rather than the text so
    that rows holding the old plain SHA-256 could be re-keyed without their text (0002)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return hmac.new(key, digest, hashlib.sha256).hexdigest()


def new_entry(
    assessment: Assessment,
    decision: Decision,
    *,
    key: bytes,
    keep_text: bool = False,
    consent_id: int | None = None,
    review_uid: str | None = None,
    now: dt.datetime,
) -> JournalEntry:
    post = assessment.post
    return JournalEntry(
        created_at=now,
        text_sha256=draft_hash(post.text, key),
        verdict=assessment.verdict.value,
        concerns=[c.value for c in assessment.concerns],
        reason_codes=[r.code for r in assessment.reasons],
        decision=decision.value,
        platform=post.platform,
        audience=post.audience.value if post.audience else None,
        consent_id=consent_id,
        text=post.text if keep_text else None,
        review_uid=review_uid,
    )


# What a decision overwrites on the draft's open check (the time of the check stays).
UPDATABLE = (
    "verdict", "concerns", "reason_codes", "decision", "platform", "audience",
    "consent_id", "text", "review_uid",
)  # fmt: skip


def entry_dict(e: JournalEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "created_at": as_utc(e.created_at).isoformat(),
        "text_sha256": e.text_sha256,
        "verdict": e.verdict,
        "concerns": list(e.concerns),
        "reason_codes": list(e.reason_codes),
        "decision": e.decision,
        "platform": e.platform,
        "audience": e.audience,
        "consent_id": e.consent_id,
        "text": e.text,
        "review_answer": e.review_answer,
    }


def stats(entries: Sequence[JournalEntry], *, weeks: int = 12, today: dt.date) -> dict[str, Any]:
    """The clinician's own patterns: pauses per ISO week, top concerns, revise vs post anyway."""
    monday = today - dt.timedelta(days=today.weekday())
    starts = [monday - dt.timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    per_week = dict.fromkeys(starts, 0)
    concerns: Counter[str] = Counter()
    flagged = revised = posted_anyway = 0
    for e in entries:
        if e.verdict == "post":
            continue
        day = as_utc(e.created_at).date()
        start = day - dt.timedelta(days=day.weekday())
        if start in per_week:
            per_week[start] += 1
        concerns.update(e.concerns)
        flagged += 1
        if e.decision == Decision.POST.value:
            posted_anyway += 1
        elif e.decision not in (Decision.UNDECIDED.value, Decision.ASK_SUPERVISOR.value):
            revised += 1
    return {
        "entries": len(entries),
        "pauses": flagged,
        "pauses_per_week": [{"week": s.isoformat(), "count": n} for s, n in per_week.items()],
        "top_concerns": [{"concern": c, "count": n} for c, n in concerns.most_common(8)],
        "revised": revised,
        "posted_anyway": posted_anyway,
    }


CSV_FIELDS = (
    "id", "created_at", "verdict", "decision", "concerns", "reason_codes",
    "platform", "audience", "consent_id", "text_sha256", "text", "review_answer",
)  # fmt: skip


def to_csv(entries: Sequence[JournalEntry]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for e in entries:
        d = entry_dict(e)
        d["concerns"] = " ".join(e.concerns)
        d["reason_codes"] = " ".join(e.reason_codes)
        writer.writerow([_csv_safe(d[k]) for k in CSV_FIELDS])
    return buf.getvalue()


def _csv_safe(value: object) -> str:
    """Blank for None; defuse spreadsheet formulas in kept text."""
    if value is None:
        return ""
    s = str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s


