"""Input checks shared by every front end: clear messages instead of tracebacks."""

from __future__ import annotations

import re

from pausepost.errors import InputError

# Facebook's own limit is 63,206 characters; nothing longer is a social-media post.
MAX_CHARS = 65_536


def validate_text(text: object) -> str:
    """Return `text` if it can be screened, else raise `InputError` saying why."""
    if not isinstance(text, str):
        raise InputError("the draft must be text")
    if not text.strip():
        raise InputError("the draft is empty: there is nothing to check")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"the draft is {len(text):,} characters; Pause checks posts up to {MAX_CHARS:,}"
        )
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    if "\x00" in text or controls > max(8, len(text) // 20):
        raise InputError("the draft looks like binary data, not text")
    return text


def decode_bytes(data: bytes, *, source: str = "input") -> str:
    """Decode user-supplied bytes as UTF-8 (BOM allowed), with a clear error otherwise."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{source} looks like a binary file, not text")
    for enc in ("utf-8-sig", "utf-16"):
        if enc == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{source} is not valid UTF-8 text; save it as UTF-8 and try again")


# Function words that tell a language apart; a draft of any length uses some of them.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and or but to of in on at for with my me is was are it this that you your "
        "we our not no just have had today she he they",
        "es": "el la los las y que de del en un una es por con para mi su pero muy hoy ella "
        "lo le se al como está fue",
        "fr": "le la les et que de des du en un une est pour avec mon ma mes pas je il elle "
        "nous vous aujourd'hui très",
        "de": "der das und ist nicht ich du sie wir mit für auf ein eine mein heute sehr aber",
        "pt": "os que de do da um uma é para com meu minha não hoje ela ele muito",
        "it": "il lo gli che di del della un una è per con mio mia non oggi lei lui",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def reads_as_english(text: str) -> bool:
    """False only when the draft is clearly another language (Pause's word lists are English).

    Another script (most letters outside Latin), or more function words of another
    language than of English. Short or list-like drafts get the benefit of the doubt.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 6 and sum(1 for ch in letters if ord(ch) < 0x250) < len(letters) / 2:
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    counts = {lang: sum(1 for w in words if w in fw) for lang, fw in _FUNCTION_WORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best == "en" or counts[best] < 3 or counts[best] <= 1.5 * counts["en"]
