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


def test_privacy_the_app_opens_no_socket_until_a_circle_is_chosen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no circle and no supervisor link, every page, the check and the review list run
    without a single network connection: the relay is contacted only for circles the user
    made or joined."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from pausepost.store import Store
    from pausepost.web import WebSettings, create_app

    app = create_app(store=Store.memory(), settings=WebSettings(extra_hosts=("testserver",)))
    with TestClient(app) as client:  # started before sockets are refused: the test's transport

        def refuse(*args: Any, **kwargs: Any) -> None:
            raise AssertionError("Pause tried to open a network connection")

        monkeypatch.setattr(socket, "socket", refuse)
        monkeypatch.setattr(socket, "create_connection", refuse)
        for path in ("/", "/journal", "/circles", "/review", "/api/v1/circles", "/api/v1/review"):
            assert client.get(path, headers={"accept": "text/html"}).status_code == 200, path
        r = client.post("/api/v1/check", json={"text": SECRET, "journal": True})
        assert r.status_code == 200 and r.json()["verdict"] == "hold"
