"""Rectangles in image pixels, and scaling them between working copy and original."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: left, top, width, height, in pixels."""

    x: int
    y: int
    w: int
    h: int

    @property
    def area(self) -> int:
        return self.w * self.h

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def scaled(self, factor: float) -> Box:
        """The same rectangle in an image `factor` times as large (rounded outwards)."""
        x0, y0 = int(self.x * factor), int(self.y * factor)
        x1 = int(-(-self.right * factor // 1))
        y1 = int(-(-self.bottom * factor // 1))
        return Box(x0, y0, max(1, x1 - x0), max(1, y1 - y0))

    def padded(self, px: int, width: int, height: int) -> Box:
        """Grown by `px` on every side, clipped to a `width` x `height` image."""
        x0, y0 = max(0, self.x - px), max(0, self.y - px)
        x1, y1 = min(width, self.right + px), min(height, self.bottom + px)
        return Box(x0, y0, max(0, x1 - x0), max(0, y1 - y0))

    def to_list(self) -> list[int]:
        return [self.x, self.y, self.w, self.h]


def union(boxes: Iterable[Box]) -> Box | None:
    """The smallest box holding all of `boxes`, or None for none."""
    items = list(boxes)
    if not items:
        return None
    x0 = min(b.x for b in items)
    y0 = min(b.y for b in items)
    x1 = max(b.right for b in items)
    y1 = max(b.bottom for b in items)
    return Box(x0, y0, x1 - x0, y1 - y0)
