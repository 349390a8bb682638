"""Bounded reading of JSON exports: nesting past `MAX_DEPTH` refuses the export before it
costs memory; a string past `MAX_STRING_BYTES` is an item "too long to screen"."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import export_fakes as fx
import pytest

from pausepost.importers import Problem, iter_items
from pausepost.importers.errors import RefusedFileError
from pausepost.importers.jsonbounds import MAX_DEPTH, MAX_STRING_BYTES, JsonBounds
from pausepost.importers.jsonstream import iter_top_items

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "formats" / "samples"
MB = 1 << 20

# Runs in a child process: the peak resident memory it reaches while reading the export,
# over what importing the package already took.
_CHILD = """
import json, resource, sys
from pausepost.importers import ExportError, iter_items
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
problems, texts, error = [], [], None
try:
    texts = [len(i.post.text) for i in iter_items(sys.argv[1], problems)]
except ExportError as exc:
    error = [type(exc).__name__, str(exc)]
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"grew_kb": grew, "error": error, "texts": texts,
                  "problems": [p.message for p in problems]}))
"""


def _read_in_child(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _zip(dest: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(name, data)
    return dest


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("data/tweets.js", b"window.YTD.tweets.part0 = " + b"[" * 20_000),
        ("outbox.json", b'{"a":' * 20_000),
        ("user_data_tiktok.json", b'{"Post": {"Posts": {"VideoList": ' + b"[" * 20_000),
        ("your_activity_across_facebook/posts/your_posts_1.json", b"[" * 20_000),
    ],
)
def test_deep_nesting_is_refused_in_bounded_memory(tmp_path: Path, name: str, body: bytes) -> None:
    export = _zip(tmp_path / "export.zip", name, body)
    assert export.stat().st_size < 400  # the probe's 218-byte export, give or take
    result = _read_in_child(export)
    assert result["error"] is not None, result
    kind, message = result["error"]
    assert kind == "RefusedFileError"
    assert name.rsplit("/", 1)[-1] in message and f"more than {MAX_DEPTH} levels" in message
    assert result["grew_kb"] < 50 * 1024, result["grew_kb"]  # was 1 GB at this depth


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    inner: Any = {
        "tweet": {
            "id_str": "1",
            "full_text": fx.BENIGN,
            "created_at": "Fri Feb 20 09:10:58 +0000 2026",
        }
    }
    deep: Any = "x"
    for _ in range(MAX_DEPTH - 3):  # the tweet object and the file's array make 3 more
        deep = [deep]
    inner["tweet"]["extra"] = deep
    fx.write(tmp_path, "data/tweets.js", fx.ytd("tweets.part0", [inner]))
    items = list(iter_items(tmp_path))
    assert [i.post.text for i in items] == [fx.BENIGN]
    inner["tweet"]["extra"] = [deep]
    fx.write(tmp_path, "data/tweets.js", fx.ytd("tweets.part0", [inner]))
    with pytest.raises(RefusedFileError, match=r"tweets\.js"):
        list(iter_items(tmp_path, []))  # refused even where other damage is read around


def test_one_huge_post_is_too_long_to_screen_in_bounded_memory(tmp_path: Path) -> None:
    huge = 24 * MB
    tweets = [
        fx.tweet("1", "x" * huge, "Fri Feb 20 09:10:58 +0000 2026"),
        fx.tweet("2", fx.BENIGN, "Fri Feb 20 09:10:58 +0000 2026"),
    ]
    fx.write(tmp_path / "export", "data/tweets.js", fx.ytd("tweets.part0", tweets))
    result = _read_in_child(tmp_path / "export")
    assert result["error"] is None
    assert result["texts"] == [len(fx.BENIGN)]  # the post after it is still read
    assert any("tweets.js" in p and "1 too long to screen" in p for p in result["problems"])
    assert result["grew_kb"] < 40 * 1024, result["grew_kb"]


def test_a_long_post_under_the_cap_is_read_whole(tmp_path: Path) -> None:
    text = ("A long reflection on boundaries. " * 100_000)[: 3 * MB]
    fx.write(
        tmp_path,
        "data/tweets.js",
        fx.ytd("tweets.part0", [fx.tweet("1", text, "Fri Feb 20 09:10:58 +0000 2026")]),
    )
    problems: list[Problem] = []
    assert [i.post.text for i in iter_items(tmp_path, problems)] == [text]
    assert problems == []


def test_too_long_string_is_counted_in_an_instagram_file(tmp_path: Path) -> None:
    long = "y" * (MAX_STRING_BYTES + 10)
    fx.write(
        tmp_path / "ig",
        "your_instagram_activity/content/posts_1.json",
        json.dumps([fx.ig_media(long, 1620000000), fx.ig_media(fx.BENIGN, 1620000001)]),
    )
    problems: list[Problem] = []
    assert [i.post.text for i in iter_items(tmp_path / "ig", problems)] == [fx.BENIGN]
    assert any("posts_1.json" in p.message and "too long to screen" in p.message for p in problems)


def _feed_in_pieces(data: bytes, size: int) -> bytes:
    bounds = JsonBounds("x.json", "JSON")
    out = b"".join(bounds.feed(data[i : i + size]) for i in range(0, len(data), size))
    return out + bounds.flush()


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
def test_bytes_pass_unchanged_whatever_the_chunking(size: int) -> None:
    value = {"a": ['q"uo\\te', "\\", "[[[{{{", {"b": '\\\\\\"'}], "é ]]] }}": [1, [2, [3]]]}
    data = json.dumps(value, ensure_ascii=False).encode()
    assert _feed_in_pieces(data, size) == data


def test_too_long_string_split_across_chunks_is_replaced() -> None:
    data = b'["a", "' + b'\\"x' * (MAX_STRING_BYTES // 3 + 10) + b'", "b"]'
    out = _feed_in_pieces(data, 64 * 1024)
    assert json.loads(out) == ["a", "\ue000too long to screen\ue000", "b"]


def test_brackets_inside_strings_are_not_nesting() -> None:
    data = json.dumps(["[" * 10_000 + "{" * 10_000]).encode()
    assert [v for _k, v in iter_top_items(io.BytesIO(data), "x.json", "JSON")] == [
        "[" * 10_000 + "{" * 10_000
    ]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="real export samples not present")
def test_real_samples_stay_far_below_the_limit() -> None:
    files = [p for p in SAMPLES.rglob("*") if p.suffix in (".js", ".json")]
    assert files
    for path in files:
        bounds = JsonBounds(path.name, "JSON")
        data = path.read_bytes()
        start = min(i for i in (data.find(b"["), data.find(b"{")) if i >= 0)
        peak = 0
        for i in range(start, len(data), 4096):
            bounds.feed(data[i : i + 4096])
            peak = max(peak, bounds.peak_depth)
        assert 0 < peak <= 16, (path.name, peak)


def test_linkedin_row_too_long_is_named_in_bounded_memory(tmp_path: Path) -> None:
    header = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    first = f'2025-01-02 10:00:00,https://www.linkedin.com/feed/1,"{fx.BENIGN}",,,MEMBER_NETWORK\n'
    huge = '2025-01-03 10:00:00,https://www.linkedin.com/feed/2,"' + "z" * (24 * MB) + '",,,\n'
    fx.write(tmp_path / "export", "Shares.csv", header + first + huge)
    result = _read_in_child(tmp_path / "export")
    assert result["error"] is None
    assert result["texts"] == [len(fx.BENIGN)]
    assert any("Shares.csv" in p and "too long to screen" in p for p in result["problems"])
    assert result["grew_kb"] < 40 * 1024, result["grew_kb"]


def test_audit_cli_refuses_deep_nesting_with_exit_65(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pausepost.cli import exitcodes
    from pausepost.cli.main import main

    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "config"))
    export = _zip(tmp_path / "twitter.zip", "data/tweets.js", b"[" * 20_000)
    code = main(["audit", str(export), "--out", str(tmp_path / "out"), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == exitcodes.DATA
    assert "tweets.js" in err and f"more than {MAX_DEPTH} levels deep" in err
    assert "Traceback" not in err


def test_upload_refuses_deep_nesting_with_422(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from web_support import fake_factory

    from pausepost.store import Store
    from pausepost.web import PauseService, WebSettings, create_app

    app = create_app(
        service=PauseService(Store.memory(), fake_factory),
        settings=WebSettings(upload_dir=tmp_path / "uploads"),
    )
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    data = _zip(tmp_path / "x.zip", "outbox.json", b'{"a":' * 20_000).read_bytes()
    r = client.post("/api/v1/audit", files={"export": ("mastodon.zip", data, "application/zip")})
    assert r.status_code == 422, r.text
    assert "outbox.json" in r.json()["error"] and "levels deep" in r.json()["error"]
    assert list((tmp_path / "uploads").iterdir()) == []


def test_text_joined_past_the_cap_is_too_long_to_screen(tmp_path: Path) -> None:
    half = "w" * (MAX_STRING_BYTES // 2 + 10)  # each string is under the cap, the post is not
    # A carousel: its caption, then the photo's own.
    post = {"title": half, "media": [fx.ig_media(half.replace("w", "v"), 1620000000)]}
    fx.write(tmp_path, "your_instagram_activity/content/posts_1.json", json.dumps([post]))
    problems: list[Problem] = []
    assert list(iter_items(tmp_path, problems)) == []
    assert any("1 too long to screen" in p.message for p in problems)


def test_classic_tweets_csv_row_too_long_is_named(tmp_path: Path) -> None:
    rows = [
        "tweet_id,timestamp,text\n",
        f'1,2014-05-01 10:00:00 +0000,"{fx.BENIGN}"\n',
        '2,2014-05-02 10:00:00 +0000,"' + "q" * (MAX_STRING_BYTES + 5) + '"\n',
    ]
    fx.write(tmp_path, "tweets.csv", "".join(rows))
    problems: list[Problem] = []
    assert [i.post.text for i in iter_items(tmp_path, problems)] == [fx.BENIGN]
    assert any("tweets.csv" in p.message and "too long to screen" in p.message for p in problems)
