"""report.html: one self-contained page (inline CSS and SVG, no scripts, no network)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from pausepost.audit.entries import ACTION_ADVICE, is_flagged, only_language_unchecked, seriousness
from pausepost.audit.files import PrivateFile
from pausepost.audit.summary import AuditSummary
from pausepost.core.inputs import MAX_CHARS
from pausepost.importers import PLATFORM_NAMES

# The page lists at most this many flagged posts; all of them are in report.json/csv.
MAX_LISTED = 2000

KIND_WORD = (
    "This is for repair, not blame. Norms about what clinicians share online have changed "
    "quickly, and most of us wrote things years ago that we would word differently today. "
    "Looking back like this is an act of care for the people you work with."
)

_CSS = """
body{font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;color:#222;
background:#faf9f7;margin:0}
main{max-width:60rem;margin:0 auto;padding:2rem 1.25rem}
h1{font-weight:600;margin:.2em 0}h2{margin-top:2.2em;font-weight:600}
.kind{background:#eef5ee;border-left:4px solid #6a9f6a;padding:.8em 1em;border-radius:4px}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1.2rem 0}
.card{background:#fff;border:1px solid #e3e0da;border-radius:8px;padding:.7rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;background:#fff}
td,th{border:1px solid #e3e0da;padding:.3em .7em;text-align:right}
th:first-child,td:first-child{text-align:left}
.post{background:#fff;border:1px solid #e3e0da;border-radius:8px;padding:1rem 1.2rem;margin:1rem 0}
.post.hold{border-left:6px solid #a33}.post.revise{border-left:6px solid #d49a1f}
.meta{color:#666;font-size:.9rem}.badge{display:inline-block;border-radius:4px;padding:0 .5em;
color:#fff;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
.badge.hold{background:#a33}.badge.revise{background:#b7811a}
.text{white-space:pre-wrap;margin:.7em 0;padding:.6em .8em;background:#fbfaf8;border-radius:4px}
mark{background:#ffe08a;border-radius:3px;padding:0 .1em}mark.evidence{background:#e8e2f5}
.action{font-weight:600}.problems{background:#fff4e5;border-left:4px solid #d49a1f;padding:.6em 1em}
svg text{font-size:11px;fill:#555}
.langs li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
main,.post,.text,.meta,.card,.problems,.kind,code,pre,td,th,li,p{overflow-wrap:anywhere;
word-break:break-word;min-width:0}
table{max-width:100%}
footer{color:#777;font-size:.85rem;margin-top:3rem}
"""


class HtmlReport:
    """Keeps only the flagged posts (bounded), then writes the page on `close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._flagged: list[dict[str, Any]] = []
        self.dropped = 0

    def add(self, entry: dict[str, Any]) -> None:
        if not is_flagged(entry) or only_language_unchecked(entry):
            return  # posts Pause could not read get one line each (`_language_list`), not a card
        self._flagged.append(entry)
        if len(self._flagged) > 2 * MAX_LISTED:
            self._flagged.sort(key=seriousness)
            self.dropped += len(self._flagged) - MAX_LISTED
            del self._flagged[MAX_LISTED:]

    def close(self, summary: AuditSummary) -> None:
        self._flagged.sort(key=seriousness)
        if len(self._flagged) > MAX_LISTED:
            self.dropped += len(self._flagged) - MAX_LISTED
            del self._flagged[MAX_LISTED:]
        out = PrivateFile(self.path)
        out.write(render_page(summary, self._flagged, self.dropped))
        out.commit()

    def abort(self) -> None:
        return None


def render_page(summary: AuditSummary, flagged: list[dict[str, Any]], dropped: int = 0) -> str:
    platforms = ", ".join(PLATFORM_NAMES.get(p, p) for p in summary.platforms)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        # Belt and braces: even a crafted post cannot make this page load anything.
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">",
        "<meta name='referrer' content='no-referrer'>",
        f"<title>Pause: audit of your past posts ({escape(platforms)})</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>Your past posts, read with care</h1>",
        f"<p class='meta'>{escape(platforms)} export <code>{escape(summary.export)}</code>"
        f" &middot; {escape('; '.join(summary.layouts))}</p>",
        _not_screened(summary),
        f"<p class='kind'>{escape(KIND_WORD)}</p>",
        _cards(summary),
        _problems(summary),
        "<h2>By year</h2>",
        _year_table(summary),
        "<h2>When the flagged posts were written</h2>",
        _timeline(summary),
        "<h2>Posts to look at, most serious first</h2>",
        _flagged_list(flagged, dropped),
        _language_list(summary),
        "<footer>Made on this computer by Pause",
        f" {escape(str(summary.engine.get('version', '')))}. Nothing was sent anywhere. "
        "This file contains your posts: keep it somewhere private and delete it when done."
        "</footer></main></body></html>\n",
    ]
    return "".join(parts)


def _cards(s: AuditSummary) -> str:
    cards = [
        (s.screened, "posts, comments and replies screened"),
        (s.held, "to hold: consider deleting"),
        (s.to_revise - s.language_not_checked, "to revise: consider editing"),
        (s.verdicts.get("post", 0), "fine as they are"),
    ]
    if s.language_not_checked:
        cards.append((s.language_not_checked, "not checked: language Pause cannot read"))
    html = "".join(f"<div class='card'><b>{n:,}</b>{escape(label)}</div>" for n, label in cards)
    return f"<div class='cards'>{html}</div>"


def _problems(s: AuditSummary) -> str:
    notes = []
    if s.nothing_written:
        notes.append(
            f"{s.nothing_written:,} items held nothing you wrote (shares, boosts, photo-only "
            "posts, direct messages) and were skipped."
        )
    if s.photos_not_checked:
        notes.append(
            f"{s.photos_not_checked:,} posts have photos that were not looked at; run the "
            "audit with --images to check the photos too."
        )
    if s.in_parts:
        notes.append(
            f"{s.in_parts:,} long posts (over {MAX_CHARS:,} characters) were screened in "
            "overlapping parts; what was found is marked in the whole post."
        )
    notes.extend(f"Not checked: {u.message}." for u in s.unchecked)
    if not s.problems:
        return "".join(f"<p class='meta'>{escape(n)}</p>" for n in notes)
    items = "".join(f"<li>{escape(p.message)}</li>" for p in s.problems)
    return (
        "<div class='problems'><p><b>Some of the export could not be read</b> "
        f"({s.unreadable:,} item(s) or file(s)). Everything else is in this report.</p>"
        f"<ul>{items}</ul>" + "".join(f"<p>{escape(n)}</p>" for n in notes) + "</div>"
    )


def _dated_items(entries: list[dict[str, str]], rest: Callable[[dict[str, str]], str]) -> str:
    """One <li> per listed post: its date and platform, then `rest` (already escaped)."""
    return "".join(
        f"<li>{escape(x['date'][:10])} &middot; "
        f"{escape(PLATFORM_NAMES.get(x['platform'], x['platform']))} {rest(x)}</li>"
        for x in entries
    )


def _more_in_json(total: int, listed: int) -> str:
    """The page lists a bounded number; the rest are only in report.json."""
    more = total - listed
    return f"<p>{more:,} more are listed in report.json.</p>" if more > 0 else ""


def _not_screened(s: AuditSummary) -> str:
    """At the top, before anything that could read as "all clear": posts nobody checked."""
    if not s.not_screened:
        return ""
    lines = _dated_items(
        s.not_screened_list,
        lambda x: (
            f"{escape(x['kind'])} &middot; <code>{escape(x['source'])}</code> &middot; "
            f"<code>{escape(x['id'])}</code>: {escape(x['error'])}"
        ),
    )
    return (
        "<div class='problems' id='not-screened' role='alert'>"
        f"<p><b>{s.not_screened:,} post(s) were NOT checked.</b> Pause could not screen "
        "them, so this report cannot say whether they are safe. Read them yourself:</p>"
        f"<ul>{lines}</ul>"
        + _more_in_json(s.not_screened, len(s.not_screened_list))
        + "</div>"
    )


def _language_list(s: AuditSummary) -> str:
    """Posts Pause could not read: one line each, since each would get the same card."""
    if not s.language_not_checked:
        return ""
    lines = _dated_items(
        s.language_list,
        lambda x: (
            f"&middot; {escape(x['language'])}: "
            f"<span class='meta'>{escape(x['opening'])}</span>"
        ),
    )
    return (
        "<h2 id='not-checked-language'>Not checked: language</h2>"
        f"<p>{s.language_not_checked:,} posts are in a language Pause cannot read yet (its checks "
        "read English only), so Pause could not say whether they are safe. Read them yourself "
        "with the same care; nothing in them was checked.</p>"
        f"<ul class='langs'>{lines}</ul>"
        + _more_in_json(s.language_not_checked, len(s.language_list))
    )


def _year_table(s: AuditSummary) -> str:
    rows = "".join(
        f"<tr><td>{escape(year)}</td><td>{sum(c.values()):,}</td>"
        f"<td>{c.get('hold', 0):,}</td><td>{c.get('revise', 0):,}</td></tr>"
        for year, c in sorted(s.by_year.items())
    )
    return (
        "<table><tr><th>Year</th><th>Screened</th><th>Hold</th><th>Revise</th></tr>"
        f"{rows}</table>"
    )


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _timeline(s: AuditSummary) -> str:
    """Stacked monthly bars of held and to-revise posts, as inline SVG."""
    if not s.by_month:
        return "<p>No flagged posts to chart.</p>"
    months = _months(min(k[0] for k in s.by_month), max(k[0] for k in s.by_month))
    peak = max(
        s.by_month.get((m, "hold"), 0) + s.by_month.get((m, "revise"), 0) for m in months
    )
    bar, gap, height, top, bottom = 8, 2, 140, 10, 22
    width = max(320, len(months) * (bar + gap) + 40)
    shapes = []
    for i, month in enumerate(months):
        x = 30 + i * (bar + gap)
        base = float(top + height)
        for verdict, colour in (("hold", "#a33"), ("revise", "#d49a1f")):
            n = s.by_month.get((month, verdict), 0)
            if n:
                h = max(1.0, height * n / peak)
                base -= h
                shapes.append(
                    f"<rect x='{x}' y='{base:.1f}' width='{bar}' height='{h:.1f}' "
                    f"fill='{colour}'><title>{month}: {n} {verdict}</title></rect>"
                )
        if month.endswith("-01") or i == 0:
            shapes.append(f"<text x='{x}' y='{top + height + 15}'>{month[:4]}</text>")
    shapes.append(f"<text x='0' y='{top + 8}'>{peak}</text>")
    return (
        f"<svg role='img' aria-label='Flagged posts per month' "
        f"viewBox='0 0 {width} {top + height + bottom}' width='100%' "
        f"style='max-width:{width}px' xmlns='http://www.w3.org/2000/svg'>"
        f"<line x1='28' y1='{top + height}' x2='{width}' y2='{top + height}' stroke='#bbb'/>"
        + "".join(shapes)
        + "</svg><p class='meta'><span style='color:#a33'>&#9632;</span> hold "
        "<span style='color:#d49a1f'>&#9632;</span> revise</p>"
    )


def _flagged_list(flagged: list[dict[str, Any]], dropped: int) -> str:
    if not flagged:
        return "<p>Nothing was flagged. Thank you for checking.</p>"
    parts = [_article(e) for e in flagged]
    if dropped:
        parts.append(
            f"<p>{dropped:,} more flagged posts are listed in report.json and report.csv.</p>"
        )
    return "".join(parts)


def _article(e: dict[str, Any]) -> str:
    verdict = escape(str(e.get("verdict")))
    action = str(e.get("action") or "")
    platform = PLATFORM_NAMES.get(str(e.get("platform")), str(e.get("platform")))
    reasons = "".join(
        f"<li>{escape(str(r.get('message', '')))}"
        + (f" <span class='meta'>({escape(', '.join(r.get('rules') or []))})</span>"
           if r.get("rules") else "")
        + "</li>"
        for r in e.get("reasons") or ()
    )
    questions = "".join(
        f"<li>{escape(str(q.get('text', '')))}</li>" for q in e.get("questions") or ()
    )
    rewrite = e.get("rewrite")
    url = e.get("url")
    # Shown as text, not a link: the page never reaches out, not even on a stray click.
    where = f"<p class='meta'>Find it at <code>{escape(str(url))}</code></p>" if url else ""
    parts = e.get("screened_in_parts")
    if parts:
        where += (f"<p class='meta'>A long post (over {MAX_CHARS:,} characters): screened in "
                  f"{int(parts)} overlapping parts.</p>")
    return (
        f"<article class='post {verdict}'><div class='meta'>"
        f"<span class='badge {verdict}'>{verdict}</span> "
        f"{escape(str(e.get('date') or 'undated'))} &middot; {escape(platform)} "
        f"{escape(str(e.get('kind') or ''))} &middot; <code>{escape(str(e.get('source')))}</code>"
        f"</div><div class='text'>{highlight(str(e.get('text') or ''), e)}</div>"
        + (f"<ul>{reasons}</ul>" if reasons else "")
        + (f"<details><summary>Questions to sit with</summary><ul class='questions'>"
           f"{questions}</ul></details>" if questions else "")
        + (f"<details><summary>Suggested rewrite</summary><div class='text'>"
           f"{escape(str(rewrite))}</div></details>" if rewrite else "")
        + where
        + f"<p class='action'>Suggested action: {escape(action)}. "
        f"<span class='meta'>{escape(ACTION_ADVICE.get(action, ''))}</span></p></article>"
    )


def highlight(text: str, entry: dict[str, Any]) -> str:
    """Escape `text` and wrap every flagged span in <mark>; overlaps are merged."""
    spans: list[tuple[int, int, str]] = []
    for f in entry.get("findings") or ():
        start, end = f.get("start"), f.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, f.get("label") or ""))
    for s in entry.get("spans") or ():
        start, end = s.get("start"), s.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, s.get("label") or ""))
    if not spans:
        return escape(text)
    bounds = sorted({0, len(text), *(b for s, e, _ in spans for b in (s, e))})
    # Segments between boundaries, each with the labels covering it (None: not flagged);
    # neighbours with the same labels become one mark.
    runs: list[tuple[int, int, tuple[str, ...] | None]] = []
    for a, b in itertools.pairwise(bounds):
        covering = [lab for s, e, lab in spans if s <= a and b <= e]
        labels = tuple(sorted({x for x in covering if x})) if covering else None
        if runs and runs[-1][2] == labels and runs[-1][1] == a:
            runs[-1] = (runs[-1][0], b, labels)
        else:
            runs.append((a, b, labels))
    out = []
    for a, b, labels in runs:
        chunk = escape(text[a:b])
        if labels is None:
            out.append(chunk)
        elif labels:
            out.append(f"<mark title='{escape(', '.join(labels))}'>{chunk}</mark>")
        else:
            out.append(f"<mark class='evidence'>{chunk}</mark>")
    return "".join(out)
