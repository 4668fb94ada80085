"""The inverted index as flat numpy arrays: every document's counted words
(WordRows), and the postings sorted by term (PostingsIndex) that search.py
cuts into shards and index_patch.py patches.

A module of its own so that numpy is loaded only by the process that makes
the index: a build after an edit leaves that to its background process,
and its own process starts a tenth of a second sooner.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import numpy as np

from .terms import FIELDS, WordCounts, js_order, word_terms


@dataclass(frozen=True)
class PostingsIndex:
    """The whole inverted index as flat arrays, one row per posting, sorted by
    term (in JavaScript string order), field and document, with each term's
    frequency there. numpy does per posting what Python would do in a loop:
    at 10,000 articles that is millions of rows. The BM25 weights are not
    here: the browser computes them from these frequencies and the field
    lengths, so that a weight, which depends on every document's length,
    never has to be written into the shards (one edit would change them all)."""

    terms: list[str]  # in JavaScript string order
    rank_in_first: np.ndarray  # per term: its place among the terms first met in its first document
    term: np.ndarray  # per posting: index into `terms`
    field: np.ndarray  # per posting: position in FIELDS
    doc: np.ndarray  # per posting: document number
    tf: np.ndarray  # per posting: the term's frequency in that field of that document
    lengths: np.ndarray  # (documents, fields): each field's length in terms
    count: int  # documents

    def averages(self) -> list[float]:
        """Each field's average length, as lunr computes it."""
        return [int(self.lengths[:, f].sum()) / self.count if self.count else 0.0 for f in range(len(FIELDS))]

    def term_texts(self) -> Iterator[tuple[int, str]]:
        """(term index, '[rank,[[deltas],[frequencies]] for each field]' as
        JSON) for every term, in `terms` order; rank is rank_in_first (the
        browser numbers the terms it loads by first document, then rank,
        which is lunr's order). Documents are delta-coded (the first is its
        number + 1); all the numbers are formatted in two passes, and each
        term's text is cut out of those."""
        fields_count = len(FIELDS)
        pair = self.term.astype(np.int64) * fields_count + self.field
        bounds = np.searchsorted(pair, np.arange(len(self.terms) * fields_count + 1))
        new_pair = np.r_[True, pair[1:] != pair[:-1]] if len(pair) else np.array([], bool)
        delta = np.where(new_pair, self.doc + 1, self.doc - np.r_[-1, self.doc[:-1]])
        deltas, delta_at = joined_numbers(delta)
        del delta
        tfs, tf_at = joined_numbers(self.tf.astype(np.int64))
        # Where each (term, field) group starts in the two texts: a list the
        # size of the groups, not of the postings (a Python int is 28 bytes).
        delta_start, tf_start = delta_at[bounds].tolist(), tf_at[bounds].tolist()
        del delta_at, tf_at
        ranks = self.rank_in_first.tolist()
        for position in range(len(self.terms)):
            first = position * fields_count
            if bounds[first] == bounds[first + fields_count]:
                continue  # no postings, so not in the index
            parts = []
            for g in range(first, first + fields_count):
                parts.append(f"[[{deltas[delta_start[g]:delta_start[g + 1] - 1]}],"
                             f"[{tfs[tf_start[g]:tf_start[g + 1] - 1]}]]"
                             if bounds[g + 1] > bounds[g] else "[[],[]]")
            yield position, f"[{ranks[position]},[{','.join(parts)}]]"


def joined_numbers(values: np.ndarray) -> tuple[str, np.ndarray]:
    """Non-negative integers as one comma-separated text, and where each
    starts in it (one more entry: the end + 1), so that values[a:b] is
    text[at[a]:at[b] - 1]. The digits are written by numpy, a decimal place
    at a time: str() on millions of ints would take a second."""
    digits = np.ones(len(values), np.int8)
    power = 10
    top = int(values.max()) if len(values) else 0
    while power <= top:
        digits += values >= power
        power *= 10
    at = np.zeros(len(values) + 1, np.int64)
    np.cumsum(digits + 1, out=at[1:], dtype=np.int64)
    text = np.full(int(at[-1]), ord(","), np.uint8)
    place, remaining = 0, values.copy()
    while True:  # the last digit first: place 0 is the units
        has_place = np.flatnonzero(digits > place)
        if not len(has_place):
            break
        text[at[has_place] + digits[has_place] - 1 - place] = ord("0") + remaining[has_place] % 10
        remaining //= 10
        place += 1
    return text[:-1].tobytes().decode("ascii") if len(values) else "", at


class _NumberAsMet(dict):
    """word -> number, numbering a new word as it is met (in C, through map)."""

    def __missing__(self, word: str) -> int:
        number = self[word] = len(self)
        return number


@dataclass(frozen=True)
class WordRows:
    """Every document's counted words as flat arrays, one row per (document,
    field, word), in document, field and word order: what postings_index
    reads. Kept from one build to the next (`keys` say which analysis each
    document's rows came from), so only changed documents are read again."""

    keys: tuple[str, ...]  # per document
    vocabulary: list[str]  # words, numbered in order of first appearance
    word: np.ndarray  # per row: index into vocabulary
    count: np.ndarray  # per row: occurrences
    segment_doc: np.ndarray  # per (document, field) with words: the document,
    segment_field: np.ndarray  # the field,
    segment_length: np.ndarray  # and its number of rows

    def document_slices(self) -> tuple[list[int], list[int]]:
        """Where each document's rows and segments start (one more entry: the ends)."""
        documents = len(self.keys)
        rows = np.zeros(documents + 1, np.int64)
        np.cumsum(np.bincount(self.segment_doc, weights=self.segment_length, minlength=documents), out=rows[1:])
        segments = np.zeros(documents + 1, np.int64)
        np.cumsum(np.bincount(self.segment_doc, minlength=documents), out=segments[1:])
        return rows.astype(np.int64).tolist(), segments.tolist()


def word_rows(keys: Iterable[str], counts_of: Callable[[list[str]], Iterable[WordCounts]],
              previous: WordRows | None = None) -> WordRows:
    """The documents' rows: a document whose key `previous` has keeps its
    rows from there; the others' counts come from counts_of(their keys). The
    result is what reading every document afresh would give (a test checks)."""
    keys = tuple(keys)
    if previous is None:  # numbered as met: already in order of first appearance
        return _collect(keys, counts_of(list(keys)), _NumberAsMet())
    old_rows, old_segments = previous.document_slices()
    old_number = {key: n for n, key in enumerate(previous.keys)}
    missing = [key for key in keys if key not in old_number]
    word_ids = _NumberAsMet({word: n for n, word in enumerate(previous.vocabulary)})
    fresh = _collect(tuple(missing), counts_of(missing), word_ids) if missing else None
    fresh_rows, fresh_segments = fresh.document_slices() if fresh is not None else ([], [])
    fresh_number = {key: n for n, key in enumerate(missing)}
    # Runs of documents that follow each other in their source as they do
    # here: after an edit, a few runs, each copied with one slice per column.
    runs: list[list] = []  # [source, its first document, the first here, how many]
    for number, key in enumerate(keys):
        source, n = (previous, old_number[key]) if key in old_number else (fresh, fresh_number[key])
        if runs and runs[-1][0] is source and runs[-1][1] + runs[-1][3] == n:
            runs[-1][3] += 1
        else:
            runs.append([source, n, number, 1])
    pieces: dict[str, list[np.ndarray]] = {name: [] for name in ("word", "count", "field", "length", "doc")}
    for source, n, number, count in runs:
        assert source is not None
        rows, segments = (old_rows, old_segments) if source is previous else (fresh_rows, fresh_segments)
        pieces["word"].append(source.word[rows[n]:rows[n + count]])
        pieces["count"].append(source.count[rows[n]:rows[n + count]])
        pieces["field"].append(source.segment_field[segments[n]:segments[n + count]])
        pieces["length"].append(source.segment_length[segments[n]:segments[n + count]])
        pieces["doc"].append(source.segment_doc[segments[n]:segments[n + count]] + (number - n))
    joined = {name: np.concatenate(arrays) if arrays else np.array([], np.int32) for name, arrays in pieces.items()}
    # Words numbered again in order of first appearance; words no document has any more go.
    vocabulary = list(word_ids)
    first = np.full(len(vocabulary), len(joined["word"]), np.int64)  # each word's first row; "none" past the end
    np.minimum.at(first, joined["word"], np.arange(len(joined["word"])))
    present = np.flatnonzero(first < len(joined["word"]))
    in_order = present[np.argsort(first[present])]
    renumber = np.zeros(len(vocabulary), np.int32)
    renumber[in_order] = np.arange(len(in_order), dtype=np.int32)
    return WordRows(keys, [vocabulary[w] for w in in_order.tolist()], renumber[joined["word"]], joined["count"],
                    joined["doc"], joined["field"], joined["length"])


def _collect(keys: tuple[str, ...], counts: Iterable[WordCounts], word_ids: _NumberAsMet) -> WordRows:
    """Rows for the documents' counts (one per key), numbering new words in
    `word_ids` as met."""
    word_list, count_list = array("i"), array("i")  # machine ints, filled without a Python loop
    segment_doc, segment_field, segment_length = array("i"), array("i"), array("i")
    for number, doc in enumerate(counts):
        for position, field_counts in enumerate(doc):
            if field_counts:
                word_list.extend(map(word_ids.__getitem__, field_counts))
                count_list.extend(field_counts.values())
                segment_doc.append(number)
                segment_field.append(position)
                segment_length.append(len(field_counts))
    arrays = (word_list, count_list, segment_doc, segment_field, segment_length)
    return WordRows(keys, list(word_ids), *(np.frombuffer(a, np.int32) if len(a) else np.array([], np.int32)
                                            for a in arrays))


def postings_index(rows: WordRows,
                   stems_for: Callable[[set[str]], dict[str, str]]) -> tuple[PostingsIndex, dict[str, str]]:
    """The documents' postings, term frequencies and field lengths, as lunr.py
    counts them (a test compares the two): terms numbered in order of first
    appearance. `stems_for(vocabulary)` gives the stems. Returns the index
    and the stems."""
    documents = len(rows.keys)
    word_list, count_list = rows.word, rows.count
    segment_doc, segment_field, segment_length = rows.segment_doc, rows.segment_field, rows.segment_length
    words = rows.vocabulary  # in number order
    stems = stems_for(set(words))
    # Each word's terms: compounds split, stop words dropped, parts stemmed.
    parts = [word_terms(w, stems) for w in words]
    terms = sorted({t for ts in parts for t in ts}, key=js_order)
    term_ids = {t: n for n, t in enumerate(terms)}
    expansion_length = np.fromiter((len(ts) for ts in parts), np.int32, len(parts))
    expansion_start = np.cumsum(expansion_length) - expansion_length
    expansion = np.fromiter((term_ids[t] for ts in parts for t in ts), np.int32, int(expansion_length.sum()))
    fields_count = len(FIELDS)
    if not len(word_list):
        empty = np.array([], np.int64)
        return PostingsIndex([], empty, empty, empty, empty, empty, np.zeros((documents, fields_count), np.int64),
                             documents), stems
    word = word_list
    occurrences = count_list
    # (document * fields + field) of each row: one small int instead of two arrays.
    slot = np.repeat(segment_doc * fields_count + segment_field, segment_length)
    # One row per (word, term): a compound gives two rows, a stop word none; order kept.
    length = expansion_length[word]
    if length.max() <= 1:  # no compound in the archive: a stop word's rows are just dropped
        keep = length == 1
        term = expansion[expansion_start[word[keep]]]
        occurrences, slot = occurrences[keep], slot[keep]
        del keep
    else:
        row = np.repeat(np.arange(len(word), dtype=np.int64), length)
        offset = np.arange(len(row), dtype=np.int64) - np.repeat(np.cumsum(length) - length, length)
        term = expansion[expansion_start[word[row]] + offset]
        occurrences, slot = occurrences[row], slot[row]
        del row, offset
    del word, length, word_list, count_list, segment_doc, segment_field, segment_length, rows
    # Field lengths (in terms) and term frequencies per (term, field, document).
    lengths = np.bincount(slot, weights=occurrences, minlength=documents * fields_count).astype(np.int64)
    lengths = lengths.reshape(documents, fields_count)
    # Rows sorted by (term, field, document), one int64 key; rows that tie (two
    # words, one stem) are summed below, so their order does not matter.
    doc, field = (slot // fields_count).astype(np.int32), (slot % fields_count).astype(np.int8)
    del slot
    order = np.argsort((term.astype(np.int64) * fields_count + field) * max(documents, 1) + doc)
    term, field, doc, occurrences = term[order], field[order], doc[order], occurrences[order]
    # lunr numbers terms as it first meets them (documents, then fields, then
    # words in order): by each term's earliest row before the sort.
    term_start = np.flatnonzero(np.r_[True, term[1:] != term[:-1]])
    first_row = np.minimum.reduceat(order, term_start)
    numbers = np.full(len(terms), -1, np.int64)
    numbers[term[term_start][np.argsort(first_row)]] = np.arange(len(term_start))
    first_doc = np.full(len(terms), -1, np.int64)
    first_doc[term[term_start]] = np.minimum.reduceat(doc, term_start)
    del order, term_start, first_row
    # A term's number less the first number given in its first document.
    present = first_doc >= 0
    lowest = np.full(documents, np.iinfo(np.int64).max, np.int64)
    np.minimum.at(lowest, first_doc[present], numbers[present])
    rank_in_first = np.where(present, numbers - lowest[np.maximum(first_doc, 0)], -1)
    changed = np.empty(len(term), bool)
    changed[0] = True
    np.not_equal(term[1:], term[:-1], out=changed[1:])
    changed[1:] |= field[1:] != field[:-1]
    changed[1:] |= doc[1:] != doc[:-1]
    starts = np.flatnonzero(changed)
    del changed
    tf = np.add.reduceat(occurrences, starts, dtype=np.int32)  # as the counts; int64 would add 14 MB to the state
    term, field, doc = term[starts], field[starts], doc[starts]
    return PostingsIndex(terms, rank_in_first, term, field, doc, tf, lengths, documents), stems
