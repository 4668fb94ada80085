"""Plain text out of the archive's Markdown, and names made of it: small
helpers every stage uses, with no knowledge of any stage."""
from __future__ import annotations

import re
import unicodedata

# A word, where "word" means only that (counting words, comparing names).
# The matcher and the search tokenize in their own ways, for reasons they
# give (annotate/matcher.py, search/terms.py); ingest's word_count too.
WORD = re.compile(r"\w+")
# Kana and Chinese characters (a regex class's inside): Chinese and Japanese
# put no spaces between words, so matching, search and word counts take
# each of these characters as a word.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# What a source_url may be: an http(s) address, nothing a link could run
# (javascript:, data:). Ingest takes only these from pages; the build refuses others.
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`]+", re.I)

# A reference to a footnote, "[^label]" (not its definition, "[^label]: ..."); the group is the label.
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:\s*", re.M)
_BLOCK_MARK = re.compile(r"^\s*(#{1,6}\s+|\d+[.)]\s+|[-*+]\s+|>\s?)", re.M)
_ESCAPE = re.compile(r"\\([\\`*_\[\]{}()#+.!<>-])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def markdown_to_text(text: str) -> str:
    """The words of a Markdown body as plain text, for search and snippets."""
    text = FOOTNOTE_REFERENCE.sub("", text)
    text = _FOOTNOTE_DEF.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _BLOCK_MARK.sub("", text)
    text = _ESCAPE.sub(r"\1", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"\s*\n\s*", "\n", text).strip()


# Cyrillic letters (Russian, and those Kazakh adds) in Latin ones, for addresses.
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
})


def slugify(title: str, max_words: int = 8, fallback: str = "artikel") -> str:
    """'Xi Berjanji Mendukung Kazakhstan ...' -> 'xi-berjanji-mendukung-kazakhstan-...';
    Cyrillic in Latin letters ('Токаев в Астане' -> 'tokaev-v-astane');
    `fallback` for a title with no letters an address can spell (Chinese)."""
    latin = title.lower().translate(_CYRILLIC)
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.replace("'", ""))
    slug = "-".join(words[:max_words])[:80].strip("-")
    return slug or fallback
