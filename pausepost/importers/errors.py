"""Typed errors for export importers: every message names the file and what was expected."""

from __future__ import annotations

from dataclasses import dataclass

from pausepost.errors import InputError


class ExportError(InputError):
    """An export (or one file inside it) cannot be read as expected."""

    def __init__(self, file: str, problem: str, expected: str, *, message: str = "") -> None:
        self.file = file
        self.problem = problem
        self.expected = expected
        super().__init__(message or f"{file}: {problem}; expected {expected}")


class NotAnExportError(ExportError):
    """Nothing in the path looks like a platform's data export."""


class CorruptArchiveError(ExportError):
    """The zip or tar.gz container itself is damaged."""


class FileFormatError(ExportError):
    """A file inside the export is truncated, mis-encoded or shaped unexpectedly."""


class RefusedFileError(FileFormatError):
    """A file built to cost unbounded memory (JSON nested past the limit): the whole export
    is refused rather than read around, so the audit stops (exit 65, HTTP 422)."""


@dataclass(frozen=True)
class Problem:
    """Something that could not be read; the rest of the export still is."""

    file: str
    message: str
    skipped: int = 1  # items (or whole files) lost; at least 1 when unknown

    @classmethod
    def from_error(cls, exc: ExportError, skipped: int = 1) -> Problem:
        return cls(file=exc.file, message=str(exc), skipped=skipped)
