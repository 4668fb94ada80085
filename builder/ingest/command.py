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
from ..text import slugify
from .draft import MAX_SEED_BYTES, draft_from_bytes
from .outlets import load_outlets
from .reimport import Merged, backup_path, merge


@dataclass(frozen=True)
class IngestOptions:
    seeds: Path = Path("seeds")
    content: Path = Path("content")
    reimport: tuple[Path, ...] = ()  # seeds to import again over their articles (ingest --force SEED...)
    reimport_all: bool = False  # every seed (--force with none named: a dry run, or confirmed on a terminal)
    dry_run: bool = False
    keep_going: bool = False


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


def ingest(options: IngestOptions) -> IngestReport:
    """Import every seed not yet in content/. An article is imported again
    only when its seed is named (`reimport`): the editor's work is carried
    over (reimport.merge) and the previous file kept beside it when it held
    more; the diff is reported first."""
    report = IngestReport()
    if not options.seeds.is_dir():
        raise SeedError(options.seeds, None, "seeds folder not found; create it and put raw article .txt files in it")
    articles_dir = options.content / "articles"
    outlets = load_outlets(options.content)  # the packaged list, after the archive's own content/outlets.yaml
    existing = _imported_seeds(articles_dir)
    by_hash = {seed_hash: (target, name) for name, (target, seed_hash) in existing.items() if seed_hash}
    taken = {path.stem for path in articles_dir.glob("*.md")} if articles_dir.is_dir() else set()
    unseeded = taken - {target.stem for target, _ in existing.values()}  # articles that name no seed
    named = set()
    for path in options.reimport:
        seed = path if path.parent != Path(".") or path.exists() else options.seeds / path
        if not seed.is_file() or seed.resolve().parent != options.seeds.resolve():
            raise SeedError(path, None, f"no such seed in {options.seeds}; name a file of {options.seeds}/ "
                            "(e.g. `ingest --force seeds/x.txt`)")
        named.add(seed.name)

    planned: list[tuple[Path, str, bool]] = []  # (target, text, keep the old file beside it)
    for seed in sorted(options.seeds.iterdir()):
        if seed.name.startswith("."):
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
        if seed.suffix.lower() != ".txt":
            report.warnings.append(f"{seed}: not a .txt file; ignored (seeds are plain-text articles)")
            continue
        size = seed.stat().st_size
        if size > MAX_SEED_BYTES:  # refused before reading: memory stays bounded
            report.failures.append(SeedError(seed, None, f"{too_large(size, MAX_SEED_BYTES)}: a news "
                                             "article is far smaller. Split it or remove it from seeds/"))
            continue
        raw = seed.read_bytes()
        previous = existing.get(seed.name)
        if previous is None and hashlib.sha256(raw).hexdigest() in by_hash:  # its `seed:` line was deleted
            target, _ = by_hash[hashlib.sha256(raw).hexdigest()]
            report.warnings.append(f"{seed}: imported already as {target}, which no longer names its seed; "
                                   f"add `seed: {seed.name}` to its front matter")
            report.skipped.append(seed.name)
            continue
        again = options.reimport_all or seed.name in named
        if previous is not None and not again:
            if previous[1] and previous[1] != hashlib.sha256(raw).hexdigest():
                report.warnings.append(f"{seed}: changed since it was imported as {previous[0]}; run "
                                       f"`news-archive ingest --force {seed}` to import it again (your edits to "
                                       "the article are kept, or the old file is kept beside it)")
            report.skipped.append(seed.name)
            continue
        try:
            draft = draft_from_bytes(raw, seed.name, where=str(seed), outlets=outlets)
        except SeedError as err:
            report.failures.append(err)
            continue
        if previous is not None:
            target = previous[0]
            merged = merge(read_utf8(target), draft, target.stem, target)
            report.warnings.extend(merged.warnings)
            planned.append((target, merged.text, merged.differs))
            report.kept.append(_kept_words(target, merged))
            continue
        report.warnings.extend(draft.warnings)
        slug = slugify(draft.title)
        if slug in unseeded:
            report.warnings.append(f"{seed}: not imported: {articles_dir / slug}.md has the slug it would get and "
                                   f"names no seed. If it is this seed's article, add `seed: {seed.name}` to it; "
                                   "if not, rename that file")
            report.skipped.append(seed.name)
            continue
        unique = _unique_slug(slug, taken)
        if unique != slug:
            report.warnings.append(f"{seed}: slug '{slug}' is taken; using '{unique}'")
        taken.add(unique)
        planned.append((articles_dir / f"{unique}.md", render_draft(draft, unique), False))

    if report.failures and not options.keep_going:
        return report  # nothing written: fix the seeds, or pass --keep-going
    for target, text, keep_old in planned:
        if target.exists():
            old = read_utf8(target)
            if old == text:
                report.unchanged.append(str(target))
                continue
            report.diffs.append("".join(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"{target} (now)", tofile=f"{target} (re-imported)")))
            if not options.dry_run:
                if keep_old:
                    shutil.copy2(target, backup_path(target))
                write_atomic(target, text)
            report.updated.append(str(target))
        else:
            if not options.dry_run:
                write_atomic(target, text)
            report.created.append(str(target))
    return report


def _kept_words(target: Path, merged: Merged) -> str:
    words = f"{target}: kept " + (", ".join(merged.carried) if merged.carried else "nothing of yours")
    if merged.unplaced:
        words += f"; footnote {', '.join(f'[^{label}]' for label in merged.unplaced)} kept at the end, its " \
                 "sentence is gone: put the reference back by hand"
    if merged.differs:
        words += (f"; the article held more than that (hand edits, or text the seed no longer has), so the "
                  f"previous version is kept as {backup_path(target).name}: compare and merge by hand")
    return words


def _imported_seeds(articles_dir: Path) -> dict[str, tuple[Path, str | None]]:
    """seed file name -> (content file, seed hash) for everything imported so far."""
    found: dict[str, tuple[Path, str | None]] = {}
    if not articles_dir.is_dir():
        return found
    for path in sorted(articles_dir.glob("*.md")):
        front = split_front_matter(read_utf8(path), path)
        seed = front.values.get("seed")
        digest = front.values.get("seed_sha256")
        digest = digest if isinstance(digest, str) else None
        if isinstance(seed, str):
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
