"""LinkedIn importer: per-line quoting, backslash-escaped quotes, the 2018 UTF-16 tab file."""

from __future__ import annotations

from pathlib import Path

import export_fakes as fx

from pausepost.core.types import Audience
from pausepost.importers import Problem, iter_items, open_export


def test_2025_layout(tmp_path: Path) -> None:
    fx.linkedin_2025(tmp_path)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert export.detected.platforms == ("linkedin",)
        assert export.empty == 1  # a share with no commentary
        assert export.problems == []
    texts = {i.kind: [] for i in items}  # type: dict[str, list[str]]
    for i in items:
        texts[i.kind].append(i.post.text)
    assert texts["post"] == [
        "First line of my post.\n\nSecond paragraph, with a comma.",
        fx.FLAGGED,
    ]
    assert texts["comment"] == [
        'Ann Lee I said "no", politely, and it worked',
        "Rohan Sen wow! What was the prompt?",
    ]
    first = items[0].post if items[0].kind == "post" else items[-2].post
    assert first.audience is Audience.PROFESSIONAL
    assert {i.post.created_at for i in items} >= {"2025-07-01T14:33:22", "2025-07-13T08:15:21"}
    assert len({i.post.id for i in items}) == len(items)
    assert items[-1].url == "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A2"


def test_2018_utf16_tab_layout(tmp_path: Path) -> None:
    fx.linkedin_2018(tmp_path)
    [item] = list(iter_items(tmp_path))
    assert item.post.text == "Old share, café"
    assert item.post.created_at == "2017-06-08T08:15:44Z"


def test_wrong_encoding_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "Shares.csv").write_bytes(
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        "2020-01-01 00:00:00,l,Caf\xe9 latin-1,,,MEMBER_NETWORK\n".encode("latin-1")
    )
    problems: list[Problem] = []
    assert list(iter_items(tmp_path, problems)) == []
    [problem] = problems
    assert "Shares.csv" in problem.message and "UTF-8" in problem.message


def test_articles_have_a_date_and_no_page_boilerplate(tmp_path: Path) -> None:
    fx.linkedin_articles(tmp_path)
    with open_export(tmp_path) as export:
        items = list(export.items())
        assert export.problems == []
    got = sorted((i.post.created_at, i.post.text) for i in items if i.kind == "article")
    assert got == [
        ("2020-01-02T09:30:00", "On boundaries\n\nSaying no is part of the work."),
        ("2021-03-04T17:22:00", "A draft about a hard week on the ward."),
    ]
