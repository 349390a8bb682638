"""What an export holds that was not screened, told to the user: never an error.

Readers tally here (in the per-export `shared` dict every `ReadContext` carries) what they
saw but could not check: photos the export names but does not contain, and records other
apps wrote into the same Bluesky repository. The audit report and stderr say how many,
so a clean report is not mistaken for a complete one. Counts and app names only: never
post text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_KEY = "_unchecked"  # in ReadContext.shared

PHOTOS = "photos"
OTHER_APPS = "records of other apps"
NO_DESCRIPTION = "videos without their description"


@dataclass(frozen=True)
class Unchecked:
    """`count` things of kind `what` on `platform` were not screened; `message` says why."""

    what: str
    platform: str
    count: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "platform": self.platform,
            "count": self.count,
            "message": self.message,
        }


def note(shared: dict[str, Any], what: str, platform: str, detail: str = "", n: int = 1) -> None:
    """Count `n` unchecked things; `detail` (an app's name) is listed in the message."""
    tally: Counter[tuple[str, str, str]] = shared.setdefault(_KEY, Counter())
    tally[(what, platform, detail)] += n


def unchecked_notes(shared: Mapping[str, Any]) -> list[Unchecked]:
    """One note per (kind, platform), in a stable order."""
    tally: Counter[tuple[str, str, str]] = shared.get(_KEY) or Counter()
    grouped: dict[tuple[str, str], Counter[str]] = {}
    for (what, platform, detail), n in tally.items():
        grouped.setdefault((what, platform), Counter())[detail] += n
    notes = []
    for (what, platform), details in sorted(grouped.items()):
        count = sum(details.values())
        notes.append(Unchecked(what, platform, count, _message(what, platform, count, details)))
    return notes


def _message(what: str, platform: str, count: int, details: Counter[str]) -> str:
    if what == OTHER_APPS:
        apps = ", ".join(f"{name}: {n}" for name, n in sorted(details.items()) if name)
        return (
            f"{count:,} records of other apps were not read ({apps}); they live in your "
            "Bluesky repository but only Bluesky posts are screened"
        )
    if platform == "bluesky":
        return (
            f"{count:,} photo(s) in your Bluesky posts were not checked: the repository "
            "file holds only their alt text (save the photos beside it, named by their "
            "CID, to check them)"
        )
    if platform == "mastodon":
        return (
            f"{count:,} photo(s) named in outbox.json are not in the archive and were not "
            "checked (was the media_attachments folder left out?)"
        )
    if what == NO_DESCRIPTION:
        return (
            f"{count:,} TikTok video(s) are listed without a description field (older exports "
            "leave it out), so what was written on them was not checked"
        )
    return f"{count:,} {what} on {platform} were not checked"
