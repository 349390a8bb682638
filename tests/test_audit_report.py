"""Audit reports with a fake screener: HTML, JSON and CSV agree, most serious first, private."""

from __future__ import annotations

import csv
import json
import re
import stat
from pathlib import Path

import audit_fakes
import export_fakes as fx
import pytest

from pausepost.audit import KIND_WORD, audit_export
from pausepost.audit.report_html import highlight

CHECK_FIELDS = {"id", "verdict", "concerns", "spans", "findings", "reasons", "questions",
                "rewrite", "platform", "audience", "errors", "engine"}


def _mixed_x_export(root: Path) -> Path:
    tweets = [
        fx.tweet("1", "Lovely walk today", "Fri Feb 20 09:10:58 +0000 2019"),
        fx.tweet("2", "Long day at work, so tired", "Fri Feb 20 09:10:58 +0000 2020"),
        fx.tweet("3", "My client Rosa did <b>great</b> &amp; more",
                 "Sat Feb 21 10:00:00 +0000 2021"),
        fx.tweet("4", "Another client story", "Sat Feb 21 10:00:00 +0000 2022"),
        fx.tweet("5", "EXPLODE", "Sat Feb 21 10:00:00 +0000 2022"),
    ]
    fx.write(root, "data/tweets.js", fx.ytd("tweets.part0", tweets))
    return root


def _run(tmp_path: Path) -> tuple[Path, object]:
    export = _mixed_x_export(tmp_path / "export")
    out = tmp_path / "out"
    summary = audit_export(export, out, factory=audit_fakes.fake_factory, workers=1)
    return out, summary


def test_json_report_has_one_entry_per_post_with_check_fields(tmp_path: Path) -> None:
    out, _summary = _run(tmp_path)
    report = json.loads((out / "report.json").read_text())
    posts = report["posts"]
    assert len(posts) == 5
    for entry in posts[:4]:
        assert set(entry) >= CHECK_FIELDS
        assert {"platform", "date", "source", "kind", "text", "action"} <= set(entry)
        assert entry["source"] == "data/tweets.js" and entry["platform"] == "x"
    by_id = {p["id"]: p for p in posts}
    assert by_id["x:3"]["verdict"] == "hold" and by_id["x:3"]["action"] == "delete"
    assert by_id["x:2"]["action"] == "edit" and by_id["x:1"]["action"] == "keep"
    assert by_id["x:3"]["spans"] == [{"start": 10, "end": 14, "label": "NAME", "text": "Rosa"}]
    assert by_id["x:3"]["date"] == "2021-02-21T10:00:00Z"
    assert by_id["x:5"]["verdict"] is None and "binary" in by_id["x:5"]["error"]
    s = report["summary"]
    assert (s["screened"], s["hold"], s["revise"], s["post"], s["not_screened"]) == (4, 2, 1, 1, 1)
    assert s["by_year"]["2021"] == {"screened": 1, "hold": 1, "revise": 0}
    assert s["platforms"] == ["x"]


def test_csv_matches_json(tmp_path: Path) -> None:
    out, _ = _run(tmp_path)
    rows = list(csv.DictReader((out / "report.csv").open(encoding="utf-8", newline="")))
    posts = json.loads((out / "report.json").read_text())["posts"]
    assert [r["id"] for r in rows] == [p["id"] for p in posts]
    assert [r["verdict"] for r in rows] == [p["verdict"] or "" for p in posts]
    assert rows[2]["spans"] == "NAME:Rosa" and rows[2]["action"] == "delete"
    assert rows[2]["url"] == "https://x.com/i/web/status/3"


def test_html_is_self_contained_and_orders_by_seriousness(tmp_path: Path) -> None:
    out, _ = _run(tmp_path)
    html = (out / "report.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", html)  # nothing remote
    assert "<script" not in html and "default-src 'none'" in html
    assert KIND_WORD in html
    assert "<svg" in html and "Flagged posts per month" in html
    articles = re.findall(r"<article class='post (\w+)'", html)
    assert articles == ["hold", "hold", "revise"]  # posts that are fine are not listed
    # Newest hold first within the same seriousness: 2022 story has no span, so 2021's
    # (more identifiers) comes first.
    assert html.index("Rosa</mark>") < html.index("Another client story")
    # Post text and reason texts are escaped, never markup.
    assert "&lt;b&gt;great&lt;/b&gt; &amp; more" in html
    assert "About a client &lt;b&gt;named&lt;/b&gt;." in html
    assert "Would they &lt;recognise&gt; themselves?" in html
    assert "Suggested action: delete" in html and "Suggested action: edit" in html
    assert "[a client]" in html  # the rewrite
    assert "Find it at <code>https://x.com/i/web/status/3</code>" in html  # text, not a link
    for year in ("2019", "2020", "2021", "2022"):
        assert f"<td>{year}</td>" in html


def test_reports_are_private_files(tmp_path: Path) -> None:
    out, _ = _run(tmp_path)
    for name in ("report.html", "report.json", "report.csv"):
        mode = stat.S_IMODE((out / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))
    assert not list(out.glob(".*partial"))


def test_highlight_merges_overlapping_spans() -> None:
    entry = {"findings": [{"start": 0, "end": 4, "label": "NAME"},
                          {"start": 2, "end": 7, "label": None},
                          {"start": 11, "end": 99, "label": "AGE"}],  # out of range: ignored
             "spans": [{"start": 0, "end": 4, "label": "NAME"}]}
    assert highlight("Rosa <3 ok", entry) == (
        "<mark title='NAME'>Rosa</mark><mark class='evidence'> &lt;3</mark> ok"
    )
    assert highlight("a<b", {}) == "a&lt;b"


def test_problems_are_reported_with_counts(tmp_path: Path) -> None:
    export = _mixed_x_export(tmp_path / "export")
    full = fx.ytd("tweets.part1", [fx.tweet("9", "kept", "Sat Feb 21 10:00:00 +0000 2022"),
                                   fx.tweet("10", "lost", "Sat Feb 21 10:00:00 +0000 2022")])
    fx.write(export, "data/tweets-part1.js", full[: full.index('"lost"')])
    summary = audit_export(export, tmp_path / "out", factory=audit_fakes.fake_factory)
    assert summary.screened == 5 and summary.unreadable == 1
    html = (tmp_path / "out" / "report.html").read_text()
    assert "could not be read" in html and "tweets-part1.js" in html
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["summary"]["unreadable"] == 1
    assert "tweets-part1.js" in data["summary"]["problems"][0]["file"]


def test_html_keeps_a_bounded_list_most_serious_first(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from pausepost.audit import report_html
    from pausepost.audit.summary import AuditSummary

    monkeypatch.setattr(report_html, "MAX_LISTED", 5)
    report = report_html.HtmlReport(tmp_path / "report.html")
    for i in range(40):
        verdict = "hold" if i % 10 == 0 else "revise"
        report.add({"id": str(i), "verdict": verdict, "concerns": [], "text": f"post {i}",
                    "date": f"20{10 + i % 10}-01-01"})
        assert len(report._flagged) <= 10  # never more than twice the page's list
    summary = AuditSummary(export="x.zip", platforms=("x",), layouts=("X",))
    report.close(summary)
    html = (tmp_path / "report.html").read_text()
    assert re.findall(r"<article class='post (\w+)'", html) == ["hold"] * 4 + ["revise"]
    assert "35 more flagged posts are listed in report.json and report.csv" in html


def _language_entry(i: int) -> dict[str, object]:
    # The shape `build_entry` gives a draft Pause could not read (policy: language_unsupported).
    return {"id": f"x:{i}", "verdict": "revise", "concerns": [], "spans": [], "findings": [],
            "reasons": [{"code": "language_unsupported", "verdict": "revise",
                         "message": "Not checked: this draft reads as Danish.", "rules": []}],
            "rewrite": None, "platform": "x", "date": f"2021-03-0{i}T10:00:00Z",
            "source": "data/tweets.js",
            "text": f"Min klient fortalte mig, at hun er blevet skilt {i}."}


def test_posts_pause_cannot_read_get_their_own_count_and_one_line_each(tmp_path: Path) -> None:
    from pausepost.audit.report_html import HtmlReport
    from pausepost.audit.summary import AuditSummary

    summary = AuditSummary(export="x.zip", platforms=("x",), layouts=("X",))
    report = HtmlReport(tmp_path / "report.html")
    entries = [_language_entry(i) for i in range(1, 6)]
    entries.append({"id": "x:9", "verdict": "hold", "concerns": ["identifiable"],
                    "reasons": [{"code": "identifiable_details", "message": "Details."}],
                    "platform": "x", "date": "2022-01-01", "source": "data/tweets.js",
                    "text": "My client Rosa"})
    for entry in entries:
        summary.add(entry)
        report.add(entry)
    report.close(summary)
    html = (tmp_path / "report.html").read_text()
    # One card for the post Pause could check; none of the five identical "not checked" cards.
    assert re.findall(r"<article class='post (\w+)'", html) == ["hold"]
    assert "<b>5</b>not checked: language Pause cannot read" in html
    assert "<b>0</b>to revise: consider editing" in html
    section = html[html.index("<h2 id='not-checked-language'>Not checked: language</h2>"):]
    assert section.count("<li>") == 5 and "Danish" in section
    line = "2021-03-01 &middot; X / Twitter &middot; Danish: <span class='meta'>Min klient"
    assert line in section
    data = summary.to_dict()
    assert data["not_checked_language"] == 5 and data["revise"] == 5  # never counted as fine
    assert [x["id"] for x in data["not_checked_language_posts"]] == [f"x:{i}" for i in range(1, 6)]


def test_a_post_with_other_findings_keeps_its_card_even_if_partly_unread() -> None:
    from pausepost.audit.entries import only_language_unchecked

    entry = _language_entry(1)
    assert only_language_unchecked(entry)
    entry["reasons"] = [{"code": "client_specific"}, {"code": "language_unsupported"}]
    assert not only_language_unchecked(entry)


LONG_URL = "https://example.org/" + "a" * 300


def test_html_wraps_long_urls_and_words(tmp_path: Path) -> None:
    from pausepost.audit import report_html
    from pausepost.audit.summary import AuditSummary

    summary = AuditSummary(export="x" * 200 + ".zip", platforms=("x",), layouts=("X",))
    entry = {"id": "1", "verdict": "revise", "concerns": [], "text": f"Look {LONG_URL} now",
             "url": LONG_URL, "date": "2020-01-01", "source": "data/" + "b" * 200 + ".js"}
    html = report_html.render_page(summary, [entry])
    css = html[html.index("<style>") + 7 : html.index("</style>")]
    rule = next(r for r in css.split("}") if "overflow-wrap:anywhere" in r)
    selectors = set(rule.split("{")[0].replace("\n", "").split(","))
    # The elements that hold post text, links, paths and table cells may break anywhere.
    assert {".text", "code", "pre", "td", "th", ".meta", ".post", "li"} <= selectors
    assert LONG_URL in html
