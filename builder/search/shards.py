"""The index cut into files the browser fetches by term.

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
the frequencies, each document's field lengths (lengths.json.deflate) and the
average lengths (in the manifest); it numbers the terms it loaded in lunr's
order (first appearance) from each term's first document and its rank among
the terms first met there. So a term's entry depends on its own postings
alone, and editing one article changes only the shards of its terms.

Every file but the manifest is JSON stored deflated (`stored`; zlib's
format, which the browser's DecompressionStream("deflate") reads), as
<name>.json.deflate: GitHub Pages counts a site's size on disk, where the
index takes a sixth of the room it took as JSON (13.7 to 2.1 MB at 10,000
articles) and the result data 42%. On the wire each costs what the JSON
gzipped would.
"""
from __future__ import annotations

import bisect
import json
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from ..hashing import content_hash
from .terms import SearchDoc, fallback_stem, js_order

if TYPE_CHECKING:
    from .postings import PostingsIndex, WordRows

SHARD_BYTES = 12_000  # target size of a term shard before compression
SEGMENT_KEYS = 128  # keys per segment, on average: shards are cut within segments (see shard_files)
NAME_LIMIT = 100  # no shard starts at a key whose file name would be longer
DATA_BLOCK = 1  # documents per result-data file: the first ten results are rarely neighbours (must stay 1: see result_data)
FACET_BLOCK = 1000  # documents per facet shard
FACET_ENTITIES = 50  # entities offered as facets: those in the most documents
# 2: weights in thousandths; 3: term frequencies, the browser weighs them; 4: shards named by key;
# 5: a pipeline per language; 6: result data deflated; 7: every file but the manifest deflated
FORMAT = 7


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
    return "s-" + "".join(c if c in _PLAIN else f"_{ord(c):x}_" for c in first_key) + ".json.deflate"


def shard_path(first_key: str) -> str:
    return "search/data/" + shard_name(first_key)


def starts_segment(key: str) -> bool:
    return zlib.crc32(key.encode("utf-8")) % SEGMENT_KEYS == 0 and len(shard_name(key)) <= NAME_LIMIT


def shard_files(keys: list[str], term_text: Callable[[str], str | None],
                word_stems: dict[str, str]) -> list[tuple[str, bytes]]:
    """One segment's keys (in JavaScript string order) cut into shards of
    about SHARD_BYTES before they are deflated: [(first key, the file's
    bytes: '{"t":{term: entry},"w":{word: stem}}', stored)]. A key's term and
    stem stay in one shard."""
    shards: list[tuple[str, bytes]] = []
    terms: list[str] = []
    words: list[str] = []
    size = 0
    first = ""
    for key in keys:
        text = term_text(key)
        stem = word_stems.get(key)
        length = (len(key) + len(text) + 4 if text is not None else 0) + (len(key) + len(stem) + 6 if stem else 0)
        if size and size + length > SHARD_BYTES and len(shard_name(key)) <= NAME_LIMIT:
            shards.append((first, stored(_shard_text(terms, words))))
            terms, words, size = [], [], 0
        if not size:
            first = key
        if text is not None:
            terms.append(f'"{key}":{text}')
        if stem:
            words.append(f'"{key}":"{stem}"')
        size += length
    if size:
        shards.append((first, stored(_shard_text(terms, words))))
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
                stems: dict[str, str]) -> tuple[IndexState, list[tuple[str, bytes]]]:
    """Every shard of the index (as shard_files gives them) and the state
    the next build can patch. The words whose stem fallback_stem would not
    find carry their stem."""
    texts = dict(index.term_texts())
    term_number = {term: n for n, term in enumerate(index.terms)}
    word_stems = {word: stem for word, stem in stems.items() if stem != fallback_stem(word)}
    keys = sorted({*(index.terms[n] for n in texts), *word_stems}, key=js_order)
    starts = [""] + [key for key in keys if starts_segment(key)]
    def text_of(key: str) -> str | None:  # each text freed once in its shard
        return texts.pop(term_number.get(key, -1), None)

    shards = [shard for first, end in segments(keys, starts)
              for shard in shard_files(keys[first:end], text_of, word_stems)]
    return IndexState(rows, index, stems, word_stems, keys, starts,
                      [(first, content_hash(data)) for first, data in shards]), shards


MANIFEST_PATH = "search/data/manifest.json"
LENGTHS_PATH = "search/data/lengths.json.deflate"  # each document's field lengths (in terms)


def result_data_path(number: int) -> str:
    return f"search/data/d{number}.json.deflate"


def result_data(doc: SearchDoc) -> bytes:
    """What a result shows of its document (the article's whole text, for
    the snippets): one file per document (DATA_BLOCK is 1), so it can be
    made with the document's analysis and cached."""
    data = _dump([{"t": doc.title, "u": doc.url, "d": doc.date, "dt": doc.date_text, "p": doc.publisher,
                   "x": doc.body, "n": [list(group) for group in doc.name_groups], "l": doc.language}])
    return stored(data)


def stored(text: str) -> bytes:
    """A file of search/data/ as it is written: its JSON, deflated at zlib's
    usual level. Level 9 took nine times as long on the index's shards (5.4
    s at 10,000 articles, which a new article waited for) for 3% less; on the
    result data, the same time and size."""
    return zlib.compress(text.encode("utf-8"), 6)


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
