"""The order of the stages, and nothing else.

ingest: seeds/*.txt -> content/articles/*.md (once per seed; people edit the result)
build:  content/ -> load (cached) -> analyse (per article: pooled, cached) ->
        link -> pages -> exports -> search index (started in a background
        process right after analysis) -> commit: the changed files moved into
        site/. Outputs whose inputs did not change stay as they are.
"""
from __future__ import annotations

import difflib
import gc
import hashlib
import json
import logging
import os
import pickle
import shutil
import tempfile
import time
from contextlib import contextmanager
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from . import content as content_files
from . import ingest as ingest_stage
from . import search as search_stage
from .annotate import first_tokens
from .cache import BuildCache, builder_digest, digest, folder_digest, read_work
from .config import load_config
from .errors import BuilderError, BuildFailed, ContentError, SeedError, brief, closest, too_large
from .link import Related, RelatedRef, co_occurrences, entity_links, neighbours_in_time, related_articles
from .markup import MarkdownRenderer
from .models import Archive, Article, Entity, Outline
from .pages import (ArticleJob, EntityRefs, FirstMentions, article_page_key, entity_pages, export_data,
                    newest_first, publishing_files, site_pages)
from .progress import Progress, Stage
from .registry import load_registry, risky_names
from .reimport import Merged, backup_path, merge
from .render import Renderer, SiteContext, article_url, card_key, find_theme
from .workers import Background, Setup, Workers, analyse, stage_article_page, stage_task
from .write import SiteWriter, output_folders

log = logging.getLogger(__name__)

BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"
INDEX_STATE_FILE = "search-state.pickle"  # in the cache folder: what the next build's index starts from


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
    # Started first, so that its process imports the builder and reads the last
    # index's state while this one loads the content.
    background = Background(content_files.count_articles(options.content))
    try:
        background.submit(preload_index_state, options.cache / INDEX_STATE_FILE)
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
        theme = find_theme(config.theme, [options.config.parent / "themes", BUILTIN_THEMES])
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
        stem_cache = options.cache / "stems.json"
        state_file = options.cache / INDEX_STATE_FILE
        entity_names = {e.id: e.name for e in archive.entities}
        index_job = state_saved = None
        index_in_background = (getattr(previous.get(search_stage.MANIFEST_PATH), "key", None) != derived_key
                                and cache.shared_path() is not None)
        with progress.stage("analyse", total=len(archive.articles)) as stage:
            fresh = analyse_new(archive.articles, work_keys, cache, workers, stage)
            if index_in_background:
                index_job = background.submit(index_files_from_cache, cache.shared_path(),
                                              [work_keys[s] for s in order], entity_names, stem_cache, state_file)
                state_saved = background.submit(save_index_state)  # as soon as the index is made, beside the build
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
            results = [(search_stage.result_data_path(number), work_keys[slug]) for number, slug in enumerate(order)]
            changed = [(path, key) for path, key in results if not writer.reuse(path, key)]
            files = ((*writer.claim(path), cache.load(key, "result").encode("utf-8"))  # type: ignore[union-attr]
                     for path, key in changed)
            for (path, key), staged in zip(changed, workers.map(stage_task, files, len(changed))):
                writer.adopt(path, staged, key)
            if not writer.reuse_all("search/data/", derived_key):
                search = background_result(index_job)
                if search is None:
                    state_saved = None  # no background index, or its process died: this process saves its own

                def here(previous: search_stage.IndexState | None) -> search_stage.SearchFiles:
                    made = index_files([work_keys[slug] for slug in order],
                                       lambda keys: (cache.load(key, "words") for key in keys),
                                       lambda keys: cache.load_all(keys, "facets").values(),  # in keys' order
                                       entity_names, stem_cache, previous)
                    state_written(state_saved)  # the background's state, if any, is overwritten, not the other way
                    keep_for_next_index(state_file, made.state, stem_cache, made.stems)
                    return made

                if search is None:
                    search = here(read_search_state(state_file))
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
        state_written(state_saved)  # the next build patches the index this one committed
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


class RegistrySeen(NamedTuple):
    """The registry as the last build saw it, for the next to compare with."""

    version: str  # a hash of every entry, in order
    entries: dict[str, tuple[str, tuple[str, ...]]]  # id -> (the entry as text, annotate.first_tokens of it)
    older: dict[str, str]  # Article.source -> the older version its analysis is keyed on (others: `version`)


def registry_versions(articles: tuple[Article, ...], entities: tuple[Entity, ...], seen: RegistrySeen | None
                      ) -> tuple[dict[str, str], RegistrySeen]:
    """For each article (by slug), the version of the registry its analysis
    is keyed on; and what the next build compares with.

    Analysis reads the registry only through the entities the matcher finds
    in the article, which it can find only where the first token of one of
    their names is (annotate.first_tokens), and through the entries of
    those entities. So when entries change, are added or go, an article
    that holds none of their first tokens, old or new, and does not name
    one in its overrides, would be analysed as before: it keeps the version
    its analysis is keyed on, and changing an alias analyses the articles
    that hold the alias or the entity's other names, not all of them. The
    others, and all if the entries changed order, take the current one."""
    version = digest(repr(entities))
    if seen is not None and seen.version == version:
        if not seen.older:  # every analysis is keyed on this version
            return dict.fromkeys((a.slug for a in articles), version), seen
        stamps = {a.slug: seen.older.get(a.source, version) for a in articles}
        return stamps, seen._replace(older={a.source: stamps[a.slug] for a in articles if stamps[a.slug] != version})
    entries = {e.id: (e.entry, first_tokens(e)) for e in entities}
    stamps = {a.slug: version for a in articles}
    if seen is not None and [i for i in entries if i in seen.entries] == [i for i in seen.entries if i in entries]:
        changed = {i for i in entries.keys() | seen.entries.keys() if entries.get(i) != seen.entries.get(i)}
        tokens = {t for i in changed for entry in (entries.get(i), seen.entries.get(i)) if entry for t in entry[1]}
        for article in articles:
            if not changed.intersection(article.include + article.exclude) and not any(
                    token in article.body or token in article.title for token in tokens):
                stamps[article.slug] = seen.older.get(article.source, seen.version)
    return stamps, RegistrySeen(version, entries, {a.source: stamps[a.slug] for a in articles
                                                   if stamps[a.slug] != version})


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


def index_files(keys: list[str], words_of: Callable[[list[str]], Iterable[search_stage.WordCounts]],
                facets_of: Callable[[list[str]], Iterable[search_stage.SearchDoc]], entity_names: dict[str, str],
                stem_cache: Path, previous: search_stage.IndexState | None, stem_processes: int | None = None
                ) -> search_stage.SearchFiles:
    """The search index's files (result data aside). With the previous
    build's state, only the changed documents' words and facets are read
    (`words_of` and `facets_of` their keys), and when few changed the index
    is patched. The new state keeps the facets for the next build."""
    from .postings import word_rows  # numpy: imported by the process that makes the index, when it does

    known = dict(zip(previous.rows.keys, previous.docs)) if previous is not None else {}
    missing = [key for key in keys if key not in known]
    known.update(zip(missing, facets_of(missing)))
    docs = [known[key] for key in keys]
    rows = word_rows(keys, words_of, previous.rows if previous is not None else None)
    made = search_stage.search_files(docs, facet_names(docs, entity_names), read_stem_cache(stem_cache), rows=rows,
                                     with_result_data=False, stem_processes=stem_processes, previous=previous)
    return replace(made, state=made.state and replace(made.state, docs=tuple(docs)))


def index_files_from_cache(cache_path: Path, keys: list[str], entity_names: dict[str, str],
                           stem_cache: Path, state_file: Path) -> search_stage.SearchFiles:
    """index_files in the background process, beside the build's other
    stages. It starts from the last build's index state, which
    preload_index_state read, and reads from the cache what changed since;
    it stems on one core (and starts no processes of its own, which a killed
    build could strand). The new state and stems stay in this process until
    `save_index_state` writes them."""
    global _UNSAVED_STATE
    with without_cycle_collection():
        search = index_files(keys, lambda missing: read_work(cache_path, missing, "words"),  # type: ignore
                             lambda missing: read_work(cache_path, missing, "facets"),  # type: ignore
                             entity_names, stem_cache, _preloaded_state(state_file), stem_processes=1)
    _UNSAVED_STATE = (state_file, search.state, stem_cache, search.stems)
    return replace(search, state=None, stems={})  # not sent back: the build does not need them


# In the background process, between its jobs:
_PRELOADED_STATE: tuple[Path, search_stage.IndexState | None] | None = None  # preload_index_state's file and state
_UNSAVED_STATE: tuple | None = None  # keep_for_next_index's arguments


def preload_index_state(state_file: Path) -> None:
    """The background's first job, while the build loads and analyses: read
    the last index's state (about 100 MB at 10,000 articles, 0.1 to 0.2 s),
    which index_files_from_cache starts from. Read whether or not the build
    turns out to need a new index: the process has nothing else to do yet."""
    global _PRELOADED_STATE
    _PRELOADED_STATE = (state_file, read_search_state(state_file))


def _preloaded_state(state_file: Path) -> search_stage.IndexState | None:
    """What preload_index_state read (once), or the file read now."""
    global _PRELOADED_STATE
    preloaded, _PRELOADED_STATE = _PRELOADED_STATE, None
    if preloaded is not None and preloaded[0] == state_file:
        return preloaded[1]
    return read_search_state(state_file)


def save_index_state() -> None:
    """The background's second job, queued right behind index_files_from_cache:
    write the state it left (0.3 s at 10,000 articles) while the build is
    still busy with pages. The state may get ahead of site/ (a build that
    fails later); the next build then finds kept shards whose bytes differ
    and makes the whole index."""
    global _UNSAVED_STATE
    if _UNSAVED_STATE is not None:
        keep_for_next_index(*_UNSAVED_STATE)
        _UNSAVED_STATE = None


def keep_for_next_index(state_file: Path, state: search_stage.IndexState | None, stem_cache: Path,
                        stems: dict[str, str]) -> None:
    """What the next build's index starts from: this index's state and stems."""
    write_search_state(state_file, state)
    write_stem_cache(stem_cache, stems)


def read_search_state(path: Path) -> search_stage.IndexState | None:
    """The last index's state, if this builder made it; else none. A file
    (about 100 MB at 10,000 articles), not the SQLite cache: pickled
    straight to disk, it is written in a fifth of the time."""
    try:
        with open(path, "rb") as handle:
            maker, state = pickle.load(handle)
    except (OSError, ValueError, TypeError, EOFError, AttributeError, ImportError, IndexError, pickle.UnpicklingError):
        return None
    return state if maker == builder_digest() and isinstance(state, search_stage.IndexState) else None


def write_search_state(path: Path, state: search_stage.IndexState | None) -> None:
    """Keep the index's state for the next build; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((builder_digest(), state), handle, protocol=5)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        log.warning("search index state not written (%s): %s", path, err.strerror)


def background_result(job: Future[search_stage.SearchFiles] | None) -> search_stage.SearchFiles | None:
    """The background index, or None if there was none or its process died
    (killed for memory, say): then the build makes the index itself."""
    if job is None:
        return None
    try:
        return job.result()
    except BrokenProcessPool:
        log.warning("the background process building the search index stopped; building it here instead")
        return None


def state_written(job: Future[None] | None) -> None:
    """Wait for save_index_state; if the process died, the next build makes the whole index."""
    try:
        if job is not None:
            job.result()
    except BrokenProcessPool:
        log.warning("the background process stopped before it saved the search index's state; "
                    "the next build makes the whole index again")


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


def facet_names(docs: list[search_stage.SearchDoc], entity_names: dict[str, str]) -> dict[str, list[str]]:
    """The names the search facets show: publishers, and the entities the articles mention."""
    used = sorted({e for doc in docs for e in doc.entity_ids})
    return {
        "publishers": sorted({doc.publisher for doc in docs if doc.publisher}),
        "entity_ids": used,
        "entity_names": [entity_names[e] for e in used],
    }


def load_archive(content_dir: Path, keep_going: bool = False,
                 memo: content_files.ParsedMemo | None = None) -> tuple[Archive, list[str], list[BuilderError]]:
    """Read and check all of content/. Every error found is raised together,
    or, with keep_going, returned while the failing parts are left out: a
    bad article is skipped, a broken registry leaves no entities."""
    if not content_dir.is_dir():
        raise ContentError(content_dir, None, "content folder not found; run `python -m builder ingest` "
                           "first, or pass --content DIR")
    articles, warnings, errors = content_files.read_articles(content_dir, memo)
    abbreviations: dict[str, str] = {}
    abbr_path = content_dir / "abbreviations.yaml"
    if abbr_path.exists():
        try:
            abbreviations = read_abbreviations(abbr_path)
        except ContentError as err:
            errors.append(err)
    about_path = content_dir / "about.md"
    about = ""
    if about_path.exists():
        try:
            about = content_files.read_utf8(about_path, inside=content_dir)
        except ContentError as err:
            errors.append(err)
    entities: tuple = ()
    try:
        entities = load_registry(content_dir / "entities.yaml", memo, inside=content_dir)
        warnings.extend(risky_names(content_dir / "entities.yaml", entities))
    except BuildFailed as failed:
        errors.extend(failed.errors)
    except ContentError as err:
        errors.append(err)
    override_errors = _check_overrides(content_dir, articles, entities)
    errors.extend(error for error, _ in override_errors)
    if errors and not keep_going:
        raise BuildFailed(errors)
    bad = {article.slug for _, article in override_errors}
    articles = [a for a in articles if a.slug not in bad]
    if not articles:
        warnings.append(f"{content_dir}/articles: no articles yet; add seeds and run `python -m builder ingest`")
    return (Archive(articles=tuple(articles), entities=entities, about_markdown=about, abbreviations=abbreviations),
            warnings, errors)


def _check_overrides(content_dir: Path, articles: list[Article], entities: tuple) -> list[tuple[ContentError, Article]]:
    """An override must name an entity the registry has."""
    known = {e.id for e in entities}
    errors = []
    for article in articles:
        for entity_id in article.include + article.exclude:
            if entity_id not in known:
                close = closest(entity_id, known)
                hint = f" (did you mean '{close}'?)" if close else ""
                errors.append((ContentError((content_dir / article.src_path).as_posix(), article.overrides_line,
                                            f"entities: no entity '{entity_id}' in entities.yaml{hint}; "
                                            "use an id from content/entities.yaml"), article))
    return errors


def read_abbreviations(path: Path) -> dict[str, str]:
    values, lines = content_files.load_yaml_mapping(content_files.read_utf8(path, inside=path.parent), path)
    result = {}
    for key, value in values.items():
        if not isinstance(value, str) or not str(key).strip():
            raise ContentError(path, lines.get(str(key)), f"{key}: expected 'ABBR: expansion' as text, got {brief(value)}")
        result[str(key)] = value
    return dict(sorted(result.items()))


def read_stem_cache(path: Path) -> dict[str, str]:
    """Stems from earlier builds, if the same stemmer made them; else none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stemmer") != search_stage.stemmer_version():
        return {}
    stems = data.get("stems")
    return stems if isinstance(stems, dict) else {}


def write_stem_cache(path: Path, stems: dict[str, str]) -> None:
    """Keep the stems for the next build; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, json.dumps({"stemmer": search_stage.stemmer_version(), "stems": stems},
                                       ensure_ascii=False, sort_keys=True))
    except OSError as err:
        log.warning("stem cache not written (%s): %s", path, err.strerror)


def lunr_js() -> Path:
    """lunr.js from the npm registry (package-lock.json pins it); copied into site/."""
    path = Path(__file__).resolve().parent.parent / "node_modules" / "lunr" / "lunr.min.js"
    if not path.is_file():
        raise BuilderError(f"{path} is missing; run `npm ci` in {path.parents[2]} (`make site` does it)")
    return path


# ------------------------------------------------------------------ ingest

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
            content_files.check_link(seed, options.seeds, SeedError)
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
        if size > ingest_stage.MAX_SEED_BYTES:  # refused before reading: memory stays bounded
            report.failures.append(SeedError(seed, None, f"{too_large(size, ingest_stage.MAX_SEED_BYTES)}: a news "
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
            draft = ingest_stage.draft_from_bytes(raw, seed.name, where=str(seed))
        except SeedError as err:
            report.failures.append(err)
            continue
        if previous is not None:
            target = previous[0]
            merged = merge(content_files.read_utf8(target), draft, target.stem, target)
            report.warnings.extend(merged.warnings)
            planned.append((target, merged.text, merged.differs))
            report.kept.append(_kept_words(target, merged))
            continue
        report.warnings.extend(draft.warnings)
        slug = ingest_stage.slugify(draft.title)
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
        planned.append((articles_dir / f"{unique}.md", content_files.render_draft(draft, unique), False))

    if report.failures and not options.keep_going:
        return report  # nothing written: fix the seeds, or pass --keep-going
    for target, text, keep_old in planned:
        if target.exists():
            old = content_files.read_utf8(target)
            if old == text:
                report.unchanged.append(str(target))
                continue
            report.diffs.append("".join(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"{target} (now)", tofile=f"{target} (re-imported)")))
            if not options.dry_run:
                if keep_old:
                    shutil.copy2(target, backup_path(target))
                _write_atomic(target, text)
            report.updated.append(str(target))
        else:
            if not options.dry_run:
                _write_atomic(target, text)
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
        front = content_files.split_front_matter(content_files.read_utf8(path), path)
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


def _write_atomic(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
