"""Web archives (.warc, .warc.gz) -> one draft per article page in them.

Crawlers (wget --warc-file, Browsertrix, Heritrix, the Internet Archive's
tools) save every response they fetched; the article pages among them go
through the saved-page path (html.py), the rest (home pages, tag pages,
images, redirects) are counted and skipped. Records are read one at a time,
so memory does not grow with the archive's size.
"""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator

from ..errors import SeedError, too_large
from ..models import ArticleDraft
from .decode import MAX_SEED_BYTES
from .html import NotAnArticle, draft_from_html
from .outlets import Outlets

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_web_archive(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass
class Record:
    """One record's outcome: a draft, a page skipped (why), or a failure."""

    record_id: str
    url: str
    draft: ArticleDraft | None = None
    skipped: str | None = None
    failure: SeedError | None = None


def file_sha256(path: Path) -> tuple[str, str | None]:
    """The file's sha256 and, for a gzipped archive, where its compression
    breaks or stops short (None: whole). warcio ends quietly at a cut between
    records, so the file is checked here, in the same pass as the hash."""
    digest = hashlib.sha256()
    gzipped = path.name.lower().endswith(".gz")
    inflater, fed, damage, offset = None, False, None, 0
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
            data = chunk if gzipped and damage is None else b""
            while data:
                if inflater is None:
                    inflater, fed = zlib.decompressobj(wbits=31), False
                try:
                    inflater.decompress(data, 1 << 20)  # output dropped: only the stream's soundness matters
                except zlib.error as err:
                    damage = f"near byte {offset}: {err}"
                    break
                fed = True
                if inflater.eof:  # one gzip member ends (a crawler writes one per record); the next begins
                    data, inflater = inflater.unused_data, None
                else:
                    data = inflater.unconsumed_tail
            offset += len(chunk)
    if damage is None and inflater is not None and fed:
        damage = f"at byte {offset}: the file ends inside a record (cut short?)"
    return digest.hexdigest(), damage


def records(path: Path, where: str, outlets: Outlets, sha256: str, known: set[str]) -> Iterator[Record]:
    """Each HTML response of the archive (status 200) as a Record; records in
    `known` (their WARC-Record-ID imported before) are passed over unread. A
    damaged archive ends the iteration with a failure naming the place."""
    count = 0
    with path.open("rb") as stream:
        iterator = iter(ArchiveIterator(stream))
        while True:
            try:
                record = next(iterator, None)
                if record is None:
                    return
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                count += 1
                record_id = record.rec_headers.get_header("WARC-Record-ID") or f"<record {count}>"
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                status = record.http_headers.get_statuscode()
                kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
                if status != "200" or kind not in ("text/html", "application/xhtml+xml") or record_id in known:
                    continue  # images, scripts, redirects, pages imported before
                payload = record.content_stream().read(MAX_SEED_BYTES + 1)
                cut = 0 <= len(payload) < (record.payload_length or 0) and \
                    not record.http_headers.get_header("Content-Encoding")
            except Exception as err:  # warcio's errors for damaged input are of many kinds
                yield Record("", "", failure=SeedError(
                    where, None, f"the web archive is damaged after {count} pages ({type(err).__name__}: "
                    f"{str(err)[:120]}); the pages before it are imported. Fetch or copy the file again"))
                return
            label = f"{where} (record {record_id}, {url})"
            if cut:
                yield Record(record_id, url, failure=SeedError(
                    label, None, "the web archive is damaged: this page is cut short; the pages before it are "
                    "imported. Fetch or copy the file again"))
                return
            if len(payload) > MAX_SEED_BYTES:
                yield Record(record_id, url, failure=SeedError(
                    label, None, f"{too_large(len(payload), MAX_SEED_BYTES)}: not a news article page; skipped"))
                continue
            try:
                draft = draft_from_html(payload, path.name, label, outlets, sha256, url=url or None, record=record_id)
            except NotAnArticle as err:
                yield Record(record_id, url, skipped=err.message)
            except SeedError as err:
                yield Record(record_id, url, failure=err)
            else:
                yield Record(record_id, url, draft=draft)
