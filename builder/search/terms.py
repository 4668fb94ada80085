"""The search pipelines: what a text becomes in the index, the same in
Python (building) and in JavaScript (querying), or words silently stop
matching. Every text is normalised and split into words; then each
document's words go through its language's pipeline (PIPELINES):
- "id", Indonesian (and Malay): split compounds -> drop stop words -> stem.
  Stems come from PySastrawi (a dictionary stemmer) for every word of the
  archive at build time. The browser cannot run PySastrawi, so each word
  whose stem differs from `fallback_stem` (a small rule stemmer, written in
  both languages) ships in the shard that holds the word. A word the
  archive never had gets `fallback_stem` on both sides.
- "en", English: drop "'s" and lunr's English stop words -> lunr's Porter
  stemmer, which lunr.js runs in the browser (english_stem makes lunr.py's
  give the same stems).
- "plain", any other language: words as written.
A query word runs through every pipeline the archive has, and matches the
terms any of them makes (search-core.js). The words of a document outside
"id" are kept apart in the vocabulary with their pipeline's prefix
("en:meetings"): one word, two languages, two sets of terms. Normalising
and splitting are simple enough to write twice, identically
(themes/default/static/search-core.js mirrors this file); stop words and
compounds are data, shipped to the browser in the manifest.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Iterable, NamedTuple

from ..languages import INDONESIAN_STOP_WORDS
from ..text import CJK

FIELDS = (("title", 10), ("entities", 3), ("body", 1), ("publisher", 2))

# True function words only: Sastrawi's long list drops kerja, sama, bekerja, bersama.
STOP_WORDS = INDONESIAN_STOP_WORDS
# Written joined or apart; both become the parts, so either finds the other.
COMPOUNDS = {
    "kerjasama": ("kerja", "sama"), "bekerjasama": ("bekerja", "sama"), "tanggungjawab": ("tanggung", "jawab"),
    "bertanggungjawab": ("bertanggung", "jawab"), "antarnegara": ("antar", "negara"),
    "sebagaimana": ("sebagai", "mana"), "matahari": ("mata", "hari"),
}

# The labels the browser registers the pipeline's functions under (search-core.js), in order.
LABELS = ("normaliser", "languages")
_STOP = frozenset(STOP_WORDS)

# Search pipelines, the archive's main one first when it has several.
PIPELINES = ("id", "en", "plain")
_PIPELINE_OF = {"id": "id", "ms": "id", "en": "en"}  # Malay: Sastrawi's affixes are Malay's too


def pipeline_of(language: str) -> str:
    """The search pipeline of an article's language (its front matter's code)."""
    return _PIPELINE_OF.get(language, "plain")


def archive_languages(languages: Iterable[str]) -> tuple[list[str], list[str]]:
    """The documents' languages, most documents first (the first is the
    archive's main one), and the pipelines a query runs through, in that order."""
    count = Counter(languages)
    ordered = sorted(count, key=lambda code: (-count[code], code))
    return ordered, list(dict.fromkeys(pipeline_of(code) for code in ordered)) or ["id"]


def vocabulary_word(word: str, pipeline: str) -> str:
    """How a document's word is kept in the vocabulary: with its pipeline's
    prefix outside Indonesian (tokenize never makes a ':')."""
    return word if pipeline == "id" else f"{pipeline}:{word}"


def normalise(text: str) -> str:
    """Lower case, no diacritics, straight apostrophes (mirrored in JS)."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    if text.isascii():
        return text  # nothing to decompose: the common case, and the fast one
    return "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn")


# Anything but letters, digits and the apostrophe separates words: the same
# class as /[^\p{L}\p{N}']/u in JavaScript. \w is Unicode letters, digits and
# "_", which tokenize() turns into a space first (one character class is
# twice as fast to match as "letters and digits, or an apostrophe").
_WORD = re.compile(r"[\w']+")
# Chinese and Japanese put no spaces between words: each of their characters
# is a word of its own (CJK in search-core.js), so a query finds them inside a text.
_CJK = re.compile(f"[{CJK}]")


def tokenize(text: str) -> list[str]:
    """Words of a text, normalised; hyphens and punctuation split words, and
    each Chinese or Japanese character is one."""
    text = normalise(text).replace("_", " ")
    if not text.isascii() and _CJK.search(text):
        text = _CJK.sub(r" \g<0> ", text)
    words = _WORD.findall(text)
    if "'" not in text:
        return words
    return [w for w in (word.strip("'") for word in words) if w]


_PARTICLE = re.compile(r"(lah|kah|tah|pun)$")
_POSSESSIVE = re.compile(r"(ku|mu|nya)$")
_SUFFIX = re.compile(r"(kan|an|i)$")
_PREFIX = re.compile(r"^(di|ke|se|ter|ber|be|per|pe|meng|meny|mem|men|me|peng|peny|pem|pen)")


def fallback_stem(word: str) -> str:
    """A small rule stemmer for words the archive has never seen (mirrored in JS):
    particles, possessives, one derivational suffix, one prefix, never below
    four letters. Crude on purpose: it only has to be identical on both sides."""
    if len(word) <= 5 or not word.isalpha():
        return word
    for pattern in (_PARTICLE, _POSSESSIVE, _SUFFIX):
        stripped = pattern.sub("", word)
        if len(stripped) >= 4:
            word = stripped
    stripped = _PREFIX.sub("", word)
    return stripped if len(stripped) >= 4 else word


@lru_cache(maxsize=1)
def _sastrawi():
    """PySastrawi's stemmer, made once per process (it loads a dictionary of
    about 30,000 root words)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def dictionary_stem(word: str) -> str:
    """PySastrawi's stem for a normalised word; numbers and words with
    apostrophes are kept as they are."""
    if not word.isalpha():
        return word
    stem = _sastrawi().stem(word)
    return stem if stem else word


# ------------------------------------------------------------- documents

class SearchDoc(NamedTuple):
    """One article as the search sees it (a named tuple: the search index
    reads every article's back from the cache)."""

    title: str
    body: str  # plain text
    entities: str  # names and aliases of the entities it mentions
    publisher: str
    url: str
    date: str  # ISO or ''
    date_text: str  # as the interface writes it
    year: str
    entity_ids: tuple[str, ...]
    name_groups: tuple[tuple[str, ...], ...] = ()  # each entity's names, so a match on one highlights all
    language: str = "id"  # the article's language code (its search pipeline is pipeline_of it)


_FIELD_TEXT = {"title": lambda d: d.title, "entities": lambda d: d.entities, "body": lambda d: d.body,
               "publisher": lambda d: d.publisher}

# A document's words, per field in FIELDS order: word -> count, in order of
# first appearance (which is what numbers lunr's terms).
WordCounts = tuple[dict[str, int], ...]


def word_counts(doc: SearchDoc) -> WordCounts:
    """What the index needs of a document, and all it needs: small enough to
    cache per article, and computed in a worker process. Words are kept as
    vocabulary_word makes them, for the document's pipeline."""
    pipeline = pipeline_of(doc.language)
    if pipeline == "id":  # most articles: their words as they are
        return tuple(Counter(tokenize(_FIELD_TEXT[name](doc))) for name, _ in FIELDS)
    return tuple(Counter(vocabulary_word(w, pipeline) for w in tokenize(_FIELD_TEXT[name](doc))) for name, _ in FIELDS)


# Below this many new words a process pool costs more than it saves.
POOL_MIN_WORDS = 2000


def stem_map(vocabulary: set[str], known: dict[str, str] | None = None,
             processes: int | None = None) -> dict[str, str]:
    """word -> PySastrawi stem for every word of the vocabulary; `known`
    holds stems from earlier builds, so only new words meet the (slow)
    stemmer, on `processes` cores (default: all) when there are many. Words
    of other pipelines than Indonesian ("en:...") are not in it."""
    parts = sorted({part for word in vocabulary if ":" not in word for part in COMPOUNDS.get(word, (word,))} - _STOP)
    known = known or {}
    new = [w for w in parts if w not in known]
    workers = processes or os.cpu_count() or 1
    if len(new) >= POOL_MIN_WORDS and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            found = dict(zip(new, pool.map(dictionary_stem, new, chunksize=max(1, len(new) // (workers * 8)))))
    else:
        found = {w: dictionary_stem(w) for w in new}
    return {w: known[w] if w in known else found[w] for w in parts}


def stemmer_version() -> str:
    """What the stems depend on, for keying a cache of them."""
    from importlib.metadata import version

    return f"PySastrawi {version('PySastrawi')}"


def word_terms(word: str, stems: dict[str, str]) -> tuple[str, ...]:
    """The terms one vocabulary word becomes (the rest of its pipeline: for
    Indonesian, its compound parts, less stop words, stemmed); what the
    browser's pipeline makes of it too."""
    if ":" in word:
        pipeline, word = word.split(":", 1)
        return pipeline_terms(word, pipeline, stems)
    return indonesian_terms(word, stems)


def indonesian_terms(word: str, stems: dict[str, str]) -> tuple[str, ...]:
    """The terms of one Indonesian word: compound parts, less stop words, stemmed."""
    return tuple(stems.get(part) or fallback_stem(part) for part in COMPOUNDS.get(word, (word,)) if part not in _STOP)


def pipeline_terms(word: str, pipeline: str, stems: dict[str, str]) -> tuple[str, ...]:
    """The terms one tokenized word becomes in one pipeline."""
    if pipeline == "id":
        return indonesian_terms(word, stems)
    if pipeline == "en":
        from .english import english_terms  # lunr takes 30 ms to import: only archives with English pay it

        return english_terms(word)
    return (word,)


def js_order(key: str) -> bytes:
    """Sort key matching JavaScript's string comparison (UTF-16 code units)."""
    return key.encode("utf-16-be")
