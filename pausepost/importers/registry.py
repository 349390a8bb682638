"""The importer registry: (platform, export file name) -> reader. Built on first use."""

from __future__ import annotations

from functools import cache

from pausepost.importers.base import Source

PLATFORM_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "threads": "Threads",
    "x": "X / Twitter",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "tiktok": "TikTok",
    "tiktok_caption": "TikTok",  # the platform TikTok posts carry (the screener's name)
}


@cache
def all_sources() -> tuple[Source, ...]:
    """Every known export file, most specific first within each platform."""
    from pausepost.importers import (
        bluesky,
        facebook,
        instagram,
        linkedin,
        mastodon,
        threads,
        tiktok,
        twitter,
    )

    return (
        *facebook.SOURCES,
        *threads.SOURCES,
        *instagram.SOURCES,
        *twitter.SOURCES,
        *linkedin.SOURCES,
        *mastodon.SOURCES,
        *bluesky.SOURCES,
        *tiktok.SOURCES,
    )


def sources_for(platform: str) -> tuple[Source, ...]:
    return tuple(s for s in all_sources() if s.platform == platform)


def lookup(platform: str, member: str) -> Source | None:
    """The reader for `member` (a file name or path) of a `platform` export."""
    return next((s for s in sources_for(platform) if s.matches(member)), None)
