"""Counts for the top of the report: what was screened, what was found, what was lost."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pausepost.audit.entries import only_language_unchecked, year_of
from pausepost.core.language import read_language
from pausepost.importers import Problem
from pausepost.importers.unchecked import Unchecked

MAX_LANGUAGE_LISTED = 2000
MAX_NOT_SCREENED_LISTED = 2000


def language_line(entry: dict[str, Any]) -> dict[str, str]:
    """One short line for the list: where and when, the language, the opening words."""
    text = " ".join(str(entry.get("text") or "").split())
    return {
        "id": str(entry.get("id") or ""),
        "date": str(entry.get("date") or "undated"),
        "platform": str(entry.get("platform") or ""),
        "source": str(entry.get("source") or ""),
        "language": read_language(text).unread_names if text else "another language",
        "opening": text[:80] + ("…" if len(text) > 80 else ""),
    }


def not_screened_line(entry: dict[str, Any]) -> dict[str, str]:
    """Where to find a post the audit could not screen, and why (never its text)."""
    return {
        key: str(entry.get(key) or default)
        for key, default in (("id", ""), ("date", "undated"), ("platform", ""),
                             ("source", ""), ("kind", ""), ("error", ""))
    }


@dataclass
class AuditSummary:
    export: str
    platforms: tuple[str, ...]
    layouts: tuple[str, ...]
    engine: dict[str, Any] = field(default_factory=dict)
    screened: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    by_year: dict[str, Counter[str]] = field(default_factory=dict)
    by_month: Counter[tuple[str, str]] = field(default_factory=Counter)  # (yyyy-mm, verdict)
    not_screened: int = 0  # posts the screener refused (binary): the run is never "clean"
    not_screened_list: list[dict[str, str]] = field(default_factory=list)  # bounded
    in_parts: int = 0  # posts over MAX_CHARS, screened in overlapping parts
    nothing_written: int = 0  # shares, boosts, photo-only posts, direct messages
    problems: list[Problem] = field(default_factory=list)
    cache_hits: int = 0
    photos_not_checked: int = 0  # posts with photos, audited without --images
    unchecked: list[Unchecked] = field(default_factory=list)  # photos absent, other apps
    seconds: float = 0.0
    # Posts Pause could not read (another language) and nothing else flagged: counted within
    # `revise` (never "fine"), listed one line each instead of as cards. Bounded list.
    language_not_checked: int = 0
    language_list: list[dict[str, str]] = field(default_factory=list)

    def add(self, entry: dict[str, Any]) -> None:
        verdict = entry.get("verdict")
        if verdict is None:
            self.not_screened += 1
            if len(self.not_screened_list) < MAX_NOT_SCREENED_LISTED:
                self.not_screened_list.append(not_screened_line(entry))
            return
        self.screened += 1
        if entry.get("screened_in_parts"):
            self.in_parts += 1
        if only_language_unchecked(entry):
            self.language_not_checked += 1
            if len(self.language_list) < MAX_LANGUAGE_LISTED:
                self.language_list.append(language_line(entry))
        self.verdicts[verdict] += 1
        self.by_year.setdefault(year_of(entry), Counter())[verdict] += 1
        date = entry.get("date")
        if verdict != "post" and isinstance(date, str) and date[:7][:4].isdigit():
            self.by_month[(date[:7], verdict)] += 1

    @property
    def held(self) -> int:
        return self.verdicts.get("hold", 0)

    @property
    def to_revise(self) -> int:
        return self.verdicts.get("revise", 0)

    @property
    def unreadable(self) -> int:
        return sum(p.skipped for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "export": self.export,
            "platforms": list(self.platforms),
            "layouts": list(self.layouts),
            "screened": self.screened,
            "hold": self.held,
            "revise": self.to_revise,
            "post": self.verdicts.get("post", 0),
            "not_screened": self.not_screened,
            "not_screened_posts": self.not_screened_list,
            "screened_in_parts": self.in_parts,
            "nothing_written": self.nothing_written,
            "unreadable": self.unreadable,
            "problems": [
                {"file": p.file, "message": p.message, "skipped": p.skipped}
                for p in self.problems
            ],
            "by_year": {
                year: {"screened": sum(c.values()), "hold": c.get("hold", 0),
                       "revise": c.get("revise", 0)}
                for year, c in sorted(self.by_year.items())
            },
            "cache_hits": self.cache_hits,
            "photos_not_checked": self.photos_not_checked,
            "not_checked_language": self.language_not_checked,
            "not_checked_language_posts": self.language_list,
            "unchecked": [u.to_dict() for u in self.unchecked],
            "seconds": round(self.seconds, 2),
            "engine": self.engine,
        }
