"""Seed bytes -> lines of text: the encoding found (UTF-8, UTF-16, Windows-1252),
binary files refused, and one spelling for quotes and spaces.

What is read here is every later stage's input, so nothing is dropped: each
line keeps its number in the seed for messages and the removed: list.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..content.articles import BIDI_CONTROLS
from ..errors import SeedError, too_large

MAX_SEED_BYTES = 5 * 1024 * 1024  # the longest real article is well under 1 MB

# ---------------------------------------------------------------- decoding


def decode_seed(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes -> text, refusing what is not text; returns (text, warnings)."""
    warnings: list[str] = []
    if len(raw) > MAX_SEED_BYTES:
        raise SeedError(name, None, f"{too_large(len(raw), MAX_SEED_BYTES)}: a news article is far smaller. "
                        "Split it or remove it from seeds/")
    utf16 = _utf16(raw)
    if utf16 is not None:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(f"{name}: saved as UTF-16; read as such. Seeds are best saved as UTF-8")
            return _checked_text(text.removeprefix("\ufeff"), name, warnings)
    if b"\x00" in raw[:8192] or raw[:8].startswith((b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04")):
        raise SeedError(name, None, "this is a binary file, not text; seeds must be plain text (.txt) copied from the article")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
            encoding = "Latin-1"
        warnings.append(f"{name}:{line}: not UTF-8; read as {encoding}. Check the accents in the imported text")
    return _checked_text(text, name, warnings)


def _utf16(raw: bytes) -> str | None:
    """'utf-16' (with a byte-order mark), 'utf-16-le' or 'utf-16-be' for
    text saved that way (Notepad's 'Unicode'), else None. Without a mark,
    UTF-16 text is told by its zero bytes: every other byte of Latin text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = raw[:4096]
    if len(sample) >= 16 and len(sample) % 2 == 0:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 0.4 * len(sample) / 2 and even == 0:
            return "utf-16-le"
        if even > 0.4 * len(sample) / 2 and odd == 0:
            return "utf-16-be"
    return None


def _checked_text(text: str, name: str, warnings: list[str]) -> tuple[str, list[str]]:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > max(8, len(text) // 200):
        raise SeedError(name, None, "too many control characters for text; is this a binary file? Save the article as plain text")
    if not text.strip():
        raise SeedError(name, None, "file is empty (or only whitespace); paste the article's text into it or delete it")
    return text, warnings


# ------------------------------------------------------------ normalising

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u2033": '"'})


def normalise_line(line: str) -> str:
    """One spelling for quotes and spaces, so the text is consistent to edit and
    search: straight quotes (the renderer makes them typographic again),
    plain spaces, no invisible characters. Leading indentation is kept because
    it carries list structure."""
    line = unicodedata.normalize("NFC", line)
    line = BIDI_CONTROLS.sub("", _INVISIBLE.sub("", line)).translate(_QUOTES)
    indent = len(line) - len(line.lstrip(" \t"))
    return line[:indent].replace("\t", "    ") + _SPACES.sub(" ", line[indent:]).rstrip()


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the seed
    text: str  # normalised, indentation kept

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())


def read_lines(raw: bytes, label: str) -> tuple[list[Line], list[str]]:
    """The seed as numbered, normalised lines, with what the reader should know
    (encoding guessed, direction controls removed)."""
    text, warnings = decode_seed(raw, label)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    overridden = [n for n, t in enumerate(raw_lines, 1) if BIDI_CONTROLS.search(t)]
    if overridden:
        warnings.append(f"{label}:{overridden[0]}: right-to-left or other direction controls removed (on "
                        f"{len(overridden)} line{'s' if len(overridden) > 1 else ''}); they make text display in "
                        "another order than it is written. Check the imported text reads as the page did")
    return [Line(n, normalise_line(t)) for n, t in enumerate(raw_lines, 1)], warnings
