"""HTML pages with JavaScript off: plain form posts, and HTML agreeing with the JSON twin."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_support import CONSENT, REWRITE, RISKY, SAFE, make_client

from pausepost.web.render import bar_chart, column_chart, word_diff


@pytest.fixture
def client() -> TestClient:
    return make_client()


@pytest.mark.parametrize("path", ["/", "/journal", "/consent", "/nudge"])
def test_web_pages_render_with_labels(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="en">' in html and 'href="#main"' in html
    assert 'aria-current="page"' in html
    # Every form control has a label (or is hidden).
    for m in re.finditer(r"<(textarea|select|input)\b([^>]*)>", html):
        attrs = m.group(2)
        if 'type="hidden"' in attrs:
            continue
        cid = re.search(r'id="([^"]+)"', attrs)
        assert cid, m.group(0)
        assert f'for="{cid.group(1)}"' in html, cid.group(1)
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html


def test_web_pages_no_js_check_shows_hold_with_highlights(client: TestClient) -> None:
    r = client.post("/", data={"text": RISKY, "platform": "facebook"})
    assert r.status_code == 200
    assert 'data-verdict="hold"' in r.text
    marks = re.findall(r'<mark class="flag" tabindex="0"[^>]*>([^<]*)<span class="tip"', r.text)
    assert marks == ["17yo", "Rosa"]
    assert 'role="tooltip"' in r.text and "name identifies" in r.text
    assert REWRITE in r.text and "<del>" in r.text and "<ins>" in r.text
    assert 'action="/decide"' in r.text


def test_web_pages_html_agrees_with_json(client: TestClient) -> None:
    html = client.post("/", data={"text": RISKY}).text
    data = client.post("/api/v1/check", json={"text": RISKY}).json()
    for reason in data["reasons"]:
        assert f'data-code="{reason["code"]}"' in html
    for q in data["questions"]:
        assert q["text"].replace("'", "&#39;") in html


def test_web_pages_escape_the_draft(client: TestClient) -> None:
    r = client.post("/", data={"text": "<script>alert(1)</script> Rosa"})
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;" in r.text


def test_web_pages_empty_draft_is_422_in_html(client: TestClient) -> None:
    r = client.post("/", data={"text": "   "}, headers={"accept": "text/html"})
    assert r.status_code == 422 and 'role="alert"' in r.text


def test_web_pages_bad_form_value_is_4xx(client: TestClient) -> None:
    html = {"accept": "text/html"}
    r = client.post("/", data={"text": SAFE, "platform": "myspace"}, headers=html)
    assert r.status_code == 422 and "platform" in r.text
    r = client.post("/decide", data={"text": SAFE, "decision": "shout"})
    assert r.status_code == 422 and r.json()["ok"] is False


def test_web_pages_decision_goes_to_journal_and_can_be_deleted(client: TestClient) -> None:
    data = {"text": RISKY, "decision": "post_rewrite"}
    r = client.post("/decide", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/journal?recorded=")
    page = client.get(r.headers["location"]).text
    assert "post rewrite" in page and "Recorded in your journal" in page
    assert RISKY not in page and "fingerprint" in page
    assert "<svg" in page and 'role="img"' in page
    entry = client.get("/api/v1/journal").json()["entries"][0]
    r = client.post(f"/journal/{entry['id']}/delete", follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/v1/journal").json()["total"] == 0


def test_web_pages_keep_text_is_explicit(client: TestClient) -> None:
    client.post("/decide", data={"text": SAFE, "decision": "post", "keep_text": "on"})
    assert SAFE in client.get("/journal").text
    csv = client.get("/journal.csv")
    assert csv.status_code == 200 and SAFE in csv.text


def test_web_pages_delete_all_needs_confirmation(client: TestClient) -> None:
    client.post("/decide", data={"text": SAFE, "decision": "post"})
    assert client.post("/journal/delete-all").status_code == 422
    client.post("/journal/delete-all", data={"confirm": "yes"})
    assert client.get("/api/v1/journal").json()["total"] == 0


def test_web_pages_consent_add_revoke_and_use(client: TestClient) -> None:
    r = client.post(
        "/consent",
        data={"label": "C-9 poem", "scope": "her poem", "platforms": ["facebook", "x"],
              "audience": "both", "given_on": "2020-01-01", "expires_on": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303
    entry = client.get("/api/v1/consent").json()["entries"][0]
    assert entry["platforms"] == ["facebook", "x"] and entry["status"] == "active"
    page = client.post("/", data={"text": CONSENT, "platform": "facebook",
                                  "consent_id": str(entry["id"])}).text  # fmt: skip
    assert 'data-verdict="revise"' in page
    client.post(f"/consent/{entry['id']}/revoke")
    assert "revoked" in client.get("/consent").text
    page = client.post("/", data={"text": CONSENT, "platform": "facebook",
                                  "consent_id": str(entry["id"])}).text  # fmt: skip
    assert 'data-verdict="hold"' in page and 'data-code="consent_ledger_missing"' in page


def test_web_pages_consent_form_errors_are_shown(client: TestClient) -> None:
    r = client.post("/consent", data={"label": "", "scope": "x", "given_on": "2020-01-01"})
    assert r.status_code == 422 and 'id="consent-error"' in r.text
    r = client.post("/consent", data={"label": "a", "scope": "x", "given_on": "2020-01-02",
                                      "expires_on": "2020-01-01"})  # fmt: skip
    assert r.status_code == 422


def test_web_pages_allow_and_feedback_forms(client: TestClient) -> None:
    r = client.post("/allow", data={"term": "Rosa", "text": RISKY})
    assert r.status_code == 200 and "allow-list" in r.text
    marks = re.findall(r'<mark class="flag"[^>]*>([^<]*)<span', r.text)
    assert marks == ["17yo"]
    data = {"detector": "fake", "code": "fake.age", "concern": "identifiable", "label": "AGE",
            "text": RISKY}  # fmt: skip
    r = client.post("/feedback", data=data)
    assert r.status_code == 200 and "Nothing was sent anywhere" in r.text


def test_web_pages_nudge_form(client: TestClient) -> None:
    r = client.post("/nudge", data={"text": RISKY, "colleague": "Sam"})
    assert r.status_code == 200
    note = re.search(r'<pre id="note-text" class="note">(.*?)</pre>', r.text, re.S)
    assert note and note.group(1).startswith("Hi Sam,") and "Rosa" not in note.group(1)
    assert client.post("/nudge", data={"text": ""}).status_code == 422


def test_web_pages_static_assets_are_local(client: TestClient) -> None:
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "innerHTML" not in js.text
    assert client.get("/static/app.css").status_code == 200


def test_web_render_word_diff() -> None:
    assert word_diff("my client Rosa cried", "a client cried") == [
        ("del", "my"), ("ins", "a"), ("same", " client "), ("del", "Rosa "),
        ("same", "cried")]  # fmt: skip


def test_web_render_charts_have_text_alternatives() -> None:
    svg = column_chart("Pauses", [("01 Mar", 2), ("08 Mar", 0)])
    assert 'role="img"' in svg and "01 Mar: 2" in svg and "<title>Pauses</title>" in svg
    assert "nothing yet" in bar_chart("Concerns", [])


def test_web_pages_no_js_check_then_decision_is_one_entry(client: TestClient) -> None:
    client.post("/", data={"text": RISKY})
    assert "no decision yet" in client.get("/journal").text
    client.post("/decide", data={"text": RISKY, "decision": "keep_private"})
    entries = client.get("/api/v1/journal").json()["entries"]
    assert [e["decision"] for e in entries] == ["keep_private"]


def test_web_pages_journal_html_agrees_with_json(client: TestClient) -> None:
    for text, decision in ((RISKY, "keep_private"), (SAFE, "post"), (CONSENT, "discard")):
        client.post("/api/v1/journal", json={"text": text, "decision": decision})
    html = client.get("/journal").text
    data = client.get("/api/v1/journal").json()
    rows = re.findall(r'<tr id="entry-(\d+)">', html)
    assert [int(r) for r in rows] == [e["id"] for e in data["entries"]]
    st = data["stats"]
    assert f"{st['entries']} entries; {st['pauses']} times" in html
