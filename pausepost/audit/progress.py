"""A one-line progress bar with rate and ETA, for terminals only (never shows post text)."""

from __future__ import annotations

import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class ProgressBar:
    """Progress is measured in bytes of export read (known up front); rate in posts."""

    def __init__(self, stream: TextIO, total_bytes: int, width: int = 28) -> None:
        self.stream = stream
        self.total = max(1, total_bytes)
        self.width = width
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, posts: int, bytes_read: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write("\r" + self.line(posts, bytes_read, now - self.start))
        self.stream.flush()

    def line(self, posts: int, bytes_read: int, elapsed: float) -> str:
        frac = min(1.0, bytes_read / self.total)
        filled = int(frac * self.width)
        rate = f"{posts / elapsed:,.0f}" if elapsed >= 1.0 else "--"  # too early to say
        eta = "--"
        if 0.01 < frac < 1.0 and elapsed > 0.5:
            eta = _duration(elapsed * (1 - frac) / frac)
        elif frac >= 1.0:
            eta = "0s"
        bar = "#" * filled + "." * (self.width - filled)
        return f"[{bar}] {frac:4.0%}  {posts:,} posts  {rate} posts/s  ETA {eta}  "

    def close(self, posts: int, bytes_read: int) -> None:
        self.update(posts, bytes_read, force=True)
        self.stream.write("\n")
        self.stream.flush()
