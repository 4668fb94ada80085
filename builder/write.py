"""Output that is never half-written: new and changed files go into a
temporary sibling of site/, and site/ changes only once the whole build has
been written.

A build that fails or is killed before its commit leaves the previous site/
as it was. The commit moves each changed file in (one atomic rename per
file) and removes the files the new site no longer has, and any other file
found in site/: it lists every folder changed since the last commit (by
its mtime), which is where such a file can be. If it fails midway,
it is finished before the error is reported; if the build is killed midway,
the next build remakes what was not moved in. A first build's folder is
swapped in whole. Paths are checked so nothing is written twice or outside
the output folder.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Iterable, NamedTuple

from .cache import OutputRecord, content_hash, intact
from .errors import BuilderError

log = logging.getLogger(__name__)

_STAGING_PREFIX = ".building-"
_RETIRED_PREFIX = ".retired-"


class OutputError(BuilderError):
    """The output folder cannot be written as asked."""


class Staged(NamedTuple):
    """What `stage_file` did with one file, for `SiteWriter.adopt`."""

    content: str  # the hash of its bytes
    size: int = -1  # -1: not written, since the previous file has those bytes
    mtime_ns: int = 0
    inode: int = 0


def stage_file(target: str, previous_content: str | None, data: bytes) -> Staged:
    """Write one file where `SiteWriter.claim` said, unless the previous
    file has these bytes. File work only, so a worker process can do it:
    creating a file costs more than rendering a page on some disks."""
    content = content_hash(data)
    if content == previous_content:
        return Staged(content)
    try:
        handle = open(target, "wb")
    except FileNotFoundError:  # its folder is not made yet
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle = open(target, "wb")
    with handle:
        handle.write(data)
    return _staged(target, content)


def _staged(target: str, content: str) -> Staged:
    status = os.stat(target)
    return Staged(content, status.st_size, status.st_mtime_ns, status.st_ino)


class SiteWriter:
    """Collects a site's new and changed files in a staging folder;
    `commit()` puts them in site/.

    `previous` describes the files of the current site/ (from the build
    cache). A file whose inputs (`reuse`) or bytes (`write_*`) are unchanged
    is left where it is, so an unchanged page keeps its inode and mtime and
    costs neither rendering nor writing.
    """

    def __init__(self, output: Path, previous: dict[str, OutputRecord] | None = None,
                 folders: dict[str, int] | None = None):
        self.output = output.resolve()
        if self.output == Path(self.output.anchor) or self.output == Path.home().resolve():
            raise OutputError(f"refusing to use {self.output} as the output folder; choose a folder such as site/")
        self.output.parent.mkdir(parents=True, exist_ok=True)
        recover_interrupted_swap(self.output)
        self.staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{self.output.name}-{os.getpid()}-",
                                             dir=self.output.parent))
        self.previous = previous or {}
        self.known_folders = folders or {}  # each folder's mtime as the last commit left it (cache.folders)
        self.records: dict[str, OutputRecord] = {}  # what this build wrote or kept, for the next one
        self.folders: dict[str, int] = {}  # the same, as this commit leaves them (cache.save_folders)
        self.staged: list[str] = []  # the files written into the staging folder, in order
        self.committing = False
        self.reused = 0
        self._claimed: set[str] = set()  # files being staged elsewhere (claim, then adopt)

    def _check(self, rel_path: str) -> None:
        if rel_path.startswith("/") or any(part in ("", ".", "..") for part in rel_path.split("/")):
            raise OutputError(f"refusing to write {rel_path!r}: outside the output folder")
        if rel_path in self.records or rel_path in self._claimed:
            raise OutputError(f"two pages want the same output file {rel_path!r}; give one of them another slug")

    def reuse(self, rel_path: str, key: str) -> bool:
        """Keep the previous build's file if it was made from the same inputs."""
        record = self.previous.get(rel_path)
        return bool(record and record.key and record.key == key and self._keep_if_intact(rel_path, record))

    def reuse_all(self, rel_dir: str, key: str) -> bool:
        """Keep every file the previous build wrote under rel_dir, if all were
        made from `key` (leaving aside those this build has written or kept
        already) and all are intact; else keep none."""
        kept = {path: r for path, r in self.previous.items() if path.startswith(rel_dir) and path not in self.records}
        return not any(r.key != key for r in kept.values()) and self._keep_all(kept)

    def reuse_keyed(self, key: str) -> bool:
        """Keep every file the previous build made from `key`, if all are
        intact; else keep none. For a group of files rendered together."""
        return self._keep_all({path: r for path, r in self.previous.items() if r.key == key and path not in self.records})

    def reuse_bytes(self, files: dict[str, str], key: str) -> bool:
        """Keep every previous file of `files` (path -> hash of the bytes it
        should have), recorded under `key`, if all are intact and have those
        bytes; else keep none."""
        kept = {}
        for path, content in files.items():
            record = self.previous.get(path)
            if record is None or record.content != content or path in self.records:
                return False
            kept[path] = record._replace(key=key)
        return not files or self._keep_all(kept)

    def _keep_all(self, kept: dict[str, OutputRecord]) -> bool:
        if not kept or not all(intact(self._previous_file(path), r) for path, r in kept.items()):
            return False
        for path, record in sorted(kept.items()):
            self._keep(path, record)
        return True

    def _previous_file(self, rel_path: str) -> str:
        return os.path.join(self.output, rel_path)

    def _keep_if_intact(self, rel_path: str, record: OutputRecord) -> bool:
        """Keep the previous file if it is still what the last build wrote."""
        if not intact(self._previous_file(rel_path), record):
            return False
        self._keep(rel_path, record)
        return True

    def _keep(self, rel_path: str, record: OutputRecord) -> None:
        """The previous file, checked intact, stays as it is in the new site."""
        self._check(rel_path)
        self.records[rel_path] = record
        self.reused += 1

    def write_text(self, rel_path: str, text: str, key: str = "") -> None:
        self.write_bytes(rel_path, text.encode("utf-8"), key)

    def write_chunks(self, rel_path: str, chunks: Iterable[str], key: str = "") -> None:
        """A large file written as it is produced, never whole in memory."""
        target, previous_content = self.claim(rel_path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        content = hashlib.blake2b(digest_size=16)
        with open(target, "wb") as handle:
            for chunk in chunks:
                data = chunk.encode("utf-8")
                content.update(data)
                handle.write(data)
        if content.hexdigest() == previous_content:
            os.unlink(target)  # the file in place has these bytes already
            self.adopt(rel_path, Staged(previous_content), key)
        else:
            self.adopt(rel_path, _staged(target, content.hexdigest()), key)

    def write_bytes(self, rel_path: str, data: bytes, key: str = "") -> None:
        self.adopt(rel_path, stage_file(*self.claim(rel_path), data), key)

    def claim(self, rel_path: str) -> tuple[str, str | None]:
        """For a file that `stage_file` writes (here or in a worker): where
        to stage it, and the hash of the previous file's bytes if that file
        is intact, so the same bytes leave it in place. `adopt` records it."""
        self._check(rel_path)
        self._claimed.add(rel_path)
        record = self.previous.get(rel_path)
        intact_content = record.content if record and intact(self._previous_file(rel_path), record) else None
        return os.path.join(self.staging, rel_path), intact_content

    def adopt(self, rel_path: str, staged: Staged, key: str = "") -> None:
        self._claimed.remove(rel_path)
        if staged.size < 0:
            self._keep(rel_path, self.previous[rel_path]._replace(key=key))
        else:
            self.records[rel_path] = OutputRecord(key, staged.content, staged.size, staged.mtime_ns, staged.inode)
            self.staged.append(rel_path)

    def pages(self) -> list[str]:
        """The HTML files written so far, in sorted order."""
        return sorted(p for p in self.records if p.endswith(".html"))

    def copy_tree(self, source: Path, rel_dir: str) -> int:
        """Copy a folder of static files, in sorted order; returns the count."""
        count = 0
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            rel = (PurePosixPath(rel_dir) / path.relative_to(source).as_posix()).as_posix()
            self.write_bytes(rel, path.read_bytes())
            count += 1
        return count

    def commit(self) -> None:
        """Make the new site the site. A first build (nothing kept) swaps its
        folder in; otherwise the changed files are moved in one by one and
        the stale ones removed, which costs what changed, not the site's size."""
        os.chmod(self.staging, 0o755)
        if not self.reused or not self.output.is_dir():
            self._swap()
            return
        self.committing = True
        self.folders = finish_commit(self.staging, self.output, set(self.records), self.staged,
                                     self.previous.keys(), self.known_folders)

    def _swap(self) -> None:
        """Old site/ aside, staged folder in, old removed."""
        retired = None
        if self.output.exists():
            retired = self.output.parent / f"{_RETIRED_PREFIX}{self.output.name}-{os.getpid()}"
            os.replace(self.output, retired)
        os.replace(self.staging, self.output)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)

    def abort(self) -> None:
        """Drop the staged files; but a commit already under way is finished,
        since site/ is then part old, part new."""
        if self.committing:
            try:
                finish_commit(self.staging, self.output, set(self.records), self.staged)  # lists every folder
            except OSError as err:
                log.warning("%s is part old, part new (%s); the next build makes it whole", self.output, err)
                return
        shutil.rmtree(self.staging, ignore_errors=True)


def finish_commit(staging: Path, output: Path, files: set[str], staged: Iterable[str],
                  previous: Iterable[str] = (), known: dict[str, int] | None = None) -> dict[str, int]:
    """Move the staged files into output/ and remove every file output/ has
    that is not in `files`; then the staging folder goes. `previous` are the
    files of the last site, `known` its folders' mtimes (see _Tidy);
    returns the folders' mtimes as this commit leaves them."""
    ready: set[Path] = set()  # folders made ready for files already
    for rel_path in staged:
        source = staging / rel_path
        if not source.exists():  # moved already, by an attempt that failed further on
            continue
        target = output / rel_path
        if target.parent not in ready:
            _make_room(output, target.parent)
            ready.add(target.parent)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(source, target)
    holding_gone = {path.rpartition("/")[0] for path in previous if path not in files}
    tidy = _Tidy(str(output), files, known or {}, holding_gone)
    tidy.folder("")
    shutil.rmtree(staging, ignore_errors=True)
    return tidy.left


def _make_room(output: Path, folder: Path) -> None:
    """Make folder (inside output) a real folder: a file or link where it or
    one of its parents goes (the site changed shape) is removed."""
    for parent in (*reversed(folder.relative_to(output).parents[:-1]), folder.relative_to(output)):
        path = output / parent
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            path.unlink()
    folder.mkdir(parents=True, exist_ok=True)


# A folder changed this recently is listed again by the next commit: a
# change within the filesystem's mtime granularity would not show.
_RACY_NS = 2_000_000_000


class _NotAFolder(Exception):
    pass


class _Tidy:
    """Removes what is not in `files` under the site, and the folders left
    empty. A folder whose mtime is what the last commit left (`known`)
    holds what it held then, all files of the last site: unless it held a
    file this site lacks (`holding_gone`), only its subfolders are visited.
    Any other folder is listed. `left`: each folder kept, with its mtime,
    unless that is too recent to trust next time."""

    def __init__(self, site: str, files: set[str], known: dict[str, int], holding_gone: set[str]):
        self.site, self.files, self.known, self.holding_gone = site, files, known, holding_gone
        self.subfolders: dict[str, list[str]] = {}
        for path in known:
            if path:
                self.subfolders.setdefault(path.rpartition("/")[0], []).append(path)
        self.settled_before = time.time_ns() - _RACY_NS
        self.left: dict[str, int] = {}

    def folder(self, rel: str) -> bool:
        """Tidy the folder at rel ("" is the site); True when it is left empty."""
        path = os.path.join(self.site, rel) if rel else self.site
        status = os.lstat(path)
        if not stat.S_ISDIR(status.st_mode):
            raise _NotAFolder(path)
        if self.known.get(rel) == status.st_mtime_ns and rel not in self.holding_gone:
            subfolders = self.subfolders.get(rel, [])
            try:
                emptied = [sub for sub in subfolders if self.folder(sub)]
            except _NotAFolder:  # a link or a file where a subfolder was: as if this folder had changed
                emptied = None
            if emptied is not None:
                for sub in emptied:
                    os.rmdir(os.path.join(self.site, sub))
                if not emptied:
                    self._keep(rel, status.st_mtime_ns)
                    return False
                if len(emptied) < len(subfolders):
                    return False  # subfolders are left (its mtime changed: listed next time)
            # Listed: whether it is empty now, or what is where a folder was.
        empty = True
        with os.scandir(path) as entries:
            for entry in entries:
                rel_path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    if self.folder(rel_path):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif rel_path in self.files:
                    empty = False
                else:
                    os.unlink(entry.path)
        if not empty:
            self._keep(rel, os.stat(path).st_mtime_ns)
        return empty

    def _keep(self, rel: str, mtime: int) -> None:
        if mtime < self.settled_before:
            self.left[rel] = mtime


def recover_interrupted_swap(output: Path) -> None:
    """Tidy what a killed build left beside the output folder.

    If a build died between moving the old site aside and moving the new one
    in, the old one is put back; stale staging folders are removed. (A commit cut
    short recorded nothing in the build cache, so this build goes by the last
    finished build's records and makes every changed file again.)
    """
    parent = output.parent
    if not parent.is_dir():
        return
    retired = sorted(parent.glob(f"{_RETIRED_PREFIX}{output.name}-*"))
    for index, folder in enumerate(retired):
        if not output.exists() and index == len(retired) - 1:
            log.warning("restoring %s from an interrupted build", output)
            os.replace(folder, output)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for folder in parent.glob(f"{_STAGING_PREFIX}{output.name}-*"):
        if _owner_is_gone(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _owner_is_gone(folder: Path) -> bool:
    """A staging folder is named .building-<site>-<pid>-<random>; it is stale
    when no process with that pid is alive (a killed or crashed build)."""
    try:
        pid = int(folder.name.rsplit("-", 2)[-2])
    except (IndexError, ValueError):
        return True
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
