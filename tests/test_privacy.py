"""Private by construction: no network, no files outside the user's dirs, no text in logs."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from pausepost import Post, Screener

SECRET = "My client Zephyrine from Quillfield High overdosed last night 😂"


def test_privacy_screening_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("Pause tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    a = Screener.default().screen(Post(text=SECRET))
    assert a.verdict.value == "hold"


def test_privacy_screening_writes_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.chdir(tmp_path)
    Screener.default().screen(Post(text=SECRET))
    assert list(home.iterdir()) == []
    assert sorted(os.listdir(tmp_path)) == ["home"]


def test_privacy_no_post_text_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    Screener.default().screen(Post(text=SECRET))
    assert "Zephyrine" not in caplog.text
