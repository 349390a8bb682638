"""Text clean-up shared by importers: Meta mojibake, HTML, timestamps."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any


def fix_mojibake(s: str) -> str:
    """Undo Meta's "UTF-8 bytes written as Latin-1 escapes" (é stored as Ã©).

    Only when every char fits in one byte and the bytes decode as UTF-8; plain
    ASCII and already-correct text come back unchanged.
    """
    if s.isascii():
        return s
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def fix_mojibake_deep(obj: Any) -> Any:
    """Repair every string in a parsed JSON value, keys included (localized keys are mangled)."""
    if isinstance(obj, str):
        return fix_mojibake(obj)
    if isinstance(obj, list):
        return [fix_mojibake_deep(v) for v in obj]
    if isinstance(obj, dict):
        return {fix_mojibake(k): fix_mojibake_deep(v) for k, v in obj.items()}
    return obj


class _TextExtractor(HTMLParser):
    _BREAKS = frozenset({"br"})
    _BLOCKS = frozenset({"p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4"})

    _HIDDEN = frozenset({"script", "style", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        elif tag in self._BLOCKS and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Mastodon content HTML to plain text. Hidden URL parts are kept: the full link matters."""
    if "<" not in markup and "&" not in markup:
        return markup
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def unescape(s: str) -> str:
    """X escapes &, < and > in tweet text."""
    return html.unescape(s) if "&" in s else s


def from_unix(ts: Any) -> str | None:
    """Unix seconds (int, float or digit string) to ISO-8601 UTC; None when unusable."""
    try:
        value = float(ts)
    except (TypeError, ValueError):
        return None
    if value > 1e11:  # milliseconds (Messenger-style) slipped in
        value /= 1000
    try:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def parse_datetime(value: Any, *formats: str) -> str | None:
    """Parse with ISO-8601 first, then `formats`; aware times become UTC with a Z."""
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip()
    candidates: list[datetime] = []
    try:
        candidates.append(datetime.fromisoformat(raw.replace("z", "Z")))
    except ValueError:
        for fmt in formats:
            try:
                candidates.append(datetime.strptime(raw, fmt))
                break
            except ValueError:
                continue
    if not candidates:
        return None
    dt = candidates[0]
    if dt.tzinfo is None:
        return dt.strftime("%Y-%m-%dT%H:%M:%S")
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def join_text(*parts: str | None) -> str:
    """Join the user's own pieces of writing (post, captions, alt text) without repeats."""
    seen: list[str] = []
    for part in parts:
        if part and part.strip() and part.strip() not in seen:
            seen.append(part.strip())
    return "\n\n".join(seen)
