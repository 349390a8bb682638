"""`pausepost relay`: the circle relay (ciphertext and metadata only) on PostgreSQL."""

from __future__ import annotations

import argparse
import os
import sys

from pausepost.cli import exitcodes

EXAMPLES = """examples:
  pausepost relay --db postgresql://relay@localhost/relay
  pausepost relay --host 0.0.0.0 --port 8780 --db postgresql://relay@db/relay
  pausepost relay --sweep --db postgresql://relay@localhost/relay   (delete expired messages)

The database URL may also come from PAUSE_RELAY_DB.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "relay",
        help="run the end-to-end encrypted circle relay (stores ciphertext only)",
        description=(
            "Run the relay that peer circles post through. It stores only ciphertext and the "
            "metadata it needs, refuses unsigned or replayed requests, and deletes expired "
            "messages for real."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8780, help="port (default 8780; 0 picks one)")
    p.add_argument("--db", metavar="URL", help="PostgreSQL URL (default: $PAUSE_RELAY_DB)")
    p.add_argument(
        "--sweep", action="store_true", help="delete expired messages, nonces, invites; then exit"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = args.db or os.environ.get("PAUSE_RELAY_DB")
    if not url:
        print("pausepost: relay needs --db postgresql://… (or PAUSE_RELAY_DB)", file=sys.stderr)
        return exitcodes.USAGE
    if not url.startswith(("postgresql", "postgres://")):
        print("pausepost: the relay runs on PostgreSQL: --db postgresql://…", file=sys.stderr)
        return exitcodes.USAGE
    if not 0 <= args.port <= 65535:
        print(f"pausepost: --port {args.port}: must be 0-65535", file=sys.stderr)
        return exitcodes.USAGE
    # Imported here so other sub-commands never pay for the relay's stack.
    from sqlalchemy.exc import OperationalError

    from pausepost.relay.db import make_relay_engine, migrate, sweep_engine

    try:
        engine = make_relay_engine(url)
        migrate(engine)
        if args.sweep:
            gone = sweep_engine(engine)
            print(f"pausepost: relay sweep deleted {gone} expired message(s)")
            return exitcodes.OK
    except OperationalError:
        print("pausepost: cannot reach the relay database at --db", file=sys.stderr)
        return exitcodes.CONFIG
    import socket

    import uvicorn

    from pausepost.relay.app import create_relay_app

    app = create_relay_app(url, run_migrations=False)
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(
            f"pausepost: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr
        )
        return exitcodes.CANTCREATE
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Pause relay is running at http://{shown}:{sock.getsockname()[1]}/relay/v1", flush=True)
    # No access log: who called when is exactly the metadata the relay should not keep.
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
    return exitcodes.OK
