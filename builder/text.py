"""Plain text out of the archive's Markdown, and names made of it: small
helpers every stage uses, with no knowledge of any stage."""
from __future__ import annotations

import re
import unicodedata

# A word, where "word" means only that (counting words, comparing names).
# The matcher and the search tokenize in their own ways, for reasons they
# give (annotate/matcher.py, search/terms.py); ingest's word_count too.
WORD = re.compile(r"\w+")
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


def slugify(title: str, max_words: int = 8) -> str:
    """'Xi Berjanji Mendukung Kazakhstan ...' -> 'xi-berjanji-mendukung-kazakhstan-...'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    slug = "-".join(words[:max_words])[:80].strip("-")
    return slug or "artikel"
