"""report.json, written as it goes: `{"posts": [...], "summary": {...}}`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pausepost.audit.files import PrivateFile
from pausepost.audit.summary import AuditSummary


class JsonReport:
    def __init__(self, path: Path) -> None:
        self._file = PrivateFile(path)
        self._file.write('{"report": "pausepost audit", "format": 1, "posts": [\n')
        self._first = True

    def add(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False)
        self._file.write(line if self._first else ",\n" + line)
        self._first = False

    def close(self, summary: AuditSummary) -> None:
        self._file.write('\n],\n"summary": ')
        self._file.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
        self._file.write("}\n")
        self._file.commit()

    def abort(self) -> None:
        self._file.abort()
