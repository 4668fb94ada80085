"""Hashes of inputs and of files: what keys and records are made of."""
from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    """A short hash of several values, each length-prefixed so that
    ('ab', 'c') and ('a', 'bc') differ."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def content_hasher() -> "hashlib.blake2b":
    """A running content_hash, for a file written in pieces."""
    return hashlib.blake2b(digest_size=16)


def content_hash(data: bytes | str) -> str:
    """The hash of a file's bytes (str as UTF-8), as output records keep it."""
    hasher = content_hasher()
    hasher.update(data.encode("utf-8") if isinstance(data, str) else data)
    return hasher.hexdigest()


def folder_digest(folder: Path) -> str:
    """Hash of every file's path and bytes under a folder (templates, i18n)."""
    if not folder.is_dir():
        return digest("")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return digest(*(item for p in files for item in (p.relative_to(folder).as_posix(), p.read_bytes())))
