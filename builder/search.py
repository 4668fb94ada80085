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
order), those terms' postings with their weights (the field-vector
components, so the client rebuilds the vectors) and those words' stems.
Shards are cut by size, not by prefix length.
"""
from __future__ import annotations

import bisect
import json
import math
import os
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

import lunr
from lunr.pipeline import Pipeline

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
DATA_BLOCK = 1  # documents per result-data file: the first ten results are rarely neighbours
FACET_BLOCK = 1000  # documents per facet shard
FACET_ENTITIES = 50  # entities offered as facets: those in the most documents
FORMAT = 1


# ----------------------------------------------------------- the pipeline

def normalise(text: str) -> str:
    """Lower case, no diacritics, straight apostrophes (mirrored in JS)."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    if text.isascii():
        return text  # nothing to decompose: the common case, and the fast one
    return "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn")


# Anything but letters, digits and the apostrophe separates words: the same
# class as /[^\p{L}\p{N}']/u in JavaScript ([^\W_] is Unicode letters and digits).
_WORD = re.compile(r"(?:[^\W_]|')+")


def tokenize(text: str) -> list[str]:
    """Words of a text, normalised; hyphens and punctuation split words."""
    text = normalise(text)
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
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


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

@dataclass(frozen=True)
class SearchDoc:
    """One article as the search sees it."""

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


def vocabulary(counts: Iterable[WordCounts]) -> set[str]:
    words: set[str] = set()
    for fields in counts:
        for field in fields:
            words.update(field)
    return words


# Below this many new words a process pool costs more than it saves.
POOL_MIN_WORDS = 2000


def stem_map(docs: list[SearchDoc], words: list[dict[str, list[str]]] | None = None,
             known: dict[str, str] | None = None, vocabulary_: set[str] | None = None) -> dict[str, str]:
    """word -> PySastrawi stem for every word the documents contain; `known`
    holds stems from earlier builds, so only new words meet the (slow)
    stemmer, on every core when there are many."""
    if vocabulary_ is None:
        vocabulary_ = set()
        for fields in words if words is not None else _words(docs):
            for field_words in fields.values():
                vocabulary_.update(field_words)
    parts = sorted({part for word in vocabulary_ for part in COMPOUNDS.get(word, (word,))} - _STOP)
    known = known or {}
    new = [w for w in parts if w not in known]
    workers = os.cpu_count() or 1
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


K1, B = 1.2, 0.75  # lunr's BM25 parameters (its defaults)


@dataclass
class Postings:
    """The inverted index before weighting: for each field, term -> flat
    array [doc, tf, doc, tf, ...] in document order, and each document's
    field lengths. Arrays of machine ints keep 10,000 articles' postings in
    tens of megabytes."""

    terms: dict[str, int]  # term -> number, in order of first appearance
    fields: tuple[dict[str, array], ...]
    lengths: tuple[array, ...]  # per field: length of each document's field
    count: int


def postings(counts: Iterable[WordCounts], stems: dict[str, str]) -> Postings:
    """One pass over the documents; terms numbered as lunr numbers them."""
    expansion: dict[str, tuple[str, ...]] = {}
    terms: dict[str, int] = {}
    fields = tuple({} for _ in FIELDS)
    lengths = tuple(array("l") for _ in FIELDS)
    count = 0
    for number, doc in enumerate(counts):
        count += 1
        for field, field_counts, field_lengths in zip(fields, doc, lengths):
            tf: dict[str, int] = {}
            length = 0
            for word, n in field_counts.items():
                parts = expansion.get(word)
                if parts is None:
                    parts = expansion[word] = tuple(stems.get(p) or fallback_stem(p)
                                                    for p in COMPOUNDS.get(word, (word,)) if p not in _STOP)
                for term in parts:
                    tf[term] = tf.get(term, 0) + n
                    length += n
            field_lengths.append(length)
            for term, n in tf.items():
                if term not in terms:
                    terms[term] = len(terms)
                posting = field.get(term)
                if posting is None:
                    posting = field[term] = array("l")
                posting.append(number)
                posting.append(n)
    return Postings(terms, fields, lengths, count)


class Weights:
    """lunr's BM25 weight of each posting, with lunr's arithmetic in lunr's
    order (so the floats are the same bits) and its rounding to 3 places."""

    def __init__(self, index: Postings):
        self.index = index
        self.norms = []
        for (name, _), field_lengths in zip(FIELDS, index.lengths):
            average = sum(field_lengths) / index.count if index.count else 0.0
            self.norms.append([K1 * (1 - B + B * (length / average)) if average else 0.0 for length in field_lengths])

    def idf(self, term: str) -> float:
        with_term = sum(len(field.get(term, ())) // 2 for field in self.index.fields)
        x = (self.index.count - with_term + 0.5) / (with_term + 0.5)
        return math.log(1 + abs(x))

    def field(self, term: str, position: int, idf: float) -> tuple[list[int], list[float]]:
        """(document numbers, weights) of a term in one field."""
        posting = self.index.fields[position].get(term)
        if posting is None:
            return [], []
        docs, tfs = posting[0::2], posting[1::2]
        norms, boost = self.norms[position], FIELDS[position][1]
        return list(docs), [round(idf * ((K1 + 1) * tf) / (norms[doc] + tf) * boost, 3) for doc, tf in zip(docs, tfs)]


def _index_serial(words: list[dict[str, list[str]]], stems: dict[str, str]) -> dict:
    """The serialized lunr index, from the same postings and weights the
    shards are written from; a test checks it equals lunr.py's own."""
    names = [name for name, _ in FIELDS]
    index = postings(([Counter(doc[name]) for name in names] for doc in words), stems)
    weights = Weights(index)
    inverted = {}
    vectors: dict[str, list] = {}
    for term, number in index.terms.items():
        idf = weights.idf(term)
        entry: dict = {"_index": number}
        for position, name in enumerate(names):
            docs, values = weights.field(term, position, idf)
            entry[name] = {str(doc): {} for doc in docs}
            for doc, value in zip(docs, values):
                vectors.setdefault(f"{name}/{doc}", []).append((number, value))
        inverted[term] = entry
    order = [f"{name}/{doc}" for doc in range(index.count) for name in names]
    return {"version": "2.3.9", "fields": names,
            "fieldVectors": [[ref, [v for pair in sorted(vectors.get(ref, [])) for v in pair]] for ref in order],
            "invertedIndex": [[term, inverted[term]] for term in sorted(inverted)], "pipeline": list(LABELS)}


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


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def search_files(docs: list[SearchDoc], facet_names: dict[str, list[str]],
                 known_stems: dict[str, str] | None = None,
                 read_counts: Callable[[], Iterable[WordCounts]] | None = None) -> SearchFiles:
    """Everything under site/search/data/: manifest, term shards, result data,
    facets. `read_counts()` gives the documents' word_counts in order, when
    they were computed before (it is read twice: vocabulary, then postings)."""
    if read_counts is None:
        counts = [word_counts(doc) for doc in docs]
        read_counts = lambda: counts  # noqa: E731
    stems = stem_map(docs, known=known_stems, vocabulary_=vocabulary(read_counts()))
    Pipeline_.stems = stems
    index = postings(read_counts(), stems)
    weights = Weights(index)
    entries: list[tuple[bytes, str, str]] = []  # (sort key, kind, "key":value as JSON)
    for term, number in index.terms.items():
        idf = weights.idf(term)
        per_field = []
        for position in range(len(FIELDS)):
            docs_with, values = weights.field(term, position, idf)
            per_field.append([[b - a for a, b in zip([-1, *docs_with], docs_with)], values])
        entries.append((js_order(term), "t", f"{_dump(term)}:{_dump([number, per_field])}"))
    for word, stem in stems.items():
        if stem != fallback_stem(word):
            entries.append((js_order(word), "w", f"{_dump(word)}:{_dump(stem)}"))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    files: dict[str, str] = {}
    boundaries: list[str] = []
    current: dict[str, list[str]] = {"t": [], "w": []}

    def cut() -> None:
        files[f"search/data/s{len(files)}.json"] = ('{"t":{' + ",".join(current["t"]) + '},"w":{'
                                                    + ",".join(current["w"]) + "}}")
        current["t"], current["w"] = [], []

    size = 0
    previous = None
    while entries:  # popped from the end, so each entry is freed once in its shard
        key, kind, item = entries.pop()
        # Never cut between a term and the stem entry of the same key.
        if size and size + len(item) > SHARD_BYTES and key != previous:
            cut()
            size = 0
        if not size:
            boundaries.append(key.decode("utf-16-be"))
        previous = key
        current[kind].append(item)
        size += len(item) + 1
    if size or not files:
        cut()
        if not boundaries:
            boundaries.append("")
    shard_count = len(files)
    for block in range(0, len(docs), DATA_BLOCK):
        files[f"search/data/d{block // DATA_BLOCK}.json"] = _dump([
            {"t": d.title, "u": d.url, "d": d.date, "dt": d.date_text, "p": d.publisher, "x": d.body,
             "n": [list(group) for group in d.name_groups]}
            for d in docs[block: block + DATA_BLOCK]])
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
        "boundaries": boundaries,
        "dataBlock": DATA_BLOCK,
        "facetBlock": FACET_BLOCK,
    }
    files["search/data/manifest.json"] = _dump(manifest)
    return SearchFiles(files, len(index.terms), shard_count, stems)


def shard_for(key: str, boundaries: list[str]) -> int:
    """The shard whose range holds key (mirrored in JS)."""
    keys = [js_order(b) for b in boundaries]
    return max(bisect.bisect_right(keys, js_order(key)) - 1, 0)


def monolithic_index_json(docs: list[SearchDoc]) -> str:
    """The whole index in lunr's own format: the reference the shards must match."""
    stems = stem_map(docs)
    return json.dumps(build_index(docs, stems).serialize(), ensure_ascii=False)
