"""Options and helpers shared by sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from pausepost.cli import exitcodes
from pausepost.config import Config
from pausepost.core.inputs import decode_bytes
from pausepost.core.screener import Screener
from pausepost.core.types import PLATFORMS, Assessment, Audience, Post
from pausepost.errors import ConfigError, InputError, UsageError

# Reading more than this from a file or stdin is certainly not a post; stop early.
MAX_INPUT_BYTES = 4 * 1024 * 1024


def add_screen_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--platform", choices=sorted(PLATFORMS), help="where it will be posted")
    p.add_argument(
        "--audience",
        choices=("personal", "professional"),
        help="personal profile (friends, family) or professional page (public)",
    )
    p.add_argument("--config", metavar="PATH", help="config file (default: your config dir)")
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output (default: when writing to a terminal)",
    )


def load_screener(args: argparse.Namespace) -> Screener:
    """The default screener with the user's config; an explicit --config must exist."""
    path = Path(args.config) if getattr(args, "config", None) else None
    if path is not None and not path.is_file():
        raise ConfigError(f"no config file at {path}")
    return Screener.default(Config.load(path))


def read_text_arg(args: argparse.Namespace) -> str:
    """The draft from the argument, -f FILE or stdin. Raises InputError/FileNotFoundError."""
    if args.text is not None and args.file:
        raise UsageError("give the draft as an argument or with -f, not both")
    if args.text is not None:
        return str(args.text)
    if args.file:
        path = Path(args.file)
        if path.is_dir():
            raise FileNotFoundError(f"{path} is a folder, not a text file")
        if not path.exists():
            raise FileNotFoundError(f"no such file: {path}")
        with path.open("rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
        return _decoded(data, str(path))
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("no draft given: pass text, -f FILE, or pipe it on standard input")
    return _decoded(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "standard input")


def _decoded(data: bytes, source: str) -> str:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{source} is over {MAX_INPUT_BYTES // (1024 * 1024)} MB: not a post")
    return decode_bytes(data, source=source)


def use_colour(args: argparse.Namespace, stream: TextIO) -> bool:
    choice = getattr(args, "color", "auto")
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def screen_draft(args: argparse.Namespace, screener: Screener) -> Assessment | int:
    """Read the draft from text/-f/stdin and screen it; an exit code on any input problem.

    One place for the messages and exit codes every draft-taking command shares.
    """
    try:
        text = read_text_arg(args)
        audience = Audience(args.audience) if args.audience else None
        return screener.screen(Post(text=text, platform=args.platform, audience=audience))
    except UsageError as exc:
        print(f"pausepost: {exc}", file=sys.stderr)
        return exitcodes.USAGE
    except FileNotFoundError as exc:
        print(f"pausepost: {exc}", file=sys.stderr)
        return exitcodes.NOINPUT
    except InputError as exc:
        print(f"pausepost: {exc}", file=sys.stderr)
        return exitcodes.DATA
