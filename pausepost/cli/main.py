"""`pausepost` entry point: one sub-command per module, each exposing `register()`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from pausepost.cli import exitcodes
from pausepost.errors import ModelError

# Privacy: keep third-party libraries that phone home quiet before anything imports them.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Each module under pausepost.cli with a `register(subparsers)` function.
COMMAND_MODULES: tuple[str, ...] = (
    "check", "evaluate", "config_cmd", "serve", "nudge", "audit", "media_cmds", "relay",
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pausepost",
        description=(
            "Pause before posting: a careful, private second read of a draft about your "
            "work. Nothing leaves this machine."
        ),
        epilog=exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from pausepost import __version__

    parser.add_argument("--version", action="version", version=f"pausepost {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        import_module(f"pausepost.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return exitcodes.USAGE
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        print("pausepost: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return exitcodes.OK
    except ModelError as exc:  # fail closed: no screen is ever a silent `post`
        print(f"pausepost: {exc}. Nothing was screened.", file=sys.stderr)
        return exitcodes.SOFTWARE
    except Exception as exc:  # last resort: one clear line, never a traceback
        print(
            f"pausepost: unexpected error ({type(exc).__name__}); please report it", file=sys.stderr
        )
        return exitcodes.INTERNAL
    return code


if __name__ == "__main__":
    sys.exit(main())
