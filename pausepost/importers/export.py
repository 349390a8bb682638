"""An opened export: its detected platform and files, and the stream of authored items."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pausepost.importers.archive import Archive, open_archive
from pausepost.importers.base import ExportItem, ReadContext, Source
from pausepost.importers.detect import Detected, detect
from pausepost.importers.errors import (
    CorruptArchiveError,
    ExportError,
    FileFormatError,
    Problem,
    RefusedFileError,
)
from pausepost.importers.jsonbounds import MAX_STRING_BYTES, TOO_LONG


class Export:
    """Use as a context manager. `items()` streams; problems are collected, not raised,
    unless `strict` (then the first one raises after what was read before it)."""

    def __init__(self, path: Path | str, *, strict: bool = False) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no such file or folder: {self.path}")
        self.strict = strict
        self.archive: Archive = open_archive(self.path)
        try:
            self.detected: Detected = detect(self.archive)
        except BaseException:
            self.archive.close()
            raise
        self.problems: list[Problem] = list(self.archive.problems)
        self.empty = 0  # items with nothing the user wrote (shares, boosts, photo-only, DMs)
        self.read = 0
        # State the readers share across files; also where they tally what went unchecked
        # (`pausepost.importers.unchecked`).
        self.shared: dict[str, Any] = {}

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.archive.close()

    @property
    def total_bytes(self) -> int:
        return sum(self.archive.size(name) for name, _source in self.detected.files)

    @property
    def bytes_read(self) -> int:
        return self.archive.bytes_read

    @property
    def unreadable(self) -> int:
        return sum(p.skipped for p in self.problems)

    def items(self) -> Iterator[ExportItem]:
        if self.strict and self.problems:  # the container itself is damaged
            first = self.problems[0]
            raise CorruptArchiveError(first.file, first.message, "a complete archive",
                                      message=first.message)
        shared = self.shared
        finishers: list[tuple[Source, ReadContext]] = []
        for name, source in self.detected.files:
            ctx = ReadContext(self.archive, name, source.platform, source.expected, shared)
            yield from self._read_file(ctx, source)
            if source.finish is not None:
                finishers.append((source, ctx))
        for source, ctx in finishers:
            assert source.finish is not None
            for item in source.finish(ctx):
                self.read += 1
                yield item

    def _read_file(self, ctx: ReadContext, source: Source) -> Iterator[ExportItem]:
        yielded = 0
        completed = False
        try:
            with self.archive.open(ctx.name) as stream:
                for item in source.reader(ctx, stream):
                    if _too_long(item):  # a string the bounded reader would not build
                        ctx.skip(f"too long to screen (over {MAX_STRING_BYTES >> 20} MiB)")
                        continue
                    self.read += 1
                    yielded += 1
                    yield item
            completed = True
        except RefusedFileError:  # built to exhaust memory: the export is refused, not read
            raise
        except ExportError as exc:
            self._problem(Problem.from_error(exc, skipped=1), exc)
        except (OSError, RecursionError, MemoryError) as exc:  # unreadable member
            err = FileFormatError(ctx.display, f"cannot be read ({type(exc).__name__})",
                                  ctx.expected)
            self._problem(Problem.from_error(err), err)
        except Exception as exc:  # a shape no reader foresaw: lose this file, not the audit
            if self.strict:
                raise
            err = FileFormatError(
                ctx.display,
                f"could not be read (unexpected {type(exc).__name__}; please report it)",
                ctx.expected,
            )
            self._problem(Problem.from_error(err), err)
        finally:
            self.empty += ctx.empty
        if ctx.skipped:
            why = ", ".join(f"{n} {reason}" for reason, n in ctx.skip_reasons.items())
            err = FileFormatError(ctx.display, f"{ctx.skipped} item(s) could not be read ({why})",
                                  ctx.expected)
            self._problem(Problem.from_error(err, skipped=ctx.skipped), err)
        self._check_text_fields(ctx, yielded, completed)

    def _check_text_fields(self, ctx: ReadContext, yielded: int, completed: bool) -> None:
        """Items without their text field are shares and the like, unless no item of the
        file has it: then the file is shaped unlike the export it claims to be from."""
        if not ctx.textless:
            return
        if yielded or ctx.empty or ctx.skipped or not completed:
            self.empty += ctx.textless
            return
        err = FileFormatError(
            ctx.display,
            f"none of its {ctx.textless} item(s) has the field {ctx.text_field!r} that holds "
            "the text (a different or newer layout?)",
            ctx.expected,
        )
        self._problem(Problem.from_error(err, skipped=ctx.textless), err)

    def _problem(self, problem: Problem, exc: ExportError) -> None:
        self.problems.append(problem)
        if self.strict:
            raise exc


def _too_long(item: ExportItem) -> bool:
    """A string the JSON reader did not build, or text past the same cap from any reader
    (a Bluesky record may hold 8 MiB; parts joined into one post)."""
    texts = [item.post.text, *(text for _label, text in item.post.extra_text)]
    return sum(map(len, texts)) > MAX_STRING_BYTES or any(TOO_LONG in t for t in texts)


def open_export(path: Path | str, *, strict: bool = False) -> Export:
    """Open and detect an export. Raises `NotAnExportError`, `CorruptArchiveError`,
    or `FileNotFoundError`."""
    return Export(path, strict=strict)
