"""The search index of a build, made from the articles' analyses: in a
process of its own beside the build's other stages (`index_in_background`),
or in the build's own when that does not pay or the process died. Each
build keeps the index's state and the stems for the next, which patches the
index when few articles changed. Everything a job needs comes in its
arguments; nothing is left in this module between jobs."""
from __future__ import annotations

import json
import logging
import pickle
import threading
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from ..files import write_atomic
from .shards import IndexState
from .terms import SearchDoc, WordCounts, stemmer_version

if TYPE_CHECKING:  # index.py loads numpy: only the process that makes an index imports it
    from .index import SearchFiles

log = logging.getLogger(__name__)

INDEX_STATE_FILE = "search-state.pickle"  # in the cache folder: what the next build's index starts from
STEM_CACHE_FILE = "stems.json"  # the stems of every word seen, for the next build

# Reads one column of the cache for some keys, in their order, from another
# process (build.cache.read_work, passed in: this package does not import
# the build's).
CacheReader = Callable[[Path, list[str], str], Iterable[object]]


def index_files(keys: list[str], words_of: Callable[[list[str]], Iterable[WordCounts]],
                facets_of: Callable[[list[str]], Iterable[SearchDoc]], entity_names: dict[str, str],
                stem_cache: Path, previous: IndexState | None, stem_processes: int | None = None
                ) -> SearchFiles:
    """The search index's files (result data aside). With the previous
    build's state, only the changed documents' words and facets are read
    (`words_of` and `facets_of` their keys), and when few changed the index
    is patched. The new state keeps the facets for the next build."""
    from .index import search_files  # numpy: imported by the process that makes an index, when it does
    from .postings import word_rows

    known = dict(zip(previous.rows.keys, previous.docs)) if previous is not None else {}
    missing = [key for key in keys if key not in known]
    known.update(zip(missing, facets_of(missing)))
    docs = [known[key] for key in keys]
    rows = word_rows(keys, words_of, previous.rows if previous is not None else None)
    made = search_files(docs, facet_names(docs, entity_names), read_stem_cache(stem_cache), rows=rows,
                        stem_processes=stem_processes, previous=previous)
    return replace(made, state=made.state and replace(made.state, docs=tuple(docs)))


def index_in_background(read_work: CacheReader, cache_path: Path, keys: list[str], entity_names: dict[str, str],
                        cache_folder: Path, maker: str) -> SearchFiles:
    """index_files in the background process, beside the build's other
    stages: it starts from the last build's state, reads from the cache what
    changed since, and returns the files; a thread of this process then
    keeps the new state and stems for the next build (0.3 s at 10,000
    articles) while the build writes the files. The process does not end
    before that thread has written them: the build, closing it, waits. It
    stems on one core (and starts no processes of its own, which a killed
    build could strand). `maker`: the builder's digest, which a state must
    carry to be read back."""
    search = index_files(keys, lambda missing: read_work(cache_path, missing, "words"),  # type: ignore[arg-type]
                         lambda missing: read_work(cache_path, missing, "facets"),  # type: ignore[arg-type]
                         entity_names, cache_folder / STEM_CACHE_FILE,
                         read_search_state(cache_folder / INDEX_STATE_FILE, maker), stem_processes=1)
    threading.Thread(target=keep_for_next_index, args=(cache_folder, search.state, search.stems, maker),
                     name="keep the index for the next build").start()  # not a daemon: it ends before the process
    return replace(search, state=None, stems={})  # not sent back: the build does not need them


def keep_for_next_index(cache_folder: Path, state: IndexState | None, stems: dict[str, str], maker: str) -> None:
    """What the next build's index starts from: this index's state and stems."""
    write_search_state(cache_folder / INDEX_STATE_FILE, state, maker)
    write_stem_cache(cache_folder / STEM_CACHE_FILE, stems)


def read_search_state(path: Path, maker: str) -> IndexState | None:
    """The last index's state, if this builder (`maker`) made it; else none.
    A file (about 100 MB at 10,000 articles), not the SQLite cache: pickled
    straight to disk, it is written in a fifth of the time."""
    try:
        with open(path, "rb") as handle:
            made_by, state = pickle.load(handle)
    except (OSError, ValueError, TypeError, EOFError, AttributeError, ImportError, IndexError, pickle.UnpicklingError):
        return None
    return state if made_by == maker and isinstance(state, IndexState) else None


def write_search_state(path: Path, state: IndexState | None, maker: str) -> None:
    """Keep the index's state for the next build; a cache that cannot be written is skipped."""
    try:
        write_atomic(path, pickle.dumps((maker, state), protocol=5))
    except OSError as err:
        log.warning("search index state not written (%s): %s", path, err.strerror)


def background_result(job: Future[SearchFiles] | None) -> SearchFiles | None:
    """The background index, or None if there was none or its process died
    (killed for memory, say): then the build makes the index itself."""
    if job is None:
        return None
    try:
        return job.result()
    except BrokenProcessPool:
        log.warning("the background process building the search index stopped; building it here instead")
        return None


def facet_names(docs: list[SearchDoc], entity_names: dict[str, str]) -> dict[str, list[str]]:
    """The names the search facets show: publishers, and the entities the articles mention."""
    used = sorted({e for doc in docs for e in doc.entity_ids})
    return {
        "publishers": sorted({doc.publisher for doc in docs if doc.publisher}),
        "entity_ids": used,
        "entity_names": [entity_names[e] for e in used],
    }


def read_stem_cache(path: Path) -> dict[str, str]:
    """Stems from earlier builds, if the same stemmer made them; else none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stemmer") != stemmer_version():
        return {}
    stems = data.get("stems")
    return stems if isinstance(stems, dict) else {}


def write_stem_cache(path: Path, stems: dict[str, str]) -> None:
    """Keep the stems for the next build; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"stemmer": stemmer_version(), "stems": stems},
                                       ensure_ascii=False, sort_keys=True))
    except OSError as err:
        log.warning("stem cache not written (%s): %s", path, err.strerror)
