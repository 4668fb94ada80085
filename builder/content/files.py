"""Reading the archive's files safely: only regular files inside the
archive, of a size an article can have, decoded as UTF-8 with the line of
the first bad byte when they are not."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import ContentError, InputError, too_large

MAX_FILE_BYTES = 5 * 2**20  # an article, the registry, the about page: a news article is far smaller


class Unreadable(Exception):
    """A file that is not one to read: what to say about it."""


def read_utf8(path: Path, error: type[InputError] = ContentError, inside: Path | None = None) -> str:
    """A file people edit, as text; not UTF-8 (a file saved by an old
    editor) is an error naming the line of the first bad byte. With
    `inside`, a link must lead to a file there (see check_link)."""
    if inside is not None:
        check_link(path, inside, error)
    try:
        return _utf8(_file_bytes(str(path)), path, error)
    except OSError as err:
        raise error(path, None, f"cannot read: {err.strerror}") from None
    except Unreadable as err:
        raise error(path, None, str(err)) from None


def check_link(path: Path, inside: Path, error: type[InputError] = ContentError) -> None:
    """A link among the archive's files must lead to a file inside it: a
    link to a file elsewhere would publish that file."""
    if path.is_symlink():
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(Path(os.path.realpath(inside))):
            raise error(path, None, f"a link to {real}, outside {inside}; copy the file into {inside} instead")


def _utf8(raw: bytes, where: Path | str, error: type[InputError] = ContentError) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise error(where, raw[: err.start].count(b"\n") + 1, "not valid UTF-8; save the file as UTF-8") from None


def _file_bytes(path: str) -> bytes:
    """A file's bytes through the descriptor itself: for 10,000 small files,
    half the time of open() and its buffered reader. Only a regular file of
    at most MAX_FILE_BYTES is read (opened without blocking, so a named pipe
    cannot hang the build; a device such as /dev/zero is not read at all)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise Unreadable("not a regular file (a folder, device or named pipe); remove it")
        if status.st_size > MAX_FILE_BYTES:
            raise Unreadable(f"{too_large(status.st_size, MAX_FILE_BYTES)}; split it or shorten it")
        chunks = []
        while chunk := os.read(descriptor, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
