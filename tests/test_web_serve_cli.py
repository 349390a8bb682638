"""`pausepost serve` refuses clearly, with exit codes, before it starts anything."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from pausepost.cli.main import main


@pytest.fixture(autouse=True)
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "config"))


def test_web_serve_port_in_use_is_exit_73(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 73
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err


def test_web_serve_bad_db_url_is_exit_73(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", "nosuchdb://x"]) == 73
    err = capsys.readouterr().err
    assert "cannot open the store" in err and "Traceback" not in err


def test_web_serve_bad_config_is_exit_78(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[allow\n", encoding="utf-8")
    assert main(["serve", "--config", str(bad)]) == 78


def test_web_serve_help_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    for opt in ("--host", "--port", "--db", "--workers", "--cors-origin"):
        assert opt in out
