"""Patching the last build's search index when a few documents changed.

postings.postings_index sorts every posting of the archive: more than a second
at 10,000 articles, whatever changed. After an edit, or a new newest article,
most postings are the same, so the last build's index is patched instead:
the changed documents' postings out, their new ones in, lunr's
first-appearance ranks fixed where they moved, and only the segments whose
keys changed cut into shards again.
The result is what a full build makes, byte for byte (tests compare them
after edits of every kind).
"""
from __future__ import annotations

import bisect
from typing import Callable

import numpy as np

from ..hashing import content_hash
from .postings import PostingsIndex, WordRows
from .shards import IndexState, key_span, shard_files, shard_path, starts_segment
from .terms import FIELDS, fallback_stem, js_order, word_terms

PATCH_LIMIT = 0.02  # above this share of documents changed, the index is made again

Shards = list[tuple[str, bytes]]  # (first key, the file's bytes)


def patched(previous: IndexState, rows: WordRows, stems_for: Callable[[set[str]], dict[str, str]]
            ) -> tuple[IndexState, Shards, dict[str, str]] | None:
    """The index of `rows`, patched from `previous`: (its state, the shards
    that changed, path -> hash of the bytes of each shard that did not).
    None unless the documents are the last index's, in the same places,
    with a few changed or added after the last: then the index is made
    again. (Documents are numbered oldest first, so a new article, the
    newest, comes last: made again for it, the index took 2 to 3 s of the
    background process at 10,000 articles; on the sparse benchmark archive
    the build waited for it.)"""
    old_keys, new_keys = previous.rows.keys, rows.keys
    if len(new_keys) < len(old_keys):
        return None
    changed = [n for n, (old, new) in enumerate(zip(old_keys, new_keys)) if old != new]
    changed += range(len(old_keys), len(new_keys))
    if len(changed) > max(1.0, PATCH_LIMIT * len(new_keys)):
        return None
    stems = stems_for(set(rows.vocabulary))
    index, touched_terms = _patched_index(previous.index, rows, changed, stems)
    word_stems = dict(previous.word_stems)
    touched_words = set()
    for word in previous.stems.keys() - stems.keys():
        if word_stems.pop(word, None) is not None:
            touched_words.add(word)
    for word in stems.keys() - previous.stems.keys():
        if stems[word] != fallback_stem(word):
            word_stems[word] = stems[word]
            touched_words.add(word)
    term_number = {term: n for n, term in enumerate(index.terms)}
    keys, starts = list(previous.keys), list(previous.starts)
    touched = sorted(touched_terms | touched_words, key=js_order)
    new_starts = set()
    for key in touched:
        position = bisect.bisect_left(keys, js_order(key), key=js_order)
        present = position < len(keys) and keys[position] == key
        if key in term_number or key in word_stems:
            if not present:
                keys.insert(position, key)
                if starts_segment(key):
                    bisect.insort(starts, key, key=js_order)
                    new_starts.add(key)
        elif present:
            del keys[position]
            if key in starts and key:
                starts.remove(key)
    # The segments to cut again: those holding a touched key, and those
    # ending where a new segment starts.
    recut = {bisect.bisect_right(starts, js_order(key), key=js_order) - 1 for key in touched}
    recut |= {starts.index(key) - 1 for key in new_starts}
    spans = dict(zip(range(len(starts)), zip(starts, [*starts[1:], None])))
    texts = _term_texts(index, [term_number[key] for n in sorted(recut) for key in keys[key_span(keys, *spans[n])]
                                if key in term_number])
    shards: list[tuple[str, str]] = []  # (first key, hash): the state's list
    changed_shards: Shards = []
    kept: dict[str, str] = {}
    old_firsts = [first for first, _ in previous.shards]
    for n, (start, end) in spans.items():
        if n in recut:
            for first, data in shard_files(keys[key_span(keys, start, end)], texts.get, word_stems):
                shards.append((first, content_hash(data)))
                changed_shards.append((first, data))
        else:
            for first, hashed in previous.shards[key_span(old_firsts, start, end)]:
                shards.append((first, hashed))
                kept[shard_path(first)] = hashed
    state = IndexState(rows, index, stems, word_stems, keys, starts, shards)
    return state, changed_shards, kept


def _document_terms(rows: WordRows, doc: int, row_at: list[int], segment_at: list[int], stems: dict[str, str]
                    ) -> tuple[list[str], dict[tuple[str, int], int], list[int]]:
    """A document's terms in order of first appearance, its term frequency
    per (term, field), and its field lengths: postings_index's arithmetic,
    for one document."""
    sequence: dict[str, None] = {}
    frequency: dict[tuple[str, int], int] = {}
    lengths = [0] * len(FIELDS)
    row = row_at[doc]
    for segment in range(segment_at[doc], segment_at[doc + 1]):
        field, size = int(rows.segment_field[segment]), int(rows.segment_length[segment])
        for word_number, count in zip(rows.word[row:row + size].tolist(), rows.count[row:row + size].tolist()):
            word = rows.vocabulary[word_number]
            for term in word_terms(word, stems):
                sequence.setdefault(term)
                frequency[term, field] = frequency.get((term, field), 0) + count
                lengths[field] += count
        row += size
    return list(sequence), frequency, lengths


def _patched_index(old: PostingsIndex, rows: WordRows, changed: list[int],
                   stems: dict[str, str]) -> tuple[PostingsIndex, set[str]]:
    """The index with the changed documents' postings replaced, and the terms
    whose entries (postings or rank) changed, those gone and those new."""
    documents = len(rows.keys)  # the old ones, and any added after them
    out = np.isin(old.doc, np.array(changed, np.int64))
    before = set(zip([old.terms[t] for t in old.term[out].tolist()], old.field[out].tolist(),
                     old.doc[out].tolist(), old.tf[out].tolist()))
    row_at, segment_at = rows.document_slices()
    sequences: dict[int, list[str]] = {}
    after = set()
    lengths = np.zeros((documents, old.lengths.shape[1]), old.lengths.dtype)
    lengths[:old.count] = old.lengths
    for doc in changed:
        sequences[doc], frequency, lengths[doc] = _document_terms(rows, doc, row_at, segment_at, stems)
        after.update((term, field, doc, tf) for (term, field), tf in frequency.items())
    moved = {term for term, *_ in before ^ after}
    # Terms numbered again: the new ones inserted in JavaScript string order.
    old_number = {term: n for n, term in enumerate(old.terms)}
    added = sorted({term for term, *_ in after if term not in old_number}, key=js_order)
    at = [bisect.bisect_left(old.terms, js_order(term), key=js_order) for term in added]
    shift = np.searchsorted(np.array(at, np.int64), np.arange(len(old.terms)), side="right")
    middle_of_old = np.arange(len(old.terms)) + shift
    middle_terms = list(old.terms)
    for j in reversed(range(len(added))):
        middle_terms.insert(at[j], added[j])
    middle_number = {term: n for n, term in enumerate(middle_terms)}
    # Rows: the kept ones stay sorted (numbers only grew); the new ones go in
    # their places. Millions of rows: each step makes as few arrays of that
    # length as it can, in the columns' own types (a new array's memory costs
    # as much as the arithmetic on it).
    keep = ~out
    term = old.term[keep]
    if added:
        term += shift.astype(term.dtype)[term]
    field, doc, tf = old.field[keep], old.doc[keep], old.tf[keep]
    fresh = sorted((middle_number[t], f, d, c) for t, f, d, c in after)
    place = _row_places(term, field, doc, documents, fresh)
    term = np.insert(term, place, [t for t, *_ in fresh])
    field = np.insert(field, place, [f for _, f, _, _ in fresh])
    doc = np.insert(doc, place, [d for _, _, d, _ in fresh])
    tf = np.insert(tf, place, [c for *_, c in fresh])
    # Terms no document has any more go.
    alive = np.bincount(term, minlength=len(middle_terms)) > 0
    if alive.all():
        terms = middle_terms
    else:
        terms = [t for t, a in zip(middle_terms, alive.tolist()) if a]
        term = (np.cumsum(alive) - 1).astype(term.dtype)[term]
    rank = np.full(len(middle_terms), -1, np.int64)
    rank[middle_of_old] = old.rank_in_first
    rank = rank[alive]
    number = {t: n for n, t in enumerate(terms)}
    index = PostingsIndex(terms, rank, term, field, doc, tf, lengths, documents)

    def first_doc(ix: PostingsIndex, t: int) -> int:
        # Bounds of ix.term's own type: numpy would copy all of ix.term to another to compare.
        low, high = np.searchsorted(ix.term, np.array([t, t + 1], ix.term.dtype))
        return int(ix.doc[low:high].min()) if high > low else -1

    # lunr's ranks: a term's place among the terms first met in its first
    # document. They change in the changed documents, and in the documents
    # a term stopped or started being first met in.
    recount = set(changed)
    for t in moved:
        was = first_doc(old, old_number[t]) if t in old_number else -1
        now = first_doc(index, number[t]) if t in number else -1
        if was != now:
            recount.update(d for d in (was, now) if d >= 0)
    touched = set(moved)
    for d in sorted(recount):
        if d not in sequences:
            sequences[d] = _document_terms(rows, d, row_at, segment_at, stems)[0]
        firsts = [t for t in sequences[d] if first_doc(index, number[t]) == d]
        for place_in_first, t in enumerate(firsts):
            if index.rank_in_first[number[t]] != place_in_first:
                index.rank_in_first[number[t]] = place_in_first
                touched.add(t)
    return index, touched


def _row_places(term: np.ndarray, field: np.ndarray, doc: np.ndarray, documents: int,
                fresh: list[tuple[int, int, int, int]]) -> np.ndarray:
    """Where each of the fresh (term, field, doc, tf) rows, sorted, goes among
    the sorted rows: found term by term, so only the rows of the terms they
    have are compared (no sort key for every row)."""
    places = np.empty(len(fresh), np.int64)
    n = 0
    while n < len(fresh):
        t = fresh[n][0]
        end = n
        while end < len(fresh) and fresh[end][0] == t:
            end += 1
        low, high = np.searchsorted(term, np.array([t, t + 1], term.dtype))
        within = field[low:high].astype(np.int64) * documents + doc[low:high]
        places[n:end] = low + np.searchsorted(within, [f * documents + d for _, f, d, _ in fresh[n:end]])
        n = end
    return places


def _term_texts(index: PostingsIndex, numbers: list[int]) -> dict[str, str]:
    """term -> its entry (as PostingsIndex.term_texts writes it), for some terms."""
    numbers = sorted(set(numbers))
    if not numbers:
        return {}
    wanted = np.array(numbers, index.term.dtype)  # as first_doc's bounds
    low, high = np.searchsorted(index.term, wanted), np.searchsorted(index.term, wanted + 1)
    rows = np.concatenate([np.arange(a, b) for a, b in zip(low.tolist(), high.tolist())])
    subset = PostingsIndex([index.terms[n] for n in numbers], index.rank_in_first[wanted],
                           np.repeat(np.arange(len(numbers)), high - low), index.field[rows], index.doc[rows],
                           index.tf[rows], index.lengths, index.count)
    return {subset.terms[position]: text for position, text in subset.term_texts()}
