"""Accuracy against a labelled corpus, computed exactly as corpus/score.py does.

`score()` reproduces the reference scorer's figures (a test checks they agree on
the same predictions); `span_report()` and `worst_misses()` add per-label span
figures and the errors that matter most.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pausepost.core.screener import Screener
from pausepost.core.types import Audience, Post
from pausepost.errors import InputError

CONCERNS = (
    "identifiable",
    "client_specific",
    "negative",
    "mocking",
    "clinical",
    "client_media",
    "consent_claimed",
    "work_venting",
)
VERDICTS = ("post", "revise", "hold")
Record = Mapping[str, Any]


def _lines(path: Path) -> list[str]:
    """A UTF-8 file's lines (a leading byte-order mark is not text). Raises InputError."""
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None


def iter_tsv(path: Path) -> Iterator[tuple[str, str]]:
    """(id, text) from a VADER-style TSV (id<TAB>rating<TAB>text). Raises InputError."""
    for n, line in enumerate(_lines(path), 1):
        parts = line.split("\t", 2)
        if len(parts) != 3 or not parts[2].strip():
            raise InputError(f"{path}, line {n}: expected id<TAB>rating<TAB>text")
        yield parts[0].strip(), parts[2].strip()


def load_corpus(path: Path) -> dict[str, dict[str, Any]]:
    """Gold items by id. Raises InputError naming the line on malformed input."""
    out: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            raise InputError(f"{path}, line {n}: not valid JSON") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or "id" not in rec:
            raise InputError(f"{path}, line {n}: expected an object with 'id' and 'text'")
        if rec.get("verdict") not in VERDICTS:
            raise InputError(f"{path}, line {n}: 'verdict' must be one of {', '.join(VERDICTS)}")
        spans = rec.get("spans", [])
        if not isinstance(spans, list) or not all(
            isinstance(s, dict)
            and isinstance(s.get("text"), str)
            and isinstance(s.get("label"), str)
            for s in spans
        ):
            raise InputError(f"{path}, line {n}: 'spans' must be a list of {{text, label}}")
        out[str(rec["id"])] = rec
    return out


def load_tweets(path: Path) -> dict[str, dict[str, Any]]:
    """VADER's tweets (TSV: id, rating, text) as gold items that all should be `post`:
    none is a clinician writing about someone in their care."""
    out: dict[str, dict[str, Any]] = {}
    for ident, text in iter_tsv(path):
        key = f"tweet-{ident}"
        out[key] = {
            "id": key,
            "text": text,
            "verdict": "post",
            "concerns": [],
            "spans": [],
        }
    return out


def load_any(path: Path) -> dict[str, dict[str, Any]]:
    """A labelled JSONL corpus, or (.txt) a TSV of ordinary posts that should all pass."""
    return load_tweets(path) if path.suffix == ".txt" else load_corpus(path)


def _is_span(s: object) -> bool:
    return (
        isinstance(s, dict) and isinstance(s.get("text"), str) and isinstance(s.get("label"), str)
    )


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def gold_offsets(rec: Record) -> list[tuple[int, int, str]]:
    """Every occurrence of every gold span text, as score.py locates them."""
    out: list[tuple[int, int, str]] = []
    for s in rec.get("spans", []):
        t, i = s["text"], 0
        while True:
            j = rec["text"].find(t, i)
            if j < 0:
                break
            out.append((j, j + len(t), s["label"]))
            i = j + 1
    return out


def score(gold: Mapping[str, Record], pred: Mapping[str, Record]) -> dict[str, Any]:
    m: dict[str, Any] = {}
    conf: collections.Counter[tuple[str, str]] = collections.Counter()
    for k, g in gold.items():
        p = pred.get(k, {"verdict": "post", "concerns": [], "spans": []})
        conf[(str(g["verdict"]), str(p.get("verdict")))] += 1

    def count(cond: Any) -> int:
        return sum(c for (g, p), c in conf.items() if cond(g, p))

    pause = ("revise", "hold")
    m["pause_p"], m["pause_r"], m["pause_f1"] = _prf(
        count(lambda g, p: g != "post" and p in pause),
        count(lambda g, p: g == "post" and p in pause),
        count(lambda g, p: g != "post" and p not in pause),
    )
    m["hold_p"], m["hold_r"], m["hold_f1"] = _prf(
        conf[("hold", "hold")],
        count(lambda g, p: g != "hold" and p == "hold"),
        count(lambda g, p: g == "hold" and p != "hold"),
    )
    f1s = []
    for v in VERDICTS:
        f1s.append(
            _prf(
                conf[(v, v)],
                count(lambda g, p, v=v: g != v and p == v),
                count(lambda g, p, v=v: g == v and p != v),
            )[2]
        )
    m["macro_f1"] = round(sum(f1s) / 3, 3)
    m["accuracy"] = round(sum(conf[(v, v)] for v in VERDICTS) / max(1, len(gold)), 3)
    m["hold_as_post"] = conf[("hold", "post")]
    m["post_as_hold"] = conf[("post", "hold")]
    for c in CONCERNS:
        tp = fp = fn = 0
        for k, g in gold.items():
            gc = c in g.get("concerns", [])
            pc = c in pred.get(k, {}).get("concerns", [])
            tp += gc and pc
            fp += (not gc) and pc
            fn += gc and not pc
        m["c_" + c] = _prf(tp, fp, fn)[2]
    gs_found = gs_total = ps_ok = ps_total = 0
    for k, g in gold.items():
        gsp = gold_offsets(g)
        psp = [(s["start"], s["end"]) for s in pred.get(k, {}).get("spans", [])]
        for a, b, _ in gsp:
            gs_total += 1
            gs_found += any(x < b and a < y for x, y in psp)
        for x, y in psp:
            ps_total += 1
            ps_ok += any(x < b and a < y for a, b, _ in gsp)
    m["span_r"] = round(gs_found / gs_total, 3) if gs_total else None
    m["span_p"] = round(ps_ok / ps_total, 3) if ps_total else None
    m["n"] = len(gold)
    m["missing"] = len([k for k in gold if k not in pred])
    m["confusion"] = {f"{g}->{p}": c for (g, p), c in sorted(conf.items())}
    return m


def span_report(gold: Mapping[str, Record], pred: Mapping[str, Record]) -> dict[str, Any]:
    """Recall per gold label (any predicted span overlapping counts, as in score.py)."""
    found: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    for k, g in gold.items():
        psp = [(s["start"], s["end"]) for s in pred.get(k, {}).get("spans", [])]
        for a, b, label in gold_offsets(g):
            total[label] += 1
            found[label] += any(x < b and a < y for x, y in psp)
    return {
        label: {"found": found[label], "total": total[label], "recall": round(found[label] / n, 3)}
        for label, n in sorted(total.items())
    }


@dataclass(frozen=True)
class Miss:
    id: str
    gold: str
    predicted: str
    text: str
    missed_spans: tuple[str, ...]


_SEVERITY = {("hold", "post"): 0, ("revise", "post"): 1, ("post", "hold"): 2, ("hold", "revise"): 3}


def worst_misses(
    gold: Mapping[str, Record], pred: Mapping[str, Record], limit: int = 15
) -> list[Miss]:
    """Misses ordered by harm: a held post called safe first, then over-flagging."""
    misses: list[tuple[int, Miss]] = []
    for k, g in gold.items():
        p = pred.get(k, {"verdict": "post", "spans": []})
        pv = str(p.get("verdict"))
        psp = [(s["start"], s["end"]) for s in p.get("spans", [])]
        missed = tuple(
            g["text"][a:b]
            for a, b, _ in gold_offsets(g)
            if not any(x < b and a < y for x, y in psp)
        )
        sev = _SEVERITY.get((g["verdict"], pv))
        if sev is None and g["verdict"] != pv:
            sev = 4
        elif sev is None and missed:
            sev = 5  # right verdict, but an identifying detail went unmarked
        if sev is not None:
            misses.append((sev, Miss(k, g["verdict"], pv, g["text"], missed)))
    misses.sort(key=lambda t: (t[0], t[1].id))
    return [m for _, m in misses[:limit]]


def post_from_record(key: str, rec: Record) -> Post:
    """The Post a labelled corpus line describes (text, platform, audience, author)."""
    aud = rec.get("audience")
    author = rec.get("author")
    platform = rec.get("platform")
    return Post(
        text=rec["text"],
        id=key,
        platform=platform if isinstance(platform, str) else None,
        audience=Audience(aud) if aud in ("personal", "professional") else None,
        author_role=author if isinstance(author, str) else None,
    )


def predict(screener: Screener, gold: Mapping[str, Record]) -> dict[str, dict[str, Any]]:
    """Screen every gold item; an unscreenable item is left out (score.py counts it missing)."""
    pred: dict[str, dict[str, Any]] = {}
    for key, rec in gold.items():
        try:
            pred[key] = screener.screen(post_from_record(key, rec)).to_dict()
        except InputError:
            continue
    return pred


def predictions(results: Iterable[Record]) -> dict[str, Record]:
    return {str(r["id"]): r for r in results if "id" in r and "verdict" in r}
