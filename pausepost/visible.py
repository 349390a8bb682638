"""Text from elsewhere (a browser's name, a relay's error, a colleague's chosen name) shown
to the user: one line of printable characters, never control codes or layout tricks."""

from __future__ import annotations


def one_line(text: str, limit: int | None = None) -> str:
    """Non-printable characters become spaces, runs of space collapse, then cut to `limit`."""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return line if limit is None else line[:limit].rstrip()
