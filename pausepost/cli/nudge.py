"""`pausepost nudge`: draft a kind, private note to a colleague about their post."""

from __future__ import annotations

import argparse
import json
import sys

from pausepost.cli import exitcodes
from pausepost.cli.common import add_screen_options, load_screener, screen_draft
from pausepost.core.nudge import compose_note
from pausepost.errors import ConfigError

EXAMPLES = """examples:
  pausepost nudge "Client of mine (16, the only goth at Lakeside) finally smiled today"
  pausepost nudge -f their_post.txt --to Sam --from Alex
  pausepost nudge --json "..."      (the note as JSON: needed, subject, note, verdict, concerns)
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "nudge",
        help="draft a kind, private note to a colleague whose post needs a second look",
        description=(
            "Screen a colleague's post and draft a private note: it affirms their intentions, "
            "names the concern without quoting client details back, and suggests what to do."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text", nargs="?", help="their post (omit to read -f FILE or standard input)")
    p.add_argument("-f", "--file", help="read their post from FILE")
    p.add_argument("--to", metavar="NAME", help="your colleague's first name, for the greeting")
    p.add_argument("--from", dest="sender", metavar="NAME", help="your name, for the sign-off")
    p.add_argument("--json", action="store_true", help="print the note as JSON")
    add_screen_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        screener = load_screener(args)
    except ConfigError as exc:
        print(f"pausepost: config error: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    assessment = screen_draft(args, screener)
    if isinstance(assessment, int):
        return assessment
    note = compose_note(assessment, colleague=args.to, sender=args.sender)
    if args.json:
        json.dump(note.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(note.text + "\n")
    return exitcodes.OK
