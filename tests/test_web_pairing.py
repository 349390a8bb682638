"""Pairing the browser extension (issue 11, item 1; item 5's probe): the /pair page, the
guard's check of an extension origin and its secret, CORS for paired origins, revocation."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import inspect, text
from web_support import SAFE, STORE_KINDS, make_client, open_store, postgres_server

from pausepost.store import Store
from pausepost.store.db import MIGRATIONS, make_engine
from pausepost.web import WebSettings

__all__ = ["postgres_server"]  # the fixture, re-exported for pytest

EXT = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
OTHER = "moz-extension://0b5e3c1a-6c1b-4d8f-9f2e-2a1f0c9d7e11"
APP = "http://127.0.0.1:8765"
NOT_PAIRED = "this extension is not paired with Pause: open Pause's settings to pair it"
OUTPUT = re.compile(
    r'<output id="pause-pairing" data-origin="([^"]*)" data-secret="([^"]*)" hidden></output>'
)
PREFLIGHT = {
    "access-control-request-method": "POST",
    "access-control-request-headers": "authorization, content-type",
}


@pytest.fixture()
def store() -> Iterator[Store]:
    s = Store.memory()
    yield s
    s.close()


@pytest.fixture()
def client(store: Store) -> TestClient:
    return make_client(store)


def pair(client: TestClient, origin: str = EXT, name: str = "Chrome") -> str:
    """Click "Allow" on the /pair page as a user would; return the secret handed over."""
    r = client.post(
        "/pair",
        data={"origin": origin, "name": name, "answer": "allow"},
        headers={"origin": APP, "accept": "text/html"},
    )
    assert r.status_code == 200, r.text
    found = OUTPUT.search(r.text)
    assert found is not None, r.text
    assert html.unescape(found.group(1)) == origin
    return found.group(2)


def ext_call(client: TestClient, origin: str, secret: str | None) -> Response:
    headers = {"origin": origin}
    if secret is not None:
        headers["authorization"] = f"Pause {secret}"
    return client.post("/api/v1/check", json={"text": SAFE, "platform": "x"}, headers=headers)


def is_not_paired(r: Response) -> None:
    assert r.status_code == 403
    assert r.json() == {"ok": False, "error": NOT_PAIRED, "status": 403}
    assert "access-control-allow-origin" not in r.headers


# --- the /pair page ------------------------------------------------------------------------


def test_pair_page_says_who_asks_and_allow_hands_over_the_secret_once(
    client: TestClient, store: Store
) -> None:
    ask = client.get("/pair", params={"origin": EXT, "name": "Chrome"})
    assert ask.status_code == 200
    assert EXT in ask.text and "Chrome" in ask.text
    assert 'value="allow"' in ask.text and 'value="cancel"' in ask.text
    assert "pause-pairing" not in ask.text and store.pairings() == []
    r = client.post(
        "/pair", data={"origin": EXT, "name": "Chrome", "answer": "allow"}, headers={"origin": APP}
    )
    assert r.status_code == 200 and "Paired: you can close this tab" in r.text
    assert r.headers["cache-control"] == "no-store"
    found = OUTPUT.search(r.text)
    assert found is not None and found.group(1) == EXT
    secret = found.group(2)
    assert re.fullmatch(r"[0-9a-f]{64}", secret)
    assert r.text.count(secret) == 1  # only in the element the extension reads
    [row] = store.pairings()
    assert (row.origin, row.name, row.last_used) == (EXT, "Chrome", None)


def test_the_database_holds_no_plain_secret(client: TestClient, store: Store) -> None:
    secret = pair(client)
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM paired_extensions")).all()
    dump = repr(rows)
    assert len(rows) == 1 and secret not in dump and secret.upper() not in dump
    assert rows[0].secret_hmac != secret and len(rows[0].secret_hmac) == 64


def test_cancel_creates_nothing(client: TestClient, store: Store) -> None:
    r = client.post("/pair", data={"origin": EXT, "name": "Chrome", "answer": "cancel"})
    assert r.status_code == 200 and "Not paired" in r.text and "pause-pairing" not in r.text
    assert store.pairings() == []
    is_not_paired(ext_call(client, EXT, "0" * 64))


@pytest.mark.parametrize(
    "origin", [None, "", "https://evil.example", "http://127.0.0.1:8765", "chrome-extension://"]
)
def test_pair_refuses_what_is_not_an_extension_origin(
    client: TestClient, store: Store, origin: str | None
) -> None:
    params = {} if origin is None else {"origin": origin}
    r = client.get("/pair", params=params, headers={"accept": "text/html"})
    assert r.status_code == 422 and 'value="allow"' not in r.text
    r = client.post("/pair", data={**params, "answer": "allow"}, headers={"origin": APP})
    assert r.status_code == 422 and "pause-pairing" not in r.text
    assert store.pairings() == []


def test_browser_name_is_shown_as_plain_text(client: TestClient) -> None:
    r = client.get("/pair", params={"origin": EXT, "name": "<script>x</script>\x1b[31m"})
    assert "<script>x" not in r.text and "&lt;script&gt;x&lt;/script&gt;" in r.text
    assert "\x1b" not in r.text


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": EXT},  # even the extension itself may not click "Allow"
        {"sec-fetch-site": "cross-site"},
        {"referer": "http://evil.example/pair"},
    ],
)
def test_cross_site_post_to_pair_is_refused(
    client: TestClient, store: Store, headers: dict[str, str]
) -> None:
    r = client.post("/pair", data={"origin": EXT, "answer": "allow"}, headers=headers)
    assert r.status_code == 403 and "pause-pairing" not in r.text
    assert store.pairings() == []


# --- the guard: extension origins need their own pairing's secret ---------------------------


def test_paired_extension_with_its_secret_is_served_with_cors(client: TestClient) -> None:
    secret = pair(client)
    r = ext_call(client, EXT, secret)
    assert r.status_code == 200 and r.json()["verdict"] == "post"
    assert r.headers["access-control-allow-origin"] == EXT
    assert "Origin" in r.headers["vary"]
    listed = client.get(
        "/api/v1/journal", headers={"origin": EXT, "authorization": f"Pause {secret}"}
    )
    assert listed.status_code == 200 and listed.headers["access-control-allow-origin"] == EXT


def test_paired_extension_reads_the_guards_other_refusals(client: TestClient) -> None:
    secret = pair(client)
    r = client.post(
        "/api/v1/check",
        content=b"x",
        headers={"origin": EXT, "authorization": f"Pause {secret}", "content-type": "text/plain"},
    )
    assert r.status_code == 415 and r.headers["access-control-allow-origin"] == EXT


def test_a_broken_store_is_a_500_without_the_secret(
    client: TestClient,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = pair(client)

    def broken(origin: str, presented: str) -> bool:
        raise RuntimeError(f"database gone while checking {presented}")

    monkeypatch.setattr(store, "verify_pairing", broken)
    r = ext_call(client, EXT, secret)
    assert r.status_code == 500 and r.json()["error"] == "unexpected error; please report it"
    assert secret not in r.text and secret not in caplog.text


def test_wrong_secret_another_extensions_secret_or_none_is_refused(client: TestClient) -> None:
    mine, theirs = pair(client, EXT), pair(client, OTHER, "Firefox")
    assert mine != theirs
    is_not_paired(ext_call(client, EXT, "f" * 64))  # well formed, not ours
    is_not_paired(ext_call(client, EXT, theirs))  # another extension's pairing
    is_not_paired(ext_call(client, OTHER, mine))
    is_not_paired(ext_call(client, EXT, None))
    is_not_paired(ext_call(client, EXT, mine[:-1]))
    is_not_paired(ext_call(client, EXT, mine.upper()))
    bearer = {"origin": EXT, "authorization": f"Bearer {mine}"}
    is_not_paired(client.post("/api/v1/check", json={"text": SAFE}, headers=bearer))
    # every method: reads too
    is_not_paired(client.get("/api/v1/journal", headers={"origin": EXT}))
    is_not_paired(client.delete("/api/v1/journal", headers={"origin": EXT}))
    assert ext_call(client, EXT, mine).status_code == 200
    assert ext_call(client, OTHER, theirs).status_code == 200


def test_unpaired_extension_origin_is_refused(client: TestClient) -> None:
    is_not_paired(ext_call(client, EXT, "a" * 64))
    is_not_paired(client.get("/api/v1/health", headers={"origin": OTHER}))


def test_web_origin_with_a_valid_secret_is_refused(client: TestClient) -> None:
    secret = pair(client)
    for origin in ("https://evil.example", "http://localhost:9999", "null"):
        r = ext_call(client, origin, secret)
        assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
        probe = client.get(
            "/api/v1/pairing", headers={"origin": origin, "authorization": f"Pause {secret}"}
        )
        assert probe.status_code == 403


def test_paired_extension_may_not_use_the_pages(client: TestClient, store: Store) -> None:
    secret = pair(client)
    auth = {"origin": EXT, "authorization": f"Pause {secret}"}
    assert client.get("/settings", headers=auth).status_code == 403
    r = client.post("/pair", data={"origin": OTHER, "answer": "allow"}, headers=auth)
    assert r.status_code == 403 and len(store.pairings()) == 1


def test_preflight_from_a_paired_origin_gets_204_with_allow_headers(client: TestClient) -> None:
    pair(client)
    r = client.options("/api/v1/check", headers={"origin": EXT, **PREFLIGHT})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == EXT
    assert {"authorization", "content-type"} <= {
        h.strip() for h in r.headers["access-control-allow-headers"].split(",")
    }
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "DELETE" in r.headers["access-control-allow-methods"]


def test_preflight_from_an_unpaired_origin_is_refused(client: TestClient) -> None:
    pair(client, EXT)
    r = client.options("/api/v1/check", headers={"origin": OTHER, **PREFLIGHT})
    is_not_paired(r)


def test_configured_cors_origin_still_works_without_pairing(store: Store) -> None:
    client = make_client(store, settings=WebSettings(cors_origins=(EXT,)))
    r = client.options("/api/v1/check", headers={"origin": EXT, **PREFLIGHT})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == EXT
    assert ext_call(client, EXT, None).status_code == 200
    is_not_paired(ext_call(client, OTHER, None))


# --- the probe -------------------------------------------------------------------------------


def test_probe_answers_a_paired_extension_only(client: TestClient) -> None:
    secret = pair(client)
    auth = {"origin": EXT, "authorization": f"Pause {secret}"}
    r = client.get("/api/v1/pairing", headers=auth)
    assert r.status_code == 200
    assert r.json() == {"ok": True, "paired": True, "origin": EXT}
    is_not_paired(client.get("/api/v1/pairing", headers={"origin": EXT}))
    assert client.get("/api/v1/pairing").status_code == 403


def test_probe_without_origin_is_answered_by_the_secret_alone(client: TestClient) -> None:
    """Chromium sends no Origin on a GET from an extension's service worker, only
    Sec-Fetch-Site: none: the secret alone names the pairing, and a wrong one is refused."""
    secret = pair(client)
    chromium = {"authorization": f"Pause {secret}", "sec-fetch-site": "none"}
    r = client.get("/api/v1/pairing", headers=chromium)
    assert r.status_code == 200 and r.json() == {"ok": True, "paired": True, "origin": EXT}
    wrong = {"authorization": "Pause " + "0" * 64, "sec-fetch-site": "none"}
    is_not_paired(client.get("/api/v1/pairing", headers=wrong))
    is_not_paired(client.get("/api/v1/journal", headers={"authorization": "Bearer x"}))


# --- revocation ------------------------------------------------------------------------------


def test_settings_lists_pairings_and_revoke_refuses_the_next_call(
    client: TestClient, store: Store
) -> None:
    assert "No extension is paired" in client.get("/settings").text
    secret = pair(client)
    assert ext_call(client, EXT, secret).status_code == 200
    page = client.get("/settings")
    [row] = store.pairings()
    assert page.status_code == 200 and EXT in page.text and "Chrome" in page.text
    assert row.created_at.strftime("%Y-%m-%d") in page.text
    assert "never" not in page.text  # used once just now
    assert f'action="/settings/pairing/{row.id}/revoke"' in page.text
    r = client.post(f"/settings/pairing/{row.id}/revoke", headers={"origin": APP})
    assert r.status_code == 200 and "Revoked" in r.text  # followed the 303
    assert store.pairings() == []
    is_not_paired(ext_call(client, EXT, secret))
    is_not_paired(client.options("/api/v1/check", headers={"origin": EXT, **PREFLIGHT}))
    missing = client.post(f"/settings/pairing/{row.id}/revoke", headers={"accept": "text/html"})
    assert missing.status_code == 404


def test_revoke_by_api_is_same_origin_only(client: TestClient, store: Store) -> None:
    secret = pair(client)
    [row] = store.pairings()
    auth = {"origin": EXT, "authorization": f"Pause {secret}"}
    assert client.delete(f"/api/v1/pairing/{row.id}", headers=auth).status_code == 403
    evil = client.delete(f"/api/v1/pairing/{row.id}", headers={"origin": "https://evil.example"})
    assert evil.status_code == 403 and len(store.pairings()) == 1
    r = client.delete(f"/api/v1/pairing/{row.id}", headers={"origin": APP})
    assert r.status_code == 200 and r.json() == {"ok": True}
    is_not_paired(ext_call(client, EXT, secret))
    assert client.delete(f"/api/v1/pairing/{row.id}").status_code == 404


def test_cross_site_revoke_from_settings_is_refused(client: TestClient, store: Store) -> None:
    pair(client)
    [row] = store.pairings()
    r = client.post(
        f"/settings/pairing/{row.id}/revoke", headers={"origin": "https://evil.example"}
    )
    assert r.status_code == 403 and len(store.pairings()) == 1


# --- the secret stays out of logs and pages --------------------------------------------------


def test_secret_never_in_logs_or_other_pages(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = pair(client)
    auth = {"origin": EXT, "authorization": f"Pause {secret}"}
    ext_call(client, EXT, secret)
    client.get("/api/v1/pairing", headers=auth)
    client.options("/api/v1/check", headers={"origin": EXT, **PREFLIGHT})
    ext_call(client, OTHER, secret)  # refused: still not logged
    pages = [client.get(p, headers={"accept": "text/html"}).text for p in
             ("/", "/journal", "/consent", "/settings", f"/pair?origin={EXT}")]  # fmt: skip
    pages.append(client.get("/api/v1/journal").text)
    assert all(secret not in p for p in pages)
    assert secret not in caplog.text


# --- the store and its migration -------------------------------------------------------------


@pytest.fixture(params=STORE_KINDS)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with open_store(request, tmp_path) as s:
        yield s


def test_store_pair_verify_list_revoke(any_store: Store) -> None:
    row, secret = any_store.pair(EXT, "Chrome")
    _, other = any_store.pair(OTHER, "Firefox")
    t0 = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
    assert any_store.verify_pairing(EXT, secret, now=t0)
    assert not any_store.verify_pairing(EXT, other)
    assert not any_store.verify_pairing(OTHER, secret)
    assert not any_store.verify_pairing(EXT, "not hex")
    assert any_store.origin_is_paired(EXT) and not any_store.origin_is_paired("moz-extension://x")
    [listed, _] = any_store.pairings()
    assert listed.id == row.id and listed.last_used is not None
    assert listed.last_used.replace(tzinfo=dt.UTC) == t0
    # written at most once a minute, not on every call
    any_store.verify_pairing(EXT, secret, now=t0 + dt.timedelta(seconds=30))
    assert any_store.pairings()[0].last_used.replace(tzinfo=dt.UTC) == t0  # type: ignore[union-attr]
    any_store.verify_pairing(EXT, secret, now=t0 + dt.timedelta(minutes=2))
    later = any_store.pairings()[0].last_used
    assert later is not None and later.replace(tzinfo=dt.UTC) == t0 + dt.timedelta(minutes=2)
    assert any_store.revoke_pairing(row.id) and not any_store.revoke_pairing(row.id)
    assert not any_store.verify_pairing(EXT, secret)
    assert any_store.verify_pairing(OTHER, other)


def test_migration_0003_up_and_down_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pause.db'}"
    Store.open(url).close()
    engine = make_engine(url)
    assert "paired_extensions" in inspect(engine).get_table_names()
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    tables = set(inspect(engine).get_table_names())
    assert "paired_extensions" not in tables and "journal_entries" in tables
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert "paired_extensions" in inspect(engine).get_table_names()
    engine.dispose()
    store = Store.open(url)
    _, secret = store.pair(EXT, "Chrome")
    assert store.verify_pairing(EXT, secret)
    store.close()
