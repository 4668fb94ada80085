"""Output that is never half-written: the site lives in two folders beside
the output path, and the output path is a symbolic link to the current one.

`site` -> `.site.a` (say). A build writes into the other folder, `.site.b`:
the files it keeps from the current site become hard links to them (no copy,
no render), new and changed files are written, and the files the new site
no longer has are removed. Then one atomic rename points `site` at
`.site.b`. A build that fails or is killed at any moment before that rename
leaves `site` exactly as it was; the folder it was writing is brought up to
date by the next build. Unchanged files are one inode shared by both
folders, so the second folder costs the disk only what changed.

The output folder is the builder's only if it is absent, empty, a link to
its folders, or a site it wrote before (a marker file, or the cache's
record of it); never a folder of the archive's own (content, seeds, themes,
the cache) or one holding a repository. Paths are checked so nothing is
written twice or outside the output folder.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import shutil
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from ..errors import BuilderError
from ..hashing import content_hash, content_hasher
from .cache import OutputRecord, intact

log = logging.getLogger(__name__)

MARKER = ".news-archive-site"  # in every site folder the builder writes
_MARKER_TEXT = ("This folder was written by news-archive build. Every build replaces what is in it: keep your own\n"
                "files elsewhere (content/, or a theme's static/ folder).\n")
_LINK_PREFIX = ".link-"  # a new link, before it is renamed onto the output path
_RETIRED_PREFIX = ".retired-"  # an old-style site folder, on its way out


class OutputError(BuilderError):
    """The output folder cannot be written as asked. (One argument, so a
    worker process can raise it to the build.)"""


# ------------------------------------------------------------------ which folder

@dataclass(frozen=True)
class OutputFolders:
    """Where a build's site goes: `link` is the output path as the user named
    it; `live` the folder it shows now (None: no site yet); `target` the
    folder this build writes, which `link` points at once it is complete."""

    link: Path
    live: Path | None
    target: Path

    @property
    def trees(self) -> tuple[Path, Path]:
        return _trees(self.link)


def _trees(link: Path) -> tuple[Path, Path]:
    return link.parent / f".{link.name}.a", link.parent / f".{link.name}.b"


def _absolute(path: Path) -> Path:
    """The path with its parent folders resolved, but not itself: the output
    path is a link this module makes."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def output_folders(output: Path, protected: Iterable[Path],
                   recorded: Callable[[Path], bool] = lambda folder: False) -> OutputFolders:
    """The folders a build of `output` uses, after checking that the output
    is the builder's to replace. `protected` are the archive's own folders
    and files (content, config, themes, seeds, cache): the output may not
    be one of them, hold one, or lie inside one. `recorded(folder)`: the
    build cache has a record of writing that folder (a site built before the
    marker file existed)."""
    link = _absolute(output)
    recover_interrupted_swap(link)
    if link == Path(link.anchor) or link == Path.home().resolve():
        raise OutputError(f"refusing to use {link} as the output folder; choose a folder such as site/")
    for place in protected:
        place = Path(os.path.abspath(place)).resolve()
        if link == place or place.is_relative_to(link):
            what = "is" if link == place else "holds"
            raise OutputError(f"refusing to use {output} as the output folder: it {what} {place}, which is part "
                              "of the archive, and a build replaces everything in its output folder. Choose a "
                              "folder of its own, such as site/")
        if place.is_dir() and link.is_relative_to(place):
            raise OutputError(f"refusing to use {output} as the output folder: it is inside {place}, which is part "
                              "of the archive. Choose a folder of its own, such as site/")
    trees = _trees(link)
    if link.is_symlink():
        target = Path(os.path.join(link.parent, os.readlink(link)))
        if Path(os.path.normpath(target)) not in trees:
            raise OutputError(f"refusing to use {output} as the output folder: it is a link to {target}, not to "
                              f"a folder this builder made ({trees[0].name} or {trees[1].name}). Remove the link "
                              "or choose another folder")
        live = Path(os.path.normpath(target))
        if not live.is_dir():
            live = None  # a link to a folder deleted since: as if there were no site
    elif link.is_dir():
        if (link / ".git").exists():
            raise OutputError(f"refusing to use {output} as the output folder: it holds a repository (.git). "
                              "Choose a folder of its own, such as site/")
        if any(link.iterdir()) and not (link / MARKER).is_file() and not recorded(link):
            raise OutputError(f"refusing to use {output} as the output folder: it is not empty, and no build "
                              f"wrote it (it has no {MARKER} file). A build replaces everything in its output "
                              "folder: choose an empty or new folder, or delete this one first")
        live = link  # a site built before the two folders: it becomes one of them at the commit
    elif link.exists():
        raise OutputError(f"refusing to use {output} as the output folder: it is a file. Choose a folder")
    else:
        live = None
    target = trees[1] if live == trees[0] else trees[0]
    return OutputFolders(link, live, target)


# ------------------------------------------------------------------ files

class Staged(NamedTuple):
    """What `stage_file` did with one file, for `SiteWriter.adopt`."""

    content: str  # the hash of its bytes
    size: int = -1  # -1: not written, since the current file has those bytes
    mtime_ns: int = 0
    inode: int = 0


def stage_file(target: str, previous_content: str | None, data: bytes) -> Staged:
    """Write one file where `SiteWriter.claim` said, unless the current
    site's file has these bytes. File work only, so a worker process can do
    it: creating a file costs more than rendering a page on some disks."""
    content = content_hash(data)
    if content == previous_content:
        return Staged(content)
    try:
        with _new_file(target) as handle:
            handle.write(data)
    except OSError as err:
        raise OutputError(_cannot_write(target, err)) from None
    return _staged(target, content)


def _new_file(target: str):
    """A new file (a new inode) at target: whatever is there goes first,
    since it may be a hard link the live site shares, or a folder."""
    try:
        os.unlink(target)
    except (FileNotFoundError, NotADirectoryError):  # nothing there; or a file where a folder goes, see below
        pass
    except (IsADirectoryError, PermissionError):
        if not os.path.isdir(target) or os.path.islink(target):
            raise
        shutil.rmtree(target)
    try:
        return open(target, "xb")
    except (FileNotFoundError, NotADirectoryError):  # its folder is not made yet, or a file is in its way
        _make_folder(os.path.dirname(target))
        return open(target, "xb")


def _make_folder(folder: str) -> None:
    """makedirs, removing a file or link that stands where one of the
    folders goes (the site changed shape)."""
    try:
        os.makedirs(folder, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    parts = Path(folder).parts
    for end in range(1, len(parts) + 1):
        path = Path(*parts[:end])
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            path.unlink()
    os.makedirs(folder, exist_ok=True)


def _staged(target: str, content: str) -> Staged:
    status = os.stat(target)
    return Staged(content, status.st_size, status.st_mtime_ns, status.st_ino)


def _cannot_write(path: str | Path, err: OSError) -> str:
    reason = err.strerror or str(err)
    advice = {errno.ENOSPC: "free some space, or pass --output on another disk",
              errno.EROFS: "the disk is read-only; pass --output on a writable disk",
              errno.EACCES: "check the folder's permissions, or pass --output elsewhere",
              errno.EPERM: "the file or folder is protected (immutable?); check it, or pass --output elsewhere",
              errno.EDQUOT: "the disk quota is full; free some space"}.get(err.errno or 0, "check the output folder")
    return f"cannot write {path}: {reason}; {advice}. The previous site is unchanged"


class SiteWriter:
    """Brings the target folder to the new site; `commit()` makes it the site.

    `previous` describes the files of the live site (from the build cache).
    A file whose inputs (`reuse`) or bytes (`write_*`) are unchanged is
    kept: the target gets the live file itself, as a hard link, so it keeps
    its inode and mtime and costs neither rendering nor writing. `held`
    describes what the target folder holds, from the build that last made it
    the site (empty when that is not known)."""

    def __init__(self, folders: OutputFolders, previous: dict[str, OutputRecord] | None = None,
                 held: dict[str, OutputRecord] | None = None, folder_times: dict[str, int] | None = None):
        self.output = folders.link
        self.live = folders.live
        self._live = str(folders.live)
        self.target = folders.target
        self.previous = (previous or {}) if self.live is not None else {}
        self.held = held or {}
        self.known_folders = folder_times or {}  # each target folder's mtime as its last commit left it
        self.records: dict[str, OutputRecord] = {}  # what this build wrote or kept, for the next one
        self.folders: dict[str, int] = {}  # the target's folders as this commit leaves them (cache.save_site)
        self.reused = 0
        self._claimed: set[str] = set()  # files being staged elsewhere (claim, then adopt)
        self._by_key: dict[str, dict[str, OutputRecord]] | None = None  # previous, by key (reuse_keyed)
        try:
            os.makedirs(self.target, exist_ok=True)
        except OSError as err:
            raise OutputError(_cannot_write(self.target, err)) from None

    def _check(self, rel_path: str) -> None:
        if rel_path.startswith("/") or any(part in ("", ".", "..") for part in rel_path.split("/")):
            raise OutputError(f"refusing to write {rel_path!r}: outside the output folder")
        if rel_path in self.records or rel_path in self._claimed:
            raise OutputError(f"two pages want the same output file {rel_path!r}; give one of them another slug")

    def reuse(self, rel_path: str, key: str) -> bool:
        """Keep the live site's file if it was made from the same inputs."""
        record = self.previous.get(rel_path)
        return bool(record and record.key and record.key == key and self._keep_if_intact(rel_path, record))

    def reuse_all(self, rel_dir: str, key: str) -> bool:
        """Keep every file the live site has under rel_dir, if all were made
        from `key` (leaving aside those this build has written or kept
        already) and all are intact; else keep none."""
        kept = {path: r for path, r in self.previous.items() if path.startswith(rel_dir) and path not in self.records}
        return not any(r.key != key for r in kept.values()) and self._keep_all(kept)

    def reuse_keyed(self, key: str) -> bool:
        """Keep every file the live site made from `key`, if all are intact;
        else keep none. For a group of files rendered together."""
        if self._by_key is None:  # an index, as a build asks for thousands of keys
            self._by_key = {}
            for path, record in self.previous.items():
                self._by_key.setdefault(record.key, {})[path] = record
        group = self._by_key.get(key, {})
        return self._keep_all({path: r for path, r in group.items() if path not in self.records})

    def reuse_bytes(self, files: dict[str, str], key: str) -> bool:
        """Keep every live file of `files` (path -> hash of the bytes it
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
        held_there = {path: self._held_intact(path, r) for path, r in kept.items()}
        if not kept or not all(held_there[path] or intact(self._live_file(path), r) for path, r in kept.items()):
            return False
        for path, record in sorted(kept.items()):
            self._keep(path, record, held_there[path])
        return True

    def _live_file(self, rel_path: str) -> str:
        return f"{self._live}/{rel_path}" if self.live is not None else ""  # a str: a build asks 24,000 times

    def _keep_if_intact(self, rel_path: str, record: OutputRecord) -> bool:
        """Keep the file the last build wrote, if it is still that file."""
        held_there = self._held_intact(rel_path, record)
        if not held_there and not intact(self._live_file(rel_path), record):
            return False
        self._keep(rel_path, record, held_there)
        return True

    def _held_intact(self, rel_path: str, record: OutputRecord) -> bool:
        """Does the target folder hold the file the last build wrote (the
        same inode, unchanged)? Checked on the disk, not taken from `held`:
        a file there may have been replaced since (another cache's build
        into the same output, a hand edit). Then the live file need not be
        looked at: one stat instead of two for most files of a rebuild."""
        held = self.held.get(rel_path)
        return held is not None and held.inode == record.inode and intact(f"{self.target}/{rel_path}", held)

    def _keep(self, rel_path: str, record: OutputRecord, held_there: bool) -> None:
        """The file goes into the new site as it is: the target already
        holds it (held_there), or gets a hard link to the live file, checked
        intact."""
        self._check(rel_path)
        target = os.path.join(self.target, rel_path)
        if not held_there:
            try:
                try:
                    os.unlink(target)
                except (FileNotFoundError, NotADirectoryError):
                    pass
                except IsADirectoryError:
                    shutil.rmtree(target)
                try:
                    os.link(self._live_file(rel_path), target)
                except (FileNotFoundError, NotADirectoryError):
                    _make_folder(os.path.dirname(target))
                    os.link(self._live_file(rel_path), target)
            except OSError as err:
                raise OutputError(_cannot_write(target, err)) from None
        self.records[rel_path] = record
        self.reused += 1

    def write_text(self, rel_path: str, text: str, key: str = "") -> None:
        self.write_bytes(rel_path, text.encode("utf-8"), key)

    def write_chunks(self, rel_path: str, chunks: Iterable[str], key: str = "") -> None:
        """A large file written as it is produced, never whole in memory."""
        target, previous_content = self.claim(rel_path)
        content = content_hasher()
        try:
            with _new_file(target) as handle:
                for chunk in chunks:
                    data = chunk.encode("utf-8")
                    content.update(data)
                    handle.write(data)
        except OSError as err:
            raise OutputError(_cannot_write(target, err)) from None
        if content.hexdigest() == previous_content:
            self.adopt(rel_path, Staged(previous_content), key)  # the live file has these bytes: linked instead
        else:
            self.adopt(rel_path, _staged(target, content.hexdigest()), key)

    def write_bytes(self, rel_path: str, data: bytes, key: str = "") -> None:
        self.adopt(rel_path, stage_file(*self.claim(rel_path), data), key)

    def claim(self, rel_path: str) -> tuple[str, str | None]:
        """For a file that `stage_file` writes (here or in a worker): where
        to write it, and the hash of the live file's bytes if that file is
        intact, so the same bytes keep it. `adopt` records it."""
        self._check(rel_path)
        self._claimed.add(rel_path)
        record = self.previous.get(rel_path)
        intact_content = record.content if record and intact(self._live_file(rel_path), record) else None
        return os.path.join(self.target, rel_path), intact_content

    def adopt(self, rel_path: str, staged: Staged, key: str = "") -> None:
        self._claimed.remove(rel_path)
        if staged.size < 0:
            record = self.previous[rel_path]._replace(key=key)  # the live file, intact when claimed
            self._keep(rel_path, record, self._held_intact(rel_path, record))
        else:
            self.records[rel_path] = OutputRecord(key, staged.content, staged.size, staged.mtime_ns, staged.inode)

    def pages(self) -> list[str]:
        """The HTML files written so far, in sorted order."""
        return sorted(p for p in self.records if p.endswith(".html"))

    def commit(self) -> None:
        """Make the new site the site: the target folder loses the files the
        new site does not have, then the output path is pointed at it."""
        if MARKER not in self.records:
            self.write_text(MARKER, _MARKER_TEXT)
        try:
            holding_gone = {path.rpartition("/")[0] for path in self.held if path not in self.records}
            tidy = _Tidy(str(self.target), set(self.records), self.known_folders, holding_gone)
            tidy.folder("")
            os.chmod(self.target, 0o755)
            switch_link(self.output, self.target)
        except OSError as err:
            raise OutputError(_cannot_write(err.filename or self.target, err)) from None
        self.folders = tidy.left


def switch_link(link: Path, target: Path) -> None:
    """Point link at target (a sibling folder) in one atomic rename. An
    old-style site folder at link is exchanged for the link atomically where
    the system can (renameat2), else moved aside first."""
    new_link = link.parent / f"{_LINK_PREFIX}{link.name}-{os.getpid()}"
    new_link.unlink(missing_ok=True)
    os.symlink(target.name, new_link)
    if link.is_symlink() or not link.exists():
        os.replace(new_link, link)
        return
    if _exchange(new_link, link):  # the old folder is now at new_link's name
        shutil.rmtree(new_link, ignore_errors=True)
        return
    retired = link.parent / f"{_RETIRED_PREFIX}{link.name}-{os.getpid()}"
    os.replace(link, retired)
    os.replace(new_link, link)
    shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False
    where the system or the filesystem cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


# A folder changed this recently is listed again by the next commit: a
# change within the filesystem's mtime granularity would not show.
_RACY_NS = 2_000_000_000


class _NotAFolder(Exception):
    pass


class _Tidy:
    """Removes what is not in `files` under the site folder, and the folders
    left empty. A folder whose mtime is what its last commit left (`known`)
    holds what it held then: unless it held a file this site lacks
    (`holding_gone`), or has subfolders `known` does not list, only its
    subfolders are visited. Any other folder is listed. `left`: each folder
    kept, with its mtime, unless that is too recent to trust next time."""

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
        subfolders = self.subfolders.get(rel, [])
        if (self.known.get(rel) == status.st_mtime_ns and rel not in self.holding_gone
                and _has_only(status, subfolders)):
            try:
                emptied = [sub for sub in subfolders if self.folder(sub)]
            except _NotAFolder:  # a link or a file where a subfolder was: as if this folder had changed
                emptied = None
            if emptied is not None:
                for sub in emptied:
                    os.rmdir(os.path.join(self.site, sub))
                if not emptied:
                    self._keep(rel, status.st_mtime_ns, subfolders)
                    return False
                if len(emptied) < len(subfolders):
                    return False  # subfolders are left (its mtime changed: listed next time)
            # Listed: whether it is empty now, or what is where a folder was.
        empty = True
        kept_subfolders = []
        with os.scandir(path) as entries:
            for entry in entries:
                rel_path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    if self.folder(rel_path):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                        kept_subfolders.append(rel_path)
                elif rel_path in self.files:
                    empty = False
                else:
                    os.unlink(entry.path)
        if not empty:
            self._keep(rel, os.stat(path).st_mtime_ns, kept_subfolders)
        return empty

    def _keep(self, rel: str, mtime: int, subfolders: list[str]) -> None:
        """Record a folder kept, if it settled long enough ago and so did
        each of its subfolders: the next commit visits only the recorded
        subfolders of a folder whose mtime it finds unchanged."""
        if mtime < self.settled_before and all(sub in self.left for sub in subfolders):
            self.left[rel] = mtime


def _has_only(status: os.stat_result, subfolders: list[str]) -> bool:
    """Has the folder as many subfolders as its record lists? On Linux's
    filesystems a folder's link count is 2 plus its subfolders (btrfs keeps
    1: unknown), so a subfolder the record lacks shows: a record left by a
    builder before this one, or by two builds at once, once had a folder
    whose new files were never looked at, and kept the site files it no
    longer had."""
    return status.st_nlink < 2 or status.st_nlink == 2 + len(subfolders)


def recover_interrupted_swap(output: Path) -> None:
    """Tidy what a killed build left beside the output folder: a new link
    never renamed into place, and an old-style site folder moved aside
    (put back if the output path is gone; else removed)."""
    parent = output.parent
    if not parent.is_dir():
        return
    for link in parent.glob(f"{_LINK_PREFIX}{output.name}-*"):
        if link.is_symlink():
            link.unlink(missing_ok=True)
        else:  # the old folder an exchange left here
            shutil.rmtree(link, ignore_errors=True)
    retired = sorted(parent.glob(f"{_RETIRED_PREFIX}{output.name}-*"))
    for index, folder in enumerate(retired):
        if not output.exists() and not output.is_symlink() and index == len(retired) - 1:
            log.warning("restoring %s from an interrupted build", output)
            os.replace(folder, output)
        else:
            shutil.rmtree(folder, ignore_errors=True)
