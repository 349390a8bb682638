"""Which platform and layout an export is, from the names of the files inside it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from pausepost.importers.archive import Archive, SingleFileArchive
from pausepost.importers.base import Source
from pausepost.importers.errors import NotAnExportError
from pausepost.importers.registry import PLATFORM_NAMES, all_sources

# Threads comes inside the Instagram export; evidence of one is evidence of the other.
_COMPANIONS = {"threads": {"instagram"}, "instagram": {"threads"}}

# Exports we recognise but cannot read, and what to do instead. Meta's HTML export names
# its pages as the JSON export names its files, in every layout (2018 to 2024+).
_FACEBOOK_HTML = (
    r"your_posts(__check_ins__photos_and_videos)?(_\d+)?|group_posts_and_comments(_\d+)?"
    r"|your_posts_and_comments_in_groups|your_posts_in_groups|your_comments_in_groups"
    r"|posts_on_other_pages_and_profiles|edits_you_made_to_posts"
    r"|(comments|comments_and_reactions)/comments(_\d+)?"
)
_INSTAGRAM_HTML = (
    r"posts_\d+|(content|media)/(posts|reels|stories|archived_posts|igtv_videos)(_\d+)?"
    r"|comments/(post|reels|story)_comments(_\d+)?"
)
# TikTok's TXT export: one file per section; these names are TikTok's alone.
_TIKTOK_TXT = (
    r"Like List|Video Browsing History|Browsing History|Watch History|Favorite Videos"
    r"|Favorite Sounds|Favorite HashTags|Favorite Effects|Recently Deleted Posts"
    r"|Watch Live History|Go Live History"
)
_KNOWN_UNREADABLE = (
    (re.compile(rf"(^|/)({_FACEBOOK_HTML})\.html$", re.I),
     "this is Facebook's HTML export; request the JSON format in Download Your Information"),
    (re.compile(rf"(^|/)({_INSTAGRAM_HTML})\.html$", re.I),
     "this is Instagram's HTML export; request the JSON format in Download your information"),
    (re.compile(r"(^|/)archive\.html$|(^|/)tweet\.html$", re.I),
     "this looks like only the browsable part of an X archive; use the whole archive zip"),
    (re.compile(rf"(^|/)({_TIKTOK_TXT})\.txt$", re.I),
     "this is TikTok's TXT export; request your data again in the JSON format"),
)
EXPECTED = (
    "a data export from Facebook, Instagram, Threads, X, LinkedIn, Mastodon, Bluesky or TikTok "
    "(a .zip, .tar.gz, folder, or a file such as your_posts_1.json, tweets.js, Shares.csv, "
    "outbox.json, user_data_tiktok.json or a .car repository)"
)


@dataclass(frozen=True)
class Detected:
    platforms: tuple[str, ...]
    layouts: tuple[str, ...]
    files: tuple[tuple[str, Source], ...]  # in reading order

    @property
    def description(self) -> str:
        names = ", ".join(PLATFORM_NAMES.get(p, p) for p in self.platforms)
        return f"{names} ({'; '.join(self.layouts)})"


def detect(archive: Archive) -> Detected:
    names = archive.names()
    sources = all_sources()
    matches = {n: [s for s in sources if s.matches(n)] for n in names}
    present = {s.platform for found in matches.values() for s in found if s.distinctive}
    for p in list(present):
        present |= _COMPANIONS.get(p, set())
    if not present and isinstance(archive, SingleFileArchive):
        # A lone file with no telling name: accept any reader that claims it.
        present = {s.platform for found in matches.values() for s in found}
        if not present and _looks_like_car(archive):
            matches = {names[0]: [s for s in sources if s.platform == "bluesky"]}
            present = {"bluesky"}
    chosen: list[tuple[str, Source]] = []
    for name in names:
        for source in matches.get(name, []):
            if source.platform in present:
                chosen.append((name, source))
                break
    if not chosen:
        raise NotAnExportError(archive.root.name, _why_not(names), EXPECTED)
    chosen.sort(key=lambda pair: (pair[1].priority, _natural(pair[0])))
    platforms = tuple(sorted({s.platform for _n, s in chosen if s.distinctive} or present))
    layouts = tuple(dict.fromkeys(s.layout for _n, s in chosen))
    return Detected(platforms=platforms, layouts=layouts, files=tuple(chosen))


def _why_not(names: list[str]) -> str:
    for name in names:
        for pattern, advice in _KNOWN_UNREADABLE:
            if pattern.search(name):
                return advice
    if not names:
        return "it is empty"
    return f"none of its {len(names)} file(s) is a known export file"


def _natural(name: str) -> tuple[object, ...]:
    """posts_2.json before posts_10.json."""
    stem = PurePosixPath(name).as_posix()
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", stem))


def _looks_like_car(archive: Archive) -> bool:
    name = archive.names()[0]
    with archive.open(name) as fh:
        head = fh.read(64)
    return b"roots" in head and b"version" in head
