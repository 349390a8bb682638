"""report.csv: one row per screened post, for spreadsheets and other tools."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pausepost.audit.files import PrivateFile
from pausepost.audit.summary import AuditSummary

COLUMNS = (
    "id", "date", "platform", "kind", "source", "url", "verdict", "action", "concerns",
    "reasons", "spans", "text", "rewrite", "error",
)


class CsvReport:
    def __init__(self, path: Path) -> None:
        self._file = PrivateFile(path, newline="")
        self._writer = csv.writer(self._file.handle)
        self._writer.writerow(COLUMNS)

    def add(self, entry: dict[str, Any]) -> None:
        self._writer.writerow(
            [
                entry.get("id") or "",
                entry.get("date") or "",
                entry.get("platform") or "",
                entry.get("kind") or "",
                entry.get("source") or "",
                entry.get("url") or "",
                entry.get("verdict") or "",
                entry.get("action") or "",
                ";".join(entry.get("concerns") or ()),
                ";".join(r.get("code", "") for r in entry.get("reasons") or ()),
                ";".join(f"{s.get('label')}:{s.get('text')}" for s in entry.get("spans") or ()),
                _safe(entry.get("text") or ""),
                _safe(entry.get("rewrite") or ""),
                entry.get("error") or "",
            ]
        )

    def close(self, summary: AuditSummary) -> None:
        self._file.commit()

    def abort(self) -> None:
        self._file.abort()


def _safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a post must stay text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
