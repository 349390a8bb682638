"""Plain text for the checks, and the way back to the writer's own characters.

People style their posts: 𝗯𝗼𝗹𝗱 and 𝘪𝘵𝘢𝘭𝘪𝘤 letters from the maths block, ｆｕｌｌ－ｗｉｄｔｈ,
ⓒⓘⓡⓒⓛⓔⓓ and sᴍᴀʟʟ ᴄᴀᴘs, zero-width spaces and soft hyphens inside words, l e t t e r - s p a c e d
words, a Cyrillic "а" inside a Latin word. Every detector and the model read plain letters, so
the screener checks `normalize(text).text` and maps each finding back with `Normalized.span`,
which the highlights and the JSON offsets need (they point into what the writer typed).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Invisible characters that split words without showing: zero-width space/joiners, word
# joiner, BOM, soft hyphen, Mongolian vowel separator, direction marks, invisible operators.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u2061\u2062\u2063\u2064\u034f"
)
# Combining marks that style a letter (underline, strike-through, overline) without changing it.
_STYLE_MARKS = frozenset("\u0305\u0331\u0332\u0333\u0335\u0336\u0337\u0338\u0320\u035f\u20e5")

# Names of letters that are only a styled Latin letter: circled, squared, parenthesized,
# small capitals. NFKC covers the maths alphabets, full-width forms and plain circled letters.
_LETTER_NAME = re.compile(
    r"^(?:NEGATIVE )?(?:CIRCLED |SQUARED |PARENTHESIZED )?LATIN "
    r"(?:CAPITAL |SMALL |LETTER SMALL CAPITAL )(?:LETTER )?([A-Z])$"
)
# Cyrillic and Greek letters that look like Latin ones. Only swapped inside a word that also
# has Latin letters, so Russian and Greek words stay what they are.
_LOOKALIKES = {
    cyr_or_greek: latin
    for cyr_or_greek, latin in zip(
        "аеорсхуіјѕԁһԛԝӏАВЕКМНОРСТХІЈЅУ" + "οανιρτκΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
        "aeopcxyijsdhqwlABEKMHOPCTXIJSY" + "oavip" + "tkABEZHIKMNOPTYX",
        strict=True,
    )
}
_WORD_WITH_LOOKALIKE = re.compile(
    r"[^\W\d_]*[" + "".join(_LOOKALIKES) + r"][^\W\d_]*", flags=re.UNICODE
)
# A l e t t e r - s p a c e d word: four or more single letters, one separator kind.
_SPACED = re.compile(
    r"(?<![^\W_])(?:[^\W\d_](?P<sep>[ .\-·*_])(?:[^\W\d_](?P=sep)){2,}[^\W\d_])(?![^\W_])"
)


# "client" as software (a Python client, client-side code), not a person in care. The word is
# read as "program" so neither the rules nor the model take it for someone's client. Language
# and product names are matched with their capitals ("Go client", not "go client to client");
# "native" and "mobile" are left out: "Native clients" and "my mobile clients" are people.
_TECH_BEFORE = (
    r"(?:Python|Java|JavaScript|TypeScript|JS|Node(?:\.js)?|Rust|Go|Golang|Ruby|PHP|Perl|"
    r"C\+\+|C#|\.NET|Swift|Kotlin|Scala|Elixir|Haskell|Dart|Lua|R|API|REST|HTTPS?|GraphQL|gRPC|"
    r"SOAP|SDK|RPC|CLI|IMAP|SMTP|POP3|FTP|SFTP|SSH|DNS|DHCP|NTP|VPN|IRC|XMPP|LDAP|MQTT|"
    r"WebSocket|OAuth2?|OpenID|Matrix|Discord|Slack|Telegram|Signal|Mastodon|Bluesky|Steam|"
    r"Minecraft|Electron|Docker|Kubernetes|Postgres(?:QL)?|MySQL|Redis|Kafka|S3|AWS|Git|"
    # Products a clinician logs into: the EHR, meetings, mail, remote desktops, browsers.
    r"Epic|Cerner|Meditech|Athena|Outlook|Citrix|VMware|Horizon|"
    r"AnyConnect|Cisco|Okta|Thunderbird|Chrome|Firefox|Windows|Android|iOS|macOS|Linux|"
    r"Spotify|Dropbox|OneDrive|Jabber|RDP|Remote Desktop|"
    r"(?i:web|desktop|e-?mail|mail|ftp|ssh|git|torrent|bittorrent|database|db|sql|"
    r"outlook|citrix|remote desktop|"
    r"thin|fat|headless|game|chat|http|api|rest|graphql|sdk|cli|command-line|vpn|irc))"
)
# Video-visit platforms: "my Zoom clients" are people seen over Zoom, so their client is
# software only when something is done to it or goes wrong with it.
_VIDEO = r"(?i:zoom|teams|webex|skype|doxy(?:\.me)?)"
_SOFTWARE_ACT = (
    r"(?i:app|keeps|kept|crash\w*|froze|freez\w*|updat\w*|install\w*|won'?t|will not|"
    r"doesn'?t|does not|logg\w*|log[ -]?in|version|is (?:so |really )?(?:slow|down|broken|buggy))"
)
_SOFTWARE_CLIENT = re.compile(
    r"\b(?i:(?:re|un)?install\w*|updat\w*|download\w*|open\w*|restart\w*)\s+"
    rf"(?:the |a |my |our )?{_VIDEO}[ -](?P<video>(?i:clients?))\b"
    rf"|\b{_VIDEO}[ -](?P<video2>(?i:clients?))(?= {_SOFTWARE_ACT})"
    rf"|\b{_TECH_BEFORE}[ -](?P<after>(?i:clients?))\b"
    r"|\b(?P<before>(?i:clients?))[ /-](?i:side|server|library|libraries|libs?|sdk|"
    r"certificates?|certs?|secrets?|credentials|software|binar(?:y|ies)|builds?|sockets?|code|"
    r"config|configuration)\b",
)


@dataclass(frozen=True)
class Normalized:
    """`text` as the checks read it; `starts[i]`/`ends[i]`: where its character i came from."""

    original: str
    text: str
    starts: tuple[int, ...] | None = None  # None: text is the original, offsets unchanged
    ends: tuple[int, ...] | None = None

    @property
    def changed(self) -> bool:
        return self.starts is not None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in `text` -> offsets in `original` (covering every character behind them)."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> Normalized:
    """Fold styled letters, drop invisible characters and close up letter-spaced words."""
    if text.isascii() and not _SPACED.search(text) and not _SOFTWARE_CLIENT.search(text):
        return Normalized(text, text)  # most drafts: nothing to do, no copy
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        # A base character with the combining marks that follow it is folded as one.
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for ch in _fold(text[i:j]):
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    folded = "".join(out)
    folded, starts, ends = _swap_lookalikes(folded, starts, ends)
    folded, starts, ends = _close_spacing(folded, starts, ends)
    folded, starts, ends = _software_senses(folded, starts, ends)
    if folded == text:
        return Normalized(text, text)
    return Normalized(text, folded, tuple(starts), tuple(ends))


def _fold(cluster: str) -> str:
    if cluster.isascii():
        return cluster
    kept = "".join(ch for ch in cluster if ch not in _INVISIBLE and ch not in _STYLE_MARKS)
    if not kept:
        return ""
    if len(kept) == 1:
        return _fold_char(kept)
    return unicodedata.normalize("NFKC", "".join(_fold_char(ch) for ch in kept))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch
    named = _LETTER_NAME.match(unicodedata.name(ch, ""))
    if named:
        letter = named.group(1)
        small = "SMALL LETTER" in unicodedata.name(ch) or "SMALL CAPITAL" in unicodedata.name(ch)
        return letter.lower() if small else letter
    # Letters, digits and spaces fold (𝗰 -> c, ① -> 1, no-break space -> space); symbols such
    # as "™" or "½" stay as they were.
    if unicodedata.category(ch)[0] not in "LNZ" and not "\uff01" <= ch <= "\uff5e":
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    return folded if folded.isascii() or all(c.isalnum() or c.isspace() for c in folded) else ch


def _swap_lookalikes(
    text: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    if text.isascii():
        return text, starts, ends
    chars = list(text)
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if "a" <= c.lower() <= "z")
    # In a post written in Latin letters, a word made only of lookalikes ("Му" for "My") is
    # a disguise too; in Russian or Greek text it is a word.
    latin_text = latin >= 0.6 * len(letters)
    for m in _WORD_WITH_LOOKALIKE.finditer(text):
        word = m.group()
        mixed = any("a" <= c.lower() <= "z" for c in word)
        if mixed or (latin_text and all(c in _LOOKALIKES for c in word)):
            for k in range(m.start(), m.end()):
                chars[k] = _LOOKALIKES.get(chars[k], chars[k])
    return "".join(chars), starts, ends


def _close_spacing(
    text: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    if not _SPACED.search(text):
        return text, starts, ends
    drop: set[int] = set()
    for m in _SPACED.finditer(text):
        drop.update(range(m.start() + 1, m.end(), 2))
    keep = [k for k in range(len(text)) if k not in drop]
    return (
        "".join(text[k] for k in keep),
        [starts[k] for k in keep],
        [ends[k] for k in keep],
    )


def _software_senses(
    text: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for m in _SOFTWARE_CLIENT.finditer(text):
        group = next(g for g in ("after", "before", "video", "video2") if m.group(g))
        a, b = m.span(group)
        word = "programs" if m.group(group).lower().endswith("s") else "program"
        out.append(text[pos:a])
        new_starts += starts[pos:a]
        new_ends += ends[pos:a]
        out.append(word)  # every letter of "program" points at the whole original word
        new_starts += [starts[a]] * len(word)
        new_ends += [ends[b - 1]] * len(word)
        pos = b
    if not out:
        return text, starts, ends
    out.append(text[pos:])
    return "".join(out), new_starts + starts[pos:], new_ends + ends[pos:]
