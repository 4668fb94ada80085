"""The build cache: what a later build may reuse, keyed by hashes of its inputs.

One SQLite file under --cache (default .cache/news-archive/build.sqlite):
- `parsed`: each content/articles/*.md as read (front matter checked),
  keyed by a hash of its path, its bytes and the builder source;
- `read`: the hash of each file's path and bytes beside its status
  (inode, size, times) when it was read: a file with the same status is
  not read again to find the hash;
- `work`: per article, what analysing it produced (outline, annotation,
  marked body, search word counts, ...), keyed by a hash of the article
  file's bytes and of everything analysis depends on (registry,
  abbreviations, settings, interface text, builder source);
- `sites`: for each folder a commit made the site, every file written, with
  the key of the inputs it was rendered from, the hash of its bytes, and its
  size, mtime and inode when written (an output whose key or bytes are
  unchanged is kept instead of being rendered and written again); and every
  folder with its mtime as the commit left it, so that the next commit lists
  only the folders changed since;
- `derived`: results computed from the whole archive (related articles),
  each under a hash of exactly the inputs it reads; and each entity's page
  keys beside a fingerprint of what they are made from.

Keys are content hashes, never mtimes: the stat checks only make sure
site/ was not changed behind the build's back, and spare reading an
article whose inode and change time are as they were. The build's output is the
same with or without the cache; a cache that cannot be read is ignored, one
that cannot be written is skipped with a warning.
"""
from __future__ import annotations

import logging
import os
import pickle
import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from ..errors import BuilderError
from ..hashing import digest

log = logging.getLogger(__name__)

FORMAT = 9  # bump when what the cache holds changes shape
_COLUMNS = ("outline", "annotation", "facets", "words", "result", "body", "export", "sentences")


def pickled_work(work: object) -> tuple[bytes, ...]:
    """An article's analysis (analyse.ArticleWork) as the cache stores it,
    one pickle per column. Made in the worker that analysed it, so the build
    process, the busiest of a cold build, only moves bytes."""
    return tuple(pickle.dumps(getattr(work, column), protocol=5) for column in _COLUMNS)


_VANISHED = ("an entry vanished during the build (another build using the same cache?); build again, or give "
             "each archive its own --cache")


def _select_work(db: sqlite3.Connection, key: str, column: str) -> bytes | None:
    assert column in _COLUMNS
    row = db.execute(f"SELECT {column} FROM work WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _select_batch(db: sqlite3.Connection, keys: list[str], column: str) -> dict[str, bytes]:
    """One column of the rows of some keys, a few hundred keys per query (a
    query per key costs several times as much)."""
    assert column in _COLUMNS
    found: dict[str, bytes] = {}
    for start in range(0, len(keys), 500):
        batch = keys[start:start + 500]
        found.update(db.execute(f"SELECT key, {column} FROM work WHERE key IN ({', '.join('?' * len(batch))})", batch))
    return found


def _select_derived(db: sqlite3.Connection, name: str, key: str) -> object | None:
    """A derived value stored under name from inputs hashing to key; None if
    there is none or it cannot be read (made by another builder)."""
    try:
        row = db.execute("SELECT value FROM derived WHERE name = ? AND key = ?", (name, key)).fetchone()
        return pickle.loads(row[0]) if row else None
    except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError):
        return None


def _insert_derived(db: sqlite3.Connection, path: Path | None, name: str, key: str, value: object) -> None:
    try:
        db.execute("INSERT OR REPLACE INTO derived VALUES (?, ?, ?)", (name, key, pickle.dumps(value, protocol=5)))
    except sqlite3.Error as err:
        log.warning("build cache not written (%s): %s", path, err)


def _delete_keys_except(db: sqlite3.Connection, table: str, keys: set[str]) -> None:
    stale = [(k,) for (k,) in db.execute(f"SELECT key FROM {table}") if k not in keys]
    db.executemany(f"DELETE FROM {table} WHERE key = ?", stale)


@lru_cache(maxsize=1)
def builder_digest() -> str:
    """The builder's own source and its libraries' versions: a new builder
    may annotate or render differently, so it starts from scratch."""
    from importlib.metadata import version

    from .. import __version__

    package = Path(__file__).resolve().parents[1]
    libraries = [f"{name} {version(name)}" for name in ("Markdown", "Jinja2", "nh3", "PyYAML", "PySastrawi", "numpy",
                                                         "orjson")]
    sources = sorted(package.rglob("*.py"))  # every module of every stage; not __pycache__, whose files come and go
    return digest(__version__, FORMAT.to_bytes(2, "little"), *libraries,
                  *(item for path in sources for item in (path.relative_to(package).as_posix(), path.read_bytes())))


class OutputRecord(NamedTuple):
    """An output file as the last build left it (a named tuple: a build
    reads one per file of the site, 24,000 at 10,000 articles)."""

    key: str  # hash of the inputs it was rendered from ('' when unkeyed)
    content: str  # hash of its bytes
    size: int
    mtime_ns: int
    inode: int


EntityPageKeys = tuple[str, str, tuple[str, ...]]  # (fingerprint of the inputs, page key, period pages' keys)


class Remembered:
    """What a process that builds again and again (the preview) keeps of one
    build for the next, already unpickled: each article as parsed, each
    outline, the whole-archive results. Each value is under the key the
    cache file has it under, a hash of its inputs, so a value found here is
    the one the file holds; each build keeps only what it used. (And each
    entity's page keys beside the fingerprint of what they were made from:
    outputs.write_entity_pages; and each site folder's records beside the
    bytes of the cache row they came from.) At 10,000 articles a rebuild
    after an edit took 3.2 s with it and 4.0 s without (medians of 8,
    alternating in one process)."""

    def __init__(self) -> None:
        self.parsed: dict[str, object] = {}  # ParsedArticles' key -> (Article, warnings)
        self.outlines: dict[str, object] = {}  # analysis key -> Outline
        self.derived: dict[str, tuple[str, object]] = {}  # name -> (key, value), as `computed` gave it
        self.entity_pages: dict[str, EntityPageKeys] = {}  # as BuildCache.entity_page_keys gives them
        # site folder -> (its row of the cache's `sites`, as bytes; what BuildCache.site makes of them)
        self.sites: dict[str, tuple[bytes, tuple[dict, dict]]] = {}


class BuildCache:
    """Open for one build; `close()` writes what the build recorded."""

    def __init__(self, folder: Path | None, remembered: Remembered | None = None):
        """folder None: a cache in memory, for this build only (the build
        still keeps per-article work out of the Python heap). `remembered`:
        what the same process's last build left (see Remembered)."""
        self.path = folder / "build.sqlite" if folder is not None else None
        self.remembered = remembered
        self._unstored: dict[str, tuple[bytes, ...]] = {}  # pickled_work of what the file could not take
        db = self._open(self.path)
        if db is None and self.path is not None:
            try:  # unreadable (a damaged file, another format): start it again
                self.path.unlink(missing_ok=True)
                db = self._open(self.path)
            except OSError:
                pass
        if db is None:
            log.warning("build cache not used (%s); later builds will not be faster", self.path)
            self.path = None
            db = self._open(None)
        if db is None:
            raise BuilderError("SQLite cannot open a database, even in memory; check the Python installation")
        self._db = db

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection | None:
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path if path is not None else ":memory:", isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
                db.executescript("DROP TABLE IF EXISTS work; DROP TABLE IF EXISTS outputs; DROP TABLE IF EXISTS folders;"
                                 "DROP TABLE IF EXISTS sites;"
                                 "DROP TABLE IF EXISTS derived; DROP TABLE IF EXISTS parsed; DROP TABLE IF EXISTS unfinished;"
                                 "DROP TABLE IF EXISTS read;")
                db.execute(f"PRAGMA user_version={FORMAT}")
            db.executescript(
                # Columns in the order builds read them: SQLite reaches a
                # column through the overflow pages of the ones before it.
                "CREATE TABLE IF NOT EXISTS work (key TEXT PRIMARY KEY, outline BLOB, sentences BLOB, annotation BLOB,"
                " facets BLOB, export BLOB, words BLOB, result BLOB, body BLOB);"
                "CREATE TABLE IF NOT EXISTS sites (folder TEXT PRIMARY KEY, records BLOB);"
                "CREATE TABLE IF NOT EXISTS derived (name TEXT PRIMARY KEY, key TEXT, value BLOB);"
                "CREATE TABLE IF NOT EXISTS parsed (key TEXT PRIMARY KEY, value BLOB);"
                "CREATE TABLE IF NOT EXISTS read (path TEXT PRIMARY KEY, status TEXT, source TEXT);"
                "CREATE TABLE IF NOT EXISTS unfinished (folder TEXT PRIMARY KEY);")
            return db
        except (sqlite3.Error, OSError):
            return None

    # -- per-article work
    def outlines(self, keys: list[str]) -> dict[str, object]:
        """key -> outline, for each of keys the cache holds and can read (a
        damaged one is left out, and analysed again). Those the same
        process's last build had come from memory; of the rest, most of the
        archive is read in one pass over the table, a few by their keys."""
        kept = self.remembered.outlines if self.remembered is not None else {}
        found = {key: kept[key] for key in keys if key in kept}
        missing = [key for key in keys if key not in found]
        try:
            if len(missing) > len(keys) // 4:
                wanted = set(missing)
                rows = ((key, value) for key, value in self._db.execute("SELECT key, outline FROM work")
                        if key in wanted)
            else:
                rows = _select_batch(self._db, missing, "outline").items()
            for key, value in rows:
                try:
                    found[key] = pickle.loads(value)
                except (pickle.UnpicklingError, EOFError, AttributeError, TypeError):
                    continue
        except sqlite3.Error:
            pass
        return found

    def remember_outlines(self, outlines: dict[str, object]) -> None:
        """This build's outlines (analysis key -> outline), for the same process's next build."""
        if self.remembered is not None:
            self.remembered.outlines = outlines

    def stored_keys(self) -> set[str]:
        """The keys of every analysis the cache holds."""
        try:
            return {key for key, in self._db.execute("SELECT key FROM work")} | set(self._unstored)
        except sqlite3.Error:
            return set(self._unstored)

    def load(self, key: str, column: str) -> object:
        """One stored value (a column of `work`)."""
        if key in self._unstored:
            stored = self._unstored[key][_COLUMNS.index(column)]
        else:
            stored = _select_work(self._db, key, column)
        if stored is None:
            raise BuilderError(f"{self.path}: {_VANISHED}")
        return pickle.loads(stored)

    def load_all(self, keys: list[str], column: str) -> dict[str, object]:
        """`load` for each key, in keys' order, a few hundred keys per query:
        as quick for every key of the archive as one pass over the table,
        and for a few, it reads only their rows."""
        try:
            found = _select_batch(self._db, [key for key in keys if key not in self._unstored], column)
        except sqlite3.Error:
            found = {}
        return {key: pickle.loads(found[key]) if key in found else self.load(key, column) for key in keys}

    def store(self, rows: list[tuple[str, tuple[bytes, ...]]]) -> None:
        """(key, pickled_work(...)) for newly analysed articles; kept in
        memory for this build if the file cannot take them."""
        try:
            self._db.execute("BEGIN")
            self._db.executemany(f"INSERT OR REPLACE INTO work (key, {', '.join(_COLUMNS)}) "
                                 f"VALUES (?{', ?' * len(_COLUMNS)})", [(key, *values) for key, values in rows])
            self._db.execute("COMMIT")
        except sqlite3.Error as err:
            if not self._unstored:
                log.warning("build cache not written (%s): %s", self.path, err)
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self._unstored.update(rows)

    def forget_work_except(self, keys: set[str]) -> None:
        """Drop the analyses no article has any more, so the file stays the archive's size."""
        try:
            _delete_keys_except(self._db, "work", keys)
        except sqlite3.Error as err:
            log.warning("build cache not tidied (%s): %s", self.path, err)

    # -- parsed articles
    def parsed_memo(self) -> ParsedArticles:
        return ParsedArticles(self)

    def _all_parsed(self) -> dict[str, bytes]:
        try:
            return dict(self._db.execute("SELECT key, value FROM parsed"))
        except sqlite3.Error:
            return {}

    def _all_read(self) -> dict[str, tuple[str, str]]:
        try:
            return {path: (status, source) for path, status, source in self._db.execute("SELECT * FROM read")}
        except sqlite3.Error:
            return {}

    def _store_parsed(self, rows: list[tuple[str, object]], used: set[str],
                      read: dict[str, tuple[str, str]], gone: set[str]) -> None:
        """New parses in, and the parses of files that are gone or changed
        out; the same for what files were read."""
        try:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?)",
                                 [(key, pickle.dumps(value, protocol=5)) for key, value in rows])
            _delete_keys_except(self._db, "parsed", used)
            self._db.executemany("INSERT OR REPLACE INTO read VALUES (?, ?, ?)",
                                 [(path, *row) for path, row in read.items()])
            self._db.executemany("DELETE FROM read WHERE path = ?", [(path,) for path in gone])
            self._db.execute("COMMIT")
        except sqlite3.Error as err:
            log.warning("build cache not written (%s): %s", self.path, err)
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    # -- whole-archive results
    def derived(self, name: str, key: str) -> object | None:
        """The value stored under name, if it was computed from inputs hashing to key."""
        return _select_derived(self._db, name, key)

    def store_derived(self, name: str, key: str, value: object) -> None:
        _insert_derived(self._db, self.path, name, key, value)

    def latest(self, name: str) -> object | None:
        """The value last stored under name, whatever inputs it came from: what
        a result that can be brought up to date starts from (None if none,
        or it cannot be read)."""
        if self.remembered is not None and name in self.remembered.derived:
            return self.remembered.derived[name][1]
        try:
            row = self._db.execute("SELECT value FROM derived WHERE name = ?", (name,)).fetchone()
            return pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None

    def computed(self, name: str, key: str, compute: Callable[[], object]) -> Any:
        """compute(), or what it gave the last time its inputs hashed to key."""
        if self.remembered is not None and self.remembered.derived.get(name, ("", None))[0] == key:
            return self.remembered.derived[name][1]
        stored = self.derived(name, key)
        if stored is None:
            stored = compute()
            self.store_derived(name, key, stored)
        if self.remembered is not None:
            self.remembered.derived[name] = (key, stored)
        return stored

    def entity_page_keys(self) -> dict[str, EntityPageKeys]:
        """Each entity's page keys as the last build made them (outputs.
        write_entity_pages), by entity id; {} if there are none."""
        if self.remembered is not None and self.remembered.entity_pages:
            return self.remembered.entity_pages
        stored = self.derived("entity page keys", builder_digest())
        return stored if isinstance(stored, dict) else {}

    def store_entity_page_keys(self, keys: dict[str, EntityPageKeys], last: dict[str, EntityPageKeys]) -> None:
        """This build's, written to the file if they differ from `last` (what entity_page_keys gave)."""
        if keys != last:
            self.store_derived("entity page keys", builder_digest(), keys)
        if self.remembered is not None:
            self.remembered.entity_pages = keys

    # -- outputs
    def outputs(self, folder: Path) -> dict[str, OutputRecord]:
        """Each file of a site folder as the build that committed it left it."""
        return self.site(folder)[0]

    def site(self, folder: Path) -> tuple[dict[str, OutputRecord], dict[str, int]]:
        """Each file of a site folder, and each of its folders (relative; ""
        is the folder itself) with its mtime, as the build that committed it
        left them. One row per site folder, its records pickled together:
        read and written at once, several times quicker than a row per file
        (24,000 at 10,000 articles)."""
        try:
            row = self._db.execute("SELECT records FROM sites WHERE folder = ?", (str(folder),)).fetchone()
            if row is not None:
                return self._site_from(str(folder), row[0])
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            pass
        return {}, {}

    def _site_from(self, folder: str, data: bytes) -> tuple[dict[str, OutputRecord], dict[str, int]]:
        """A row of `sites` unpickled, or as the same process made it from
        the same bytes before (a preview's rebuild: 0.15 s at 10,000
        articles, for each of the two folders). Callers do not change it."""
        kept = self.remembered.sites.get(folder) if self.remembered is not None else None
        if kept is not None and kept[0] == data:
            return kept[1]
        files, folders = pickle.loads(data)
        site = {path: OutputRecord._make(values) for path, values in files.items()}, folders
        self._remember_site(folder, data, site)
        return site

    def _remember_site(self, folder: str, data: bytes, site: tuple[dict[str, OutputRecord], dict[str, int]]) -> None:
        if self.remembered is not None:
            self.remembered.sites[folder] = (data, site)

    def save_site(self, folder: Path, records: dict[str, OutputRecord], folders: dict[str, int]) -> None:
        """The files and folders of a site folder as this build's commit left them."""
        try:
            data = pickle.dumps(({path: tuple(record) for path, record in records.items()}, folders), protocol=5)
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO sites VALUES (?, ?)", (str(folder), data))
            self._remember_site(str(folder), data, (dict(records), dict(folders)))
            gone = [(f,) for (f,) in self._db.execute("SELECT folder FROM sites") if not Path(f).is_dir()]
            self._db.executemany("DELETE FROM sites WHERE folder = ?", gone)  # folders deleted since
            self._db.execute("COMMIT")
        except sqlite3.Error as err:
            log.warning("build cache not written (%s): %s", self.path, err)
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def has_outputs(self, folder: Path) -> bool:
        try:
            return self._db.execute("SELECT 1 FROM sites WHERE folder = ?", (str(folder),)).fetchone() is not None
        except sqlite3.Error:
            return False

    def forget_outputs(self, folder: Path) -> None:
        """Drop the records of a folder that is no longer a site."""
        try:
            self._db.execute("DELETE FROM sites WHERE folder = ?", (str(folder),))
        except sqlite3.Error as err:
            log.warning("build cache not written (%s): %s", self.path, err)

    def begin_writing(self, folder: Path) -> bool:
        """Note that a build is about to change folder; True when what the
        cache records of it can be trusted, that is, no build that changed
        it since its last commit failed (its records are from that commit)."""
        try:
            trusted = self._db.execute("SELECT 1 FROM unfinished WHERE folder = ?", (str(folder),)).fetchone() is None
            self._db.execute("INSERT OR REPLACE INTO unfinished VALUES (?)", (str(folder),))
            return trusted
        except sqlite3.Error:
            return False

    def finished_writing(self, folder: Path) -> None:
        try:
            self._db.execute("DELETE FROM unfinished WHERE folder = ?", (str(folder),))
        except sqlite3.Error as err:
            log.warning("build cache not written (%s): %s", self.path, err)

    def shared_path(self) -> Path | None:
        """The file, if every analysis is stored in it (so another process can read them)."""
        return self.path if self.path is not None and not self._unstored else None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ParsedArticles:
    """content.ParsedMemo over the cache: `save()` stores what was parsed
    and drops what no file has any more."""

    def __init__(self, cache: BuildCache):
        self._cache = cache
        self._builder = builder_digest()
        self._stored = cache._all_parsed()  # read in one query, unpickled as asked for
        self._last_read = cache._all_read()  # path -> (its status as text, its Article.source) when last read
        self._read: dict[str, tuple[str, str]] = {}  # what this build read that the last did not
        self._unread = set(self._last_read)  # paths this build has not seen (yet)
        self._since = time.time_ns() - _SETTLED_NS
        self._new: list[tuple[str, object]] = []
        self._used: set[str] = set()
        self._remembered = cache.remembered
        self._kept = cache.remembered.parsed if cache.remembered is not None else {}
        self._seen: dict[str, object] = {}  # what this build read, for the same process's next build

    def _key(self, source: str) -> str:
        key = self._builder + source  # both hashes already
        self._used.add(key)
        return key

    def get(self, source: str):
        key = self._key(source)
        stored = self._stored.pop(key, None)
        if stored is not None and key in self._kept:
            parsed = self._kept[key]
        else:
            try:
                parsed = pickle.loads(stored) if stored is not None else None
            except (pickle.UnpicklingError, EOFError, AttributeError):
                return None
        if parsed is not None and self._remembered is not None:
            self._seen[key] = parsed
        return parsed

    def put(self, source: str, parsed: object) -> None:
        key = self._key(source)
        self._new.append((key, parsed))
        if self._remembered is not None:
            self._seen[key] = parsed

    def source_of(self, path: str, status: os.stat_result) -> str | None:
        """The source of the file at path when it was read with this status."""
        last = self._last_read.get(path)
        self._unread.discard(path)
        return last[1] if last is not None and last[0] == _status_text(status) else None

    def read(self, path: str, status: os.stat_result, source: str) -> None:
        """The file at path, with this status before it was read, held
        source. Kept only if the file last changed long enough ago: a
        change within the clock's granularity would leave its status as it
        was (a file changed since this build began is read again next time)."""
        row = (_status_text(status), source)
        if max(status.st_ctime_ns, status.st_mtime_ns) < self._since and self._last_read.get(path) != row:
            self._read[path] = row

    def save(self) -> None:
        self._cache._store_parsed(self._new, self._used, self._read, self._unread)
        self._new, self._stored, self._read = [], {}, {}
        if self._remembered is not None:
            self._remembered.parsed, self._seen = self._seen, {}


_SETTLED_NS = 2_000_000_000  # a file changed longer ago than this has its status trusted (ParsedArticles.read)


def _status_text(status: os.stat_result) -> str:
    """What changes whenever a file's bytes do: its inode and device, size,
    and the times of the last change to its bytes and to the inode (which
    no one can set back, unlike the first: `touch -d`, `cp -p`, checkouts)."""
    return f"{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}"


# Another process (the background index) reaches the cache file through
# connections of its own, while the build keeps writing through its own.

def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def read_work(path: Path, keys: list[str], column: str) -> Iterator[object]:
    """BuildCache.load for each key, in order, from another process. Keys
    are read a few hundred per query (a query per key costs several times
    as much), so memory holds one batch of values at a time."""
    db = _read_only(path)
    try:
        for start in range(0, len(keys), 500):
            batch = keys[start:start + 500]
            found = _select_batch(db, batch, column)
            for key in batch:
                if key not in found:
                    raise BuilderError(f"{path}: {_VANISHED}")
                yield pickle.loads(found[key])
    finally:
        db.close()


def intact(path: str | Path, record: OutputRecord) -> bool:
    """Is the file still the one the last build wrote?"""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == record.size and st.st_mtime_ns == record.mtime_ns and st.st_ino == record.inode
