"""The clinician's own settings: an allow-list of their own details and public figures.

Read from ``config.toml`` in the user's config dir (``pausepost config-path`` prints it).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pausepost.errors import ConfigError
from pausepost.private_files import tighten

_ALLOW_KEYS = ("names", "organizations", "places", "contacts", "public_figures", "colleagues")


def config_dir() -> Path:
    override = os.environ.get("PAUSEPOST_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("pausepost", appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("PAUSEPOST_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("pausepost", appauthor=False))


@dataclass(frozen=True)
class Config:
    """Allow-listed terms never count as client identifiers (matched case-insensitively)."""

    allow: tuple[str, ...] = ()
    source: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Config:
        if path is None:  # Pause's own config (names of the clinician and colleagues):
            path = config_dir() / "config.toml"
            tighten(path.parent, path)  # owner-only if an earlier setup left it open
        if not path.exists():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from None
        section = data.get("allow", {})
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [allow] must be a table")
        terms: list[str] = []
        for key in _ALLOW_KEYS:
            values = section.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ConfigError(f"{path}: allow.{key} must be a list of strings")
            terms.extend(v.strip() for v in values if v.strip())
        unknown = set(section) - set(_ALLOW_KEYS)
        if unknown:
            raise ConfigError(f"{path}: unknown keys in [allow]: {', '.join(sorted(unknown))}")
        return cls(allow=tuple(terms), source=str(path))

    def with_allowed(self, *terms: str) -> Config:
        return Config(allow=self.allow + tuple(t for t in terms if t.strip()), source=self.source)
