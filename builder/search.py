"""Search: a lunr index built here, shipped in shards the browser fetches by term.

The Indonesian pipeline (normalise -> split compounds -> drop stop words ->
stem) must give the same terms in Python (building) and in JavaScript
(querying), or words silently stop matching. So:
- normalising and splitting are simple enough to write twice, identically
  (themes/default/static/search-core.js mirrors this file);
- stop words and compounds are data, shipped to the browser in the manifest;
- stems come from PySastrawi (a dictionary stemmer) for every word of the
  archive at build time. The browser cannot run PySastrawi, so each word
  whose stem differs from `fallback_stem` (a small rule stemmer, written in
  both languages) ships in the shard that holds the word. A word the archive
  never had gets `fallback_stem` on both sides.

Shards: lunr's score for a document is a dot product of the query vector
with the document's field vectors over the query's terms only, so the index
splits by term. Each shard holds, for a range of keys (in JavaScript string
order), those terms' postings with their frequencies, and those words'
stems. Shards are cut by size within segments, and a segment starts at
each key whose hash is a multiple of SEGMENT_KEYS: where the cuts fall
depends on the keys near them only, so an edit that changes a few terms
changes the shards of their segments and no others. A shard's file is
named after its first key.

The browser computes the field vectors' BM25 weights, as lunr would, from
the frequencies, each document's field lengths (lengths.json) and the
average lengths (in the manifest); it numbers the terms it loaded in lunr's
order (first appearance) from each term's first document and its rank among
the terms first met there. So a term's entry depends on its own postings
alone, and editing one article changes only the shards of its terms.
"""
from __future__ import annotations

import bisect
import json
import math
import os
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple

import lunr
from lunr.pipeline import Pipeline

from .cache import content_hash

if TYPE_CHECKING:
    from .postings import PostingsIndex, WordRows

FIELDS = (("title", 10), ("entities", 3), ("body", 1), ("publisher", 2))
# True function words only: Sastrawi's long list drops kerja, sama, bekerja, bersama.
STOP_WORDS = ("yang", "dan", "di", "ke", "dari", "ini", "itu", "pada", "untuk", "dengan", "dalam", "atau", "juga",
              "akan", "oleh", "sebagai", "bahwa", "adalah", "para", "pun", "lah", "kah", "nya", "si", "sang")
# Written joined or apart; both become the parts, so either finds the other.
COMPOUNDS = {
    "kerjasama": ("kerja", "sama"), "bekerjasama": ("bekerja", "sama"), "tanggungjawab": ("tanggung", "jawab"),
    "bertanggungjawab": ("bertanggung", "jawab"), "antarnegara": ("antar", "negara"),
    "sebagaimana": ("sebagai", "mana"), "matahari": ("mata", "hari"),
}
SHARD_BYTES = 12_000  # target size of a term shard before compression
SEGMENT_KEYS = 128  # keys per segment, on average: shards are cut within segments (see shard_texts)
NAME_LIMIT = 100  # no shard starts at a key whose file name would be longer
DATA_BLOCK = 1  # documents per result-data file: the first ten results are rarely neighbours (must stay 1: see result_data)
FACET_BLOCK = 1000  # documents per facet shard
FACET_ENTITIES = 50  # entities offered as facets: those in the most documents
FORMAT = 4  # 2: weights in thousandths; 3: term frequencies, the browser weighs them; 4: shards named by key


# ----------------------------------------------------------- the pipeline

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


def tokenize(text: str) -> list[str]:
    """Words of a text, normalised; hyphens and punctuation split words."""
    text = normalise(text).replace("_", " ")
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
    import sys

    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    quicker_re = _SastrawiRe()
    for name, module in list(sys.modules.items()):
        if name.startswith("Sastrawi.") and getattr(module, "re", None) is re:
            module.re = quicker_re  # type: ignore[attr-defined]
    return StemmerFactory().create_stemmer()


class _SastrawiRe:
    """What PySastrawi's modules get in place of `re`: the same answers,
    sooner. It calls re.match and re.sub with pattern strings about 190
    times per word; each call looks the pattern up in re's cache, which the
    words it also uses as patterns (to find what a rule removed) keep
    flushing. Here its 60 patterns are compiled once, and a pattern of
    letters, digits, spaces and hyphens, which matches only itself, is
    replaced as a string. A quarter less stemming time; the stems are
    checked against PySastrawi's own (tests/test_search.py)."""

    IGNORECASE, MULTILINE = re.IGNORECASE, re.MULTILINE
    _LITERAL = re.compile(r"[a-z0-9 -]*")

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}

    def _pattern(self, pattern: str, flags: int) -> re.Pattern[str]:
        compiled = self._compiled.get((pattern, flags))
        if compiled is None:
            compiled = self._compiled[pattern, flags] = re.compile(pattern, flags)
        return compiled

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self._pattern(pattern, flags).match(string)

    def sub(self, pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
        if count == 1 and not flags and "\\" not in repl and self._LITERAL.fullmatch(pattern):
            return string.replace(pattern, repl, 1)
        return self._pattern(pattern, flags).sub(repl, string, count)


def dictionary_stem(word: str) -> str:
    """PySastrawi's stem for a normalised word; numbers and words with
    apostrophes are kept as they are."""
    if not word.isalpha():
        return word
    stem = _sastrawi().stem(word)
    return stem if stem else word


class Pipeline_:  # noqa: N801 - a namespace for the registered lunr functions
    """The pipeline functions, registered with lunr.py under the labels the
    browser registers its own under. `stems` is the archive's word -> stem map."""

    stems: dict[str, str] = {}

    @staticmethod
    def normaliser(token, i=None, tokens=None):
        """Query terms reach the pipeline as lunr's lexer cut them ('“Xi”',
        '446,10'); tokenizing here gives the words the index holds."""
        return [token.clone(lambda s, m=None, w=w: w) for w in tokenize(str(token))]

    @staticmethod
    def compounds(token, i=None, tokens=None):
        parts = COMPOUNDS.get(str(token))
        if not parts:
            return token
        return [token.clone(lambda s, m=None, p=p: p) for p in parts]

    @staticmethod
    def stop_words(token, i=None, tokens=None):
        return None if str(token) in _STOP or not str(token) else token

    @staticmethod
    def stemmer(token, i=None, tokens=None):
        return token.update(lambda s, m=None: Pipeline_.stems.get(s) or fallback_stem(s))


_STOP = frozenset(STOP_WORDS)
LABELS = ("id-normaliser", "id-compounds", "id-stop-words", "id-stemmer")
for _fn, _label in zip((Pipeline_.normaliser, Pipeline_.compounds, Pipeline_.stop_words, Pipeline_.stemmer), LABELS):
    Pipeline.register_function(_fn, _label)
_FUNCTIONS = [Pipeline.registered_functions[label] for label in LABELS]


def pipeline_terms(text: str) -> list[str]:
    """What the index holds for a text: the terms after the whole pipeline."""
    return _terms(tokenize(text), Pipeline_.stems)


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


_FIELD_TEXT = {"title": lambda d: d.title, "entities": lambda d: d.entities, "body": lambda d: d.body,
               "publisher": lambda d: d.publisher}

# A document's words, per field in FIELDS order: word -> count, in order of
# first appearance (which is what numbers lunr's terms).
WordCounts = tuple[dict[str, int], ...]


def word_counts(doc: SearchDoc) -> WordCounts:
    """What the index needs of a document, and all it needs: small enough to
    cache per article, and computed in a worker process."""
    return tuple(Counter(tokenize(_FIELD_TEXT[name](doc))) for name, _ in FIELDS)


def _words(docs: list[SearchDoc]) -> list[dict[str, list[str]]]:
    """Each document's words per field, in order (for lunr.py itself, in tests)."""
    return [{name: tokenize(_FIELD_TEXT[name](doc)) for name, _ in FIELDS} for doc in docs]


# Below this many new words a process pool costs more than it saves.
POOL_MIN_WORDS = 2000


def vocabulary_of(words: list[dict[str, list[str]]]) -> set[str]:
    """Every word of documents tokenized by `_words`."""
    return {word for fields in words for field_words in fields.values() for word in field_words}


def stem_map(vocabulary: set[str], known: dict[str, str] | None = None,
             processes: int | None = None) -> dict[str, str]:
    """word -> PySastrawi stem for every word of the vocabulary; `known`
    holds stems from earlier builds, so only new words meet the (slow)
    stemmer, on `processes` cores (default: all) when there are many."""
    parts = sorted({part for word in vocabulary for part in COMPOUNDS.get(word, (word,))} - _STOP)
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


def _terms(field_words: list[str], stems: dict[str, str]) -> list[str]:
    """The pipeline after tokenizing (compounds, stop words, stems), as pipeline_terms."""
    out = []
    for word in field_words:
        for part in COMPOUNDS.get(word, (word,)):
            if part not in _STOP:
                out.append(stems.get(part) or fallback_stem(part))
    return out


def build_index(docs: list[SearchDoc], stems: dict[str, str],
                words: list[dict[str, list[str]]] | None = None) -> lunr.index.Index:
    """The lunr index of the documents; refs are their numbers as text.

    Documents go in as finished terms (the same pipeline, run once here),
    so lunr.py's own per-token pipeline is empty; the search pipeline it
    serialises is the full one the browser runs on queries.
    """
    Pipeline_.stems = stems
    builder = lunr.builder.Builder()
    builder.search_pipeline.add(*_FUNCTIONS)
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, fields in enumerate(words if words is not None else _words(docs)):
        builder.add({"id": str(number), **{name: _terms(fields[name], stems) for name, _ in FIELDS}})
    return builder.build()


def js_order(key: str) -> bytes:
    """Sort key matching JavaScript's string comparison (UTF-16 code units)."""
    return key.encode("utf-16-be")


# ---------------------------------------------------------------- shards

@dataclass(frozen=True)
class SearchFiles:
    files: dict[str, str]  # path under site/ -> JSON text
    terms: int
    shards: int
    stems: dict[str, str]  # every word's dictionary stem, for the next build's cache
    state: "IndexState | None"  # what the next build patches, when few documents changed
    kept: dict[str, str]  # shard path -> hash of its bytes: unchanged since `state`, so not in files


@dataclass(frozen=True)
class IndexState:
    """An index as the next build needs it to patch it (index_patch.py)
    rather than make it again."""

    rows: WordRows
    index: PostingsIndex
    stems: dict[str, str]  # the stem map the index was made with
    word_stems: dict[str, str]  # the words the shards carry a stem for
    keys: list[str]  # every shard key (terms and words), in JavaScript string order
    starts: list[str]  # the keys that start a segment, "" (before any key) first
    shards: list[tuple[str, str]]  # (first key, hash of the file's bytes), in order
    docs: tuple[SearchDoc, ...] = ()  # for each document of rows, what the facets read of it (pipeline.index_files)


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def shard_name(first_key: str) -> str:
    """The file of the shard starting at first_key (mirrored in JS): letters
    a-z and digits as they are, any other character as _<hex code>_."""
    return "s-" + "".join(c if c in _PLAIN else f"_{ord(c):x}_" for c in first_key) + ".json"


def shard_path(first_key: str) -> str:
    return "search/data/" + shard_name(first_key)


def starts_segment(key: str) -> bool:
    return zlib.crc32(key.encode("utf-8")) % SEGMENT_KEYS == 0 and len(shard_name(key)) <= NAME_LIMIT


def shard_texts(keys: list[str], term_text: Callable[[str], str | None],
                word_stems: dict[str, str]) -> list[tuple[str, str]]:
    """One segment's keys (in JavaScript string order) cut into shards of
    about SHARD_BYTES: [(first key, '{"t":{term: entry},"w":{word: stem}}')].
    A key's term and stem stay in one shard."""
    shards: list[tuple[str, str]] = []
    terms: list[str] = []
    words: list[str] = []
    size = 0
    first = ""
    for key in keys:
        text = term_text(key)
        stem = word_stems.get(key)
        length = (len(key) + len(text) + 4 if text is not None else 0) + (len(key) + len(stem) + 6 if stem else 0)
        if size and size + length > SHARD_BYTES and len(shard_name(key)) <= NAME_LIMIT:
            shards.append((first, _shard_text(terms, words)))
            terms, words, size = [], [], 0
        if not size:
            first = key
        if text is not None:
            terms.append(f'"{key}":{text}')
        if stem:
            words.append(f'"{key}":"{stem}"')
        size += length
    if size:
        shards.append((first, _shard_text(terms, words)))
    return shards


def _shard_text(terms: list[str], words: list[str]) -> str:
    return '{"t":{' + ",".join(terms) + '},"w":{' + ",".join(words) + "}}"


def key_span(keys: list[str], start: str, end: str | None) -> slice:
    """Where in keys (sorted in JavaScript string order) the keys from start
    up to end (None: to the last) are."""
    low = bisect.bisect_left(keys, js_order(start), key=js_order)
    high = bisect.bisect_left(keys, js_order(end), key=js_order) if end is not None else len(keys)
    return slice(low, high)


def segments(keys: list[str], starts: list[str]) -> Iterator[tuple[int, int]]:
    """(first, end) index ranges of keys, one per segment that has keys."""
    for start, end in zip(starts, [*starts[1:], None]):
        span = key_span(keys, start, end)
        if span.stop > span.start:
            yield span.start, span.stop


def full_shards(rows: WordRows, index: PostingsIndex,
                stems: dict[str, str]) -> tuple[IndexState, list[tuple[str, str]]]:
    """Every shard of the index (as shard_texts gives them) and the state
    the next build can patch. The words whose stem fallback_stem would not
    find carry their stem."""
    texts = dict(index.term_texts())
    term_number = {term: n for n, term in enumerate(index.terms)}
    word_stems = {word: stem for word, stem in stems.items() if stem != fallback_stem(word)}
    keys = sorted({*(index.terms[n] for n in texts), *word_stems}, key=js_order)
    starts = [""] + [key for key in keys if starts_segment(key)]
    def text_of(key: str) -> str | None:  # each text freed once in its shard
        return texts.pop(term_number.get(key, -1), None)

    shards = [shard for first, end in segments(keys, starts) for shard in shard_texts(keys[first:end], text_of, word_stems)]
    return IndexState(rows, index, stems, word_stems, keys, starts,
                      [(first, content_hash(text)) for first, text in shards]), shards


MANIFEST_PATH = "search/data/manifest.json"
LENGTHS_PATH = "search/data/lengths.json"  # each document's field lengths (in terms)


def result_data_path(number: int) -> str:
    return f"search/data/d{number}.json"


def result_data(doc: SearchDoc) -> str:
    """What a result shows of its document: one file per document (DATA_BLOCK
    is 1), so it can be made with the document's analysis and cached."""
    return _dump([{"t": doc.title, "u": doc.url, "d": doc.date, "dt": doc.date_text, "p": doc.publisher,
                   "x": doc.body, "n": [list(group) for group in doc.name_groups]}])


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def search_files(docs: list[SearchDoc], facet_names: dict[str, list[str]],
                 known_stems: dict[str, str] | None = None,
                 counts: Iterable[WordCounts] | None = None,
                 with_result_data: bool = True, stem_processes: int | None = None,
                 rows: WordRows | None = None, previous: IndexState | None = None) -> SearchFiles:
    """Everything under site/search/data/: manifest, term shards, result data,
    facets. `counts` are the documents' word_counts in order, when they were
    computed before (read once, so a generator from the cache will do);
    `rows`, the same as word_rows, when the last build's rows were at hand.
    Without result data, the caller writes each document's `result_data`
    itself (the build takes them from its cache), and `docs` need only the
    fields the facets use. With the `previous` build's state, and few
    documents changed, that index is patched: the shards it had that did
    not change are listed in `kept` and left out of `files`."""
    from .index_patch import patched  # it builds on this module
    from .postings import joined_numbers, postings_index, word_rows  # numpy: only where an index is made

    if rows is None:
        counts = counts if counts is not None else (word_counts(doc) for doc in docs)
        rows = word_rows(map(str, range(len(docs))), lambda _: counts)  # type: ignore[arg-type,return-value]
    stems_for = lambda words: stem_map(words, known_stems, stem_processes)  # noqa: E731
    patch = patched(previous, rows, stems_for) if previous is not None else None
    if patch is None:
        index, stems = postings_index(rows, stems_for)
        state, shards = full_shards(rows, index, stems)
        kept: dict[str, str] = {}
    else:
        state, shards, kept = patch
        index, stems = state.index, state.stems
    Pipeline_.stems = stems
    files = {shard_path(first): text for first, text in shards}
    boundaries = [first for first, _ in state.shards] or [""]
    if not state.shards:
        files[shard_path("")] = _shard_text([], [])
    terms_count = len(index.terms)
    averages = index.averages()
    # Each field's lengths, a list per field (runs of similar numbers compress well).
    files[LENGTHS_PATH] = "[" + ",".join(f"[{joined_numbers(index.lengths[:, f].copy())[0]}]"
                                         for f in range(len(FIELDS))) + "]"
    shard_count = len(boundaries)
    if with_result_data:
        for number, doc in enumerate(docs):
            files[result_data_path(number)] = result_data(doc)
    # Facet rows stay small: a year index, a publisher index, and only the
    # FACET_ENTITIES entities found in most documents (the page shows a dozen).
    publisher_ids = {name: n for n, name in enumerate(facet_names["publishers"])}
    years = sorted({d.year for d in docs})
    year_ids = {year: n for n, year in enumerate(years)}
    frequency: dict[str, int] = {}
    for d in docs:
        for e in d.entity_ids:
            frequency[e] = frequency.get(e, 0) + 1
    names = dict(zip(facet_names["entity_ids"], facet_names["entity_names"]))
    top = sorted((e for e in frequency if e in names), key=lambda e: (-frequency[e], e))[:FACET_ENTITIES]
    entity_ids = {entity_id: n for n, entity_id in enumerate(top)}
    for block in range(0, len(docs), FACET_BLOCK):
        files[f"search/data/f{block // FACET_BLOCK}.json"] = _dump([
            [year_ids[d.year], publisher_ids.get(d.publisher, -1), [entity_ids[e] for e in d.entity_ids if e in entity_ids]]
            for d in docs[block: block + FACET_BLOCK]])
    files["search/data/facets.json"] = _dump({"years": years, "publishers": facet_names["publishers"],
                                              "entities": [names[e] for e in top]})
    manifest = {
        "format": FORMAT,
        "lunr": "2.3.9",
        "fields": [[name, boost] for name, boost in FIELDS],
        "pipeline": list(LABELS),
        "stopWords": list(STOP_WORDS),
        "compounds": {k: list(v) for k, v in sorted(COMPOUNDS.items())},
        "docs": len(docs),
        "averages": averages,  # each field's average length, for lunr's BM25 (search-core.js)
        "boundaries": boundaries,
        "dataBlock": DATA_BLOCK,
        "facetBlock": FACET_BLOCK,
    }
    files[MANIFEST_PATH] = _dump(manifest)
    return SearchFiles(files, terms_count, shard_count, stems, state, kept)


def shard_for(key: str, boundaries: list[str]) -> int:
    """The shard whose range holds key (mirrored in JS)."""
    keys = [js_order(b) for b in boundaries]
    return max(bisect.bisect_right(keys, js_order(key)) - 1, 0)


def monolithic_index_json(docs: list[SearchDoc]) -> str:
    """The whole index in lunr's own format: the reference the shards must match."""
    words = _words(docs)
    stems = stem_map(vocabulary_of(words))
    return json.dumps(build_index(docs, stems, words).serialize(), ensure_ascii=False)
