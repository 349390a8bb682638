"""Screening across cores, in order, with bounded memory.

`Pool.imap` would drain the importer as fast as it can parse (a 2 GB export into the
task queue); instead a fixed window of chunks is in flight and the importer only moves
on when a chunk comes back. Each worker builds its own screener once.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, Protocol

from pausepost.audit.longpost import is_long, screen_in_parts
from pausepost.core.types import Assessment, EngineInfo, Post
from pausepost.errors import InputError

Result = dict[str, Any]  # Assessment.to_dict(), or {"error": message} for unscreenable input


class ScreenerLike(Protocol):
    engine: EngineInfo

    def screen(self, post: Post) -> Assessment: ...

    def screen_many(self, posts: Iterable[Post]) -> Iterator[Assessment | InputError]: ...


ScreenerFactory = Callable[[], ScreenerLike]

_worker_screener: ScreenerLike | None = None
_worker_images = False


def _init_worker(factory: ScreenerFactory, images: bool) -> None:
    global _worker_screener, _worker_images
    # Ctrl-C is the parent's to handle (it stops the pool); workers would print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_screener = factory()
    _worker_images = images


def _screen_chunk(posts: list[Post]) -> list[Result]:
    assert _worker_screener is not None
    return screen_chunk(_worker_screener, posts, images=_worker_images)


def screen_chunk(
    screener: ScreenerLike, posts: list[Post], *, images: bool = False
) -> list[Result]:
    if images and any(p.images for p in posts):
        return [_screen_with_images(screener, p) for p in posts]
    # Posts longer than the screener takes are screened in parts (never skipped); the rest
    # go through `screen_many` together, in order.
    short = iter(screener.screen_many([p for p in posts if not is_long(p.text)]))
    out: list[Result] = []
    for post in posts:
        if is_long(post.text):
            out.append(_screen_long(screener, post, images=False))
            continue
        result = next(short)
        if isinstance(result, InputError):
            out.append({"error": str(result)})
        else:
            out.append(result.to_dict())
    return out


def _screen_long(screener: ScreenerLike, post: Post, *, images: bool) -> Result:
    """A long post part by part; its photos (with `images`) go with the first part."""

    def screen_part(index: int, text: str) -> Result:
        part = replace(post, text=text, images=post.images if index == 0 else ())
        if images and part.images:
            return _screen_with_images(screener, part, strict=True)
        return screener.screen(part).to_dict()

    return screen_in_parts(post.text, screen_part)


def _screen_with_images(screener: ScreenerLike, post: Post, *, strict: bool = False) -> Result:
    """Caption and photos together, through the media package's image checks. `strict`:
    raise `InputError` rather than answer with it."""
    if is_long(post.text) and not strict:
        return _screen_long(screener, post, images=True)
    try:
        if not post.images:
            return screener.screen(post).to_dict()
        try:
            from pausepost.media.analyze import screen_with_images
        except ImportError:  # the media extra is not installed: say so, never call it safe
            result = screener.screen(post).to_dict()
            result["errors"].append("photos not checked: install pausepost[media]")
            if result["verdict"] == "post":
                result["verdict"] = "revise"
            return result
        return screen_with_images(screener, post)
    except InputError as exc:
        if strict:
            raise
        return {"error": str(exc)}


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Job:
    """One slot of the ordered stream: a post to screen, or a result known already."""

    __slots__ = ("known", "payload", "post")

    def __init__(self, post: Post, known: Result | None, payload: Any = None) -> None:
        self.post = post
        self.known = known
        self.payload = payload  # carried through untouched (the export item, cache key)


def run_jobs(
    jobs: Iterable[Job],
    *,
    factory: ScreenerFactory,
    workers: int,
    chunk_size: int = 64,
    window: int | None = None,
    images: bool = False,
) -> Iterator[tuple[Job, Result]]:
    """Yield every job with its result, in input order. With `images`, attached photos
    go through the image checks too."""
    if workers <= 1:
        screener = factory()
        for chunk in _chunks(jobs, chunk_size):
            todo = [j.post for j in chunk if j.known is None]
            done = screen_chunk(screener, todo, images=images) if todo else []
            yield from _merge(chunk, iter(done))
        return
    window = window or workers * 4
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    pool: Pool | None = None  # started on the first post to screen: a resumed audit may need none
    try:
        pending: deque[tuple[list[Job], AsyncResult[list[Result]] | None]] = deque()
        for chunk in _chunks(jobs, chunk_size):
            todo = [j.post for j in chunk if j.known is None]
            future = None
            if todo:
                if pool is None:
                    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(factory, images))
                future = pool.apply_async(_screen_chunk, (todo,))
            pending.append((chunk, future))
            while len(pending) >= window:
                yield from _collect(pending.popleft())
        while pending:
            yield from _collect(pending.popleft())
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _collect(
    entry: tuple[list[Job], AsyncResult[list[Result]] | None],
) -> Iterator[tuple[Job, Result]]:
    chunk, future = entry
    results = future.get() if future is not None else []
    return _merge(chunk, iter(results))


def _merge(chunk: list[Job], screened: Iterator[Result]) -> Iterator[tuple[Job, Result]]:
    for job in chunk:
        yield job, job.known if job.known is not None else next(screened)


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
