"""The benchmark modules import, and their pure helpers are right. No timing here, ever.

Runs in the product venv: Presidio-dependent parts skip unless presidio is importable.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # `benchmarks` is a top-level folder, not installed
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import bench_quality, bench_speed, common  # noqa: E402


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 50, 5.0),
        ([5.0], 99, 5.0),
        ([1.0, 2.0], 50, 1.5),
        ([3.0, 1.0, 2.0], 50, 2.0),
        ([1.0, 2.0, 3.0, 4.0], 0, 1.0),
        ([1.0, 2.0, 3.0, 4.0], 100, 4.0),
        ([1.0, 2.0, 3.0, 4.0], 25, 1.75),
        ([float(i) for i in range(1, 101)], 95, 95.05),
        ([float(i) for i in range(1, 101)], 99, 99.01),
    ],
)
def test_common_percentile_interpolates_like_numpy_linear(
    values: list[float], q: float, expected: float
) -> None:
    assert common.percentile(values, q) == pytest.approx(expected)


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1.0], -1), ([1.0], 101)])
def test_common_percentile_rejects_bad_input(values: list[float], q: float) -> None:
    with pytest.raises(ValueError):
        common.percentile(values, q)


def test_common_latency_summary_orders_percentiles() -> None:
    s = common.latency_summary([float(i) for i in range(1, 201)])
    assert s["n"] == 200
    assert s["p50_ms"] <= s["p95_ms"] <= s["p99_ms"] <= s["max_ms"] == 200.0
    assert s["mean_ms"] == pytest.approx(100.5)


def test_common_ratio_handles_missing_and_zero() -> None:
    assert common.ratio(1.0, 4.0) == 0.25
    assert common.ratio(None, 4.0) is None
    assert common.ratio(1.0, 0.0) is None


def test_common_tweets_tsv_parses_crlf_tabs_and_no_final_newline(tmp_path: Path) -> None:
    raw = (
        "1\t2.7\tSo lucky.\r\n"
        "2\t-1.5\tTab\tinside\u2028and a line separator\r\n"
        "\r\n"
        "3\t0.2\tlast line, no newline"
    )
    path = tmp_path / "tweets.txt"
    path.write_bytes(b"\xef\xbb\xbf" + raw.encode("utf-8"))  # with a BOM, as siblings have
    tweets = common.load_tweets(path)
    assert [t.id for t in tweets] == ["1", "2", "3"]
    assert tweets[0] == common.Tweet("1", 2.7, "So lucky.")
    assert tweets[1].rating == -1.5
    assert tweets[1].text == "Tab\tinside\u2028and a line separator"
    assert tweets[2].text == "last line, no newline"
    posts = common.tweet_posts(tweets)
    assert [p.id for p in posts] == ["tw-1", "tw-2", "tw-3"]
    assert {p.source for p in posts} == {"tweets"}


def test_common_tweets_tsv_rejects_a_malformed_line() -> None:
    with pytest.raises(ValueError):
        common.parse_tweets_tsv("1\tonly two fields\r\n")


def test_common_load_dev_reads_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text(
        '{"id": "x-1", "text": "Hi", "platform": "x", "audience": "personal", "verdict": "post"}\n'
        "\n",
        encoding="utf-8",
    )
    (post,) = common.load_dev(path)
    assert (post.id, post.text, post.source, post.platform) == ("x-1", "Hi", "dev", "x")
    assert post.gold["verdict"] == "post"


def test_common_every_nth_is_deterministic() -> None:
    assert common.every_nth(list(range(10)), 3) == [0, 3, 6, 9]
    assert common.every_nth([1, 2], 0) == [1, 2]


def test_bench_speed_split_round_robin_keeps_every_post_once() -> None:
    posts = [common.BenchPost(id=str(i), text="t", source="dev") for i in range(7)]
    shards = bench_speed.split_round_robin(posts, 3)
    assert [len(s) for s in shards] == [3, 2, 2]
    assert sorted(p.id for s in shards for p in s) == sorted(p.id for p in posts)
    assert len(bench_speed.split_round_robin(posts[:1], 4)) == 1


def test_common_replace_md_section_touches_only_its_section() -> None:
    doc = "# Benchmarks\n\n## Audit\n\nkeep me\n\n## Analyzer speed\n\nold\n\n## Images\n\nmine\n"
    out = common.replace_md_section(doc, "## Analyzer speed", "new figures")
    assert "old" not in out
    assert "## Audit\n\nkeep me\n" in out
    assert "## Analyzer speed\n\nnew figures\n\n## Images\n\nmine\n" in out
    appended = common.replace_md_section("# Benchmarks\n", "## Analyzer quality", "q")
    assert appended == "# Benchmarks\n\n## Analyzer quality\n\nq\n"


def test_bench_quality_floors_compare_in_the_right_direction() -> None:
    assert bench_quality.meets(0.95, ">=", 0.95)
    assert not bench_quality.meets(0.94, ">=", 0.95)
    assert bench_quality.meets(0.02, "<=", 0.02)
    assert not bench_quality.meets(None, "<=", 0.02)


def test_bench_quality_loads_the_reference_scorer_when_present() -> None:
    if not common.SCORE_PY.exists():
        pytest.skip("shared corpus not available")
    score = bench_quality.load_scorer()
    gold = {"a": {"id": "a", "text": "x", "verdict": "hold", "concerns": [], "spans": []}}
    assert score(gold, {"a": {"verdict": "hold", "concerns": [], "spans": []}})["hold_r"] == 1.0


def test_child_measurement_reports_own_exit_code_and_rss() -> None:
    # A subprocess, not a timing assertion: exit codes and a plausible RSS come back.
    _, (ok, bad) = common.run_children_parallel(
        [[sys.executable, "-c", "print('hi')"], [sys.executable, "-c", "raise SystemExit(3)"]]
    )
    assert (ok.returncode, ok.stdout.strip()) == (0, b"hi")
    assert bad.returncode == 3
    assert ok.peak_rss_mib > 1


@pytest.mark.skipif(
    importlib.util.find_spec("presidio_analyzer") is None, reason="presidio not installed"
)
def test_presidio_baseline_config_is_offline_and_explicit() -> None:
    assert common.PRESIDIO_NLP_CONFIG["models"] == [
        {"lang_code": "en", "model_name": common.SPACY_MODEL}
    ]
    assert common.presidio_available() == (importlib.util.find_spec(common.SPACY_MODEL) is not None)


def test_common_update_benchmarks_md_keeps_other_sections(tmp_path: Path) -> None:
    md = tmp_path / "BENCHMARKS.md"
    common.update_benchmarks_md("## Analyzer speed", "one", md)  # creates the file
    md.write_text(md.read_text(encoding="utf-8") + "\n## Audit\n\ntheirs\n", encoding="utf-8")
    common.update_benchmarks_md("## Analyzer speed", "two", md)
    assert md.read_text(encoding="utf-8") == (
        "# Benchmarks\n\n## Analyzer speed\n\ntwo\n\n## Audit\n\ntheirs\n"
    )


@pytest.mark.postgres
@pytest.mark.skipif(
    not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")), reason="no PostgreSQL binaries"
)
def test_bench_relay_smoke_run_forms_a_circle_and_counts_no_errors() -> None:
    # A real relay and a throwaway cluster, 3 clients for 1 s: the plumbing, not the timing.
    from benchmarks import bench_relay

    r = bench_relay.run(clients=3, seconds=1, baseline_seconds=0.5, db=None)
    load, base = r["load"], r["baseline"]
    assert load["errors"] == 0 and base["errors"] == 0, (load["error_kinds"], base["error_kinds"])
    assert load["posts"] > 0 and load["reads"] > 0 and base["requests"] > 0
    assert load["http_requests"] >= load["posts"] + load["reads"]
    assert load["messages_read"] > 0
    md = bench_relay.markdown(r, "CMD")
    assert "| operations |" in md and "CMD" in md and "Errors: **0**" in md
