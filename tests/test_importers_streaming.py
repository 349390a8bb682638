"""Exports are streamed: items come out long before a big file has been read."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import BinaryIO, cast

from pausepost.importers.jsonstream import iter_top_items


class LazyJson(io.RawIOBase):
    """A JSON file of `n` posts that only exists as it is read; counts what was read."""

    def __init__(self, n: int, wrapper: str = "") -> None:
        super().__init__()
        self.read_so_far = 0
        self._chunks = self._generate(n, wrapper)
        self._buffer = b""

    def _generate(self, n: int, wrapper: str) -> Iterator[bytes]:
        yield (wrapper + "[").encode()
        for i in range(n):
            sep = "," if i else ""
            yield (sep + json.dumps({"timestamp": i, "data": [{"post": f"post {i} " + "x" * 200}]})
                   ).encode()
        yield b"]" + (b"}" if wrapper.startswith("{") else b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while len(self._buffer) < len(buffer):
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        n = min(len(buffer), len(self._buffer))
        buffer[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        self.read_so_far += n
        return n


def test_bare_array_is_streamed() -> None:
    raw = LazyJson(200_000)  # about 45 MB if it were all read
    items = iter_top_items(cast(BinaryIO, raw), "your_posts_1.json", "posts")
    _key, first = next(items)
    assert first["timestamp"] == 0
    assert raw.read_so_far < 1 << 20
    for _ in range(999):
        next(items)
    assert raw.read_so_far < 2 << 20


def test_object_wrapped_array_is_streamed() -> None:
    raw = LazyJson(200_000, wrapper='{"comments_v2": ')
    items = iter_top_items(cast(BinaryIO, raw), "comments.json", "comments")
    key, first = next(items)
    assert key == "comments_v2" and first["timestamp"] == 0
    assert raw.read_so_far < 1 << 20


def test_js_prefix_is_streamed() -> None:
    raw = LazyJson(200_000, wrapper="window.YTD.tweets.part0 = ")
    _key, first = next(iter_top_items(cast(BinaryIO, raw), "tweets.js", "tweets"))
    assert first["timestamp"] == 0 and raw.read_so_far < 1 << 20
