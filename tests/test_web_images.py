"""Pictures through the web app (issue 11, item 4): `POST /api/v1/check` with pictures as
multipart/form-data or base64 JSON answers what `pausepost check --json --image` prints;
limits and refusals in the one error shape; the compose page's picture input."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import SAFE, fake_factory, make_client, served

pytest.importorskip("cv2")
import media_samples as S

from pausepost.media.ocr import tesseract_path
from pausepost.store import Store
from pausepost.web import PauseService, create_app, middleware
from pausepost.web.pictures import IMAGE_BODY_BYTES, MAX_IMAGE_BYTES, MAX_IMAGES

pytestmark = pytest.mark.skipif(tesseract_path() is None, reason="tesseract is not installed")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
GPS_SUMMARY = "taken at 45.52, -122.68 on 4 March 2024, 16:02, iPhone 15"


@pytest.fixture(scope="module")
def note_png() -> bytes:
    return S.png_bytes(S.note_printed())


@pytest.fixture(scope="module")
def gps_jpeg() -> bytes:
    return S.jpeg_bytes(S.photo_scene(), exif=S.gps_exif())


@pytest.fixture
def client() -> TestClient:
    return make_client()


def is_error(r: Any, status: int, *words: str) -> str:
    body = r.json()
    assert r.status_code == status, body
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    for word in words:
        assert word in body["error"]
    return str(body["error"])


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# -- the API answers what the CLI prints -------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "caption"),
    [
        ("bedside_note", "Such a sweet card this week"),
        ("gps_photo", "Sunday walk"),
    ],
)
def test_web_images_api_equals_cli_check_json_image(
    sample: str, caption: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same verdict, findings and per-image results as `pausepost check --json --image`,
    with the real screener, by multipart and by base64 JSON."""
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path))  # no allow-list for either
    if sample == "bedside_note":
        name, data = "note.png", S.png_bytes(S.bedside_note())
    else:
        name, data = "office.jpg", S.jpeg_bytes(S.photo_scene(), exif=S.gps_exif())
    path = tmp_path / name
    path.write_bytes(data)
    cli = subprocess.run(
        [sys.executable, "-m", "pausepost.cli.main", "check", "--json", "--platform", "facebook",
         "--image", str(path), caption],
        capture_output=True, text=True,
    )  # fmt: skip
    expected = json.loads(cli.stdout)
    client = make_client(real=True)
    form = client.post(
        "/api/v1/check",
        data={"text": caption, "platform": "facebook"},
        files=[("image", (name, data, "image/png" if name.endswith("png") else "image/jpeg"))],
    )
    assert form.status_code == 200, form.text
    got = form.json()
    assert got["verdict"] == expected["verdict"] and got["findings"] == expected["findings"]
    assert got["images"] == expected["images"]
    assert got == expected
    as_json = client.post(
        "/api/v1/check",
        json={
            "text": caption,
            "platform": "facebook",
            "images": [{"name": name, "data": b64(data)}],
        },
    )
    assert as_json.status_code == 200 and as_json.json() == expected
    if sample == "bedside_note":
        assert expected["verdict"] == "hold" and expected["images"][0]["kind"] == "note"
    else:
        assert expected["images"][0]["metadata"]["summary"] == GPS_SUMMARY
        assert expected["verdict"] != "post"  # a GPS position in the file


def test_web_images_picture_without_caption(client: TestClient, gps_jpeg: bytes) -> None:
    r = client.post("/api/v1/check", files=[("image", ("office.jpg", gps_jpeg, "image/jpeg"))])
    assert r.status_code == 200
    a = r.json()
    assert a["caption_verdict"] == "post" and a["verdict"] == "revise"
    assert a["images"][0]["metadata"]["summary"] == GPS_SUMMARY
    assert "image_location" in {x["code"] for x in a["reasons"]}


def test_web_images_several_pictures_keep_their_order_and_names(
    client: TestClient, note_png: bytes, gps_jpeg: bytes
) -> None:
    body = {
        "text": SAFE,
        "images": [{"name": "../../etc/card.png", "data": b64(note_png)}, {"data": b64(gps_jpeg)}],
    }
    a = client.post("/api/v1/check", json=body).json()
    assert [(i["index"], i["name"]) for i in a["images"]] == [(0, "card.png"), (1, "image 2")]
    assert a["images"][0]["kind"] == "note"
    # The fake screener holds for "Rosa", read from the card: the post holds, not the caption.
    assert a["caption_verdict"] == "post" and a["verdict"] == "hold"
    assert {f["image"] for f in a["findings"] if "image" in f} == {0, 1}


def test_web_images_journal_records_the_whole_verdict(client: TestClient, note_png: bytes) -> None:
    r = client.post(
        "/api/v1/check",
        data={"text": SAFE, "journal": "true"},
        files=[("image", ("card.png", note_png, "image/png"))],
    )
    assert r.status_code == 200 and r.json()["verdict"] == "hold"
    (entry,) = client.get("/api/v1/journal").json()["entries"]
    assert entry["verdict"] == "hold" and entry["decision"] == "undecided"
    assert "identifiable" in entry["concerns"]


def test_web_images_journal_must_be_true_or_false(client: TestClient) -> None:
    """Found by schemathesis: a multipart `journal` outside the schema's enum was read as
    false instead of refused."""
    r = client.post("/api/v1/check", files={"text": (None, SAFE), "journal": (None, "perhaps")})
    is_error(r, 422, "journal")
    assert client.get("/api/v1/journal").json()["entries"] == []


def test_web_images_text_only_checks_are_unchanged(client: TestClient) -> None:
    r = client.post("/api/v1/check", files={"text": (None, SAFE)})  # multipart, no picture
    assert r.status_code == 200 and "images" not in r.json()
    assert r.json() == client.post("/api/v1/check", json={"text": SAFE}).json()
    is_error(client.post("/api/v1/check", json={"text": SAFE, "images": []}), 422, "images")
    # Only a picture may come without a caption.
    is_error(client.post("/api/v1/check", files={"text": (None, " ")}), 422, "text")
    unknown = {"text": (None, SAFE), "colour": (None, "red")}
    is_error(client.post("/api/v1/check", files=unknown), 422, "colour: unknown field")


# -- limits and refusals: 413, 415, 422, 503, never a 500 --------------------------------


def test_web_images_too_many_pictures_is_413(client: TestClient, note_png: bytes) -> None:
    n = MAX_IMAGES + 1
    files = [("image", (f"p{i}.png", note_png, "image/png")) for i in range(n)]
    is_error(
        client.post("/api/v1/check", files=files), 413, f"{n} pictures", f"at most {MAX_IMAGES}"
    )
    body = {"text": SAFE, "images": [{"data": b64(note_png)}] * n}
    is_error(client.post("/api/v1/check", json=body), 413, f"at most {MAX_IMAGES}")


def test_web_images_picture_over_the_limit_is_413(client: TestClient, note_png: bytes) -> None:
    big = b"\xff\xd8\xff" + b"\0" * MAX_IMAGE_BYTES  # one byte over
    files = [
        ("image", ("ok.png", note_png, "image/png")),
        ("image", ("huge.jpg", big, "image/jpeg")),
    ]
    is_error(client.post("/api/v1/check", files=files), 413, "image 2 (huge.jpg)", "20,971,520")
    body = {"images": [{"name": "huge.jpg", "data": b64(big)}]}
    is_error(client.post("/api/v1/check", json=body), 413, "image 1 (huge.jpg)")


def test_web_images_body_limit_is_raised_for_this_route_only(
    client: TestClient, gps_jpeg: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Over the API's usual 1 MiB, under the pictures' limit: a picture comes through.
    photo = S.png_bytes(S.photo_scene((1400, 1000), seed=9))
    assert len(photo) > 1024 * 1024
    r = client.post("/api/v1/check", files=[("image", ("big.png", photo, "image/png"))])
    assert r.status_code == 200, r.text
    # ... but text alone keeps the usual limit, and other routes take no pictures.
    is_error(client.post("/api/v1/check", json={"text": "x " * 600_000}), 413)
    is_error(
        client.post("/api/v1/allow", files=[("image", ("a.jpg", gps_jpeg, "image/jpeg"))]), 415
    )
    # The total is capped by the Guard, before the body is read.
    cap = len(photo) + 10_000
    monkeypatch.setattr(middleware, "IMAGE_BODY_BYTES", cap)
    two = [("image", (f"{n}.png", photo, "image/png")) for n in "ab"]
    is_error(client.post("/api/v1/check", files=two), 413, f"{cap:,}-byte limit")
    assert IMAGE_BODY_BYTES >= MAX_IMAGES * MAX_IMAGE_BYTES * 4 // 3  # base64 fits


@pytest.mark.parametrize(
    ("name", "data", "ctype", "words"),
    [
        ("notes.txt", b"Rosa, age 9", "text/plain", "text/plain is not a picture"),
        ("scan.pdf", PDF, "application/octet-stream", "PDF"),
        ("a.jpg", b"just some words, not a picture", "image/jpeg", "not an image"),
    ],
)
def test_web_images_not_a_picture_is_415(
    client: TestClient, note_png: bytes, name: str, data: bytes, ctype: str, words: str
) -> None:
    files = [("image", ("ok.png", note_png, "image/png")), ("image", (name, data, ctype))]
    is_error(client.post("/api/v1/check", files=files), 415, f"image 2 ({name})", words)
    if ctype != "text/plain":  # JSON has no declared type: the bytes say it
        body = {"images": [{"name": name, "data": b64(data)}]}
        is_error(client.post("/api/v1/check", json=body), 415, f"image 1 ({name})")


def test_web_images_damaged_picture_or_bad_base64_is_422(
    client: TestClient, note_png: bytes
) -> None:
    # The header is whole, the pixels are cut short: found while decoding, still named.
    cut = note_png[: len(note_png) // 2]
    files = [("image", ("ok.png", note_png, "image/png")), ("image", ("cut.png", cut, "image/png"))]
    is_error(client.post("/api/v1/check", files=files), 422, "image 2 (cut.png)", "damaged")
    bad = {"images": [{"name": "x.png", "data": b64(note_png)}, {"name": "y.png", "data": "%%%"}]}
    is_error(client.post("/api/v1/check", json=bad), 422, "image 2 (y.png)", "base64")
    as_url = {"images": [{"data": "data:image/png;base64," + b64(note_png)}, {"data": "data:"}]}
    is_error(client.post("/api/v1/check", json=as_url), 422, "image 2", "empty")
    empty = [("image", ("empty.png", b"", "image/png"))]
    is_error(client.post("/api/v1/check", files=empty), 422, "image 1 (empty.png)", "empty")
    is_error(client.post("/api/v1/check", json={"images": [{"name": 3, "data": ""}]}), 422)
    is_error(client.post("/api/v1/check", json={"images": [{"data": "", "size": 1}]}), 422)


@pytest.mark.parametrize("missing", ["tesseract", "media extra"])
def test_web_images_without_the_image_tools_is_503(
    client: TestClient, gps_jpeg: bytes, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    if missing == "tesseract":
        monkeypatch.delenv("PAUSEPOST_TESSERACT", raising=False)
        monkeypatch.setenv("PATH", "/nonexistent")
    else:
        monkeypatch.setitem(sys.modules, "pausepost.media.ocr", None)  # import fails
    files = [("image", ("office.jpg", gps_jpeg, "image/jpeg"))]
    error = is_error(client.post("/api/v1/check", data={"text": SAFE}, files=files), 503)
    assert error.startswith("pictures cannot be checked here: install the media extra")
    assert client.post("/api/v1/check", json={"text": SAFE}).status_code == 200  # text: fine


def test_web_images_openapi_describes_both_bodies(client: TestClient) -> None:
    op = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/check"]["post"]
    content = op["requestBody"]["content"]
    form = content["multipart/form-data"]["schema"]["properties"]
    assert form["image"]["items"]["format"] == "binary" and form["image"]["maxItems"] == 4
    assert {"text", "platform", "audience"} <= set(form)
    schemas = content["application/json"]["schema"]["oneOf"]
    assert any("images" in sch["properties"] for sch in schemas)
    assert {"200", "413", "415", "422", "503"} <= set(op["responses"])
    spec = client.get("/api/v1/openapi.json").json()
    assert "pausepost check --json --image" in spec["info"]["description"]
    assert "images" in spec["components"]["schemas"]["CheckOut"]["properties"]


# -- the compose page ----------------------------------------------------------------------


def test_web_images_compose_page_without_javascript(
    client: TestClient, note_png: bytes, gps_jpeg: bytes
) -> None:
    page = client.get("/").text
    assert 'enctype="multipart/form-data"' in page
    assert '<input type="file" id="images" name="image" accept="image/*" multiple' in page
    r = client.post(
        "/",
        data={"text": SAFE, "platform": "facebook"},
        files=[("image", ("card.png", note_png, "image/png")),
               ("image", ("office.jpg", gps_jpeg, "image/jpeg"))],
        headers={"accept": "text/html"},
    )  # fmt: skip
    assert r.status_code == 200
    html = r.text
    assert 'data-verdict="hold"' in html
    assert html.count('class="picture"') == 2
    assert "a note, card or letter" in html and "no faces found" in html
    assert GPS_SUMMARY in html
    assert "Rosa" in html  # the text read from the card, and why it was flagged
    assert "\u201cRosa\u201d: name identifies" in html
    assert client.get("/api/v1/journal").json()["entries"][0]["verdict"] == "hold"


def test_web_images_compose_page_refusal_keeps_the_draft(client: TestClient) -> None:
    r = client.post(
        "/",
        data={"text": SAFE},
        files=[("image", ("notes.txt", b"hello", "text/plain"))],
        headers={"accept": "text/html"},
    )
    assert r.status_code == 415
    assert 'id="input-error"' in r.text and "image 1 (notes.txt)" in r.text
    assert SAFE in r.text  # the draft stays in the textarea


# -- in a real browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser_server() -> Iterator[tuple[Any, str]]:
    """The app (fake screener, real image checks) on a free port, and headless Chromium."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh --dev)")
    app = create_app(service=PauseService(Store.memory(), fake_factory))
    with served(app) as url, sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield b, url
        b.close()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_web_images_browser_compose_with_a_picture(
    browser_server: tuple[Any, str], tmp_path: Path, javascript: bool
) -> None:
    browser, url = browser_server
    photo = tmp_path / "office.jpg"
    photo.write_bytes(S.jpeg_bytes(S.photo_scene(), exif=S.gps_exif()))
    ctx = browser.new_context(java_script_enabled=javascript)
    page = ctx.new_page()
    page.set_default_timeout(20000)
    page.goto(url + "/")
    page.locator("#text").fill(SAFE)
    page.locator("#images").set_input_files(str(photo))
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector('#verdict[data-verdict="revise"]')
    item = page.locator("#pictures li.picture")
    assert item.count() == 1
    assert item.locator(".picture-kind").inner_text() == "a photo"
    assert item.locator(".picture-gps").inner_text() == GPS_SUMMARY
    assert item.locator(".picture-faces").inner_text() == "no faces found"
    assert "taken at 45.52" in item.locator(".picture-reasons").inner_text()
    ctx.close()
