"""The clinician's allow-list: their own details never count as client identifiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pausepost import ConfigError, Post, Screener
from pausepost.config import Config, config_dir, data_dir

TEXT = "My client Marisol got into Harwood University! Call me at (555) 201-3344 to refer."


def test_config_missing_default_file_is_empty(tmp_path: Path) -> None:
    assert Config.load(tmp_path / "config.toml").allow == ()


def test_config_reads_every_allow_list(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[allow]\nnames = ["Dr. Ana Ruiz"]\norganizations = ["Harwood University"]\n'
        'contacts = ["(555) 201-3344"]\npublic_figures = ["Carl Rogers"]\n',
        encoding="utf-8",
    )
    cfg = Config.load(path)
    assert set(cfg.allow) == {"Dr. Ana Ruiz", "Harwood University", "(555) 201-3344", "Carl Rogers"}
    marked = [TEXT[f.start : f.end] for f in Screener.default(cfg).screen(Post(text=TEXT)).spans]
    assert not any("Harwood" in m or "201-3344" in m for m in marked)
    assert "Marisol" in marked


@pytest.mark.parametrize(
    "body",
    [
        "[allow\nnames = 1",  # not TOML
        "allow = 3",  # not a table
        '[allow]\nnames = "Ana"',  # not a list
        "[allow]\nnames = [1, 2]",  # not strings
        '[allow]\nnicknames = ["x"]',  # unknown key
    ],
)
def test_config_malformed_is_a_config_error(tmp_path: Path, body: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError):
        Config.load(path)


def test_config_invalid_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[allow]\nnames = ["\xff"]')
    with pytest.raises(ConfigError):
        Config.load(path)


def test_config_dirs_follow_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "d"))
    assert config_dir() == tmp_path / "c"
    assert data_dir() == tmp_path / "d"
