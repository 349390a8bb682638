"""Typed errors. Front ends map these to exit codes or HTTP 4xx; never tracebacks."""

from __future__ import annotations


class PauseError(Exception):
    """Base for every error Pause raises on purpose."""


class InputError(PauseError):
    """The input cannot be screened (empty, binary, too large, wrong encoding)."""


class ConfigError(PauseError):
    """The user's config file is unreadable or malformed."""


class DetectorError(PauseError):
    """A detector failed; the screen fails closed."""


class UsageError(PauseError):
    """The command was called the wrong way (front ends map this to exit code 2)."""


class ModelError(PauseError):
    """The learned model is missing or corrupt; the screen fails closed (never `post`)."""


class CannotWriteError(PauseError):
    """An output file cannot be created: a missing or read-only folder (exit code 73)."""
