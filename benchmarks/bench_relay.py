"""Benchmark (not a test): the circle relay under a full circle of 20 clients.

    .venv/bin/python -m benchmarks.bench_relay --write-md        # "## Circle relay load"

Starts a real `pausepost relay --port 0` on a fresh PostgreSQL database (a throwaway cluster
in a temp dir, on a Unix socket, default settings, so commits are fsynced; or `--db URL`).
One owner creates a circle and invites 19 others, who join. Then 20 threads, each its own
`DeviceIdentity` and `RelayClient` (one keep-alive connection each), post ~1 KiB ciphertext
in a loop for `--seconds` and read what is new every 5th iteration. Every refusal or
transport failure is counted as an error (the target is 0). The baseline runs first, on the
same relay with the same 20 threads: unsigned `GET /openapi.json` (cached by FastAPI: HTTP,
routing and JSON only, no signature, no database) for `--baseline-seconds`; post p95 is
reported as a ratio to its p95. The load generator shares the cores with the relay and the
database, as the other benchmarks' clients do.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks import common

HEADING = "## Circle relay load"
CIPHERTEXT_BYTES = 1024
READ_EVERY = 5
MAX_CLIENTS = 20  # a circle's size limit on the relay


# ---------------------------------------------------------------- PostgreSQL and relay


def _as_owner(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root (as the test fixture does: drop to nobody).
    return ["runuser", "-u", "nobody", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def throwaway_postgres() -> Iterator[tuple[str, str]]:
    """A PostgreSQL cluster in a temp dir, Unix socket only; yields a URL to its database
    `relay` and a description. Default durability settings (fsync on): the relay's commits
    cost what they would in service."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("no PostgreSQL in /usr/lib/postgresql/*/bin: pass --db URL")
    bindir = Path(found[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="pause-bench-pg-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "nobody")
    data = root / "data"
    subprocess.run(_as_owner([str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                              "-U", "pause", "-E", "UTF8"]),
                   check=True, capture_output=True)  # fmt: skip
    opts = f"-k {root} -c listen_addresses=''"
    subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w",
                              "-l", str(root / "log"), "start"]),
                   check=True, capture_output=True)  # fmt: skip
    try:
        subprocess.run(_as_owner([str(bindir / "createdb"), "-h", str(root), "-U", "pause",
                                  "relay"]), check=True, capture_output=True)  # fmt: skip
        version = bindir.parent.name
        yield (f"postgresql+psycopg://pause@/relay?host={root}",
               f"a throwaway PostgreSQL {version} cluster, default settings")  # fmt: skip
    finally:
        subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                  "stop"]), capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def relay_process(db_url: str) -> Iterator[tuple[str, int]]:
    """`pausepost relay --port 0` as a child process; yields (its origin, its pid)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pausepost.cli.main", "relay", "--port", "0", "--db", db_url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if "running at " not in line:
            raise SystemExit(f"the relay did not start: {line!r}")
        url = line.split("running at ", 1)[1].split()[0].removesuffix("/relay/v1")
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def peak_rss_mib(pid: int) -> float | None:
    """The process's peak resident memory so far (VmHWM), while it is still running."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


# ---------------------------------------------------------------- load


class Counter:
    """HTTP requests actually sent (a `messages()` read may take several)."""

    def __init__(self) -> None:
        self.n = 0
        self._lock = threading.Lock()

    def __call__(self, _request: Any) -> None:
        with self._lock:
            self.n += 1


def make_client(url: str, identity: Any, counter: Counter) -> Any:
    import httpx

    from pausepost.circles.client import RelayClient

    http = httpx.Client(timeout=10.0, follow_redirects=False, trust_env=False,
                        event_hooks={"request": [counter]})  # fmt: skip
    return RelayClient(url, identity, http=http), http


def form_circle(url: str, clients: int, counter: Counter) -> tuple[str, list[Any]]:
    """The owner creates a circle and invites the others, who join; all identities."""
    from nacl.utils import random as nacl_random

    from pausepost.circles.crypto import new_invite_token, token_hash
    from pausepost.circles.identity import DeviceIdentity, b64encode

    ids = [DeviceIdentity.generate() for _ in range(clients)]
    cid = b64encode(nacl_random(16))
    owner, http = make_client(url, ids[0], counter)
    owner.create_circle(cid, 30)
    for who in ids[1:]:
        token = new_invite_token()
        owner.create_invite(cid, token_hash(token))
        member, mhttp = make_client(url, who, counter)
        member.join(cid, token)
        mhttp.close()
    if len(owner.members(cid)) != clients:
        raise SystemExit("the circle did not form")
    http.close()
    return cid, ids


def run_threads(n: int, work: Callable[[int], None]) -> float:
    """Run `work(k)` in n threads started together; wall seconds."""
    start = threading.Barrier(n + 1)

    def body(k: int) -> None:
        start.wait()
        work(k)

    threads = [threading.Thread(target=body, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def baseline(url: str, clients: int, seconds: float) -> dict[str, Any]:
    """Unsigned GET /openapi.json, same threads, one keep-alive connection each."""
    import httpx

    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def work(_: int) -> None:
        mine: list[float] = []
        bad: list[str] = []
        with httpx.Client(timeout=10.0, trust_env=False) as http:
            until = time.perf_counter() + seconds
            while time.perf_counter() < until:
                t0 = time.perf_counter()
                try:
                    r = http.get(url + "/openapi.json")
                    if r.status_code != 200:
                        bad.append(str(r.status_code))
                        continue
                except httpx.HTTPError as exc:
                    bad.append(type(exc).__name__)
                    continue
                mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            lat.extend(mine)
            errors.extend(bad)

    wall = run_threads(clients, work)
    return {"requests": len(lat) + len(errors), "errors": len(errors),
            "error_kinds": sorted(set(errors)), "rps": round((len(lat) + len(errors)) / wall, 1),
            **(common.latency_summary(lat) if lat else {})}  # fmt: skip


def load(url: str, cid: str, ids: Sequence[Any], seconds: float) -> dict[str, Any]:
    """Each identity posts ~1 KiB ciphertext in a loop; every 5th iteration it reads what
    is new since its last read."""
    import datetime as dt

    from nacl.utils import random as nacl_random

    from pausepost.circles.client import RelayError

    counter = Counter()
    posts: list[float] = []
    reads: list[float] = []
    errors: list[str] = []
    read_messages = [0]
    lock = threading.Lock()
    payloads = [nacl_random(CIPHERTEXT_BYTES) for _ in range(64)]

    def work(k: int) -> None:
        client, http = make_client(url, ids[k], counter)
        mine_p: list[float] = []
        mine_r: list[float] = []
        bad: list[str] = []
        got = 0
        since = dt.datetime.now(dt.UTC)
        i = 0
        until = time.perf_counter() + seconds
        while time.perf_counter() < until or i < READ_EVERY:  # every thread reads once
            i += 1
            t0 = time.perf_counter()
            try:
                client.post_message(cid, 0, payloads[(k + i) % len(payloads)])
                mine_p.append((time.perf_counter() - t0) * 1000)
                if i % READ_EVERY == 0:
                    t0 = time.perf_counter()
                    new = client.messages(cid, since=since)
                    mine_r.append((time.perf_counter() - t0) * 1000)
                    got += len(new)
                    if new:
                        since = new[-1].created_at
            except RelayError as exc:
                bad.append(f"{exc.status}: {exc.message}")
        http.close()
        with lock:
            posts.extend(mine_p)
            reads.extend(mine_r)
            errors.extend(bad)
            read_messages[0] += got

    wall = run_threads(len(ids), work)
    requests = counter.n
    return {
        "wall_s": round(wall, 2),
        "http_requests": requests,
        "rps": round(requests / wall, 1),
        "posts": len(posts),
        "posts_per_s": round(len(posts) / wall, 1),
        "reads": len(reads),
        "messages_read": read_messages[0],
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:10],
        "post_latency": common.latency_summary(posts) if posts else None,
        "read_latency": common.latency_summary(reads) if reads else None,
    }


def run(clients: int, seconds: float, baseline_seconds: float, db: str | None) -> dict[str, Any]:
    if not 2 <= clients <= MAX_CLIENTS:
        raise SystemExit(f"--clients must be 2-{MAX_CLIENTS} (a circle's size limit)")
    machine = common.machine_info()
    pg = throwaway_postgres() if db is None else _given(db)
    with pg as (url_db, database), relay_process(url_db) as (url, pid):
        _wait_until_answering(url)
        cid, ids = form_circle(url, clients, Counter())
        base = baseline(url, clients, baseline_seconds)
        result = load(url, cid, ids, seconds)
        relay_rss = peak_rss_mib(pid)
    post_p95 = (result["post_latency"] or {}).get("p95_ms")
    return {
        "machine": machine,
        "clients": clients,
        "seconds": seconds,
        "baseline_seconds": baseline_seconds,
        "ciphertext_bytes": CIPHERTEXT_BYTES,
        "read_every": READ_EVERY,
        "database": database,
        "baseline": base,
        "load": result,
        "relay_peak_rss_mib": relay_rss,
        "post_p95_over_baseline_p95": common.ratio(post_p95, base.get("p95_ms")),
    }


@contextmanager
def _given(url: str) -> Iterator[tuple[str, str]]:
    yield url, "the database at --db"


def _wait_until_answering(url: str, seconds: float = 20) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url + "/openapi.json", timeout=1, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("the relay did not answer within 20 s")
        time.sleep(0.05)


# ---------------------------------------------------------------- report


def markdown(r: dict[str, Any], command: str) -> str:
    b, ld = r["baseline"], r["load"]
    p, q = ld["post_latency"] or {}, ld["read_latency"] or {}

    def row(name: str, key: str) -> str:
        return f"| {name} | {p.get(key, 'n/a')} | {q.get(key, 'n/a')} | {b.get(key, 'n/a')} |"

    setup = (
        f"A real `pausepost relay` (uvicorn, one process) on 127.0.0.1 and a fresh database "
        f"({r['database']}: commits are fsynced). One owner creates a circle and invites "
        f"{r['clients'] - 1} others, who join; then {r['clients']} threads in one process, each "
        f"its own device identity and `RelayClient` (one keep-alive connection), post "
        f"{r['ciphertext_bytes']}-byte ciphertexts for {r['seconds']:.0f} s and read what is new "
        f"(`messages(since=…)`) every {r['read_every']}th iteration. Baseline, run first on the "
        f"same relay by the same {r['clients']} threads for {r['baseline_seconds']:.0f} s: "
        "unsigned `GET /openapi.json` (served from FastAPI's cache: HTTP and routing only, no "
        "signature, no database). Produced by:"
    )
    load_line = (
        f"HTTP requests under load: {ld['http_requests']} in {ld['wall_s']} s, "
        f"**{ld['rps']} requests/s** ({ld['posts_per_s']} posts/s; the reads returned "
        f"{ld['messages_read']} messages in all). Baseline: {b['rps']} requests/s."
    )
    note = (
        "Latency is measured by the clients, so it includes signing, HTTP, JSON, the database "
        f"commit and queueing behind the other {r['clients'] - 1} clients; the load generator, "
        "the relay and PostgreSQL share the same cores (see the load average). Full figures: "
        "`benchmarks/results/relay.json`."
    )
    return f"""{common.machine_line(r["machine"])}

{setup}

```sh
{command}
```

| measure | post | read new | baseline (`GET /openapi.json`) |
|---|---:|---:|---:|
| operations | {ld["posts"]} | {ld["reads"]} | {b["requests"]} |
{row("latency p50 (ms)", "p50_ms")}
{row("latency p95 (ms)", "p95_ms")}
{row("latency p99 (ms)", "p99_ms")}
{row("latency max (ms)", "max_ms")}

- {load_line}
- Errors: **{ld["errors"]}** under load, {b["errors"]} in the baseline (target 0).
- Post p95 / baseline p95: **{r["post_p95_over_baseline_p95"]}**.
- Relay process peak RSS: {r["relay_peak_rss_mib"]} MiB.

{note}
"""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--clients", type=int, default=MAX_CLIENTS)
    ap.add_argument("--seconds", type=float, default=30.0, help="load duration (default 30)")
    ap.add_argument("--baseline-seconds", type=float, default=5.0)
    ap.add_argument("--db", metavar="URL", help="an empty PostgreSQL database (default: a "
                    "throwaway cluster in a temp dir)")  # fmt: skip
    ap.add_argument("--write-md", action="store_true", help=f'update "{HEADING}"')
    args = ap.parse_args(argv)
    result = run(args.clients, args.seconds, args.baseline_seconds, args.db)
    common.write_json("relay", result)
    command = ".venv/bin/python -m benchmarks.bench_relay" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:])
    )
    md = markdown(result, command)
    print(md)
    if args.write_md:
        common.update_benchmarks_md(HEADING, md)
    return 0 if result["load"]["errors"] == 0 and result["baseline"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
