"""`pausepost audit`: screen every past post in a platform's data export, privately."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from pausepost.audit import ProgressBar, ResultCache, audit_export, default_jobs
from pausepost.audit.report_html import KIND_WORD
from pausepost.cli import exitcodes
from pausepost.config import Config
from pausepost.core.screener import Screener
from pausepost.errors import ConfigError
from pausepost.importers import PLATFORM_NAMES, ExportError
from pausepost.private_files import make_dir

EXAMPLES = """examples:
  pausepost audit ~/Downloads/facebook-jane-2025-01-01.zip
  pausepost audit twitter-2025-archive.zip --out ~/pause-report
  pausepost audit archive-20230101-abc.tar.gz --jobs 2
  pausepost audit bluesky-repo.car

supported: Facebook and Instagram (JSON exports, incl. Threads), X / Twitter archive,
LinkedIn data export, Mastodon account archive (.tar.gz or .zip), Bluesky repository (.car),
TikTok data export (JSON: user_data_tiktok.json, alone or in its zip).
Writes report.html, report.json and report.csv to --out (default ./pausepost-audit).
Results are cached in your data dir, so a second run only screens what changed.
"""

AUDIT_EXIT = """exit codes:
  0   no post flagged                       3   some posts should be revised
  4   some posts should be held             65  not an export, damaged, partly unreadable,
                                                or some posts could not be screened
  66  PATH missing or unreadable            73  --out cannot be written
  78  config file malformed                 1   unexpected internal error"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "audit",
        help="screen all your past posts from a platform's data export",
        description=(
            "Look back over years of posts, gently. PATH is the zip, tar.gz, folder or .car "
            "file the platform gave you. Only your own writing is screened; nothing leaves "
            "this machine."
        ),
        epilog=EXAMPLES + "\n" + AUDIT_EXIT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", metavar="PATH",
                   help="the export: .zip, .tar.gz, folder (or a folder of its part zips), .car")
    p.add_argument("--out", metavar="DIR", default="pausepost-audit",
                   help="where to write report.html/json/csv (default: ./pausepost-audit)")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--no-cache", action="store_true",
                   help="screen everything again; do not read or write the result cache")
    p.add_argument("--images", action="store_true",
                   help="also run the image checks on photos in the export (slower)")
    p.add_argument("--config", metavar="PATH", help="config file (default: your config dir)")
    p.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                   help="progress bar on standard error (default: when it is a terminal)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path).expanduser()
    if not path.exists():
        print(f"pausepost: {path}: no such file or folder", file=sys.stderr)
        return exitcodes.NOINPUT
    try:
        config = Config.load(Path(args.config) if args.config else None)
    except ConfigError as exc:
        print(f"pausepost: config error: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    out = Path(args.out).expanduser()
    try:
        # The reports quote posts: a folder made here is 0700 (files are 0600 anyway); a
        # folder the user already has keeps its mode.
        make_dir(out)
        probe = out / ".pausepost-write-test"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        print(f"pausepost: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return exitcodes.CANTCREATE
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    bar: ProgressBar | None = None

    def on_progress(done: int, read: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = ProgressBar(sys.stderr, total)
        bar.update(done, read)

    cache = None if args.no_cache else _open_cache()
    try:
        summary = audit_export(
            path,
            out,
            factory=functools.partial(Screener.default, config),
            workers=args.jobs if args.jobs > 0 else default_jobs(),
            cache=cache,
            progress=on_progress if show else None,
            images=args.images,
        )
    except ExportError as exc:
        print(f"pausepost: {exc}", file=sys.stderr)
        return exitcodes.DATA
    except PermissionError as exc:
        print(f"pausepost: cannot read {exc.filename or path}: permission denied",
              file=sys.stderr)
        return exitcodes.NOINPUT
    finally:
        if cache is not None:
            cache.close()
    if bar is not None:
        bar.close(summary.screened + summary.not_screened, bar.total)
    platforms = ", ".join(PLATFORM_NAMES.get(p, p) for p in summary.platforms)
    print(f"Screened {summary.screened:,} of your posts, comments and replies from "
          f"{platforms} in {summary.seconds:.1f}s.")
    print(f"  hold: {summary.held:,}   revise: {summary.to_revise:,}   "
          f"fine: {summary.verdicts.get('post', 0):,}")
    if summary.not_screened:  # never let a post nobody checked pass for a clean run
        print(f"  NOT CHECKED: {summary.not_screened:,} post(s) could not be screened; read "
              "them yourself (listed at the top of the report).")
    if summary.in_parts:
        n = summary.in_parts
        print(f"  {n:,} long post{'' if n == 1 else 's'} {'was' if n == 1 else 'were'} screened "
              "in overlapping parts.")
    if summary.photos_not_checked:
        n = summary.photos_not_checked
        print(f"  {_posts(n)} {'has' if n == 1 else 'have'} photos; add --images to check them.")
    if summary.cache_hits:
        print(f"  {summary.cache_hits:,} results reused from an earlier run.")
    for problem in summary.problems:
        print(f"pausepost: warning: {problem.message}", file=sys.stderr)
    if summary.language_not_checked:
        n = summary.language_not_checked
        print(f"  {_posts(n)} {'is' if n == 1 else 'are'} in a language Pause cannot read "
              "yet: not checked (listed in the report).")
    for note in summary.unchecked:  # not damage: the exit code does not change
        print(f"pausepost: not checked: {note.message}", file=sys.stderr)
    if summary.problems:
        print(f"pausepost: {summary.unreadable:,} item(s) or file(s) could not be read; "
              "everything else is in the report.", file=sys.stderr)
    if summary.not_screened:
        print(f"pausepost: {summary.not_screened:,} post(s) were not checked; see the top "
              "of the report.", file=sys.stderr)
    print(f"Report: {out / 'report.html'} (also report.json, report.csv)")
    if summary.held or summary.to_revise:
        print(KIND_WORD)
    if summary.problems or summary.not_screened:
        return exitcodes.DATA
    if summary.held:
        return exitcodes.HOLD
    if summary.to_revise:
        return exitcodes.REVISE
    return exitcodes.OK


def _posts(n: int) -> str:
    """The summary's counts agree with their verb: "1 post is", "2 posts are"."""
    return f"{n:,} post" if n == 1 else f"{n:,} posts"


def _open_cache() -> ResultCache | None:
    try:
        return ResultCache()
    except Exception:  # a broken cache (locked, corrupt, read-only) must never stop an audit
        return None
