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
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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
_SEPARATORS = re.compile(r"(?:[^\w']|_)+")


def tokenize(text: str) -> list[str]:
    """Words of a text, normalised; hyphens and punctuation split words."""
    return [w for w in (part.strip("'") for part in _SEPARATORS.split(normalise(text))) if w]


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


def _words(docs: list[SearchDoc]) -> list[dict[str, list[str]]]:
    """Each document's words per field, tokenized once for stems and index."""
    return [{name: tokenize(_FIELD_TEXT[name](doc)) for name, _ in FIELDS} for doc in docs]


def stem_map(docs: list[SearchDoc], words: list[dict[str, list[str]]] | None = None,
             known: dict[str, str] | None = None) -> dict[str, str]:
    """word -> PySastrawi stem for every word the documents contain; `known`
    holds stems from earlier builds, so only new words meet the (slow) stemmer."""
    vocabulary = set()
    for fields in words if words is not None else _words(docs):
        for field_words in fields.values():
            vocabulary.update(field_words)
    parts = {part for word in vocabulary for part in COMPOUNDS.get(word, (word,))}
    known = known or {}
    return {w: known[w] if w in known else dictionary_stem(w) for w in sorted(parts) if w not in _STOP}


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


def _index_serial(words: list[dict[str, list[str]]], stems: dict[str, str]) -> dict:
    """The serialized lunr index of the documents, written directly.

    Identical to what lunr.py's Builder serializes for the same terms (a test
    compares them): terms numbered in order of first appearance, lunr's idf
    and BM25 with the same arithmetic in the same order, scores rounded to
    three places, vectors sorted by term number. It skips lunr.py's per-token
    objects, which made the index the slowest stage of the build.
    """
    fields = [name for name, _ in FIELDS]
    boosts = dict(FIELDS)
    inverted: dict[str, dict] = {}
    frequencies: list[tuple[str, str, dict[str, int], int]] = []  # (field ref, field, tf, length)
    totals = dict.fromkeys(fields, 0)
    for number, doc_words in enumerate(words):
        ref = str(number)
        for field in fields:
            counts: dict[str, int] = {}
            terms = _terms(doc_words[field], stems)
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
                posting = inverted.get(term)
                if posting is None:
                    posting = {name: {} for name in fields}
                    posting["_index"] = len(inverted)
                    inverted[term] = posting
                posting[field].setdefault(ref, {})
            frequencies.append((f"{field}/{ref}", field, counts, len(terms)))
            totals[field] += len(terms)
    count = len(words)
    average = {field: totals[field] / count for field in fields} if count else {}
    idf: dict[str, float] = {}
    vectors = []
    for field_ref, field, counts, length in frequencies:
        elements = []
        for term, tf in counts.items():
            weight = idf.get(term)
            if weight is None:
                posting = inverted[term]
                with_term = sum(len(posting[name]) for name in fields)
                x = (count - with_term + 0.5) / (with_term + 0.5)
                weight = idf[term] = math.log(1 + abs(x))
            score = weight * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average[field])) + tf)
            score *= boosts[field]
            elements.append((inverted[term]["_index"], round(score, 3)))
        elements.sort()
        vectors.append([field_ref, [round(v, 3) for pair in elements for v in pair]])
    return {"version": "2.3.9", "fields": fields, "fieldVectors": vectors,
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
                 known_stems: dict[str, str] | None = None) -> SearchFiles:
    """Everything under site/search/data/: manifest, term shards, result data, facets."""
    words = _words(docs)
    stems = stem_map(docs, words, known_stems)
    Pipeline_.stems = stems
    serial = _index_serial(words, stems)
    weights: dict[tuple[str, int], float] = {}
    for field_ref, elements in serial["fieldVectors"]:
        for position in range(0, len(elements), 2):
            weights[(field_ref, elements[position])] = elements[position + 1]
    fields = [name for name, _ in FIELDS]
    entries: list[tuple[str, str, object]] = []  # (key, kind, value)
    for term, posting in serial["invertedIndex"]:
        index_of_term = posting["_index"]
        per_field = []
        for field in fields:
            numbers = sorted(int(ref) for ref in posting[field])
            deltas, previous = [], -1
            for number in numbers:
                deltas.append(number - previous)
                previous = number
            per_field.append([deltas, [weights[(f"{field}/{n}", index_of_term)] for n in numbers]])
        entries.append((term, "t", [index_of_term, per_field]))
    for word, stem in stems.items():
        if stem != fallback_stem(word):
            entries.append((word, "w", stem))
    entries.sort(key=lambda e: (js_order(e[0]), e[1]))
    shards: list[dict] = []
    boundaries: list[str] = []
    current: dict = {"t": {}, "w": {}}
    size = 0
    previous = None
    for key, kind, value in entries:
        item_size = len(key) + len(_dump(value)) + 6
        # Never cut between a term and the stem entry of the same key.
        if size and size + item_size > SHARD_BYTES and key != previous:
            shards.append(current)
            current, size = {"t": {}, "w": {}}, 0
        previous = key
        if not size:
            boundaries.append(key)
        current[kind][key] = value
        size += item_size
    if size or not shards:
        shards.append(current)
        if not boundaries:
            boundaries.append("")
    files = {f"search/data/s{n}.json": _dump(shard) for n, shard in enumerate(shards)}
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
        "lunr": serial["version"],
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
    return SearchFiles(files, len(serial["invertedIndex"]), len(shards), stems)


def shard_for(key: str, boundaries: list[str]) -> int:
    """The shard whose range holds key (mirrored in JS)."""
    keys = [js_order(b) for b in boundaries]
    return max(bisect.bisect_right(keys, js_order(key)) - 1, 0)


def monolithic_index_json(docs: list[SearchDoc]) -> str:
    """The whole index in lunr's own format: the reference the shards must match."""
    stems = stem_map(docs)
    return json.dumps(build_index(docs, stems).serialize(), ensure_ascii=False)
