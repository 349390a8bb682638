"""What an attacker's probe of the local app found (issue 13, items 2, 5, 6 and 9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pausepost.cli.main import main
from pausepost.web import WebSettings
from pausepost.web.settings import check_extension_origin
from tests.web_support import make_client


@pytest.fixture(autouse=True)
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture()
def client() -> TestClient:
    return make_client()


# --- 2: --cors-origin takes browser-extension origins only ---------------------------------


@pytest.mark.parametrize(
    "origin",
    ["*", "http://evil.example", "https://evil.example", "null", "chrome-extension://",
     "chrome-extension://abc/path", "file://", "http://127.0.0.1:8765"],
)  # fmt: skip
def test_serve_refuses_a_web_origin_for_cors(
    origin: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--cors-origin", origin, "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "not a browser-extension origin" in err and "Traceback" not in err
    with pytest.raises(ValueError):
        WebSettings(cors_origins=(origin,))


@pytest.mark.parametrize(
    "origin",
    [
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "moz-extension://0b5e3c1a-6c1b-4d8f-9f2e-2a1f0c9d7e11",
        "safari-web-extension://0B5E3C1A-6C1B-4D8F-9F2E-2A1F0C9D7E11",
    ],
)
def test_extension_origins_are_accepted(origin: str) -> None:
    assert check_extension_origin(origin) == origin
    assert WebSettings(cors_origins=(origin,)).cors_origins == (origin,)


# --- 5: no listening on a network ------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20"])
def test_serve_refuses_to_listen_beyond_this_machine(
    host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--host", host, "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert f"refusing to listen on {host}" in err
    assert "journal and consent ledger" in err  # says what would have been exposed


# --- 6: cross-site writes without Origin -----------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another app on another port of this machine
        {"Referer": "http://evil.example/page"},
        {"Referer": "http://127.0.0.1:9999/"},
        {"Origin": "null"},
    ],
)
def test_cross_site_write_without_origin_is_refused(
    client: TestClient, headers: dict[str, str]
) -> None:
    r = client.post("/api/v1/allow", json={"term": "Dr Rivera"}, headers=headers)
    assert r.status_code == 403
    assert client.get("/api/v1/allow").json()["terms"] == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed in the address bar, or a bookmark
        {"Referer": "http://127.0.0.1:8765/journal"},
        {"Origin": "http://127.0.0.1:8765"},
    ],
)
def test_same_origin_writes_still_work(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post("/api/v1/allow", json={"term": "Dr Rivera"}, headers=headers)
    assert r.status_code == 201


# --- 9: refusals carry the security headers; terms are plain text; Host's port -------------


def test_guard_refusals_carry_the_security_headers(client: TestClient) -> None:
    refused = [
        client.get("/api/v1/allow", headers={"Host": "evil.example"}),  # 421
        client.post("/api/v1/allow", content=b"x", headers={"content-type": "text/plain"}),
        client.post("/api/v1/allow", json={"term": "ab"}, headers={"Origin": "http://x.example"}),
        client.post("/api/v1/check", content=b"x" * (2 * 1024 * 1024),
                    headers={"content-type": "application/json"}),
    ]  # fmt: skip
    assert sorted(r.status_code for r in refused) == [403, 413, 415, 421]
    for r in refused:
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


@pytest.mark.parametrize("term", ["Dr\x00Rivera", "Dr\x1b[31mRivera", "Dr\nRivera", "Dr\x7fR"])
def test_allow_list_refuses_control_characters(client: TestClient, term: str) -> None:
    r = client.post("/api/v1/allow", json={"term": term})
    assert r.status_code == 422
    assert "control characters" in r.json()["error"]
    form = client.post("/allow", data={"term": term}, headers={"accept": "text/html"})
    assert form.status_code == 422
    assert client.get("/api/v1/allow").json()["terms"] == []


@pytest.mark.parametrize("page", ["/", "/nudge"])
def test_form_pages_never_show_a_raw_pattern(client: TestClient, page: str) -> None:
    r = client.post(page, data={"text": "\x01\x02"}, headers={"accept": "text/html"})
    assert r.status_code == 422
    assert "String should match pattern" not in r.text and "[^" not in r.text
    assert "control characters" in r.text


@pytest.mark.parametrize("host", ["127.0.0.1:1", "127.0.0.1:80", "localhost:8766", "127.0.0.1:x"])
def test_host_with_another_port_is_refused(client: TestClient, host: str) -> None:
    assert client.get("/api/v1/allow", headers={"Host": host}).status_code == 421


def test_host_with_our_port_is_served(client: TestClient) -> None:
    assert client.get("/api/v1/allow", headers={"Host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/journal", "/circles", "/review", "/api/v1/journal", "/api/v1/circles"]
)
def test_pages_and_answers_stay_out_of_the_browser_cache(client: TestClient, path: str) -> None:
    """Drafts, the journal and colleagues' vents must not outlive a delete or an expiry in
    the browser's disk cache."""
    r = client.get(path, headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"


def test_static_files_may_be_cached(client: TestClient) -> None:
    r = client.get("/static/app.css")
    assert r.status_code == 200 and r.headers.get("cache-control") != "no-store"
