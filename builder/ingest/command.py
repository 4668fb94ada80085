"""The ingest command: every seed not yet imported becomes
content/articles/<slug>.md; a seed already imported is imported again only
when named, with the editor's work carried over (reimport.py)."""
from __future__ import annotations

import difflib
import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..content.files import check_link, read_utf8
from ..content.frontmatter import render_draft, split_front_matter
from ..errors import BuilderError, SeedError, too_large
from ..files import write_atomic
from ..models import ArticleDraft
from ..text import slugify
from .draft import MAX_SEED_BYTES, draft_from_bytes
from .html import draft_from_html
from .outlets import Outlets, load_outlets
from .reimport import Merged, backup_path, merge
from .warc import file_sha256, is_web_archive, records


@dataclass(frozen=True)
class IngestOptions:
    seeds: Path = Path("seeds")
    content: Path = Path("content")
    reimport: tuple[Path, ...] = ()  # seeds to import again over their articles (ingest --force SEED...)
    reimport_all: bool = False  # every seed (--force with none named: a dry run, or confirmed on a terminal)
    dry_run: bool = False


@dataclass
class IngestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # imported before; left alone
    diffs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[BuilderError] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # for each re-import: what of the editor's work was kept, where


def changed_seeds(seeds: Path, content: Path) -> list[tuple[Path, Path]]:
    """(seed, its article) for each imported seed whose bytes changed since."""
    if not seeds.is_dir():
        return []
    found = []
    for seed_name, (article, seed_hash) in sorted(_imported_seeds(content / "articles").items()):
        seed = seeds / seed_name
        if seed.is_file() and seed_hash and seed_hash != _sha256(seed):
            found.append((seed, article))
    return found


SEED_KINDS = {".txt": "copied text", ".html": "saved page", ".htm": "saved page"}


def ingest(options: IngestOptions) -> IngestReport:
    """Import every seed not yet in content/: copied text (.txt), saved pages
    (.html) and web archives (.warc, .warc.gz; one article per article page
    in them). An article is imported again only when its seed is named
    (`reimport`): the editor's work is carried over (reimport.merge) and the
    previous file kept beside it when it held more; the diff is reported
    first. A seed that cannot be imported is reported; the others are."""
    report = IngestReport()
    if not options.seeds.is_dir():
        raise SeedError(options.seeds, None, "seeds folder not found; create it and put raw articles in it "
                        "(.txt copied text, .html saved pages, .warc web archives)")
    articles_dir = options.content / "articles"
    addresses: dict[str, Path] = {}
    imported = _imported_seeds(articles_dir, addresses)
    run = _Run(options, report, load_outlets(options.content), imported, addresses, articles_dir)
    named = set()
    for path in options.reimport:
        seed = path if path.parent != Path(".") or path.exists() else options.seeds / path
        if not seed.is_file() or seed.resolve().parent != options.seeds.resolve():
            raise SeedError(path, None, f"no such seed in {options.seeds}; name a file of {options.seeds}/ "
                            "(e.g. `ingest --force seeds/x.txt`)")
        named.add(seed.name)

    for seed in sorted(options.seeds.iterdir()):
        if seed.name.startswith(".") or seed.name.lower() == "readme.md":
            continue
        try:
            check_link(seed, options.seeds, SeedError)
        except SeedError as err:
            report.failures.append(err)
            continue
        if not seed.is_file():
            if not seed.is_dir():
                report.warnings.append(f"{seed}: not a regular file (a device or named pipe); ignored")
            continue
        again = options.reimport_all or seed.name in named
        if is_web_archive(seed):
            run.web_archive(seed, again)
            continue
        if seed.suffix.lower() not in SEED_KINDS:
            report.warnings.append(f"{seed}: not a seed; ignored (seeds are copied text in .txt, saved pages in "
                                   ".html, web archives in .warc or .warc.gz)")
            continue
        size = seed.stat().st_size
        if size > MAX_SEED_BYTES:  # refused before reading: memory stays bounded
            report.failures.append(SeedError(seed, None, f"{too_large(size, MAX_SEED_BYTES)}: a news "
                                             "article is far smaller. Split it or remove it from seeds/"))
            continue
        run.single(seed, seed.read_bytes(), again)
    return report


class _Run:
    """One ingest run's state: what is imported, which slugs are taken. Each
    article is written as soon as it is read, so a web archive of thousands
    of pages takes no more memory than one."""

    def __init__(self, options: IngestOptions, report: IngestReport, outlets: Outlets,
                 existing: dict[str, tuple[Path, str | None]], addresses: dict[str, Path], articles_dir: Path):
        self.options, self.report, self.outlets, self.existing = options, report, outlets, existing
        self.addresses = addresses  # source_url -> article: a page crawled twice is imported once
        self.articles_dir = articles_dir
        self.by_hash = {seed_hash: (target, name) for name, (target, seed_hash) in existing.items()
                        if seed_hash and "#" not in name}
        self.taken = {path.stem for path in articles_dir.glob("*.md")} if articles_dir.is_dir() else set()
        self.unseeded = self.taken - {target.stem for target, _ in existing.values()}  # articles naming no seed

    def single(self, seed: Path, raw: bytes, again: bool) -> None:
        """A seed that is one article: copied text or a saved page."""
        report, digest = self.report, hashlib.sha256(raw).hexdigest()
        previous = self.existing.get(seed.name)
        if previous is None and digest in self.by_hash:  # its `seed:` line was deleted
            target, _ = self.by_hash[digest]
            report.warnings.append(f"{seed}: imported already as {target}, which no longer names its seed; "
                                   f"add `seed: {seed.name}` to its front matter")
            report.skipped.append(seed.name)
            return
        if previous is not None and not again:
            if previous[1] and previous[1] != digest:
                report.warnings.append(f"{seed}: changed since it was imported as {previous[0]}; run "
                                       f"`news-archive ingest --force {seed}` to import it again (your edits to "
                                       "the article are kept, or the old file is kept beside it)")
            report.skipped.append(seed.name)
            return
        try:
            if seed.suffix.lower() == ".txt":
                draft = draft_from_bytes(raw, seed.name, where=str(seed), outlets=self.outlets)
            else:
                draft = draft_from_html(raw, seed.name, str(seed), self.outlets, digest)
        except SeedError as err:
            report.failures.append(err)
            return
        if previous is None and draft.source_url in self.addresses:
            report.warnings.append(f"{seed}: the same page ({draft.source_url}) was imported already as "
                                   f"{self.addresses[draft.source_url]}; not imported twice")
            report.skipped.append(seed.name)
            return
        target = self.place(draft, seed, previous)
        if draft.source_url and target is not None:
            self.addresses[draft.source_url] = target

    def web_archive(self, seed: Path, again: bool) -> None:
        """Each article page of a web archive, once: records imported before
        are passed over unless the archive is named again."""
        known = {name.split("#", 1)[1]: entry for name, entry in self.existing.items()
                 if name.startswith(seed.name + "#")}
        pages = skipped = failed = 0
        sha256, damage = file_sha256(seed)
        for record in records(seed, str(seed), self.outlets, sha256, set() if again else set(known)):
            if record.failure is not None:
                failed += 1
                self.report.failures.append(record.failure)
            elif record.skipped is not None:
                skipped += 1
            elif record.draft is not None:
                pages += 1
                previous = known.get(record.record_id)
                address = record.draft.source_url
                if previous is None and address in self.addresses:
                    self.report.skipped.append(f"{seed.name}#{record.record_id}")  # crawled again: same page
                    continue
                target = self.place(record.draft, seed, previous)
                if address and target is not None:
                    self.addresses[address] = target
        self.report.skipped += [f"{seed.name}#{record_id}" for record_id in known if not again]
        if damage and not failed:  # a cut between records: warcio stops there without a word
            failed += 1
            self.report.failures.append(SeedError(seed, None, f"the web archive is damaged {damage}; the pages "
                                                  "before it are imported. Fetch or copy the file again"))
        if not (pages or skipped or failed or known):
            self.report.failures.append(SeedError(seed, None, "no HTML pages in this web archive (only other "
                                                  "records: images, scripts, redirects, or none at all); crawl the "
                                                  "article pages themselves"))
        if skipped:
            self.report.warnings.append(f"{seed}: {skipped} of {pages + skipped} pages are not articles (home pages, "
                                        "lists, pages with little text): skipped")

    def place(self, draft: ArticleDraft, seed: Path, previous: tuple[Path, str | None] | None) -> Path | None:
        """Write the article's file: under a new slug, or the previous article
        merged. Returns the file (None: not imported, a slug clash)."""
        report = self.report
        if previous is not None:
            target = previous[0]
            merged = merge(read_utf8(target), draft, target.stem, target)
            report.warnings.extend(merged.warnings)
            self.write(target, merged.text, merged.differs)
            report.kept.append(_kept_words(target, merged))
            return target
        report.warnings.extend(draft.warnings)
        slug = slugify(draft.title, fallback=f"artikel-{draft.seed_sha256[:8]}")  # a Chinese title, say
        if slug in self.unseeded:
            report.warnings.append(f"{seed}: not imported: {self.articles_dir / slug}.md has the slug it would get "
                                   f"and names no seed. If it is this seed's article, add `seed: {seed.name}` to "
                                   "it; if not, rename that file")
            report.skipped.append(seed.name)
            return None
        unique = _unique_slug(slug, self.taken)
        if unique != slug:
            report.warnings.append(f"{seed}: slug '{slug}' is taken; using '{unique}'")
        self.taken.add(unique)
        target = self.articles_dir / f"{unique}.md"
        self.write(target, render_draft(draft, unique), False)
        return target

    def write(self, target: Path, text: str, keep_old: bool) -> None:
        """Write one article (not with --dry-run): the diff is reported for
        one that exists, and `keep_old` keeps its previous file beside it."""
        report, dry_run = self.report, self.options.dry_run
        if not target.exists():
            if not dry_run:
                write_atomic(target, text)
            report.created.append(str(target))
            return
        old = read_utf8(target)
        if old == text:
            report.unchanged.append(str(target))
            return
        report.diffs.append("".join(difflib.unified_diff(
            old.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"{target} (now)", tofile=f"{target} (re-imported)")))
        if not dry_run:
            if keep_old:
                shutil.copy2(target, backup_path(target))
            write_atomic(target, text)
        report.updated.append(str(target))


def _kept_words(target: Path, merged: Merged) -> str:
    words = f"{target}: kept " + (", ".join(merged.carried) if merged.carried else "nothing of yours")
    if merged.unplaced:
        words += f"; footnote {', '.join(f'[^{label}]' for label in merged.unplaced)} kept at the end, its " \
                 "sentence is gone: put the reference back by hand"
    if merged.differs:
        words += (f"; the article held more than that (hand edits, or text the seed no longer has), so the "
                  f"previous version is kept as {backup_path(target).name}: compare and merge by hand")
    return words


def _imported_seeds(articles_dir: Path, addresses: dict[str, Path] | None = None) -> dict[str, tuple[Path, str | None]]:
    """seed file name -> (content file, seed hash) for everything imported so
    far ('<seed>#<record id>' for a web archive's pages); `addresses`, when
    given, gets each article's source_url -> its file."""
    found: dict[str, tuple[Path, str | None]] = {}
    if not articles_dir.is_dir():
        return found
    for path in sorted(articles_dir.glob("*.md")):
        front = split_front_matter(read_utf8(path), path)
        if addresses is not None and isinstance(front.values.get("source_url"), str):
            addresses.setdefault(front.values["source_url"], path)
        seed = front.values.get("seed")
        digest = front.values.get("seed_sha256")
        digest = digest if isinstance(digest, str) else None
        record = front.values.get("warc_record")
        if isinstance(seed, str) and isinstance(record, str):
            found[f"{seed}#{record}"] = (path, digest)  # one of a web archive's pages
        elif isinstance(seed, str):
            found[seed] = (path, digest)
        elif digest:
            found[f"\0{path.name}"] = (path, digest)  # its seed: line is gone, its hash is not
    return found


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
