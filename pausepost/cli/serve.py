"""`pausepost serve`: the local web app on 127.0.0.1 with the store in your data dir."""

from __future__ import annotations

import argparse
import sys

from pausepost.cli import exitcodes

EXAMPLES = """examples:
  pausepost serve                       http://127.0.0.1:8765/
  pausepost serve --port 9000 --db postgresql://me@localhost/pause
  pausepost serve --cors-origin chrome-extension://abcdefghijklmnop
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="start the local web app (compose, journal, consent ledger, JSON API)",
        description="Start Pause's web app. It answers only on this machine by default.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind: 127.0.0.1 (default), ::1 or localhost; the app has no login, "
        "so it never listens on a network",
    )
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks one)")
    p.add_argument("--db", metavar="URL", help="database URL (default: SQLite in your data dir)")
    p.add_argument("--config", metavar="PATH", help="config file (default: your config dir)")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; more use more cores under heavy load)",
    )
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a browser-extension origin allowed to call the API (repeatable)",
    )
    p.add_argument(
        "--relay",
        default="",
        metavar="URL",
        help="the circle relay offered by default on the circles and review pages",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so `pausepost check` never pays for the web stack.
    import socket
    from pathlib import Path

    import uvicorn

    from pausepost.config import Config
    from pausepost.errors import ConfigError
    from pausepost.store import Store
    from pausepost.web import WebSettings, create_app
    from pausepost.web.settings import LOOPBACK_BIND, check_extension_origin

    if args.host not in LOOPBACK_BIND:
        print(
            f"pausepost: refusing to listen on {args.host}: the web app has no login and holds "
            "your journal and consent ledger, so it only listens on this machine "
            "(127.0.0.1, ::1 or localhost). Peer circles go through an encrypted relay instead.",
            file=sys.stderr,
        )
        return exitcodes.USAGE
    for origin in args.cors_origin:
        try:
            check_extension_origin(origin)
        except ValueError as exc:
            print(f"pausepost: --cors-origin: {exc}", file=sys.stderr)
            return exitcodes.USAGE
    try:
        config = Config.load(Path(args.config) if args.config else None)
    except ConfigError as exc:
        print(f"pausepost: config error: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    try:
        store = Store.open(args.db)
    except Exception as exc:  # a wrong URL or an unreachable server: one line, no traceback
        print(f"pausepost: cannot open the store ({type(exc).__name__})", file=sys.stderr)
        return exitcodes.CANTCREATE
    settings = WebSettings(cors_origins=tuple(args.cors_origin), relay_url=args.relay)
    app = create_app(store=store, config=config, settings=settings)  # also validates config
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        where = f"{args.host}:{args.port}"
        print(f"pausepost: cannot listen on {where}: {exc.strerror}", file=sys.stderr)
        return exitcodes.CANTCREATE
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Pause is running at http://{shown}:{port}/  (Ctrl+C to stop)", flush=True)
    # access_log off: URLs are harmless, but a private app keeps no request log at all.
    if args.workers > 1:
        from uvicorn.supervisors import Multiprocess

        from pausepost.web import workers

        store.close()
        workers.export(db=args.db, config=args.config, cors=settings.cors_origins, hosts=(),
                       relay=args.relay)  # fmt: skip
        cfg = uvicorn.Config(
            "pausepost.web.workers:app_from_env",
            factory=True,
            workers=args.workers,
            log_level="warning",
            access_log=False,
        )
        Multiprocess(cfg, sockets=[sock]).run()
        return exitcodes.OK
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
    return exitcodes.OK
