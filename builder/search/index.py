"""The index files of one build: made whole, or patched from the last
build's (patch.py) when few documents changed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .patch import patched
from .postings import WordRows, joined_numbers, postings_index, word_rows
from .shards import (
    DATA_BLOCK,
    FACET_BLOCK,
    FACET_ENTITIES,
    FORMAT,
    LENGTHS_PATH,
    MANIFEST_PATH,
    IndexState,
    _dump,
    _shard_text,
    full_shards,
    shard_path,
    stored,
)
from .terms import (COMPOUNDS, FIELDS, LABELS, STOP_WORDS, SearchDoc, WordCounts, archive_languages, stem_map,
                    word_counts)


@dataclass(frozen=True)
class SearchFiles:
    files: dict[str, bytes]  # path under site/ -> the file's bytes (shards.stored JSON; the manifest plain)
    terms: int
    shards: int
    stems: dict[str, str]  # every word's dictionary stem, for the next build's cache
    state: "IndexState | None"  # what the next build patches, when few documents changed
    kept: dict[str, str]  # shard path -> hash of its bytes: unchanged since `state`, so not in files


def search_files(docs: list[SearchDoc], facet_names: dict[str, list[str]],
                 known_stems: dict[str, str] | None = None,
                 counts: Iterable[WordCounts] | None = None,
                 stem_processes: int | None = None,
                 rows: WordRows | None = None, previous: IndexState | None = None) -> SearchFiles:
    """Everything under site/search/data/ but the result data: manifest, term
    shards, facets. The caller writes each document's `result_data` itself
    (the build takes them from its cache), so `docs` need only the fields
    the facets use. `counts` are the documents' word_counts in order, when
    they were computed before (read once, so a generator from the cache will
    do); `rows`, the same as word_rows, when the last build's rows were at
    hand. With the `previous` build's state, and few documents changed, that
    index is patched: the shards it had that did not change are listed in
    `kept` and left out of `files`."""
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
    files = {shard_path(first): data for first, data in shards}
    boundaries = [first for first, _ in state.shards] or [""]
    if not state.shards:
        files[shard_path("")] = stored(_shard_text([], []))
    terms_count = len(index.terms)
    averages = index.averages()
    # Each field's lengths, a list per field (runs of similar numbers compress well).
    files[LENGTHS_PATH] = stored("[" + ",".join(f"[{joined_numbers(index.lengths[:, f].copy())[0]}]"
                                                for f in range(len(FIELDS))) + "]")
    shard_count = len(boundaries)
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
    languages, pipelines = archive_languages(d.language for d in docs)
    language_ids = {code: n for n, code in enumerate(languages)}
    several = len(languages) > 1  # a language column only where there is something to filter
    for block in range(0, len(docs), FACET_BLOCK):
        files[f"search/data/f{block // FACET_BLOCK}.json.deflate"] = stored(_dump([
            [year_ids[d.year], publisher_ids.get(d.publisher, -1), [entity_ids[e] for e in d.entity_ids if e in entity_ids],
             *([language_ids[d.language]] if several else [])]
            for d in docs[block: block + FACET_BLOCK]]))
    files["search/data/facets.json.deflate"] = stored(_dump({
        "years": years, "publishers": facet_names["publishers"], "entities": [names[e] for e in top],
        "languages": languages}))
    manifest = {
        "format": FORMAT,
        "lunr": "2.3.9",
        "fields": [[name, boost] for name, boost in FIELDS],
        "pipeline": list(LABELS),
        "languages": pipelines,  # of terms.PIPELINES
        "stopWords": list(STOP_WORDS),
        "compounds": {k: list(v) for k, v in sorted(COMPOUNDS.items())},
        "docs": len(docs),
        "averages": averages,  # each field's average length, for lunr's BM25 (search-core.js)
        "boundaries": boundaries,
        "dataBlock": DATA_BLOCK,
        "facetBlock": FACET_BLOCK,
    }
    files[MANIFEST_PATH] = _dump(manifest).encode("utf-8")  # plain: the first file a search reads
    return SearchFiles(files, terms_count, shard_count, stems, state, kept)
