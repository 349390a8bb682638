"""The progress line: share of the export read, posts, rate and ETA (never post text)."""

from __future__ import annotations

import io

from pausepost.audit import ProgressBar


def test_progress_line_has_rate_and_eta() -> None:
    bar = ProgressBar(io.StringIO(), total_bytes=1000, width=10)
    assert bar.line(500, 250, 10.0) == "[##........]  25%  500 posts  50 posts/s  ETA 30s  "
    assert bar.line(6000, 100, 120.0).endswith("ETA 18m00s  ")
    assert bar.line(1, 10, 0.01) == "[..........]   1%  1 posts  -- posts/s  ETA --  "
    assert "100%" in bar.line(10, 1000, 5.0) and "ETA 0s" in bar.line(10, 1000, 5.0)


def test_updates_are_throttled_and_close_ends_the_line() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, total_bytes=100)
    for i in range(1000):
        bar.update(i, i // 10)
    assert out.getvalue().count("\r") <= 3
    bar.close(1000, 100)
    assert out.getvalue().endswith("\n")
