"""The multipart readers' shared part-header handling (`pausepost/web/multipart.py`): the
pictures form (`/api/v1/check`, the compose page) and the export upload (`/api/v1/audit`)
read each part's headers the same way, and refuse an oversized one with a 400 that says
which body it was, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from web_support import SAFE, make_client

from pausepost.web import WebSettings
from pausepost.web.multipart import MAX_HEADER_BYTES, PartReader

BOUNDARY = "pauseboundary"


def _body(headers: list[str], data: bytes) -> bytes:
    head = "".join(f"{h}\r\n" for h in headers)
    return f"--{BOUNDARY}\r\n{head}\r\n".encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def _post(client: TestClient, path: str, body: bytes) -> tuple[int, str]:
    ctype = f"multipart/form-data; boundary={BOUNDARY}"
    r = client.post(path, content=body, headers={"content-type": ctype})
    return r.status_code, r.json()["error"] if r.status_code >= 400 else ""


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return make_client(settings=WebSettings(upload_dir=tmp_path / "uploads"))


@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/audit"])
def test_web_multipart_long_part_header_is_400(client: TestClient, path: str) -> None:
    long_value = "x" * (MAX_HEADER_BYTES + 1)
    body = _body([f'content-disposition: form-data; name="text"; x-pad="{long_value}"'], b"hi")
    status, message = _post(client, path, body)
    assert status == 400
    assert "multipart/form-data" in message or "part header" in message


@pytest.mark.parametrize("what", ["form", "upload"])
def test_web_multipart_reader_refuses_a_header_over_the_limit(what: str) -> None:
    """The reader's own cap, whatever the parser lets through: a 400 naming the body."""
    reader = PartReader(what)
    calls = reader.callbacks()
    calls["on_part_begin"]()  # type: ignore[operator]
    name = b"content-disposition"
    calls["on_header_field"](name, 0, len(name))  # type: ignore[operator]
    value = b"x" * (MAX_HEADER_BYTES - len(name) + 1)
    with pytest.raises(HTTPException) as err:
        calls["on_header_value"](value, 0, len(value))  # type: ignore[operator]
    assert (err.value.status_code, err.value.detail) == (
        400,
        f"a part header of the {what} is too long",
    )


def test_web_multipart_reader_keeps_headers_by_lower_case_name() -> None:
    reader = PartReader("form")
    calls = reader.callbacks()
    for field, value in ((b"Content-Disposition", b'form-data; name="image"; filename="a.png"'),
                         (b"Content-Type", b"image/png")):  # fmt: skip
        calls["on_header_field"](field, 0, len(field))  # type: ignore[operator]
        calls["on_header_value"](value, 0, len(value))  # type: ignore[operator]
        calls["on_header_end"]()  # type: ignore[operator]
    assert reader.disposition() == {b"name": b"image", b"filename": b"a.png"}


def test_web_multipart_headers_are_read_case_blind(client: TestClient) -> None:
    """Header names are lower-cased: `Content-Disposition` names the field as it should."""
    body = _body(['Content-Disposition: form-data; name="text"'], SAFE.encode())
    status, _ = _post(client, "/api/v1/check", body)
    assert status == 200


def test_web_multipart_upload_field_found_by_its_disposition(client: TestClient) -> None:
    """A file part under another name is read and dropped: the upload says none came."""
    body = _body(['content-disposition: form-data; name="other"; filename="x.zip"'], b"PK")
    status, message = _post(client, "/api/v1/audit", body)
    assert status == 422
    assert "no file in the upload" in message
