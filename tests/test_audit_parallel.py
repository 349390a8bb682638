"""Parallel screening: same results, same order as one by one; bounded in flight."""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from pathlib import Path

import audit_fakes
import export_fakes as fx

from pausepost.audit import audit_export
from pausepost.audit.parallel import Job, run_jobs
from pausepost.core.types import Post


def test_workers_give_the_same_report_as_one_process(tmp_path: Path) -> None:
    texts = [f"post {i} about {'client' if i % 7 == 0 else 'work' if i % 5 == 0 else 'tea'}"
             for i in range(300)]
    tweets = [fx.tweet(str(i), t, "Fri Feb 20 09:10:58 +0000 2026") for i, t in enumerate(texts)]
    fx.write(tmp_path / "export", "data/tweets.js", fx.ytd("tweets.part0", tweets))
    one = audit_export(tmp_path / "export", tmp_path / "one", factory=audit_fakes.fake_factory,
                       workers=1)
    two = audit_export(tmp_path / "export", tmp_path / "two", factory=audit_fakes.fake_factory,
                       workers=2)
    assert one.verdicts == two.verdicts and one.screened == 300
    a = json.loads((tmp_path / "one" / "report.json").read_text())["posts"]
    b = json.loads((tmp_path / "two" / "report.json").read_text())["posts"]
    assert a == b
    assert [p["id"] for p in a] == [f"x:{i}" for i in range(300)]


def test_known_results_pass_through_in_order() -> None:
    posts = [Post(text=f"t{i}", id=str(i)) for i in range(10)]
    jobs = [Job(p, {"verdict": "post", "known": True} if i % 3 == 0 else None, i)
            for i, p in enumerate(posts)]
    out = list(run_jobs(iter(jobs), factory=audit_fakes.fake_factory, workers=2, chunk_size=3))
    assert [j.payload for j, _ in out] == list(range(10))
    assert [r.get("known", False) for _, r in out] == [i % 3 == 0 for i in range(10)]
    assert all(r["verdict"] == "post" for _, r in out)


def test_importer_is_not_drained_ahead_of_the_workers() -> None:
    pulled = 0

    def jobs() -> Iterator[Job]:
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield Job(Post(text=f"t{i}", id=str(i)), None, i)

    stream = run_jobs(jobs(), factory=audit_fakes.fake_factory, workers=2, chunk_size=10,
                      window=4)
    next(stream)
    assert pulled <= 10 * 5  # the window, not the whole export
    assert isinstance(stream, Generator)
    stream.close()
