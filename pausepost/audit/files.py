"""Report files hold post text: written privately (0600) and atomically (tmp, then rename)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO


class PrivateFile:
    def __init__(self, path: Path, newline: str | None = None) -> None:
        self.path = path
        self._tmp = path.with_name(f".{path.name}.partial")
        fd = os.open(self._tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        self.handle: TextIO = os.fdopen(
            fd, "w", encoding="utf-8", newline=newline, buffering=1 << 20
        )

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        self.handle.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self.handle.close()
        self._tmp.unlink(missing_ok=True)
