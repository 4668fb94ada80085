"""The order of the stages, and nothing else.

load -> analyse (per article, on every core, cached) -> link -> pages ->
exports -> search index (made in a background process from the moment the
analyses are stored) -> commit: the new site switched to at once. Outputs
whose inputs did not change (keys.py) are kept as they are.
"""
from __future__ import annotations

import gc
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..content.articles import count_articles
from ..errors import BuilderError
from ..hashing import digest, folder_digest
from ..site.pages import search_order
from .analyse import analyse_new, stored_outlines
from .cache import BuildCache, Remembered, builder_digest
from .keys import BuildKeys, build_keys
from .linking import link
from .lock import one_build_at_a_time
from .loading import BuildOptions, Loaded, load
from .outputs import (
    start_search_index,
    write_article_pages,
    write_entity_pages,
    write_export,
    write_listings,
    write_publishing,
    write_search,
    write_static,
)
from .progress import Progress
from .workers import Background, Setup, Workers
from .write import SiteWriter

__all__ = ["BuildOptions", "BuildReport", "Remembered", "build"]


@dataclass(frozen=True)
class BuildReport:
    output: Path
    articles: int
    pages: int
    files: int
    seconds: float
    warnings: tuple[str, ...] = ()
    awaiting_review: tuple[str, ...] = ()
    failures: tuple[BuilderError, ...] = ()  # only with keep_going: what was left out
    notes: tuple[str, ...] = ()  # worth knowing, not wrong
    timings: tuple[tuple[str, float, int], ...] = ()  # (stage, seconds, peak RSS MB so far), in build order
    reused: int = 0  # output files kept from the previous build (unchanged inputs or bytes)


def build(options: BuildOptions, progress: Progress | None = None,
          remembered: Remembered | None = None) -> BuildReport:
    """content/ -> site/. Reads and checks everything before writing anything.
    A process that builds again and again passes the same `remembered` to
    each build: what the last one read, kept in memory."""
    progress = progress or Progress()
    started = time.perf_counter()
    with ExitStack() as open_for_this_build:
        open_for_this_build.enter_context(one_build_at_a_time(options.cache))
        cache = open_for_this_build.enter_context(BuildCache(options.cache, remembered))
        # Started first, so that its process has imported the builder by the time the index is wanted.
        background = open_for_this_build.enter_context(Background(count_articles(options.content)))
        with progress.stage("load"):
            loaded = load(options, cache)
            keys = this_builds_keys(loaded, cache)
        # What the build has read lives until its end: the cyclic garbage
        # collector need not search it again and again (at 10,000 articles
        # its full collections took 12% of a rebuild). Frozen objects are
        # still freed when no longer referenced; unfrozen when the build ends.
        open_for_this_build.callback(gc.unfreeze)
        gc.freeze()
        archive = loaded.archive
        workers = open_for_this_build.enter_context(Workers(Setup(
            loaded.theme, loaded.compiled_templates, loaded.site, archive.entities, archive.abbreviations),
            len(archive.articles)))
        with progress.stage("analyse", total=len(archive.articles)) as stage:
            fresh = analyse_new(archive.articles, keys, cache, workers, stage)
            index_job = start_search_index(loaded, keys, cache, background)  # beside everything from here on
            outlines = stored_outlines(archive.articles, keys, cache, workers, fresh, stage)
        with progress.stage("link"):
            links = link(archive, outlines, keys, cache)
        gc.freeze()  # the outlines and links, too
        with progress.stage("article pages", total=len(archive.articles)) as stage:
            writer = site_writer(loaded, cache)
            write_article_pages(loaded, links, keys, cache, workers, writer, stage)
        links.drop_article_links()  # large, and needed by nothing after the article pages
        with progress.stage("entity pages", total=len(archive.entities)) as stage:
            write_entity_pages(loaded, links, keys, cache, workers, writer, stage)
        with progress.stage("other pages"):
            write_listings(loaded, links, outlines, keys, writer)
        with progress.stage("data export"):
            write_export(loaded, links, outlines, keys, cache, writer)
        with progress.stage("search index"):
            write_search(loaded, keys, cache, workers, background, index_job, writer)
        with progress.stage("feeds and static files"):
            write_publishing(loaded, links, outlines, keys, writer)
            write_static(loaded, writer)
        with progress.stage("commit"):
            writer.commit()
            remember(loaded, keys, cache, writer)
        with progress.stage("close"):
            open_for_this_build.close()  # the processes end, the cache is closed
    return report(loaded, writer, progress, time.perf_counter() - started)


def this_builds_keys(loaded: Loaded, cache: BuildCache) -> BuildKeys:
    """The parts of this build's keys; the registry as the last build saw it
    decides which analyses a registry change touches (keys.registry_versions)."""
    archive = loaded.archive
    return build_keys((builder_digest(), sorted(archive.abbreviations.items()), loaded.config,
                       sorted(loaded.labels.items())),
                      digest(*(folder_digest(folder) for folder in loaded.theme.template_folders)), archive,
                      cache.derived("registry", builder_digest()),  # type: ignore[arg-type]
                      [a.slug for a in search_order(archive.articles)])


def site_writer(loaded: Loaded, cache: BuildCache) -> SiteWriter:
    """The writer of the folder that becomes the site. What the cache says
    that folder holds is trusted unless a build that wrote it failed since."""
    target = loaded.folders.target
    trusted = cache.begin_writing(target)  # until the commit: a build that fails leaves it unknown
    held, folder_times = cache.site(target) if trusted else ({}, {})
    return SiteWriter(loaded.folders, loaded.previous, held, folder_times)


def remember(loaded: Loaded, keys: BuildKeys, cache: BuildCache, writer: SiteWriter) -> None:
    """What the next build starts from: the site's files and folders as this
    commit left them, the analyses still wanted, the registry as seen."""
    folders = loaded.folders
    cache.save_site(folders.target, writer.records, writer.folders)
    cache.finished_writing(folders.target)
    if folders.live == folders.link:
        cache.forget_outputs(folders.link)  # the site built before the two folders, which the commit replaced
    cache.forget_work_except(set(keys.analysis.values()))
    if keys.seen != keys.seen_before:
        cache.store_derived("registry", builder_digest(), keys.seen)


def report(loaded: Loaded, writer: SiteWriter, progress: Progress, seconds: float) -> BuildReport:
    notes = []
    if not loaded.site.feeds:
        notes.append(f"base_url {loaded.config.base_url!r} is a path, so no feed.xml or sitemap.xml (they need "
                     "absolute URLs); the GitHub Pages workflow passes the full URL")
    return BuildReport(
        output=loaded.options.output,
        articles=len(loaded.archive.articles),
        pages=len(writer.pages()),
        files=len(writer.records),
        seconds=seconds,
        warnings=loaded.warnings,
        awaiting_review=tuple(a.src_path for a in loaded.archive.articles if a.review),
        failures=loaded.failures,
        notes=tuple(notes),
        timings=tuple(progress.timings),
        reused=writer.reused,
    )
