"""Benchmark (not a test): POST /api/v1/check latency under concurrent clients on loopback.

Starts a real `pausepost serve` (SQLite in a temp data dir), then runs N concurrent
keep-alive clients for D seconds, each posting drafts in turn. Reports p50/p95/p99 latency,
throughput and errors (any non-200 or transport failure). Target: p95 <= 60 ms, 0 errors.

    .venv/bin/python -m benchmarks.bench_api [--clients 20] [--seconds 30] [--write-md]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "api.json"
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"

# Short and long, risky and fine; the dev corpus is added when it is there.
DRAFTS = [
    "My 17yo client Rosa from Westview High overdosed last night 😂 lol",
    "Sunday reset: long walk, phone off, soup on the stove.",
    "Had to laugh, my 4pm no-showed AGAIN and then emailed asking why I didn't call her 🙄",
    "Proud of a client who set a boundary with her mother this week. Growth is real.",
    "Reminder: our grief support group meets Thursdays at 6. All welcome, no referral needed.",
    "My client gave me permission to share her poem about recovery, so here it is.",
    "Long day. Three crises before lunch and a supervisor who doesn't get it. Wine time.",
    "New blog post: five ways to support a friend who is struggling with anxiety. " * 6,
]


def drafts() -> list[str]:
    out = list(DRAFTS)
    if DEV.exists():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def start_server(tmp: Path, workers: int) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PAUSEPOST_DATA_DIR": str(tmp / "data"),
           "PAUSEPOST_CONFIG_DIR": str(tmp / "config")}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "pausepost.cli.main", "serve", "--port", "0",
         "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    url = line.split("running at ", 1)[1].split()[0].rstrip("/")
    for _ in range(200):
        try:
            if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    return proc, url


async def client(url: str, texts: list[str], offset: int, until: float,
                 lat: list[float], errors: list[str]) -> None:  # fmt: skip
    """One keep-alive connection speaking bare HTTP/1.1, like wrk: the load generator should
    cost far less CPU than the server it measures (both share these cores)."""
    host, port = url.removeprefix("http://").split(":")
    bodies = [json.dumps({"text": t, "platform": "facebook"}).encode() for t in texts]
    reader, writer = await asyncio.open_connection(host, int(port))
    i = offset
    try:
        while time.perf_counter() < until:
            body = bodies[i % len(bodies)]
            i += 1
            head = (f"POST /api/v1/check HTTP/1.1\r\nHost: {host}:{port}\r\n"
                    "Content-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n")  # fmt: skip
            t0 = time.perf_counter()
            try:
                writer.write(head.encode() + body)
                status, length = await _read_head(reader)
                await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(type(exc).__name__)
                writer.close()
                reader, writer = await asyncio.open_connection(host, int(port))
                continue
            if status != 200:
                errors.append(str(status))
                continue
            lat.append((time.perf_counter() - t0) * 1000)
    finally:
        writer.close()


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, int]:
    raw = await reader.readuntil(b"\r\n\r\n")
    lines = raw.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return status, length


async def load(url: str, clients: int, seconds: float) -> tuple[list[float], list[str]]:
    texts = drafts()
    lat: list[float] = []
    errors: list[str] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(client(url, texts, k * 7, until, lat, errors) for k in range(clients)))
    return lat, errors


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """uvloop when installed (the web extra ships it): a cheaper load generator."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 10) - 1] if len(values) > 1 else 0.0


def run(clients: int, seconds: float, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp), workers)
        try:
            _run(load(url, clients, 2))  # warm-up
            # One client alone: the cost of a request without queueing behind the others.
            solo, _ = _run(load(url, 1, 5))
            t0 = time.perf_counter()
            lat, errors = _run(load(url, clients, seconds))
            wall = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(10)
    return {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "clients": clients,
        "seconds": seconds,
        "workers": workers,
        "requests": len(lat) + len(errors),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "rps": round((len(lat) + len(errors)) / wall, 1),
        "p50_ms": round(pct(lat, 50), 2),
        "p95_ms": round(pct(lat, 95), 2),
        "p99_ms": round(pct(lat, 99), 2),
        "max_ms": round(max(lat, default=0.0), 2),
        "solo_p50_ms": round(pct(solo, 50), 2),
        "solo_p95_ms": round(pct(solo, 95), 2),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_at_start": round(os.getloadavg()[0], 2),
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()  # fmt: skip
    except OSError:
        return "unknown"


def markdown(runs: list[dict[str, Any]]) -> str:
    r = runs[0]
    rows = [
        ("requests", "requests"), ("throughput (requests/s)", "rps"),
        ("latency p50 (ms)", "p50_ms"), ("latency p95 (ms)", "p95_ms"),
        ("latency p99 (ms)", "p99_ms"), ("latency max (ms)", "max_ms"), ("errors", "errors"),
        ("one client alone, p50 (ms)", "solo_p50_ms"),
        ("one client alone, p95 (ms)", "solo_p95_ms"),
        ("1-min load average at start", "load_at_start"),
    ]  # fmt: skip
    head = " | ".join(f"`--workers {x['workers']}`" for x in runs)
    table = [f"| measure | {head} |", "|---|" + "---:|" * len(runs)]
    table += [f"| {name} | " + " | ".join(str(x[key]) for x in runs) + " |" for name, key in rows]
    verdicts = "; ".join(
        f"`--workers {x['workers']}`: "
        + ("met" if x["p95_ms"] <= 60 and x["errors"] == 0 else "not met")
        for x in runs
    )
    workers = ",".join(str(x["workers"]) for x in runs)
    return f"""## Web API

Measured {r['when']} on {r['cores']} cores, Python {r['python']}, commit `{r['commit']}`.
A real `pausepost serve` (uvicorn with httptools and uvloop, SQLite store) on 127.0.0.1;
{r['clients']} concurrent keep-alive clients (bare HTTP/1.1 over asyncio streams with uvloop,
in one process on the same machine) post 8 drafts in turn to `POST /api/v1/check` for
{r['seconds']:.0f} s after a 2 s warm-up, once per worker count; before that, one client alone
for 5 s shows the cost of a request without queueing. Produced by:

```sh
.venv/bin/python -m benchmarks.bench_api --clients {r['clients']} --seconds {r['seconds']:.0f} \\
    --workers {workers} --write-md
```

{chr(10).join(table)}

Target (issue 3), p95 ≤ 60 ms and 0 errors: {verdicts}.

Latency is measured by the clients, so it includes HTTP, JSON and queueing behind the other
{r['clients'] - 1} clients; the load generator shares the cores with the server, and so did
other work on this machine (see the load average). One worker can use one core;
`pausepost serve --workers 2` uses both.
Full figures: `benchmarks/results/api.json`.
"""


def write_section(md: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find("## Web API")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + md
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + md + (text[end + 1 :] if end >= 0 else "")
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", default="1", help="comma-separated worker counts to compare")
    ap.add_argument("--write-md", action="store_true", help="update '## Web API' in BENCHMARKS.md")
    args = ap.parse_args()
    runs = [run(args.clients, args.seconds, int(w)) for w in args.workers.split(",")]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(runs, indent=2))
    if args.write_md:
        write_section(markdown(runs))


if __name__ == "__main__":
    main()
