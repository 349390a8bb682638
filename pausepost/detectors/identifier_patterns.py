"""The pattern tables behind the identifier detector, loaded from data/identifier_patterns.toml.

Tables are data (each entry with its code, label and why); this module only reads them,
expands the shared <<FRAGMENT>> pieces and compiles each regex once, at import.
"""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files
from typing import Any

from pausepost.core.types import Concern, SpanLabel
from pausepost.detectors.base import Pattern, pat

SpanPattern = Pattern
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
_FRAGMENT = re.compile(r"<<([A-Z_]+)>>")


def _load() -> dict[str, Any]:
    raw = files("pausepost.detectors").joinpath("data/identifier_patterns.toml").read_text("utf-8")
    return tomllib.loads(raw)


def _flags(letters: str) -> int:
    out = 0
    for ch in letters:
        out |= _FLAGS[ch]
    return out


def _expand(regex: str, fragments: dict[str, str]) -> str:
    return _FRAGMENT.sub(lambda m: fragments[m.group(1)], regex)


def _table(rows: list[dict[str, Any]], fragments: dict[str, str]) -> tuple[Pattern, ...]:
    return tuple(
        pat(
            _expand(row["regex"], fragments),
            row["code"],
            row["why"],
            Concern.IDENTIFIABLE,
            SpanLabel(row["label"]),
            flags=_flags(row.get("flags", "i")),
            group=row.get("group", 0),
            score=float(row.get("score", 1.0)),
            in_client_sentence=row.get("in_client_sentence", True),
        )
        for row in rows
    )


_DATA = _load()
_FRAGMENTS: dict[str, str] = _DATA["fragments"]

ANNOUNCEMENT = re.compile(
    _expand(_DATA["announcement"]["regex"], _FRAGMENTS), _flags(_DATA["announcement"]["flags"])
)
NAME_STOP: frozenset[str] = frozenset(_DATA["name_stop"]["words"])
CONTACT_PATTERNS: tuple[SpanPattern, ...] = _table(_DATA["contact"], _FRAGMENTS)
CONTEXT_PATTERNS: tuple[SpanPattern, ...] = _table(_DATA["context"], _FRAGMENTS)
SPECIFIC_PATTERNS: tuple[SpanPattern, ...] = _table(_DATA["specific"], _FRAGMENTS)
