"""The audit upload page and its JSON twin: a synthetic export in, the CLI's report out;
bad uploads are 4xx in the one error shape; the upload's private folder is always gone."""

from __future__ import annotations

import json
import logging
import re
import stat
from pathlib import Path

import export_fakes as fx
import pytest
from fastapi.testclient import TestClient
from web_support import RISKY, SAFE, fake_factory

from pausepost.config import Config
from pausepost.store import Store
from pausepost.web import PauseService, WebSettings, create_app
from pausepost.web.service import PauseService as Svc
from pausepost.web.upload import REPORT_CSP, safe_name

HTML = {"accept": "text/html"}


def _client(tmp_path: Path, *, real: bool = False, **settings: object) -> TestClient:
    ws = WebSettings(upload_dir=tmp_path / "uploads", **settings)  # type: ignore[arg-type]
    store = Store.memory()
    if real:
        app = create_app(store=store, config=Config(), settings=ws)
    else:
        app = create_app(service=PauseService(store, fake_factory), settings=ws)
    return TestClient(app, base_url="http://127.0.0.1:8765")


def _x_zip(tmp_path: Path) -> bytes:
    """An X archive with one post to hold (it names "Rosa") and one that is fine."""
    folder = tmp_path / "x-export"
    tweets = [
        fx.tweet("1", SAFE, "Fri Feb 20 09:10:58 +0000 2026"),
        fx.tweet("2", RISKY, "Sat Feb 21 10:00:00 +0000 2021"),
    ]
    fx.write(folder, "data/tweets.js", fx.ytd("tweets.part0", tweets))
    return fx.zip_dir(folder, tmp_path / "twitter-2026.zip").read_bytes()


def _upload(name: str, data: bytes) -> dict[str, tuple[str, bytes, str]]:
    return {"export": (name, data, "application/octet-stream")}


def _left_behind(tmp_path: Path) -> list[Path]:
    root = tmp_path / "uploads"
    return list(root.iterdir()) if root.exists() else []


def _assert_error(r: object, status: int) -> dict[str, object]:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    body: dict[str, object] = r.json()  # type: ignore[attr-defined]
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


def test_web_audit_page_has_an_accessible_upload_form(tmp_path: Path) -> None:
    r = _client(tmp_path).get("/audit")
    assert r.status_code == 200
    html = r.text
    assert re.search(r'<a href="/audit"\s+aria-current="page">Audit past posts</a>', html)
    assert 'enctype="multipart/form-data"' in html and 'action="/audit"' in html
    assert '<label for="audit-export">' in html
    assert 'type="file" id="audit-export" name="export" required' in html
    assert "512 MiB" in html
    # Linked from every page's navigation.
    assert 'href="/audit"' in _client(tmp_path).get("/").text


def test_web_audit_upload_shows_the_html_report(tmp_path: Path) -> None:
    client = _client(tmp_path)
    r = client.post("/audit", files=_upload("twitter-2026.zip", _x_zip(tmp_path)), headers=HTML)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == REPORT_CSP
    assert r.headers["cache-control"] == "no-store"
    html = r.text
    assert "Your past posts, read with care" in html  # the CLI's report page
    assert "X / Twitter" in html and "twitter-2026.zip" in html
    assert "<span class='badge hold'>hold</span>" in html
    assert "<mark title='NAME'>Rosa</mark>" in html
    assert SAFE not in html  # only flagged posts are listed
    assert client.get("/api/v1/journal").json()["total"] == 0  # the journal is not touched
    assert _left_behind(tmp_path) == []


def test_web_audit_json_twin_returns_report_json(tmp_path: Path) -> None:
    client = _client(tmp_path)
    r = client.post("/api/v1/audit", files=_upload("twitter-2026.zip", _x_zip(tmp_path)))
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    report = r.json()
    assert report["report"] == "pausepost audit" and report["format"] == 1
    by_id = {p["id"]: p for p in report["posts"]}
    assert by_id["x:2"]["verdict"] == "hold" and by_id["x:2"]["action"] == "delete"
    assert by_id["x:2"]["platform"] == "x" and by_id["x:2"]["source"] == "data/tweets.js"
    assert by_id["x:1"]["verdict"] == "post"
    s = report["summary"]
    assert (s["screened"], s["hold"], s["post"]) == (2, 1, 1)
    assert s["export"] == "twitter-2026.zip" and s["platforms"] == ["x"]
    assert client.get("/api/v1/journal").json()["total"] == 0
    assert _left_behind(tmp_path) == []


def test_web_audit_takes_a_bluesky_car_and_a_mastodon_tar_gz(tmp_path: Path) -> None:
    client = _client(tmp_path)
    car = fx.bluesky_car(tmp_path / "repo.car").read_bytes()
    report = client.post("/api/v1/audit", files=_upload("repo.car", car)).json()
    assert report["summary"]["platforms"] == ["bluesky"] and report["summary"]["hold"] == 1
    assert all("DELETED" not in p.get("text", "") for p in report["posts"])
    tgz = fx.mastodon_old(tmp_path)
    r = client.post("/audit", files=_upload(tgz.name, tgz.read_bytes()))
    assert r.status_code == 200 and "Mastodon" in r.text
    assert _left_behind(tmp_path) == []


def test_web_audit_real_screener_holds_the_unmistakable_post(tmp_path: Path) -> None:
    client = _client(tmp_path, real=True)
    r = client.post("/api/v1/audit", files=_upload("twitter-2026.zip", _x_zip(tmp_path)))
    assert r.status_code == 200
    by_id = {p["id"]: p for p in r.json()["posts"]}
    assert by_id["x:2"]["verdict"] == "hold"
    assert _left_behind(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", b"just some notes, not an export\n"),
        ("archive.zip", b"PK\x03\x04 this zip is broken beyond repair"),
        ("archive.tar.gz", b"\x1f\x8b\x08\x00 not really gzip"),
        ("random.bin", bytes(range(256)) * 8),
    ],
)
def test_web_audit_non_export_is_422_in_the_error_shape(
    tmp_path: Path, name: str, data: bytes
) -> None:
    client = _client(tmp_path)
    for path in ("/api/v1/audit", "/audit"):
        body = _assert_error(client.post(path, files=_upload(name, data)), 422)
        assert name in str(body["error"])  # names the file and what was expected
    assert _left_behind(tmp_path) == []


def test_web_audit_empty_or_missing_upload_is_422(tmp_path: Path) -> None:
    client = _client(tmp_path)
    body = _assert_error(client.post("/api/v1/audit", files=_upload("x.zip", b"")), 422)
    assert "empty" in str(body["error"])
    # A form posted with no file chosen: the browser sends filename="" and no bytes.
    raw = (b'--b\r\nContent-Disposition: form-data; name="export"; filename=""\r\n'
           b"Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n")
    ctype = {"content-type": "multipart/form-data; boundary=b"}
    body = _assert_error(client.post("/audit", content=raw, headers=ctype), 422)
    assert "choose" in str(body["error"])
    other = {"note": ("a.txt", b"hello", "text/plain")}
    _assert_error(client.post("/api/v1/audit", files=other), 422)
    # "export" as a plain text field, not a file.
    _assert_error(client.post("/api/v1/audit", files=other, data={"export": "text"}), 422)
    assert _left_behind(tmp_path) == []


def test_web_audit_page_shows_errors_in_html(tmp_path: Path) -> None:
    client = _client(tmp_path)
    r = client.post("/audit", files=_upload("notes.txt", b"hello"), headers=HTML)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in r.text and "notes.txt" in r.text
    assert 'aria-invalid="true"' in r.text


def test_web_audit_refuses_other_bodies_big_uploads_and_cross_site(tmp_path: Path) -> None:
    client = _client(tmp_path, max_upload_bytes=4096)
    _assert_error(client.post("/api/v1/audit", json={"export": "x"}), 415)
    _assert_error(client.post("/audit", data={"export": "x"}), 415)
    body = _assert_error(client.post("/api/v1/audit", files=_upload("big.zip", b"0" * 8192)), 413)
    assert "4,096" in str(body["error"])
    # The JSON routes keep their own (smaller) limit; the upload limit is only for uploads.
    r = client.post("/api/v1/check", json={"text": "a" * 3000})
    assert r.status_code == 200
    r = client.post(
        "/api/v1/audit",
        files=_upload("twitter-2026.zip", b"PK"),
        headers={"origin": "https://evil.example"},
    )
    _assert_error(r, 403)
    r = client.post(
        "/api/v1/audit",
        content=b"--b\r\nContent-Disposition: form-data; name=\"export\"; filename=\"a",
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code in (400, 422) and r.json()["ok"] is False
    assert _left_behind(tmp_path) == []


def test_web_audit_workdir_is_private_and_removed_even_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int]] = []
    original = Svc.audit

    def spy(self: Svc, export: Path, out_dir: Path) -> object:
        seen.append((stat.S_IMODE(export.parent.parent.stat().st_mode),
                     stat.S_IMODE(export.stat().st_mode)))
        if export.name == "boom.zip":
            raise RuntimeError("disk on fire")
        return original(self, export, out_dir)

    monkeypatch.setattr(Svc, "audit", spy)
    client = _client(tmp_path)
    assert client.post("/api/v1/audit", files=_upload("a.zip", _x_zip(tmp_path))).status_code == 200
    assert seen == [(0o700, 0o600)]
    _assert_error(client.post("/api/v1/audit", files=_upload("boom.zip", b"PK..")), 500)
    assert _left_behind(tmp_path) == []


def test_web_audit_logs_no_post_text(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = _client(tmp_path)
    client.post("/audit", files=_upload("twitter-2026.zip", _x_zip(tmp_path)))
    client.post("/audit", files=_upload("notes.txt", RISKY.encode()))
    assert "Rosa" not in caplog.text and "Westview" not in caplog.text


def test_web_audit_is_in_the_openapi_spec(tmp_path: Path) -> None:
    spec = _client(tmp_path).get("/api/v1/openapi.json").json()
    op = spec["paths"]["/api/v1/audit"]["post"]
    body = op["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["properties"]["export"]["format"] == "binary"
    assert {"200", "413", "415", "422"} <= set(op["responses"])
    assert "512 MiB" in json.dumps(op) and "536,870,912" in spec["info"]["description"]


def test_web_audit_safe_name_keeps_the_extension() -> None:
    assert safe_name("C:\\Users\\me\\twitter-2026.zip") == "twitter-2026.zip"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("été archive.tar.gz") == "_t_archive.tar.gz"
    assert safe_name("..") == "export" and safe_name("") == "export"
    assert safe_name("x" * 300 + ".car").endswith(".car")


def test_web_audit_odd_part_headers_are_4xx_not_500(tmp_path: Path) -> None:
    client = _client(tmp_path)
    ctype = {"content-type": "multipart/form-data; boundary=b"}
    raw = ('--b\r\nContent-Disposition: form-data; name="export"; filename="résumé 😂.txt"\r\n'
           "\r\nnot an export\r\n--b--\r\n").encode()
    body = _assert_error(client.post("/api/v1/audit", content=raw, headers=ctype), 422)
    assert "r_sum_.txt" in str(body["error"])
    raw = '--b\r\nContent-Disposition: form-data; name="\U0010ffff"\r\n\r\nx\r\n--b--\r\n'.encode()
    _assert_error(client.post("/api/v1/audit", content=raw, headers=ctype), 422)
    assert _left_behind(tmp_path) == []


def _unreadable_x_zip(tmp_path: Path) -> bytes:
    """An X archive whose only posts file is cut short before its first post ends."""
    folder = tmp_path / "x-broken"
    fx.write(folder, "data/tweets.js", 'window.YTD.tweets.part0 = [ {"tweet": {"full_text": "')
    return fx.zip_dir(folder, tmp_path / "twitter-broken.zip").read_bytes()


def test_web_audit_nothing_readable_is_422_naming_the_problem(tmp_path: Path) -> None:
    """docs/web.md: an archive in which nothing could be read is 422 (the CLI exits 65),
    not a 200 report that reads as "nothing flagged"."""
    client = _client(tmp_path)
    data = _unreadable_x_zip(tmp_path)
    body = _assert_error(client.post("/api/v1/audit", files=_upload("twitter.zip", data)), 422)
    assert "nothing in it could be read" in str(body["error"])
    assert "tweets.js" in str(body["error"])  # the problem named: which file, and why
    r = client.post("/audit", files=_upload("twitter.zip", data), headers=HTML)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in r.text and "tweets.js" in r.text
    assert _left_behind(tmp_path) == []


def test_web_audit_partly_readable_archive_still_gets_its_report(tmp_path: Path) -> None:
    """Only an archive with nothing readable is refused: a damaged part is in the report."""
    folder = tmp_path / "x-part"
    fx.write(folder, "data/tweets.js",
             fx.ytd("tweets.part0", [fx.tweet("1", SAFE, "Fri Feb 20 09:10:58 +0000 2026")]))
    fx.write(folder, "data/tweets-part1.js", 'window.YTD.tweets.part1 = [ {"tweet": {')
    data = fx.zip_dir(folder, tmp_path / "twitter-part.zip").read_bytes()
    r = _client(tmp_path).post("/api/v1/audit", files=_upload("twitter.zip", data))
    assert r.status_code == 200, r.text
    summary = r.json()["summary"]
    assert summary["screened"] == 1 and summary["unreadable"] == 1
