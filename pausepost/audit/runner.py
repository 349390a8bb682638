"""The audit pipeline: export -> (cache | parallel screening) -> report writers, streaming."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from pausepost.audit.cache import ResultCache, engine_fingerprint, post_key, restore
from pausepost.audit.entries import build_entry
from pausepost.audit.parallel import Job, ScreenerFactory, run_jobs
from pausepost.audit.report_csv import CsvReport
from pausepost.audit.report_html import HtmlReport
from pausepost.audit.report_json import JsonReport
from pausepost.audit.summary import AuditSummary
from pausepost.core.types import ImageRef
from pausepost.importers import ExportItem, open_export
from pausepost.importers.archive import Archive
from pausepost.importers.unchecked import unchecked_notes

ProgressHook = Callable[[int, int, int], None]  # (posts done, bytes read, total bytes)
_LOOKUP_BATCH = 512
_WRITE_BATCH = 4096  # one commit per few thousand results; an interruption flushes early
MAX_PHOTO_BYTES = 40 << 20


class Writer(Protocol):
    def add(self, entry: dict[str, Any]) -> None: ...
    def close(self, summary: AuditSummary) -> None: ...
    def abort(self) -> None: ...


@dataclass(frozen=True)
class AuditPaths:
    html: Path
    json: Path
    csv: Path

    @classmethod
    def in_dir(cls, out: Path) -> AuditPaths:
        return cls(out / "report.html", out / "report.json", out / "report.csv")


def audit_export(
    path: Path | str,
    out_dir: Path,
    *,
    factory: ScreenerFactory,
    workers: int = 1,
    cache: ResultCache | None = None,
    progress: ProgressHook | None = None,
    images: bool = False,
) -> AuditSummary:
    """Screen every authored item of the export at `path` and write the three reports.

    Raises the importer's `ExportError`s (not an export, corrupt container) before any
    report is written; damage inside the export is counted in the summary instead.
    """
    started = time.monotonic()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = AuditPaths.in_dir(out_dir)
    with open_export(path) as export:
        probe = factory()  # in this process: the engine fingerprint, and fail early
        fingerprint = engine_fingerprint(probe, images=images)
        summary = AuditSummary(
            export=Path(path).name,
            platforms=export.detected.platforms,
            layouts=export.detected.layouts,
            engine={"name": probe.engine.name, "version": probe.engine.version,
                    "detectors": list(probe.engine.detectors)},
        )
        writers: list[Writer] = [JsonReport(paths.json), CsvReport(paths.csv),
                                 HtmlReport(paths.html)]
        total = export.total_bytes
        done = 0
        pending: list[tuple[str, dict[str, Any]]] = []
        try:
            items = export.items()
            if images:
                items = (_with_photo_bytes(export.archive, item) for item in items)
            else:
                items = _without_photo_only(items, summary)
            jobs = _jobs(items, cache, fingerprint)
            # One process: reuse the probe rather than load the detectors twice.
            local: ScreenerFactory = (lambda: probe) if workers <= 1 else factory
            for job, result in run_jobs(jobs, factory=local, workers=workers, images=images):
                item: ExportItem = job.payload[0]
                if item.post.images and not images:
                    summary.photos_not_checked += 1
                if job.known is not None:
                    summary.cache_hits += 1
                elif cache is not None and "verdict" in result:
                    pending.append((job.payload[1], result))
                    if len(pending) >= _WRITE_BATCH:
                        cache.put_many(pending)
                        pending.clear()
                entry = build_entry(item, result)
                summary.add(entry)
                for w in writers:
                    w.add(entry)
                done += 1
                if progress is not None:
                    progress(done, export.bytes_read, total)
            if cache is not None:
                cache.put_many(pending)
        except BaseException:
            for w in writers:
                w.abort()
            if cache is not None and pending:  # interrupted: keep what was screened
                cache.put_many(pending)
            raise
        summary.problems = list(export.problems)
        summary.unchecked = unchecked_notes(export.shared)
        summary.nothing_written += export.empty
        summary.seconds = time.monotonic() - started
        for w in writers:
            w.close(summary)
        if progress is not None:
            progress(done, total, total)
    return summary


def _without_photo_only(items: Iterator[ExportItem], summary: AuditSummary) -> Iterator[ExportItem]:
    """A photo posted with nothing written has nothing to screen without --images."""
    for item in items:
        if item.post.text.strip() or not item.post.images:
            yield item
        else:
            summary.nothing_written += 1
            summary.photos_not_checked += 1


def _with_photo_bytes(archive: Archive, item: ExportItem) -> ExportItem:
    """Photos inside a zip or tar have no path on disk: hand the image checks their bytes."""
    if not any(ref.path is None and ref.name for ref in item.post.images):
        return item
    refs = []
    for ref in item.post.images:
        if ref.path is None and ref.name:
            data = archive.read_member(ref.name, MAX_PHOTO_BYTES)
            ref = ImageRef(path=None, data=data, name=ref.name) if data else ref
        refs.append(ref)
    return replace(item, post=replace(item.post, images=tuple(refs)))


def _jobs(
    items: Iterator[ExportItem], cache: ResultCache | None, fingerprint: str
) -> Iterator[Job]:
    """Batch cache look-ups so a resumed audit costs one query per few hundred posts."""
    batch: list[ExportItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= _LOOKUP_BATCH:
            yield from _batch_jobs(batch, cache, fingerprint)
            batch = []
    if batch:
        yield from _batch_jobs(batch, cache, fingerprint)


def _batch_jobs(batch: list[ExportItem], cache: ResultCache | None, fp: str) -> Iterator[Job]:
    if cache is None:
        for item in batch:
            yield Job(item.post, None, (item, ""))
        return
    keys = [post_key(item.post, fp, cache.secret) for item in batch]
    found = cache.get_many(keys)
    for item, key in zip(batch, keys, strict=True):
        stored = found.get(key)
        known = restore(stored, item.post) if stored is not None else None
        yield Job(item.post, known, (item, key))


