"""What the pages and the API share: screen with the allow-list and the consent ledger,
record decisions. Front-end glue only; the verdict logic lives in the core."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from pausepost import __version__
from pausepost.audit import AuditSummary, audit_export
from pausepost.config import Config
from pausepost.core.nudge import Note, compose_note
from pausepost.core.screener import Screener
from pausepost.core.types import (
    Assessment,
    Audience,
    Concern,
    EngineInfo,
    ImageRef,
    Post,
    Verdict,
)
from pausepost.errors import InputError
from pausepost.store import Decision, JournalEntry, Store, apply_ledger


class ScreenerLike(Protocol):
    def screen(self, post: Post) -> Assessment: ...


# Given the allow-list terms added from the web page, build a screener.
ScreenerFactory = Callable[[tuple[str, ...]], ScreenerLike]


def default_factory(config: Config) -> ScreenerFactory:
    def build(extra: tuple[str, ...]) -> ScreenerLike:
        return Screener.default(config.with_allowed(*extra))

    return build


class _AuditScreener:
    """What the audit pipeline asks of a screener (`engine`, `screen_many`), for any
    ScreenerLike: the real Screener has both; a bare one gets them here."""

    def __init__(self, screener: ScreenerLike) -> None:
        self._screener = screener
        self.engine: EngineInfo = getattr(screener, "engine", None) or EngineInfo(
            name="pausepost", version=__version__, detectors=()
        )
        self.config = getattr(screener, "config", None)  # its allow-list, for the fingerprint

    def screen(self, post: Post) -> Assessment:
        return self._screener.screen(post)

    def screen_many(self, posts: Iterable[Post]) -> Iterator[Assessment | InputError]:
        many = getattr(self._screener, "screen_many", None)
        if many is not None:
            yield from many(posts)
            return
        for post in posts:
            try:
                yield self._screener.screen(post)
            except InputError as exc:
                yield exc


class _CaptionLedger:
    """Settles the caption's consent claim with the ledger, as `check` does; the pictures'
    text is screened as it is. Keeps the caption's assessment for the journal."""

    def __init__(
        self, screener: ScreenerLike, caption: Post, settle: Callable[[Assessment], Assessment]
    ) -> None:
        self._screener = screener
        self._caption = caption
        self._settle = settle
        self.engine = getattr(screener, "engine", None)
        self.assessment: Assessment | None = None

    def screen(self, post: Post) -> Assessment:
        assessment = self._screener.screen(post)
        if post is self._caption:
            self.assessment = assessment = self._settle(assessment)
        return assessment


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class PauseService:
    def __init__(
        self,
        store: Store,
        factory: ScreenerFactory,
        *,
        today: Callable[[], dt.date] = utc_today,
    ) -> None:
        self.store = store
        self.today = today
        self._factory = factory
        self._lock = threading.Lock()
        self._cached: tuple[tuple[str, ...], ScreenerLike] | None = None

    def screener(self) -> ScreenerLike:
        with self._lock:
            if self._cached is None:
                terms = self.store.allow_terms()
                self._cached = (terms, self._factory(terms))
            return self._cached[1]

    def _invalidate(self) -> None:
        with self._lock:
            self._cached = None

    def check(
        self,
        text: str,
        *,
        platform: str | None = None,
        audience: str | None = None,
        consent_id: int | None = None,
        journal: bool = False,
    ) -> Assessment:
        """Raises `InputError` for text that cannot be screened. With `journal`, the check is
        recorded (undecided) until a decision on the same draft completes it."""
        aud = Audience(audience) if audience else None
        assessment = self.screener().screen(Post(text=text, platform=platform, audience=aud))
        entry = self.store.consent(consent_id) if consent_id else None
        assessment = apply_ledger(assessment, entry, today=self.today())
        if journal:
            known = consent_id if entry is not None else None
            self.store.record(assessment, Decision.UNDECIDED, consent_id=known)
        return assessment

    def check_with_images(
        self,
        text: str,
        images: tuple[ImageRef, ...],
        *,
        platform: str | None = None,
        audience: str | None = None,
        consent_id: int | None = None,
        journal: bool = False,
        analyze: Callable[[ImageRef], Any] | None = None,
    ) -> dict[str, Any]:
        """A draft with its pictures: what `pausepost check --json --image` prints (the media
        extra's `screen_with_images`; the caller makes sure it is installed), with the
        caption's consent claim settled by the ledger as in `check`. With `journal`, the
        check is recorded with the verdict and concerns of caption and pictures together
        (a picture without a caption has no draft to record)."""
        from pausepost.media.analyze import analyze_image, screen_with_images

        aud = Audience(audience) if audience else None
        post = Post(text=text, platform=platform, audience=aud, images=images)
        entry = self.store.consent(consent_id) if consent_id else None
        screener = _CaptionLedger(
            self.screener(), post, lambda a: apply_ledger(a, entry, today=self.today())
        )
        result = screen_with_images(screener, post, analyze=analyze or analyze_image)
        if journal and screener.assessment is not None:
            caption = screener.assessment
            whole = replace(
                caption,
                post=replace(caption.post, images=()),
                verdict=Verdict(result["verdict"]),
                concerns=tuple(Concern(c) for c in result["concerns"]),
            )
            known = consent_id if entry is not None else None
            self.store.record(whole, Decision.UNDECIDED, consent_id=known)
        return result

    def decide(
        self,
        text: str,
        decision: Decision,
        *,
        platform: str | None = None,
        audience: str | None = None,
        consent_id: int | None = None,
        keep_text: bool = False,
    ) -> JournalEntry:
        # Screen again rather than trust a verdict sent by the page.
        assessment = self.check(text, platform=platform, audience=audience, consent_id=consent_id)
        known = consent_id if consent_id and self.store.consent(consent_id) else None
        return self.store.record(assessment, decision, keep_text=keep_text, consent_id=known)

    def nudge(
        self,
        text: str,
        *,
        platform: str | None = None,
        audience: str | None = None,
        colleague: str | None = None,
        sender: str | None = None,
    ) -> Note:
        aud = Audience(audience) if audience else None
        assessment = self.screener().screen(Post(text=text, platform=platform, audience=aud))
        return compose_note(assessment, colleague=colleague, sender=sender)

    def audit(self, export: Path, out_dir: Path) -> AuditSummary:
        """Audit a platform's data export with the pages' screener (allow-list included)
        into report.html/json/csv in `out_dir`: the CLI's pipeline, in this process, without
        the result cache. Never touches the journal. Raises the importers' `ExportError`."""
        screener = _AuditScreener(self.screener())
        return audit_export(export, out_dir, factory=lambda: screener, workers=1)

    def add_allow(self, term: str) -> bool:
        added = self.store.add_allow_term(term.strip())
        self._invalidate()
        return added

    def remove_allow(self, term: str) -> bool:
        removed = self.store.remove_allow_term(term)
        self._invalidate()
        return removed
