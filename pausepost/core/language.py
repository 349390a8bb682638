"""Which language a draft is in, so Pause never vouches for words it cannot read.

Pause's detectors and model read English only. py3langid (BSD-3-Clause; its model ships
inside the wheel, nothing downloads) names the language of each sentence; the draft is
"not checked" when sentences Pause cannot read carry a real part of it. Calling sloppy
English another language is the costly error (Pause would refuse to check it), so a sentence
counts as another language only when it has enough letters and the model is sure.
Figures: BENCHMARKS.md, "Language detection".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# A sentence is "another language" only when the model's best guess is not English, holds at
# least MIN_TOP of the probability, leaves English at most MAX_ENGLISH, and the sentence has
# MIN_LETTERS letters (a CJK character counts as several: it carries a word's worth of text).
# Tuned on benchmarks/language_sample.py and the 4,200 VADER tweets: no English post called
# another language at these values (BENCHMARKS.md, "Language detection").
MIN_TOP = 0.4
MAX_ENGLISH = 0.005
MIN_LETTERS = 12
MIN_WORDS = 3  # distinct words, where words are spaced (CJK is not)
WIDE_LETTER_WEIGHT = 3
# Only languages people write posts in: the model also knows pidgins and rare languages whose
# letters look like English laughter ("hahaha", "yay yay"), and those guesses called English
# another language. A post in a language left out still reads as its nearest neighbour here.
_WRITTEN = (
    "en af ar bg bn ca cs cy da de el es et eu fa fi fr ga gl he hi hr hu hy id is it ja ka ko "
    "lt lv mk ms nl no pl pt ro ru sk sl sq sr sv sw ta th tl tr uk ur vi zh"
)
MODEL_LANGUAGES: tuple[str, ...] = tuple(_WRITTEN.split())
# The draft is not checked when unread sentences hold this share of its letters, or when one
# of them is this long (a sentence, not a greeting such as "¡Hola amigos!").
UNREAD_SHARE = 0.5
UNREAD_SENTENCE_LETTERS = 30

# What to do with a draft Pause could not read: no "general version" (it would be English).
UNREAD_ADVICE = (
    "Pause offers no rewrite for words it could not read. Read the draft again yourself with "
    "the questions above, or ask a colleague who reads the language, before you post it.",
)

LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "ka": "Georgian", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip

# What says nothing about the language: links, handles, hashtags, e-mail addresses, numbers.
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\S+|[@#]\w+|\d[\d.,:/%-]*")
# Sentence ends in Latin and CJK scripts, line breaks (posts often put one idea a line), and
# the clause breaks a writer switches language at ("Quick update: heute hat meine ...").
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？:;])\s+|(?<=[。！？])|\n+|\s+[–—-]\s+")
# Within a long clause, word windows catch a switch with no punctuation at all ("Lovely shift
# today and also min klient Sarah græd hele sessionen"). A window counts only when the
# model is as sure as for a sentence, so English stays English (BENCHMARKS.md).
WINDOW_WORDS = 7
WINDOW_STEP = 3
# Windows are read only where the clause as a whole is not plainly English: they cost a model
# call each, and a clause the model gives English at this probability has no foreign run
# long enough to matter (a mixed one such as the example above scores about 0.5).
WINDOWS_BELOW_ENGLISH = 0.95


@dataclass(frozen=True)
class LanguageReading:
    """What Pause could read. `unread` names the languages of the sentences it could not."""

    checkable: bool
    unread: tuple[str, ...] = ()

    @property
    def unread_names(self) -> str:
        names = dict.fromkeys(language_name(code) for code in self.unread)
        return " and ".join(names) or "another language"


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, "another language")


_lock = threading.Lock()
_loaded: list[Any] = []


def _identifier() -> Any:
    # Loaded once per process, on first use (about a second; the model is xz-compressed in
    # the wheel): a run that never screens a draft never pays for it.
    if not _loaded:
        with _lock:
            if not _loaded:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                ident.set_languages(list(MODEL_LANGUAGES))
                _loaded.append(ident)
    return _loaded[0]


def _letters(text: str) -> int:
    n = 0
    for ch in text:
        if ch.isalpha():
            n += WIDE_LETTER_WEIGHT if unicodedata.east_asian_width(ch) in "WF" else 1
    return n


def _clean(text: str) -> str:
    # Emoji and symbols carry no language; lower case so SHOUTED English reads as English.
    kept = _NOISE.sub(" ", text)
    kept = "".join(ch if unicodedata.category(ch)[0] in "LPZ" else " " for ch in kept)
    return " ".join(kept.split()).lower()


def sentences(text: str) -> list[str]:
    return [s for s in (x.strip() for x in _SENTENCE_END.split(text)) if s]


def sentence_language(sentence: str) -> str | None:
    """The language of one sentence when the model is sure and there is enough to go on."""
    return _judged(sentence)[0]


def _judged(sentence: str) -> tuple[str | None, float]:
    """`sentence_language`, and the model's probability of English (1.0 when not asked)."""
    clean = _clean(sentence)
    if _letters(clean) < MIN_LETTERS:
        return None, 1.0
    words = clean.split()
    spaced = not any(unicodedata.east_asian_width(ch) in "WF" for ch in clean)
    if spaced and len(words) > 1 and len(set(words)) < MIN_WORDS:
        return None, 1.0  # "blah blah blah", "yay yay": repetition says nothing of a language
    ranked = _identifier().rank(clean)
    best, p_best = str(ranked[0][0]), float(ranked[0][1])
    p_en = next((float(p) for code, p in ranked if code == "en"), 0.0)
    sure = best == "en" or (p_best >= MIN_TOP and p_en <= MAX_ENGLISH)
    return (best if sure else None), p_en


def _unread_within(clause: str) -> tuple[int, list[str]]:
    """Letters of the word windows of `clause` that read as another language, and which."""
    words = clause.split()
    if len(words) < WINDOW_WORDS + 2:
        return 0, []
    covered: set[int] = set()
    langs: list[str] = []
    for start in range(0, len(words) - WINDOW_WORDS + 1, WINDOW_STEP):
        lang = sentence_language(" ".join(words[start : start + WINDOW_WORDS]))
        if lang is not None and lang != "en":
            covered.update(range(start, start + WINDOW_WORDS))
            langs.append(lang)
    letters = sum(_letters(_clean(words[k])) for k in covered)
    return letters, langs


@lru_cache(maxsize=1024)  # a screen asks twice (policy and model), rewrites ask again
def read_language(text: str) -> LanguageReading:
    """Whether Pause can read `text`: English, or English with a short aside in another language.

    Sentences of unsure language count as English (the benefit of the doubt); the whole
    draft is read too, so short sentences of one clear foreign post still count.
    """
    parts = sentences(text)
    whole = sentence_language(text) if len(parts) > 1 else None
    total = 0
    unread_letters = 0
    longest_unread = 0
    unread: list[str] = []
    for part in parts:
        n = _letters(_clean(part))
        total += n
        lang, p_en = _judged(part)
        if lang is None and whole not in (None, "en") and n >= MIN_LETTERS // 2:
            lang = whole  # too short alone, but the draft as a whole is clearly that language
        if lang is not None and lang != "en":
            unread_letters += n
            longest_unread = max(longest_unread, n)
            unread.append(lang)
            continue
        if p_en >= WINDOWS_BELOW_ENGLISH:
            continue
        foreign, langs = _unread_within(part)
        if foreign:
            unread_letters += foreign
            longest_unread = max(longest_unread, foreign)
            unread.extend(langs)
    if not unread:
        return LanguageReading(checkable=True)
    blocked = unread_letters >= UNREAD_SHARE * total or longest_unread >= UNREAD_SENTENCE_LETTERS
    return LanguageReading(checkable=not blocked, unread=tuple(dict.fromkeys(unread)))
