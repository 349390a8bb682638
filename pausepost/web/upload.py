"""The audit upload: a platform's data export, streamed into a private temporary folder.

The multipart body is parsed as it arrives and the file part goes straight to disk, in
bounded chunks (never whole in memory, never through the system's shared temp files).
The folder is 0700, its files 0600, and it is removed when the request is done, whatever
happens. The Guard has already refused bodies over the upload limit and anything that is
not multipart/form-data; what is left to refuse here is a malformed body, no file, or an
empty one.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import anyio.to_thread
from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from pausepost.audit import AuditSummary
from pausepost.importers import ExportError
from pausepost.web.multipart import PartReader
from pausepost.web.service import PauseService
from pausepost.web.settings import WebSettings

FIELD = "export"  # the form field that carries the file
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 120


@contextmanager
def private_workdir(parent: Path | None = None) -> Iterator[Path]:
    """A fresh 0700 folder (mkdtemp's mode), removed on the way out whatever happens."""
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pause-audit-", dir=parent))
    try:
        os.chmod(work, 0o700)  # mkdtemp already does; say it where it matters
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def safe_name(filename: str) -> str:
    """The uploaded file's base name, reduced to harmless characters. The extension is kept:
    a lone export file (a .car, tweets.js) is recognised by its name."""
    base = PurePosixPath(filename.replace("\\", "/")).name
    clean = _UNSAFE_CHARS.sub("_", base).lstrip(".")
    if len(clean) > _MAX_NAME:
        clean = clean[-_MAX_NAME:].lstrip(".")
    return clean or "export"


class _Parts(PartReader):
    """Callbacks for python-multipart: the first file part named FIELD goes to `folder`;
    every other part is read and dropped."""

    def __init__(self, folder: Path) -> None:
        super().__init__("upload")
        self.folder = folder
        self.path: Path | None = None
        self.size = 0
        self.chose_nothing = False  # a file input left empty: a part with filename=""
        self._handle: BinaryIO | None = None
        self._writing = False
        self.pending: list[bytes] = []  # file data parsed but not yet written

    def _begin_part(self) -> None:
        self._writing = False

    def _headers_finished(self) -> None:
        params = self.disposition()
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if name != FIELD or self.path is not None or b"filename" not in params:
            return
        filename = params[b"filename"].decode("utf-8", "replace")
        if not filename:
            self.chose_nothing = True
            return
        self.path = self.folder / safe_name(filename)
        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        self._handle = os.fdopen(fd, "wb")
        self._writing = True

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._writing:
            self.pending.append(data[start:end])  # a copy: the parser reuses its buffer

    def _part_end(self) -> None:
        self._writing = False

    def flush(self) -> None:
        """Write what was parsed (called in a worker thread, off the event loop)."""
        if self._handle is not None and self.pending:
            chunk = b"".join(self.pending)
            self.pending.clear()
            self._handle.write(chunk)
            self.size += len(chunk)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


async def receive_export(request: Request, folder: Path) -> Path:
    """Stream the request's file field FIELD into `folder`; return the file's path.
    Raises HTTPException (4xx) for a malformed body, no file, or an empty file."""
    _ctype, params = parse_options_header(request.headers.get("content-type"))
    boundary = params.get(b"boundary")
    if not boundary:
        raise HTTPException(400, "the upload has no multipart boundary")
    folder.mkdir(mode=0o700)
    parts = _Parts(folder)
    try:
        parser = MultipartParser(boundary, parts.callbacks())  # type: ignore[arg-type]
        async for chunk in request.stream():
            parser.write(chunk)
            if parts.pending:
                await anyio.to_thread.run_sync(parts.flush)
        parser.finalize()
        await anyio.to_thread.run_sync(parts.flush)
    except FormParserError:
        raise HTTPException(400, "the upload is not valid multipart/form-data") from None
    finally:
        parts.close()
    if parts.path is None:
        if parts.chose_nothing:
            raise HTTPException(422, f"{FIELD}: choose the export file to upload")
        raise HTTPException(422, f"{FIELD}: no file in the upload (send it as the field "
                                 f"'{FIELD}')")
    if parts.size == 0:
        raise HTTPException(422, f"{parts.path.name}: the uploaded file is empty; expected "
                                 "a platform's data export (.zip, .tar.gz or .car)")
    return parts.path


# The report page's own policy: its inline styles, no script, nothing loaded (the same as
# the <meta> policy inside the file the CLI writes).
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
_MEDIA = {"html": "text/html; charset=utf-8", "json": "application/json"}


def _stream(handle: BinaryIO) -> Iterator[bytes]:
    try:
        while chunk := handle.read(1 << 16):
            yield chunk
    finally:
        handle.close()


def nothing_read(summary: AuditSummary) -> bool:
    """The export was recognised, but not one item in it could be read."""
    read = summary.screened + summary.not_screened + summary.nothing_written
    return bool(summary.problems) and read == 0


def nothing_read_message(name: str, summary: AuditSummary, shown: int = 3) -> str:
    said = "; ".join(p.message for p in summary.problems[:shown])
    more = len(summary.problems) - shown
    return (f"{name}: nothing in it could be read: {said}"
            + (f" (and {more:,} more)" if more > 0 else ""))


async def audit_upload(request: Request, svc: PauseService, report: str) -> Response:
    """Receive the export, audit it with the service's screener, and answer with the
    report the CLI writes (`report.html` or `report.json`). The export and the reports
    are deleted before the response starts; the report is streamed from an open handle."""
    settings: WebSettings = request.app.state.settings
    with private_workdir(settings.upload_dir) as work:
        export = await receive_export(request, work / "upload")
        try:
            summary = await run_in_threadpool(svc.audit, export, work / "report")
        except ExportError as exc:  # not an export, a damaged container: names the file
            raise HTTPException(422, str(exc)) from None
        if nothing_read(summary):  # the CLI exits 65: a report here would read as "all clear"
            raise HTTPException(422, nothing_read_message(export.name, summary))
        handle = (work / "report" / f"report.{report}").open("rb")
    return StreamingResponse(
        _stream(handle),
        media_type=_MEDIA[report],
        headers={
            "content-disposition": f'inline; filename="pause-audit-report.{report}"',
            **({"content-security-policy": REPORT_CSP} if report == "html" else {}),
        },
    )
