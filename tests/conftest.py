"""Every test gets its own data and config dirs: nothing a test does reaches the real ones
(the install key, the audit cache, the journal). A test that sets its own wins."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("pause-home")
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(home / "config"))
