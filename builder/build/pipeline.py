"""The order of the stages.

build:  content/ -> load (cached) -> analyse (per article: pooled, cached) ->
        link -> pages -> exports -> search index (started in a background
        process right after analysis) -> commit: the site switched to whole.
        Outputs whose inputs did not change stay as they are.
"""
from __future__ import annotations

import gc
import logging
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..annotate.link import Related, RelatedRef, co_occurrences, entity_links, neighbours_in_time, related_articles
from ..config import load_config
from ..content.archive import load_archive
from ..content.articles import count_articles
from ..errors import BuilderError, BuildFailed
from ..hashing import digest, folder_digest
from ..models import Archive, Article, Outline
from ..search import background as search_background
from ..search.shards import MANIFEST_PATH
from ..search.index import result_data_path
from ..site.contexts import SiteContext, article_url, card_key
from ..site.markup import MarkdownRenderer
from ..site.pages import ArticleJob, EntityRefs, FirstMentions, article_page_key, entity_pages, export_data, \
    newest_first, publishing_files, site_pages
from ..site.theme import Renderer, builtin_themes, find_theme, lunr_js
from .cache import BuildCache, builder_digest, read_work
from .keys import RegistrySeen, registry_versions
from .progress import Progress, Stage
from .workers import Background, Setup, Workers, analyse, stage_article_page, stage_task
from .write import SiteWriter, output_folders

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    output: Path = Path("site")
    config: Path = Path("site.yaml")
    base_url: str | None = None
    strict: bool = False
    keep_going: bool = False  # build what can be built; failures listed in the report
    cache: Path = Path(".cache/news-archive")  # speeds up later builds; never changes their output


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


# ------------------------------------------------------------------ build

def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """content/ -> site/. Reads and checks everything before writing anything."""
    cache = BuildCache(options.cache)
    # Started first, so that its process has imported the builder by the time
    # the index is wanted.
    background = Background(count_articles(options.content))
    try:
        with without_cycle_collection():
            return _build(options, progress or Progress(), cache, background)
    finally:
        background.close()
        cache.close()


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """A build allocates millions of objects (the cache's analyses, read
    back) and makes almost no reference cycles, so the cycle collector's
    passes over the young objects are wasted: after an edit at 10,000
    articles, 51 passes took 0.1 s and found 800 objects. Off for the
    build; whatever cycles it made are collected once it is switched on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(options: BuildOptions, progress: Progress, cache: BuildCache, background: Background) -> BuildReport:
    started = time.perf_counter()
    with progress.stage("load"):
        config = load_config(options.config, base_url=options.base_url,
                             required=options.config != BuildOptions.config)
        theme = find_theme(config.theme, [options.config.parent / "themes", builtin_themes()])
        compiled = compiled_templates_folder(options.cache)
        renderer = Renderer(theme, compiled)
        labels = theme.labels(config.language)
        folders = output_folders(options.output, [options.content, options.config, options.cache, theme.root,
                                                  options.config.parent / "seeds", options.config.parent / "themes"],
                                 recorded=cache.has_outputs)
        parsed = cache.parsed_memo()
        archive, warnings, failures = load_archive(options.content, keep_going=options.keep_going, memo=parsed)
        parsed.save()
    previous = cache.outputs(folders.live) if folders.live is not None else {}
    if not (options.content / "articles").is_dir() and any(path.startswith("articles/") for path in previous):
        pages = sum(p.startswith("articles/") and p.endswith("/index.html") for p in previous)
        raise BuilderError(f"{options.content} has no articles/ folder, but {options.output} holds a site with "
                           f"{pages} article{'s' if pages != 1 else ''}; check --content (to empty the site, keep "
                           "an empty articles/ folder)")
    if options.strict and warnings:
        raise BuildFailed([BuilderError(f"{w} (--strict turns warnings into errors)") for w in warnings])

    site = SiteContext(config=config, labels=labels, article_count=len(archive.articles))
    workers = Workers(Setup(theme, compiled, site, archive.entities, archive.abbreviations), len(archive.articles))
    writer = None
    try:
        # Everything analysis depends on besides the article and the registry;
        # then one key per article, with the registry as far as it can matter to it.
        settings_key = digest(builder_digest(), repr(sorted(archive.abbreviations.items())), repr(config),
                              repr(sorted(labels.items())))
        last_seen: RegistrySeen | None = cache.derived("registry", builder_digest())  # type: ignore[assignment]
        registry_version, seen = registry_versions(archive.articles, archive.entities, last_seen)
        analysis_key = digest(settings_key, seen.version)
        work_keys = {a.slug: digest(settings_key, a.source, registry_version[a.slug]) for a in archive.articles}
        # The exports and the search index derive from the analyses alone: when
        # none changed (nor their order), last build's files are kept as they
        # are. Otherwise the index starts in the background as soon as every
        # analysis is in the cache, and runs beside everything else.
        order = [a.slug for a in search_order(archive.articles)]
        derived_key = digest(analysis_key, *(work_keys[slug] for slug in order))
        entity_names = {e.id: e.name for e in archive.entities}
        index_job = None
        index_in_background = (getattr(previous.get(MANIFEST_PATH), "key", None) != derived_key
                               and cache.shared_path() is not None)
        with progress.stage("analyse", total=len(archive.articles)) as stage:
            fresh = analyse_new(archive.articles, work_keys, cache, workers, stage)
            if index_in_background:
                index_job = background.submit(search_background.index_in_background, read_work, cache.shared_path(),
                                              [work_keys[s] for s in order], entity_names, options.cache,
                                              builder_digest())
            outlines = stored_outlines(archive.articles, work_keys, cache, workers, fresh, stage)
        with progress.stage("link"):
            entities_of = {a.slug: outlines[a.slug].entities for a in archive.articles}
            # All that the co-occurrences and related articles read of the archive and the registry:
            # while none of it changed (a body edit, a new alias, usually), last build's answers stand.
            links_key = digest(settings_key, repr(sorted(e.id for e in archive.entities)),
                               repr([(a.slug, a.date, entities_of[a.slug]) for a in archive.articles]))
            together = cache.computed("co-occurrences", links_key,
                                      lambda: co_occurrences([e.id for e in archive.entities], list(entities_of.values())))
            links = entity_links(archive.entities, archive.articles, outlines, together)
            related = cache.computed("related", links_key, lambda: related_refs(archive.articles, entities_of))
            neighbours = neighbours_in_time(archive.articles)

        trusted = cache.begin_writing(folders.target)  # until the commit: a build that fails leaves it unknown
        writer = SiteWriter(folders, previous, cache.outputs(folders.target) if trusted else {},
                            cache.folders(folders.target) if trusted else {})
        # An article or entity page shows a few entries of the registry, not
        # all: an article page its article's entities, whose entries are in
        # its work key (registry_versions); an entity page its own entry and
        # its companions' names and types, in its key (entity_pages). So page
        # keys leave the registry's version out, and a registry change renders
        # only the pages it can touch. The listings show every entry.
        page_key = digest(settings_key, folder_digest(theme.templates), str(len(archive.articles)))
        refs = EntityRefs(site, archive.entities)
        card_keys = {a.slug: card_key(a) for a in archive.articles}
        with progress.stage("article pages", total=len(archive.articles)) as stage:
            write_article_pages(archive, related, neighbours, page_key, work_keys, card_keys, cache, workers, writer,
                                stage)
        del related, neighbours  # large, and needed by nothing after the article pages
        with progress.stage("entity pages", total=len(archive.entities)) as stage:
            for path, key, render in entity_pages(site, renderer, archive, links, refs, page_key, card_keys,
                                                  first_mentions_from(cache, work_keys)):
                if not writer.reuse(path, key):
                    writer.write_text(path, render(), key)
                stage.advance()
        with progress.stage("other pages"):
            listing_key = digest(page_key, seen.version, "listings", archive.about_markdown,
                                 *(outlines[a.slug].listing for a in archive.articles))
            if not writer.reuse_keyed(listing_key):
                markdown = MarkdownRenderer(archive.abbreviations, config.language)
                for path, text in site_pages(site, renderer, markdown, archive, links, refs).items():
                    writer.write_text(path, text, listing_key)
        with progress.stage("data export"):
            parts_key = digest(analysis_key, *(outlines[slug].export for slug in sorted(outlines)))
            exports: dict[str, object] = {}

            def exported(article: Article) -> tuple[str, str]:
                if not exports:  # read only when a file that joins them is written
                    exports.update(cache.load_all([work_keys[a.slug] for a in archive.articles], "export"))
                return exports[work_keys[article.slug]]  # type: ignore[return-value]

            for path, key, chunks in export_data(site, archive, links, exported, parts_key):
                if not writer.reuse(path, key):
                    writer.write_chunks(path, chunks, key)
        with progress.stage("search index"):
            # What a result shows depends on its article alone; the pool writes the changed ones.
            results = [(result_data_path(number), work_keys[slug]) for number, slug in enumerate(order)]
            changed = [(path, key) for path, key in results if not writer.reuse(path, key)]
            files = ((*writer.claim(path), cache.load(key, "result").encode("utf-8"))  # type: ignore[union-attr]
                     for path, key in changed)
            for (path, key), staged in zip(changed, workers.map(stage_task, files, len(changed))):
                writer.adopt(path, staged, key)
            if not writer.reuse_all("search/data/", derived_key):
                search = search_background.background_result(index_job)

                def here(previous):  # type: ignore[no-untyped-def]
                    made = search_background.index_files(
                        [work_keys[slug] for slug in order], lambda keys: (cache.load(key, "words") for key in keys),
                        lambda keys: cache.load_all(keys, "facets").values(),  # in keys' order
                        entity_names, options.cache / search_background.STEM_CACHE_FILE, previous)
                    search_background.keep_for_next_index(options.cache, made.state, made.stems, builder_digest())
                    return made

                if search is None:  # no background index, or its process died: made here
                    search = here(search_background.read_search_state(
                        options.cache / search_background.INDEX_STATE_FILE, builder_digest()))
                if not writer.reuse_bytes(search.kept, derived_key):
                    search = here(None)  # the site lacks shards the patched index kept (a hand edit, a failed build)
                while search.files:  # each file freed once written
                    path, text = search.files.popitem()
                    writer.write_text(path, text, derived_key)
        publishing_key = digest(listing_key, "publishing", *writer.pages())
        if not writer.reuse_keyed(publishing_key):
            for path, text in publishing_files(site, archive, links, writer.pages()).items():
                writer.write_text(path, text, publishing_key)
        writer.write_text(".nojekyll", "")
        if theme.static.is_dir():
            writer.copy_tree(theme.static, "static")
        writer.write_bytes("static/lunr.min.js", lunr_js().read_bytes())
        with progress.stage("commit"):
            writer.commit()
        cache.save_outputs(folders.target, writer.records, writer.held)
        cache.save_folders(folders.target, writer.folders, writer.known_folders)
        cache.finished_writing(folders.target)
        if folders.live == folders.link:
            cache.forget_outputs(folders.link)  # the site built before the two folders, removed by the commit
        cache.forget_work_except(set(work_keys.values()))
        if seen != last_seen:
            cache.store_derived("registry", builder_digest(), seen)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        workers.close()
        background.close()
    notes = []
    if not site.feeds:
        notes.append(f"base_url {config.base_url!r} is a path, so no feed.xml or sitemap.xml (they need absolute "
                     "URLs); the GitHub Pages workflow passes the full URL")
    return BuildReport(
        output=options.output,
        articles=len(archive.articles),
        pages=len(writer.pages()),
        files=len(writer.records),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        awaiting_review=tuple(a.src_path for a in archive.articles if a.review),
        failures=tuple(failures),
        notes=tuple(notes),
        timings=tuple(progress.timings),
        reused=writer.reused,
    )


def compiled_templates_folder(cache: Path) -> Path | None:
    """Where this builder keeps Jinja's compiled templates between builds: a
    folder of its own, since Jinja keys them on the template alone; the
    folders of other builders are removed. None if it cannot be made."""
    folders = cache / "templates"
    mine = folders / builder_digest()[:16]
    try:
        mine.mkdir(parents=True, exist_ok=True)
        for other in folders.iterdir():
            if other != mine:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return None
    return mine


def write_article_pages(archive: Archive, related: dict[str, tuple[RelatedRef, ...]], neighbours: dict,
                        page_key: str, work_keys: dict[str, str], card_keys: dict[str, str], cache: BuildCache,
                        workers: Workers, writer: SiteWriter, stage: Stage) -> None:
    """Each article page whose inputs changed, rendered and written on every
    core; the others are kept from the previous site/."""
    jobs = []
    for article in archive.articles:
        path = article_url(article) + "index.html"
        key = article_page_key(page_key, work_keys[article.slug], card_keys, related[article.slug],
                               *neighbours[article.slug])
        if writer.reuse(path, key):
            stage.advance()
        else:
            jobs.append((article, path, key))
    by_slug = {a.slug: a for a in archive.articles}

    def task(article: Article, path: str) -> tuple[ArticleJob, str, str | None]:
        stored = work_keys[article.slug]
        job = ArticleJob(article, cache.load(stored, "annotation"), cache.load(stored, "body"),  # type: ignore[arg-type]
                         tuple(Related(by_slug[slug], score, shared) for slug, score, shared in related[article.slug]),
                         *neighbours[article.slug])
        return (job, *writer.claim(path))

    # Annotations and bodies come out of the cache only as the pool takes the jobs.
    tasks = (task(article, path) for article, path, _ in jobs)
    for (_, path, key), staged in zip(jobs, workers.map(stage_article_page, tasks, len(jobs), stage)):
        writer.adopt(path, staged, key)


def first_mentions_from(cache: BuildCache, work_keys: dict[str, str]) -> FirstMentions:
    """The sentences of first mentions, for the entity pages rendered: each
    article's are read from the cache the first time a page needs them."""
    read: dict[str, dict[str, str]] = {}  # slug -> entity id -> sentence

    def first_mentions(articles: tuple[Article, ...], entity_id: str) -> list[str]:
        missing = [a.slug for a in articles if a.slug not in read]
        stored = cache.load_all([work_keys[slug] for slug in missing], "sentences") if missing else {}
        read.update((slug, stored[work_keys[slug]]) for slug in missing)  # type: ignore[misc]
        return [read[a.slug].get(entity_id, "") for a in articles]

    return first_mentions


def analyse_new(articles: tuple[Article, ...], work_keys: dict[str, str], cache: BuildCache, workers: Workers,
                stage: Stage) -> dict[str, Outline]:
    """Analyse (on every core) each article whose key the cache lacks, and
    store it there. Everything but the outlines, which are returned, stays
    in the cache until the stage that needs it."""
    stored = cache.stored_keys()
    return _analyse_and_store([a for a in articles if work_keys[a.slug] not in stored], work_keys, cache, workers,
                              stage)


def stored_outlines(articles: tuple[Article, ...], work_keys: dict[str, str], cache: BuildCache, workers: Workers,
                    fresh: dict[str, Outline], stage: Stage) -> dict[str, Outline]:
    """Every article's outline: the fresh ones as they came, the others from
    the cache (analysed again if a stored one cannot be read)."""
    stored = cache.stored_work([work_keys[a.slug] for a in articles if a.slug not in fresh], ("outline",))
    unreadable = [a for a in articles if a.slug not in fresh and work_keys[a.slug] not in stored]
    fresh = {**fresh, **_analyse_and_store(unreadable, work_keys, cache, workers, stage)}
    outlines: dict[str, Outline] = {}
    for article in articles:
        if article.slug in fresh:
            outlines[article.slug] = fresh[article.slug]
        else:
            outlines[article.slug], = stored.pop(work_keys[article.slug])
            stage.advance()
    return outlines


def _analyse_and_store(todo: list[Article], work_keys: dict[str, str], cache: BuildCache, workers: Workers,
                       stage: Stage) -> dict[str, Outline]:
    fresh = {}
    batch = []
    for article, (outline, stored) in zip(todo, workers.map(analyse, todo, len(todo), stage)):
        fresh[article.slug] = outline
        batch.append((work_keys[article.slug], stored))
        if len(batch) >= 256:
            cache.store(batch)
            batch = []
    cache.store(batch)
    return fresh


def related_refs(articles: tuple[Article, ...], entities_of: dict[str, tuple[str, ...]]
                 ) -> dict[str, tuple[RelatedRef, ...]]:
    """related_articles, by slug: (slug, score, shared entities). Slugs are
    all a page key needs, and what the cache keeps; Related, with the
    articles, is made only for the pages rendered."""
    return {slug: tuple((r.article.slug, r.score, r.shared) for r in found)
            for slug, found in related_articles(articles, entities_of).items()}


def search_order(articles: tuple[Article, ...]) -> list[Article]:
    """Newest first, undated last: search documents are numbered in this order."""
    dated, undated = newest_first(articles)
    return dated + undated
