"""`pausepost check`: screen one draft, or a JSONL file of drafts."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from pausepost.cli import exitcodes
from pausepost.cli.common import add_screen_options, load_screener, screen_draft, use_colour
from pausepost.cli.render import render_assessment
from pausepost.core.screener import Screener
from pausepost.core.types import PLATFORMS, Audience, Post, Verdict
from pausepost.errors import ConfigError, InputError

EXAMPLES = """examples:
  pausepost check "My 4pm no-showed AGAIN 🙄"
  pausepost check -f draft.txt --platform facebook --audience personal
  echo "So proud of my clients this year" | pausepost check
  pausepost check --json "Proud of a client who set a boundary this week"
  pausepost check --jsonl drafts.jsonl > results.jsonl     (one JSON object per line)
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="screen a draft: post / revise / hold, with reasons and a rewrite",
        description=(
            "Read a draft the way a careful clinical supervisor would. Give the text as an "
            "argument, with -f FILE, or on standard input."
        ),
        epilog=EXAMPLES + "\n" + exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text", nargs="?", help="the draft (omit to read -f FILE or standard input)")
    p.add_argument("-f", "--file", help="read the draft from FILE")
    p.add_argument(
        "--jsonl",
        metavar="FILE|-",
        help="screen one JSON object per line ({text, id?, platform?, audience?}); "
        "writes one JSON line per input",
    )
    p.add_argument("--json", action="store_true", help="print the full assessment as JSON")
    p.add_argument(
        "--image",
        action="append",
        metavar="PHOTO",
        help="an image posted with the draft (repeatable): its text, faces and location "
        "data are checked with the caption",
    )
    add_screen_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        screener = load_screener(args)
    except ConfigError as exc:
        print(f"pausepost: config error: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    if args.jsonl:
        if args.text is not None or args.file:
            print("pausepost: give drafts with --jsonl or as text/-f, not both", file=sys.stderr)
            return exitcodes.USAGE
        return _run_jsonl(args, screener)
    if args.image:
        from pausepost.cli.media_cmds import check_with_images

        return check_with_images(args, screener)
    assessment = screen_draft(args, screener)
    if isinstance(assessment, int):
        return assessment
    if args.json:
        json.dump(assessment.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_assessment(assessment, colour=use_colour(args, sys.stdout)))
    return exitcodes.BY_VERDICT[assessment.verdict]


def _run_jsonl(args: argparse.Namespace, screener: Screener) -> int:
    try:
        stream = _open_lines(args.jsonl)
    except OSError as exc:
        print(f"pausepost: cannot read {args.jsonl}: {exc.strerror or exc}", file=sys.stderr)
        return exitcodes.NOINPUT
    worst = Verdict.POST
    bad = 0
    out = sys.stdout
    for lineno, raw in stream:
        if not raw.strip():
            continue
        try:
            post = _post_from_line(raw, lineno)
            result: dict[str, Any] = screener.screen(post).to_dict()
            worst = Verdict.worst((worst, Verdict(result["verdict"])))
        except InputError as exc:
            bad += 1
            result = {"id": _maybe_id(raw), "line": lineno, "error": str(exc)}
            print(f"pausepost: line {lineno}: {exc}", file=sys.stderr)
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    if bad:
        return exitcodes.DATA
    return exitcodes.BY_VERDICT[worst]


def _open_lines(source: str) -> Iterator[tuple[int, str]]:
    """Open first (so a missing file fails now), then yield (line number, decoded line)."""
    handle: BinaryIO = sys.stdin.buffer if source == "-" else Path(source).open("rb")  # noqa: SIM115
    return _decode_lines(handle, close=source != "-")


def _decode_lines(handle: BinaryIO, *, close: bool) -> Iterator[tuple[int, str]]:
    try:
        for lineno, raw in enumerate(handle, 1):
            try:
                yield lineno, raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                yield lineno, _INVALID_UTF8
    finally:
        if close:
            handle.close()


_INVALID_UTF8 = "\x00invalid-utf8"


def _maybe_id(raw: str) -> Any:
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return _id_text(obj.get("id")) if isinstance(obj, dict) else None


def _id_text(rid: Any) -> str | None:
    """Ids come back as strings; non-scalar ids as their JSON text."""
    if rid is None:
        return None
    if isinstance(rid, str):
        return rid
    return json.dumps(rid, ensure_ascii=False, sort_keys=True)


def _post_from_line(raw: str, lineno: int) -> Post:
    if raw == _INVALID_UTF8:
        raise InputError("line is not valid UTF-8")
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):
        raise InputError("line is not valid JSON") from None
    if not isinstance(obj, dict):
        raise InputError("line must be a JSON object with a 'text' field")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("'text' is missing or not a string")
    platform = obj.get("platform")
    if platform is not None and (not isinstance(platform, str) or platform not in PLATFORMS):
        platform = None  # unknown platforms are context we can do without
    audience = obj.get("audience")
    aud = Audience(audience) if audience in ("personal", "professional") else None
    rid = obj.get("id")
    return Post(
        text=text,
        platform=platform,
        audience=aud,
        id=_id_text(rid) or f"line-{lineno}",
        author_role=obj.get("author") if isinstance(obj.get("author"), str) else None,
    )
