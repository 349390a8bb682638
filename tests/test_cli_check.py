"""The CLI (`pausepost check`, `eval`, `--help`, `--version`): output shapes, exit codes, bad input.

Most tests call `pausepost.cli.main.main([...])` in-process. Tests about exit-code
mapping swap in a keyword screener (real policy, one fake detector) so they do not
depend on the detectors, which are still changing; only unmistakable drafts go
through the real detectors. A few tests run the installed script in a subprocess,
because only a real process shows a traceback or a wrong exit status.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from pausepost import __version__
from pausepost.cli import exitcodes
from pausepost.cli.main import build_parser, main
from pausepost.config import Config
from pausepost.core.screener import Screener
from pausepost.core.types import Concern, Context, Finding, Post, SpanLabel, Verdict

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".venv" / "bin" / "pausepost"

# Unmistakable drafts: their verdicts must never depend on detector tuning.
HOLD_TEXT = "My 17yo client Rosa from Westview High overdosed last night 😂 lol"
POST_TEXT = "Sunday reset: long walk, phone off, soup on the stove."

CODE_OF = {"post": exitcodes.OK, "revise": exitcodes.REVISE, "hold": exitcodes.HOLD}
JSON_KEYS = {"id", "verdict", "concerns", "spans", "findings", "reasons", "questions", "rewrite"}


# --- helpers -------------------------------------------------------------------------------


class _Stdin(io.TextIOWrapper):
    """A pipe-like stdin (has .buffer, is not a terminal)."""

    def __init__(self, data: bytes, *, tty: bool = False) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def cli(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: bytes | None = None,
    *,
    tty: bool = False,
) -> tuple[int, str, str]:
    """Run main() in-process; argparse's SystemExit counts as the exit code."""
    monkeypatch.setattr(sys, "stdin", _Stdin(stdin or b"", tty=tty))
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_script(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    if not SCRIPT.exists():
        pytest.skip(f"{SCRIPT} is not installed (run scripts/setup.sh)")
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin or b"", capture_output=True, timeout=60, cwd=ROOT
    )


def assert_one_line_error(err: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("pausepost"), err


def verdict_of_plain(out: str) -> str:
    """The plain renderer starts with the verdict word (POST / REVISE / HOLD)."""
    return out.split()[0].lower()


def assert_spans_ok(spans: list[dict[str, Any]], text: str) -> None:
    labels = {lab.value for lab in SpanLabel}
    for s in spans:
        assert {"start", "end", "label"} <= set(s)
        assert 0 <= s["start"] < s["end"] <= len(text)
        assert s["label"] in labels


class KeywordDetector:
    """A fake detector: HOLDME is a NAME span, REVISEME a kind client-specific post,
    CRASHME makes the detector raise (the screen must fail closed)."""

    name: ClassVar[str] = "keyword"
    version: ClassVar[str] = "test"
    emits: ClassVar[frozenset[Concern]] = frozenset(Concern)

    def detect(self, post: Post, context: Context) -> Iterable[Finding]:
        if "CRASHME" in post.text:
            raise RuntimeError("boom")
        out = [
            Finding(
                detector=self.name,
                concern=Concern.IDENTIFIABLE,
                code="test.name",
                start=m.start(),
                end=m.end(),
                label=SpanLabel.NAME,
            )
            for m in re.finditer("HOLDME", post.text)
        ]
        if "REVISEME" in post.text:
            out.append(Finding(self.name, Concern.CLIENT_SPECIFIC, "test.specific"))
        return out


@pytest.fixture(autouse=True)
def _no_user_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The user's own allow-list must not change what these tests see.
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def keyword_screener(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Screener.default() the CLI builds uses only KeywordDetector (and the real policy)."""

    def default(cls: type[Screener], /, config: Config | None = None, **_: object) -> Screener:
        return cls([KeywordDetector()], config=config)

    monkeypatch.setattr(Screener, "default", classmethod(default))


# --- one draft: text argument, -f, stdin ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict"),
    [("nothing to see here", "post"), ("REVISEME please", "revise"), ("hi HOLDME", "hold")],
)
@pytest.mark.usefixtures("keyword_screener")
def test_check_exit_code_matches_printed_verdict(
    text: str, verdict: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(["check", "--color", "never", text], capsys, monkeypatch)
    assert (code, verdict_of_plain(out), err) == (CODE_OF[verdict], verdict, "")
    code, out, _ = cli(["check", "--json", text], capsys, monkeypatch)
    assert (code, json.loads(out)["verdict"]) == (CODE_OF[verdict], verdict)


@pytest.mark.usefixtures("keyword_screener")
def test_check_plain_output_marks_the_span_and_offers_a_rewrite(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = cli(["check", "--color", "never", "met HOLDME today"], capsys, monkeypatch)
    assert code == exitcodes.HOLD
    assert "met [[HOLDME]] today" in out  # colour off: spans are bracketed
    assert "\x1b[" not in out
    code, out, _ = cli(["check", "--color", "always", "met HOLDME today"], capsys, monkeypatch)
    assert "\x1b[" in out


@pytest.mark.usefixtures("keyword_screener")
def test_check_crashing_detector_fails_closed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(["check", "--json", "CRASHME"], capsys, monkeypatch)
    result = json.loads(out)
    assert result["verdict"] != "post"
    assert code == CODE_OF[result["verdict"]]
    assert result["errors"] and "keyword" in result["errors"][0]
    assert "boom" not in out + err  # the exception text never reaches the user


def test_check_unmistakable_hold(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = cli(["check", "--json", HOLD_TEXT], capsys, monkeypatch)
    result = json.loads(out)
    assert result["verdict"] == "hold"
    assert code == exitcodes.HOLD
    assert result["spans"], "a named, aged, schooled client must have marked spans"
    assert_spans_ok(result["spans"], HOLD_TEXT)
    assert result["rewrite"] and "Rosa" not in result["rewrite"]


def test_check_unmistakable_post(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(["check", "--color", "never", POST_TEXT], capsys, monkeypatch)
    assert (code, verdict_of_plain(out), err) == (exitcodes.OK, "post", "")
    assert POST_TEXT in out


def test_check_json_has_the_documented_keys(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in (POST_TEXT, HOLD_TEXT):
        code, out, _ = cli(["check", "--json", text], capsys, monkeypatch)
        result = json.loads(out)
        assert set(result) >= JSON_KEYS
        assert code == CODE_OF[result["verdict"]]
        assert_spans_ok(result["spans"], text)
        for f in result["findings"]:
            if f["start"] is not None:
                assert 0 <= f["start"] < f["end"] <= len(text)
        assert (result["rewrite"] is None) == (result["verdict"] == "post")


def test_check_reads_file_and_stdin_like_the_argument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(HOLD_TEXT, encoding="utf-8")
    _, by_arg, _ = cli(["check", "--json", HOLD_TEXT], capsys, monkeypatch)
    _, by_file, _ = cli(["check", "--json", "-f", str(draft)], capsys, monkeypatch)
    _, by_stdin, _ = cli(["check", "--json"], capsys, monkeypatch, stdin=HOLD_TEXT.encode())
    assert json.loads(by_arg) == json.loads(by_file) == json.loads(by_stdin)


@pytest.mark.parametrize("platform", ["facebook", "x", "tiktok_caption"])
@pytest.mark.parametrize("audience", ["personal", "professional"])
def test_check_platform_and_audience_reach_the_assessment(
    platform: str,
    audience: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = ["check", "--json", "--platform", platform, "--audience", audience, POST_TEXT]
    code, out, _ = cli(argv, capsys, monkeypatch)
    result = json.loads(out)
    assert (result["platform"], result["audience"]) == (platform, audience)
    assert code == CODE_OF[result["verdict"]]


def test_check_unknown_platform_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = cli(["check", "--platform", "myspace", POST_TEXT], capsys, monkeypatch)
    assert code == exitcodes.USAGE
    assert "myspace" in err and "Traceback" not in err


# --- bad input: one clear line on stderr, the documented code, no traceback ----------------


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


BIG = ("lorem ipsum " * 90_000)[:1_000_000]  # 1 MB of ordinary text


@pytest.mark.parametrize(
    ("case", "expected", "fragment"),
    [
        ("empty", exitcodes.DATA, "empty"),
        ("whitespace", exitcodes.DATA, "empty"),
        ("1mb-arg", exitcodes.DATA, "characters"),
        ("1mb-file", exitcodes.DATA, "characters"),
        ("1mb-stdin", exitcodes.DATA, "characters"),
        ("5mb-stdin", exitcodes.DATA, "MB"),
        ("empty-stdin", exitcodes.DATA, "empty"),
        ("binary-file", exitcodes.DATA, "binary"),
        ("binary-stdin", exitcodes.DATA, "binary"),
        ("nul-in-text", exitcodes.DATA, "binary"),
        ("invalid-utf8-file", exitcodes.DATA, "UTF-8"),
        ("missing-file", exitcodes.NOINPUT, "no such file"),
        ("directory-as-file", exitcodes.NOINPUT, "is a folder"),
    ],
)
def test_check_bad_input(
    case: str,
    expected: int,
    fragment: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    junk = bytes(range(256)) * 16  # has NULs and every control byte
    stdin: bytes | None = None
    argv = {
        "empty": ["check", ""],
        "whitespace": ["check", "  \n\t  "],
        "1mb-arg": ["check", BIG],
        "1mb-file": ["check", "-f", _write(tmp_path / "big.txt", BIG.encode())],
        "1mb-stdin": ["check"],
        "5mb-stdin": ["check"],
        "empty-stdin": ["check"],
        "binary-file": ["check", "-f", _write(tmp_path / "junk.bin", junk)],
        "binary-stdin": ["check"],
        "nul-in-text": ["check", "my client\x00 said"],
        "invalid-utf8-file": ["check", "-f", _write(tmp_path / "bad.txt", b"caf\xe9 \xff ok")],
        "missing-file": ["check", "-f", str(tmp_path / "nope.txt")],
        "directory-as-file": ["check", "-f", str(tmp_path)],
    }[case]
    stdin = {
        "1mb-stdin": BIG.encode(),
        "5mb-stdin": b"x" * (5 * 1024 * 1024),
        "binary-stdin": junk,
    }.get(case, b"")
    code, out, err = cli(argv, capsys, monkeypatch, stdin=stdin)
    assert code == expected, err
    assert out == ""
    assert_one_line_error(err)
    assert fragment in err


@pytest.mark.parametrize("case", ["text-and-file", "nothing-on-a-terminal"])
def test_check_argument_mistakes_are_usage_errors(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = _write(tmp_path / "d.txt", POST_TEXT.encode())
    argv = ["check", POST_TEXT, "-f", draft] if case == "text-and-file" else ["check"]
    code, _, err = cli(argv, capsys, monkeypatch, tty=case == "nothing-on-a-terminal")
    assert_one_line_error(err)
    assert code == exitcodes.USAGE


@pytest.mark.parametrize("case", ["text-and-file", "nothing-on-a-terminal"])
def test_check_argument_mistakes_are_explained(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = _write(tmp_path / "d.txt", POST_TEXT.encode())
    argv = ["check", POST_TEXT, "-f", draft] if case == "text-and-file" else ["check"]
    code, out, err = cli(argv, capsys, monkeypatch, tty=case == "nothing-on-a-terminal")
    assert code == exitcodes.USAGE
    assert out == ""
    assert_one_line_error(err)
    assert ("not both" if case == "text-and-file" else "no draft") in err


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf16-le-bom", POST_TEXT.encode("utf-16")),
        ("utf16-be-bom", b"\xfe\xff" + POST_TEXT.encode("utf-16-be")),
        ("utf8-bom", b"\xef\xbb\xbf" + POST_TEXT.encode()),
        ("crlf", POST_TEXT.replace(", ", ",\r\n").encode()),
    ],
)
def test_check_reads_bom_and_crlf_files(
    name: str,
    data: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _write(tmp_path / f"{name}.txt", data)
    code, out, err = cli(["check", "--json", "-f", path], capsys, monkeypatch)
    result = json.loads(out)
    assert err == ""
    assert result["verdict"] == "post" and code == exitcodes.OK
    assert not result["spans"]


@pytest.mark.parametrize(
    "text",
    [
        "Hoy terminé la semana cansada pero agradecida por mi trabajo. 🌿",
        "今天的工作很累，但我很感恩。周末去爬山。",
        "أسبوع طويل في العمل، والحمد لله على نعمة الراحة.",
        "Mi paciente de 17 años, Rosa, de la escuela Westview, tuvo una sobredosis anoche.",
        "עברית, русский, हिन्दी, 日本語: a mixed line",
    ],
)
def test_check_screens_other_languages(
    text: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(["check", "--json", text], capsys, monkeypatch)
    assert err == ""
    result = json.loads(out)
    assert code == CODE_OF[result["verdict"]]
    assert_spans_ok(result["spans"], text)


# --- config -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"[allow\nnames = [",  # not TOML
        b'[allow]\nnames = "just me"\n',  # not a list
        b"[allow]\nnames = [1, 2]\n",  # not strings
        b'[allow]\nnicknames = ["Mo"]\n',  # unknown key
        b"allow = 5\n",  # not a table
        b"[allow]\nnames = ['caf\xe9']\n",  # not UTF-8
    ],
)
def test_check_malformed_config_exits_78(
    content: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cfg = _write(tmp_path / "config.toml", content)
    code, out, err = cli(["check", "--config", cfg, POST_TEXT], capsys, monkeypatch)
    assert code == exitcodes.CONFIG
    assert out == ""
    assert_one_line_error(err)
    assert "config" in err


def test_check_reads_the_config_dir_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.toml").write_text("[allow\n")
    tmp_path.chmod(0o700)  # already private: no "made private" note beside the error
    (tmp_path / "config.toml").chmod(0o600)
    code, out, err = cli(["check", POST_TEXT], capsys, monkeypatch)
    assert (code, out) == (exitcodes.CONFIG, "")
    assert_one_line_error(err)
    assert str(tmp_path / "config.toml") in err  # names the file to fix


def test_check_good_config_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[allow]\nnames = ["Dr. Maria Alvarez"]\ncontacts = ["(864) 555-0142"]\n')
    code, out, err = cli(["check", "--config", str(cfg), "--json", POST_TEXT], capsys, monkeypatch)
    assert (code, json.loads(out)["verdict"], err) == (exitcodes.OK, "post", "")


def test_check_missing_config_file_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = str(tmp_path / "no-such-config.toml")
    code, _, err = cli(["check", "--config", cfg, POST_TEXT], capsys, monkeypatch)
    assert code in (exitcodes.NOINPUT, exitcodes.CONFIG)
    assert_one_line_error(err)


# --- JSONL ---------------------------------------------------------------------------------

GOOD_LINES: list[dict[str, Any]] = [
    {"id": "a", "text": "nothing to see here"},
    {"id": "b", "text": "REVISEME today", "platform": "instagram", "audience": "professional"},
    {"id": 7, "text": "hi HOLDME"},  # a numeric id comes back as text
    {"text": "no id given"},
]


def _jsonl(lines: list[Any]) -> bytes:
    return b"".join(
        (line if isinstance(line, bytes) else json.dumps(line).encode()) + b"\n" for line in lines
    )


@pytest.mark.parametrize("source", ["file", "stdin"])
@pytest.mark.usefixtures("keyword_screener")
def test_check_jsonl_one_line_per_input_ids_kept(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _jsonl([*GOOD_LINES[:2], b"", b"   ", *GOOD_LINES[2:]])  # blank lines are skipped
    path = _write(tmp_path / "in.jsonl", data)
    arg, stdin = (path, None) if source == "file" else ("-", data)
    code, out, err = cli(["check", "--jsonl", arg], capsys, monkeypatch, stdin=stdin)
    results = [json.loads(line) for line in out.splitlines()]
    assert err == ""
    assert [r["id"] for r in results] == ["a", "b", "7", "line-6"]
    assert [r["verdict"] for r in results] == ["post", "revise", "hold", "post"]
    assert code == exitcodes.HOLD  # the worst verdict decides
    for inp, r in zip(GOOD_LINES, results, strict=True):
        assert set(r) >= JSON_KEYS
        assert_spans_ok(r["spans"], inp["text"])
    assert results[1]["platform"] == "instagram" and results[1]["audience"] == "professional"
    assert results[2]["spans"] == [{"start": 3, "end": 9, "label": "NAME", "text": "HOLDME"}]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([GOOD_LINES[0]], exitcodes.OK),
        ([GOOD_LINES[0], GOOD_LINES[1]], exitcodes.REVISE),
        ([GOOD_LINES[2], GOOD_LINES[1]], exitcodes.HOLD),
        ([], exitcodes.OK),
    ],
)
@pytest.mark.usefixtures("keyword_screener")
def test_check_jsonl_exit_code_is_the_worst_verdict(
    lines: list[Any],
    expected: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _write(tmp_path / "in.jsonl", _jsonl(lines))
    code, out, _ = cli(["check", "--jsonl", path], capsys, monkeypatch)
    assert code == expected
    assert len(out.splitlines()) == len(lines)


# (line content, fragment of the message for that line); good lines are interleaved.
BAD_LINES: list[tuple[bytes, str]] = [
    (b"this is not json", "not valid JSON"),
    (b'["a JSON", "array"]', "JSON object"),
    (b'{"id": "no-text"}', "'text'"),
    (b'{"id": "num", "text": 42}', "'text'"),
    (b'{"id": "null", "text": null}', "'text'"),
    (b'{"id": "bad-utf8", "text": "caf\xe9"}', "UTF-8"),
    (b'{"id": "empty", "text": "   "}', "empty"),
    (b'{"id": "nul", "text": "a\\u0000b"}', "binary"),
    (b"[" * 100_000, "not valid JSON"),  # nesting deep enough to hit the recursion limit
    (b'"just a string"', "JSON object"),
]


@pytest.mark.parametrize("source", ["file", "stdin"])
@pytest.mark.usefixtures("keyword_screener")
def test_check_jsonl_bad_lines_are_reported_and_the_rest_run(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[bytes] = [json.dumps(GOOD_LINES[0]).encode()]
    for bad, _ in BAD_LINES:
        lines += [bad, b"", json.dumps({"id": "ok", "text": "hi HOLDME"}).encode()]
    data = b"\n".join(lines) + b"\n"
    path = _write(tmp_path / "in.jsonl", data)
    arg, stdin = (path, None) if source == "file" else ("-", data)
    code, out, err = cli(["check", "--jsonl", arg], capsys, monkeypatch, stdin=stdin)

    assert code == exitcodes.DATA
    assert "Traceback" not in err
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 1 + 2 * len(BAD_LINES)  # blank lines give nothing
    errors = [r for r in results if "error" in r]
    assert len(errors) == len(BAD_LINES)
    assert all(r["verdict"] == "hold" for r in results if r.get("id") == "ok")
    err_lines = err.strip().splitlines()
    assert len(err_lines) == len(BAD_LINES)
    for i, ((_, fragment), result, message) in enumerate(
        zip(BAD_LINES, errors, err_lines, strict=True)
    ):
        lineno = 2 + 3 * i  # 1-based: the first good line, then (bad, blank, good) triples
        assert result["line"] == lineno
        assert fragment in result["error"]
        assert message.startswith(f"pausepost: line {lineno}:") and fragment in message
        assert "verdict" not in result


@pytest.mark.usefixtures("keyword_screener")
def test_check_jsonl_error_object_keeps_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "in.jsonl", _jsonl([{"id": "x1", "text": ""}]))
    code, out, _ = cli(["check", "--jsonl", path], capsys, monkeypatch)
    assert code == exitcodes.DATA
    assert json.loads(out) == {"id": "x1", "line": 1, "error": json.loads(out)["error"]}


@pytest.mark.usefixtures("keyword_screener")
def test_check_jsonl_with_a_text_argument_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "in.jsonl", _jsonl([GOOD_LINES[0]]))
    code, _, err = cli(["check", "hi HOLDME", "--jsonl", path], capsys, monkeypatch)
    assert code == exitcodes.USAGE
    assert_one_line_error(err)


@pytest.mark.parametrize("where", ["missing", "directory"])
def test_check_jsonl_unreadable_file_exits_66(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "nope.jsonl") if where == "missing" else str(tmp_path)
    code, out, err = cli(["check", "--jsonl", path], capsys, monkeypatch)
    assert code == exitcodes.NOINPUT
    assert out == ""
    assert_one_line_error(err)


# --- help and version --------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"]])
def test_help_lists_exit_codes(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = cli(argv, capsys, monkeypatch)
    assert code == 0
    assert "exit codes:" in out
    for value in (exitcodes.OK, exitcodes.REVISE, exitcodes.HOLD, exitcodes.USAGE):
        assert f"{value}   " in out
    for value in (exitcodes.DATA, exitcodes.NOINPUT, exitcodes.CONFIG):
        assert f"{value}  " in out


def test_check_help_has_examples(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = cli(["check", "--help"], capsys, monkeypatch)
    assert code == 0
    assert "examples:" in out
    for flag in ("-f draft.txt", "--json", "--jsonl"):
        assert f"pausepost check {flag}" in out or flag in out.split("examples:")[1]


def test_no_command_prints_help_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = cli([], capsys, monkeypatch)
    assert code == exitcodes.USAGE
    assert "check" in out and "eval" in out


def test_version(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = cli(["--version"], capsys, monkeypatch)
    assert (code, out.strip()) == (0, f"pausepost {__version__}")


# --- eval ----------------------------------------------------------------------------------

TINY_CORPUS = [
    {"id": "t1", "text": "nothing here", "verdict": "post", "concerns": [], "spans": []},
    {
        "id": "t2",
        "text": "saw HOLDME and HOLDME again",
        "verdict": "hold",
        "concerns": ["identifiable"],
        "spans": [{"text": "HOLDME", "label": "NAME"}],
        "platform": "facebook",
        "audience": "personal",
    },
    {"id": "t3", "text": "REVISEME", "verdict": "revise", "concerns": ["client_specific"]},
    {
        "id": "t4",
        "text": "my 3pm is Rosa",
        "verdict": "hold",
        "concerns": ["identifiable"],
        "spans": [{"text": "my 3pm", "label": "DATE"}, {"text": "Rosa", "label": "NAME"}],
    },
]


@pytest.mark.usefixtures("keyword_screener")
def test_eval_json_on_a_tiny_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _write(tmp_path / "tiny.jsonl", _jsonl(TINY_CORPUS))
    code, out, err = cli(["eval", "--json", corpus], capsys, monkeypatch)
    assert (code, err) == (exitcodes.OK, "")
    m = json.loads(out)
    # keyword screener: t1 post, t2 hold (both HOLDMEs marked), t3 revise, t4 missed (post).
    assert m["n"] == 4 and m["missing"] == 0
    assert m["confusion"] == {
        "hold->hold": 1,
        "hold->post": 1,
        "post->post": 1,
        "revise->revise": 1,
    }
    assert m["accuracy"] == 0.75 and m["hold_as_post"] == 1
    assert m["span_r"] == 0.5 and m["span_p"] == 1.0
    assert m["span_labels"]["NAME"] == {"found": 2, "total": 3, "recall": 0.667}
    assert [w["id"] for w in m["worst_misses"]] == ["t4"]


@pytest.mark.usefixtures("keyword_screener")
def test_eval_plain_lists_figures_and_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _write(tmp_path / "tiny.jsonl", _jsonl(TINY_CORPUS))
    code, out, _ = cli(["eval", corpus, "--misses", "5"], capsys, monkeypatch)
    assert code == exitcodes.OK
    assert "macro_f1" in out and "identifier recall by label:" in out
    assert "t4: hold -> post" in out and "unmarked: my 3pm, Rosa" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"pause_p 0.9\nhold_r 0.8\n", exitcodes.DATA),  # a text report, not JSONL
        (b'{"id": "a", "text": "x"}\n[1, 2]\n', exitcodes.DATA),
        (b'{"text": "no id"}\n', exitcodes.DATA),
        (bytes(range(256)), exitcodes.DATA),  # binary
        (b'{"id": "a", "text": "caf\xe9"}\n', exitcodes.DATA),
    ],
)
def test_eval_rejects_what_is_not_a_corpus(
    content: bytes,
    expected: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _write(tmp_path / "notes.txt", content)
    code, out, err = cli(["eval", path], capsys, monkeypatch)
    assert code == expected
    assert out == ""
    assert_one_line_error(err)


def test_eval_missing_file_exits_66(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = cli(["eval", str(tmp_path / "nope.jsonl")], capsys, monkeypatch)
    assert code == exitcodes.NOINPUT
    assert_one_line_error(err)


def test_eval_corpus_without_verdict_is_a_data_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "unlabelled.jsonl", _jsonl([{"id": "a", "text": "hello there"}]))
    code, _, err = cli(["eval", path], capsys, monkeypatch)
    assert code == exitcodes.DATA
    assert_one_line_error(err)


# --- the installed script, in a real process --------------------------------------------


def test_script_text_argument_and_exit_code() -> None:
    proc = run_script(["check", "--json", HOLD_TEXT])
    assert proc.stderr == b""
    result = json.loads(proc.stdout)
    assert result["verdict"] == "hold"
    assert proc.returncode == exitcodes.HOLD


def test_script_file_and_stdin(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(POST_TEXT, encoding="utf-8")
    by_file = run_script(["check", "--color", "always", "-f", str(draft)])
    by_stdin = run_script(["check"], stdin=POST_TEXT.encode())
    assert by_file.returncode == by_stdin.returncode == exitcodes.OK
    assert b"\x1b[" in by_file.stdout and b"\x1b[" not in by_stdin.stdout  # a pipe: no colour
    assert POST_TEXT.encode() in by_stdin.stdout


def test_script_jsonl_from_stdin_with_a_bad_line() -> None:
    data = _jsonl([{"id": "p1", "text": POST_TEXT}, b"{broken", {"id": "h1", "text": HOLD_TEXT}])
    proc = run_script(["check", "--jsonl", "-"], stdin=data)
    assert proc.returncode == exitcodes.DATA
    results = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r.get("id") for r in results] == ["p1", None, "h1"]
    assert results[1]["line"] == 2 and "error" in results[1]
    assert proc.stderr.decode().strip() == "pausepost: line 2: line is not valid JSON"


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["check", ""], None, exitcodes.DATA),
        (["check"], bytes(range(256)) * 64, exitcodes.DATA),
        (["check", "-f", "/nonexistent/draft.txt"], None, exitcodes.NOINPUT),
        (["eval", "README.md"], None, exitcodes.DATA),
    ],
)
def test_script_bad_input_has_no_traceback(
    args: list[str], stdin: bytes | None, expected: int
) -> None:
    proc = run_script(args, stdin=stdin)
    assert proc.returncode == expected
    assert proc.stdout == b""
    assert_one_line_error(proc.stderr.decode())


def test_script_version_and_help() -> None:
    version = run_script(["--version"])
    assert (version.returncode, version.stdout.decode().strip()) == (0, f"pausepost {__version__}")
    helped = run_script(["check", "--help"])
    assert helped.returncode == 0 and b"examples:" in helped.stdout


def test_verdict_exit_codes_are_distinct() -> None:
    codes = [exitcodes.BY_VERDICT[v] for v in Verdict]
    errors = [exitcodes.INTERNAL, exitcodes.USAGE, exitcodes.DATA, exitcodes.NOINPUT]
    assert len(set(codes + errors + [exitcodes.CONFIG, exitcodes.CANTCREATE])) == 9


def test_docs_cover_every_command_and_check_option() -> None:
    # docs/cli.md is written from --help; a new command or option must reach it too.
    docs = ROOT / "docs" / "cli.md"
    if not docs.is_file():
        pytest.skip("docs/cli.md is absent")
    text = docs.read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert f"pausepost {name}" in text, name
        if name in ("check", "eval", "config"):
            for action in command._actions:
                for flag in set(action.option_strings) - {"-h", "--help"}:
                    assert f"`{flag}" in text or f"{flag} " in text, (name, flag)
    for code in (0, 1, 2, 3, 4, 65, 66, 73, 78):
        assert f"| {code} " in text, code
