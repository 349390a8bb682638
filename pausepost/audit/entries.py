"""One report entry per screened post: the `check --json` fields plus where it came from."""

from __future__ import annotations

from typing import Any

from pausepost.importers import ExportItem

ACTIONS = {"hold": "delete", "revise": "edit", "post": "keep"}
ACTION_ADVICE = {
    "delete": "Delete it, or make it private, as soon as you can.",
    "edit": "Edit it with the suggested rewrite, or remove the details marked.",
    "keep": "Nothing to do.",
    "read": "Pause could not read its language: read it again yourself, or ask a colleague "
    "who reads it.",
}
_RANK = {"hold": 2, "revise": 1, "post": 0}


def build_entry(item: ExportItem, result: dict[str, Any]) -> dict[str, Any]:
    post = item.post
    if "error" in result and "verdict" not in result:
        verdict = None
        entry: dict[str, Any] = {"id": post.id, "verdict": None, "error": result["error"]}
    else:
        entry = dict(result)
        verdict = entry.get("verdict")
    entry.update(
        {
            "platform": post.platform,
            "date": post.created_at,
            "source": item.source,
            "kind": item.kind,
            "url": item.url,
            "text": post.text,
        }
    )
    # Nothing was found in a post Pause could not read: nothing was checked, so "read".
    entry["action"] = (
        "read" if only_language_unchecked(entry) else ACTIONS.get(verdict or "", "review")
    )
    return entry


LANGUAGE_CODE = "language_unsupported"


def only_language_unchecked(entry: dict[str, Any]) -> bool:
    """Pause could not read this post, and found nothing else in it: "not checked: language"."""
    codes = [r.get("code") for r in entry.get("reasons") or () if isinstance(r, dict)]
    return entry.get("verdict") != "hold" and codes == [LANGUAGE_CODE]


def is_flagged(entry: dict[str, Any]) -> bool:
    return entry.get("verdict") in ("hold", "revise")


def seriousness(entry: dict[str, Any]) -> tuple[int, int, int, str]:
    """Sort key, most serious first: verdict, then how many concerns and identifiers."""
    return (
        -_RANK.get(entry.get("verdict") or "", 0),
        -len(entry.get("concerns") or ()),
        -len(entry.get("spans") or ()),
        _neg_date(entry.get("date") or ""),
    )


def _neg_date(date: str) -> str:
    """Newer first within a tie, with a plain string sort."""
    return "".join(chr(0x10FFFF - ord(c)) if ord(c) < 0x10FFFF else c for c in date)


def year_of(entry: dict[str, Any]) -> str:
    date = entry.get("date")
    return date[:4] if isinstance(date, str) and date[:4].isdigit() else "undated"
