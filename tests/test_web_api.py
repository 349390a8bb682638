"""The JSON API through TestClient: exact JSON, the one error shape, CORS, guards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import CONSENT, RISKY, SAFE, make_client

from pausepost.core.screener import Screener
from pausepost.core.types import Post
from pausepost.store import Store
from pausepost.web import MAX_BODY_BYTES, WebSettings


@pytest.fixture
def client() -> TestClient:
    return make_client()


def is_error(r: object, status: int) -> None:
    body = r.json()  # type: ignore[attr-defined]
    assert r.status_code == status  # type: ignore[attr-defined]
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status and body["error"]


def test_web_api_health(client: TestClient) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json()["ok"] is True and r.json()["store"] == "sqlite"


def test_web_api_check_equals_cli_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same dict as `pausepost check --json`, with the real screener."""
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path))  # no allow-list for either
    client = make_client(real=True)
    body = {"text": SAFE, "platform": "facebook", "audience": "personal"}
    api = client.post("/api/v1/check", json=body).json()
    cli = subprocess.run(
        [sys.executable, "-m", "pausepost.cli.main", "check", "--json", "--platform", "facebook",
         "--audience", "personal", SAFE],
        capture_output=True, text=True,
    )  # fmt: skip
    assert json.loads(cli.stdout) == api
    direct = Screener.default().screen(Post(text=SAFE, platform="facebook")).to_dict()
    assert set(api) == set(direct)


def test_web_api_check_risky_draft_holds(client: TestClient) -> None:
    a = client.post("/api/v1/check", json={"text": RISKY}).json()
    assert a["verdict"] == "hold"
    assert [s["text"] for s in a["spans"]] == ["17yo", "Rosa"]
    assert a["rewrite"]


def test_web_api_check_consent_claim_needs_a_ledger_entry(client: TestClient) -> None:
    a = client.post("/api/v1/check", json={"text": CONSENT, "platform": "facebook"}).json()
    assert a["verdict"] == "hold"
    assert a["reasons"][0]["code"] == "consent_ledger_missing"
    c = client.post(
        "/api/v1/consent",
        json={"label": "C-1 poem", "scope": "her poem", "platforms": ["facebook"],
              "given_on": "2020-01-01"},
    ).json()["entry"]  # fmt: skip
    body = {"text": CONSENT, "platform": "facebook", "consent_id": c["id"]}
    assert client.post("/api/v1/check", json=body).json()["verdict"] == "revise"
    body["platform"] = "x"  # not covered
    assert client.post("/api/v1/check", json=body).json()["verdict"] == "hold"
    client.post(f"/api/v1/consent/{c['id']}/revoke")
    body["platform"] = "facebook"
    a = client.post("/api/v1/check", json=body).json()
    assert a["verdict"] == "hold" and a["reasons"][0]["code"] == "consent_ledger_missing"


def test_web_api_journal_round_trip(client: TestClient) -> None:
    r = client.post("/api/v1/journal", json={"text": RISKY, "decision": "keep_private"})
    assert r.status_code == 201
    entry = r.json()["entry"]
    assert entry["verdict"] == "hold" and entry["text"] is None and len(entry["text_sha256"]) == 64
    r2 = client.post("/api/v1/journal", json={"text": SAFE, "decision": "post", "keep_text": True})
    assert r2.json()["entry"]["text"] == SAFE
    listing = client.get("/api/v1/journal").json()
    assert listing["total"] == 2 and [e["id"] for e in listing["entries"]] == [
        r2.json()["entry"]["id"], entry["id"]]  # fmt: skip
    assert listing["stats"]["pauses"] == 1
    assert client.get(f"/api/v1/journal/{entry['id']}").json()["entry"] == entry
    csv = client.get("/api/v1/journal.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert RISKY not in csv.text and SAFE in csv.text
    assert client.delete(f"/api/v1/journal/{entry['id']}").json() == {"ok": True}
    is_error(client.get(f"/api/v1/journal/{entry['id']}"), 404)
    is_error(client.delete(f"/api/v1/journal/{entry['id']}"), 404)


def test_web_api_consent_crud(client: TestClient) -> None:
    body = {"label": "C-2 art", "scope": "drawing", "platforms": ["instagram"],
            "audience": "professional", "given_on": "2026-01-01",
            "expires_on": "2026-02-01"}  # fmt: skip
    c = client.post("/api/v1/consent", json=body)
    assert c.status_code == 201
    cid = c.json()["entry"]["id"]
    assert client.get(f"/api/v1/consent/{cid}").json()["entry"]["label"] == "C-2 art"
    assert client.get("/api/v1/consent").json()["entries"][0]["id"] == cid
    assert client.post(f"/api/v1/consent/{cid}/revoke").json()["entry"]["status"] == "revoked"
    assert client.delete(f"/api/v1/consent/{cid}").json() == {"ok": True}
    is_error(client.post(f"/api/v1/consent/{cid}/revoke"), 404)
    is_error(client.post("/api/v1/consent", json={**body, "expires_on": "2025-01-01"}), 422)


def test_web_api_allow_list_silences_a_flag(client: TestClient) -> None:
    spans = client.post("/api/v1/check", json={"text": RISKY}).json()["spans"]
    assert [s["text"] for s in spans] == ["17yo", "Rosa"]
    assert client.post("/api/v1/allow", json={"term": "Rosa"}).json()["terms"] == ["Rosa"]
    spans = client.post("/api/v1/check", json={"text": RISKY}).json()["spans"]
    assert [s["text"] for s in spans] == ["17yo"]
    assert client.delete("/api/v1/allow", params={"term": "Rosa"}).json()["terms"] == []
    is_error(client.delete("/api/v1/allow", params={"term": "Rosa"}), 404)


def test_web_api_feedback_records_codes(client: TestClient) -> None:
    body = {"detector": "fake", "code": "fake.name", "concern": "identifiable", "label": "NAME"}
    assert client.post("/api/v1/feedback", json=body).status_code == 201
    store: Store = client.app.state.service.store  # type: ignore[attr-defined]
    assert [f.code for f in store.feedback()] == ["fake.name"]


def test_web_api_nudge_does_not_quote_the_client(client: TestClient) -> None:
    n = client.post("/api/v1/nudge", json={"text": RISKY, "colleague": "Sam"}).json()
    assert n["needed"] is True and n["note"].startswith("Hi Sam,")
    assert "Rosa" not in n["note"] and "17" not in n["note"]
    assert client.post("/api/v1/nudge", json={"text": SAFE}).json()["needed"] is False


# -- bad input: always 4xx in the one error shape ---------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content": b'{"text": "hi"', "headers": {"content-type": "application/json"}}, 400),
        ({"content": b"text=hi", "headers": {"content-type": "multipart/form-data"}}, 415),
        ({"content": b'{"text": "hi"}', "headers": {"content-type": "text/plain"}}, 415),
        ({"content": b'{"text": "hi"}', "headers": {}}, 415),
        ({"json": {"text": "hi", "colour": "red"}}, 422),
        ({"json": {"text": ""}}, 422),
        ({"json": {"text": "   "}}, 422),
        ({"json": {"text": 5}}, 422),
        ({"json": ["text"]}, 422),
        ({"json": {"text": "hi", "platform": "myspace"}}, 422),
        ({"json": {"text": "hi", "audience": "everyone"}}, 422),
        ({"json": {"text": "a\x00b"}}, 422),
        ({"json": {"text": "x" * 70_000}}, 422),
        ({"content": b"\xff\xfe\x00", "headers": {"content-type": "application/json"}}, 400),
        ({"json": {}}, 422),
    ],
)
def test_web_api_check_bad_input_is_4xx(
    client: TestClient, kwargs: dict[str, object], status: int
) -> None:
    is_error(client.post("/api/v1/check", **kwargs), status)  # type: ignore[arg-type]


def test_web_api_body_over_limit_is_413(client: TestClient) -> None:
    big = json.dumps({"text": "x" * (MAX_BODY_BYTES + 10)})
    r = client.post("/api/v1/check", content=big, headers={"content-type": "application/json"})
    is_error(r, 413)


def test_web_api_chunked_body_over_limit_is_413(client: TestClient) -> None:
    def chunks() -> object:
        yield b'{"text": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    r = client.post("/api/v1/check", content=chunks(), headers={"content-type": "application/json"})  # type: ignore[arg-type]
    is_error(r, 413)


def test_web_api_limit_is_documented(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert f"{MAX_BODY_BYTES:,} bytes" in spec["info"]["description"]


def test_web_api_unknown_route_and_method(client: TestClient) -> None:
    is_error(client.get("/api/v1/nope"), 404)
    is_error(client.put("/api/v1/check", json={"text": "hi"}), 405)
    is_error(client.get("/api/v1/journal/0"), 422)
    is_error(client.get("/api/v1/journal?limit=0"), 422)


def test_web_api_refuses_foreign_host_and_cross_site_writes(client: TestClient) -> None:
    is_error(client.get("/api/v1/health", headers={"host": "evil.example"}), 421)
    r = client.post("/api/v1/check", json={"text": SAFE}, headers={"origin": "https://evil.example"})
    is_error(r, 403)
    ok = client.post("/api/v1/check", json={"text": SAFE}, headers={"origin": "http://127.0.0.1:8765"})
    assert ok.status_code == 200


def test_web_api_cors_is_closed_by_default(client: TestClient) -> None:
    r = client.options(
        "/api/v1/check",
        headers={"origin": "chrome-extension://abc", "access-control-request-method": "POST"},
    )
    assert "access-control-allow-origin" not in r.headers


def test_web_api_cors_opens_only_to_configured_origins() -> None:
    client = make_client(settings=WebSettings(cors_origins=("chrome-extension://abc",)))
    pre = {"access-control-request-method": "POST",
           "access-control-request-headers": "content-type"}  # fmt: skip
    r = client.options("/api/v1/check", headers={"origin": "chrome-extension://abc", **pre})
    assert r.headers["access-control-allow-origin"] == "chrome-extension://abc"
    r = client.post("/api/v1/check", json={"text": SAFE}, headers={"origin": "chrome-extension://abc"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "chrome-extension://abc"
    r = client.options("/api/v1/check", headers={"origin": "chrome-extension://zzz", **pre})
    assert r.headers.get("access-control-allow-origin") != "chrome-extension://zzz"


def test_web_every_api_route_is_documented(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    documented = {(p, m.upper()) for p, ops in spec["paths"].items() for m in ops}
    for route in client.app.routes:  # type: ignore[attr-defined]
        path = getattr(route, "path", "")
        if path.startswith("/api/v1/") and path != "/api/v1/openapi.json":
            for method in route.methods - {"HEAD"}:
                assert (path, method) in documented


def test_web_app_has_no_telemetry(client: TestClient) -> None:
    native = getattr(client.app, "_native_telemetry", None)
    assert native is None or not native.enabled()


def test_web_unexpected_error_is_500_in_shape_without_the_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken:
        def screen(self, post: object) -> object:
            raise RuntimeError(f"boom {post}")

    from pausepost.web import PauseService, create_app

    app = create_app(service=PauseService(Store.memory(), lambda terms: Broken()))  # type: ignore[arg-type, return-value]
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    r = client.post("/api/v1/check", json={"text": "secret Rosa draft"})
    is_error(r, 500)
    assert "Rosa" not in r.text and "Rosa" not in caplog.text


def test_web_responses_carry_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_web_api_explicit_check_is_journaled_and_completed_by_the_decision(
    client: TestClient,
) -> None:
    assert client.post("/api/v1/check", json={"text": RISKY}).status_code == 200
    assert client.get("/api/v1/journal").json()["total"] == 0  # typing checks leave no trace
    for _ in range(2):
        client.post("/api/v1/check", json={"text": RISKY, "journal": True})
    listing = client.get("/api/v1/journal").json()
    assert listing["total"] == 1 and listing["entries"][0]["decision"] == "undecided"
    assert listing["stats"]["pauses"] == 1
    assert (listing["stats"]["revised"], listing["stats"]["posted_anyway"]) == (0, 0)
    r = client.post("/api/v1/journal", json={"text": RISKY, "decision": "discard"})
    assert r.json()["entry"]["id"] == listing["entries"][0]["id"]
    listing = client.get("/api/v1/journal").json()
    assert listing["total"] == 1 and listing["entries"][0]["decision"] == "discard"
    assert listing["stats"]["revised"] == 1
    client.post("/api/v1/journal", json={"text": RISKY, "decision": "post"})  # a second time
    assert client.get("/api/v1/journal").json()["total"] == 2
    is_error(client.post("/api/v1/check", json={"text": RISKY, "journal": 1}), 422)


def test_web_api_delete_the_whole_journal_needs_confirmation(client: TestClient) -> None:
    for text in (RISKY, SAFE):
        client.post("/api/v1/journal", json={"text": text, "decision": "post"})
    is_error(client.delete("/api/v1/journal"), 422)
    is_error(client.delete("/api/v1/journal", params={"confirm": "true"}), 422)
    assert client.delete("/api/v1/journal", params={"confirm": "yes"}).json() == {
        "ok": True, "deleted": 2}  # fmt: skip
    assert client.get("/api/v1/journal").json()["total"] == 0


def test_web_api_broken_model_answers_503_never_post() -> None:
    from pausepost.errors import ModelError
    from pausepost.web import create_app
    from pausepost.web.service import PauseService

    def broken_factory(terms: tuple[str, ...]) -> Screener:
        raise ModelError("Pause's model file is corrupt (checksum differs)")

    app = create_app(service=PauseService(Store.memory(), broken_factory))
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    r = client.post("/api/v1/check", json={"text": "Proud of my team today"})
    assert r.status_code == 503
    body = r.json()
    assert body["ok"] is False and "nothing was screened" in body["error"]
    assert "verdict" not in body
