"""Writing the site, one kind of output at a time. Each output's key comes
from keys.key with the inputs KINDS declares for its kind; an output whose
key is unchanged is kept as the live site has it, the others are rendered
and written (article pages and search results on every core)."""
from __future__ import annotations

from array import array
from concurrent.futures import Future
from dataclasses import replace
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Callable, Iterator

from ..annotate.link import Related
from ..hashing import digest
from ..models import Article, Entity, Outline
from ..search import background as search_background
from ..search.shards import MANIFEST_PATH, IndexState, result_data_path
from ..site.contexts import article_url, entity_url
from ..site.markup import MarkdownRenderer
from ..site.pages import (
    ArticleJob,
    Cards,
    EntityRefs,
    EntityView,
    FirstMentions,
    Period,
    archive_order,
    card_only,
    entity_feed,
    entity_feeds,
    entity_page,
    entity_view,
    export_data,
    list_page,
    list_pages,
    period_page_paths,
    publishing_files,
    site_pages,
    year_range,
)
from ..site.theme import lunr_js
from .cache import BuildCache, EntityPageKeys, builder_digest, read_work
from .keys import BuildKeys, key
from .linking import Links
from .loading import Loaded
from .progress import Stage
from .workers import Background, PeriodTask, Workers, stage_article_page, stage_period_pages, stage_task
from .write import SiteWriter

if TYPE_CHECKING:  # search.index loads numpy, which the build's own process does without
    from ..search.index import SearchFiles


def write_article_pages(loaded: Loaded, links: Links, keys: BuildKeys, cache: BuildCache, workers: Workers,
                        writer: SiteWriter, stage: Stage) -> None:
    """Each article page whose inputs changed, rendered and written on every
    core; the others are kept."""
    jobs = []
    for article in loaded.archive.articles:
        path = article_url(article) + "index.html"
        previous, next_ = links.neighbours[article.slug]
        page_key = key("article page", **keys.site, analysis=keys.analysis[article.slug],
                       related_cards=[f"{keys.cards[slug]} {' '.join(shared)}"
                                      for slug, _, shared in links.related[article.slug]],
                       neighbour_cards=[keys.cards[a.slug] if a else "" for a in (previous, next_)])
        if writer.reuse(path, page_key):
            stage.advance()
        else:
            jobs.append((article, path, page_key))
    by_slug = {a.slug: a for a in loaded.archive.articles}
    cards_of: dict[str, Article] = {}  # slug -> card_only: each made once, an article is related to several

    def as_card(article: Article | None) -> Article | None:
        if article is None:
            return None
        made = cards_of.get(article.slug)
        if made is None:
            made = cards_of[article.slug] = card_only(article)
        return made

    def tasks() -> Iterator[tuple[ArticleJob, str, str | None]]:
        """Annotations and bodies come out of the cache only as the pool
        takes the jobs, a few hundred per query."""
        for start in range(0, len(jobs), 256):
            batch = jobs[start:start + 256]
            stored = [keys.analysis[article.slug] for article, _, _ in batch]
            annotations, bodies = cache.load_all(stored, "annotation"), cache.load_all(stored, "body")
            for (article, path, _), analysis in zip(batch, stored):
                previous, next_ = links.neighbours[article.slug]
                job = ArticleJob(article, annotations[analysis], bodies[analysis],  # type: ignore[arg-type]
                                 tuple(Related(as_card(by_slug[slug]), score, shared)  # type: ignore[arg-type]
                                       for slug, score, shared in links.related[article.slug]),
                                 as_card(previous), as_card(next_))
                yield (job, *writer.claim(path))

    for (_, path, page_key), staged in zip(jobs, workers.map(stage_article_page, tasks(), len(jobs), stage)):
        writer.adopt(path, staged, page_key)


def write_entity_pages(loaded: Loaded, links: Links, keys: BuildKeys, cache: BuildCache, workers: Workers,
                       writer: SiteWriter, stage: Stage) -> None:
    """Each entity page whose inputs changed (its entry, its companions'
    names and types, its newest articles' cards and first-mention
    sentences, not their bodies), and each page of its articles by period
    whose articles changed.

    Making the keys of every entity's pages takes a sort of its articles
    and a hash of every period's cards: 0.8 s at 10,000 articles, most of
    a build after an edit. So each entity's keys are kept (in the cache,
    and in memory by a process that builds again and again) beside a
    fingerprint of everything they are made from: its entry, its articles'
    places in the archive and what its pages show of them (cards and
    sentences: Outline.on_entity_pages), its mention count, companions and
    quotes, the site's settings and templates. An entity with the same
    fingerprint has the same keys, made without the sort or the hashes.

    The pages by period, a row per article on each, are rendered on the
    pool (write_period_pages), the entity pages here meanwhile."""
    archive, entities = loaded.archive, links.entities
    refs = EntityRefs(loaded.site, archive.entities)
    years = year_range(archive.articles)
    shown_as_companion = {e.id: f"{e.id} {e.name} {e.type}" for e in archive.entities}
    first_mentions = first_mentions_from(cache, keys)
    order = archive_order(archive.articles)
    cards = Cards(loaded.site)
    last_build = cache.entity_page_keys()
    this_build: dict[str, EntityPageKeys] = {}
    shared_inputs = repr((keys.site, years))
    # Each article's place counted from the oldest, so that a new newest
    # article moves no other (its year and month are on its card).
    place = {slug: len(order) - 1 - newest_first for slug, (newest_first, _, _) in order.items()}
    pages_due: list[tuple[Entity, EntityView, str, str]] = []  # to render: (entity, view, path, key)
    periods: list[tuple[Entity, Period, str]] = []  # to render: (entity, period, its key)
    for entity in archive.entities:
        item = entities[entity.id]
        path = entity_url(entity.id) + "index.html"
        entry = entity.entry  # made once: each of the entity's period pages keys it too
        companions = [f"{shown_as_companion[o]} {shared}" for o, shared in item.companions]
        quotes = [part for text, a in item.quotes for part in (text, keys.cards[a.slug])]
        fingerprint = digest(shared_inputs, entry, repr((item.mention_count, companions, quotes)),
                             "".join(item.shown),  # hashes of one length
                             array("q", map(place.__getitem__, map(_slug, item.articles))).tobytes())
        last = last_build.get(entity.id)
        if last is not None and last[0] == fingerprint and writer.reuse(path, last[1]):
            lost = {period_key for period_key in last[2] if not writer.reuse_keyed(period_key)}
            if lost:  # changed behind the build's back: made again
                view = entity_view(entity.id, item.articles, years, order)
                for period, period_key in zip(view.periods, _period_keys(keys, entry, view.periods)):
                    if period_key in lost:
                        periods.append((entity, period, period_key))
            this_build[entity.id] = last
            stage.advance()
            continue
        view = entity_view(entity.id, item.articles, years, order)
        page_key = key("entity page", **keys.site, entry=entry, years=repr(years),
                       mention_count=str(item.mention_count),
                       entity_articles=[*map(item.shown.__getitem__, view.recent_at),
                                        *(f"{p.path} {len(p.articles)}" for p in view.periods),
                                        repr(view.per_year)],
                       companions=companions, entity_quotes=quotes)
        if writer.reuse(path, page_key):
            stage.advance()
        else:
            pages_due.append((entity, view, path, page_key))
        period_keys = _period_keys(keys, entry, view.periods)
        for period, period_key in zip(view.periods, period_keys):
            if not writer.reuse_keyed(period_key):  # the period's numbered pages, made together
                periods.append((entity, period, period_key))
        this_build[entity.id] = (fingerprint, page_key, tuple(period_keys))

    def render_page(entity: Entity, view: EntityView, path: str, page_key: str) -> None:
        writer.write_text(path, entity_page(loaded.site, loaded.renderer, entities, refs, entity, view, cards,
                                            first_mentions), page_key)
        stage.advance()

    write_period_pages(periods, cards, workers, writer, (partial(render_page, *due) for due in pages_due))
    cache.store_entity_page_keys(this_build, last_build)


def _period_keys(keys: BuildKeys, entry: str, periods: tuple[Period, ...]) -> list[str]:
    """The key of each period's pages. The cards' hashes (of one length)
    go in joined as one text: as a list of texts, whose repr quotes each,
    the periods of the entities a new article names (220,000 rows at
    10,000 articles) took 0.24 s."""
    site, card = keys.site, keys.cards.__getitem__
    return [key("entity period", **site, entry=entry,
                period_articles=(period.path, "".join(map(card, map(_slug, period.articles)))))
            for period in periods]


def write_period_pages(periods: list[tuple[Entity, Period, str]], cards: Cards, workers: Workers,
                       writer: SiteWriter, meanwhile: Iterator[Callable[[], None]]) -> None:
    """Each (entity, period, key)'s pages, rendered and written on every
    core. A task carries the cards of the period's articles, made once
    here, not the articles: an article is listed in a period of each entity
    it names. This process does the jobs of `meanwhile` as the pool works,
    one as each period's pages come back, the rest at the end."""
    paths = [period_page_paths(period) for _, period, _ in periods]

    def tasks() -> Iterator[PeriodTask]:
        for (entity, period, _), files in zip(periods, paths):
            yield (entity, replace(period, articles=()), tuple(map(cards, period.articles)),
                   [writer.claim(path) for path in files])

    for (_, _, period_key), files, staged in zip(periods, paths, workers.map(stage_period_pages, tasks(), len(periods))):
        for path, one in zip(files, staged, strict=True):
            writer.adopt(path, one, period_key)
        job = next(meanwhile, None)
        if job is not None:
            job()
    for job in meanwhile:
        job()


_slug = attrgetter("slug")


def first_mentions_from(cache: BuildCache, keys: BuildKeys) -> FirstMentions:
    """The sentences of first mentions, for the entity pages rendered: each
    article's are read from the cache the first time a page needs them."""
    read: dict[str, dict[str, str]] = {}  # slug -> entity id -> sentence

    def first_mentions(articles: tuple[Article, ...], entity_id: str) -> list[str]:
        missing = [a.slug for a in articles if a.slug not in read]
        stored = cache.load_all([keys.analysis[slug] for slug in missing], "sentences") if missing else {}
        read.update((slug, stored[keys.analysis[slug]]) for slug in missing)  # type: ignore[misc]
        return [read[a.slug].get(entity_id, "") for a in articles]

    return first_mentions


def listed_articles(loaded: Loaded, outlines: dict[str, Outline]) -> list[str]:
    return [outlines[a.slug].listing for a in loaded.archive.articles]


def write_listings(loaded: Loaded, links: Links, outlines: dict[str, Outline], keys: BuildKeys,
                   writer: SiteWriter) -> None:
    """Each page of a list of articles (a month's, a publisher's...) whose
    articles' cards changed; and the pages that index or picture the whole
    archive, and the fixed ones: rendered together, all of them when any
    input changed."""
    for page in list_pages(loaded.site, loaded.archive):
        path = page.path + "index.html"
        page_key = key("list page", **keys.site,
                       list_articles=[*page.parts, *(keys.cards[a.slug] for a in page.articles)])
        if not writer.reuse(path, page_key):
            writer.write_text(path, list_page(loaded.site, loaded.renderer, page), page_key)
    listings_key = key("listings", **keys.site, article_count=keys.article_count, registry=keys.registry,
                       listed_articles=listed_articles(loaded, outlines), about=loaded.archive.about_markdown)
    if not writer.reuse_keyed(listings_key):
        markdown = MarkdownRenderer(loaded.archive.abbreviations, loaded.config.language)
        refs = EntityRefs(loaded.site, loaded.archive.entities)
        for path, text in site_pages(loaded.site, loaded.renderer, markdown, loaded.archive, links.entities,
                                     refs).items():
            writer.write_text(path, text, listings_key)


def write_export(loaded: Loaded, links: Links, outlines: dict[str, Outline], keys: BuildKeys, cache: BuildCache,
                 writer: SiteWriter) -> None:
    """site/data/: each year's articles and mentions joined from each
    article's part (read from the cache only when a part of that year
    changed); entities.json and datapackage.json, unkeyed, written when
    their bytes change."""
    exports: dict[str, object] = {}  # the parts of the years written, read from the cache just before

    def exported(article: Article) -> tuple[str, str]:
        return exports[keys.analysis[article.slug]]  # type: ignore[return-value]

    for path, (joined, chunks) in export_data(loaded.site, loaded.archive, links.entities, exported).items():
        if joined is None:  # kept if its bytes are the same: made in memory, so data/ is not touched (a few MB)
            writer.write_text(path, "".join(chunks()))
            continue
        file_key = key("data export", settings=keys.settings, registry=keys.registry,
                       export_rows=[outlines[a.slug].export for a in joined])
        if not writer.reuse(path, file_key):
            exports.update(cache.load_all([keys.analysis[a.slug] for a in joined
                                           if keys.analysis[a.slug] not in exports], "export"))
            writer.write_chunks(path, chunks(), file_key)


def search_index_key(keys: BuildKeys) -> str:
    return key("search index", settings=keys.settings, registry=keys.registry,
               analyses=[keys.analysis[slug] for slug in keys.order])


def start_search_index(loaded: Loaded, keys: BuildKeys, cache: BuildCache, background: Background
                       ) -> Future[SearchFiles] | None:
    """The search index, made in the background process from the analyses
    in the cache while the build goes on; None when the live site's index is
    current (or the analyses are not in a file another process can read)."""
    previous = loaded.previous.get(MANIFEST_PATH)
    if (previous is not None and previous.key == search_index_key(keys)) or cache.shared_path() is None:
        return None
    return background.submit(search_background.index_in_background, read_work, cache.shared_path(),
                             [keys.analysis[slug] for slug in keys.order], entity_names(loaded),
                             loaded.options.cache, builder_digest())


def entity_names(loaded: Loaded) -> dict[str, str]:
    return {e.id: e.name for e in loaded.archive.entities}


def write_search(loaded: Loaded, keys: BuildKeys, cache: BuildCache, workers: Workers, background: Background,
                 index_job: Future[SearchFiles] | None, writer: SiteWriter) -> None:
    """What each search result shows (one file per article, written on every
    core), and the index: the background's, or made here if it has none."""
    results = [(slug, result_data_path(number), key("search result", analysis=keys.analysis[slug]))
               for number, slug in enumerate(keys.order)]
    changed = [(slug, path, result_key) for slug, path, result_key in results if not writer.reuse(path, result_key)]
    files = ((*writer.claim(path), cache.load(keys.analysis[slug], "result"))
             for slug, path, _ in changed)
    for (_, path, result_key), staged in zip(changed, workers.map(stage_task, files, len(changed))):
        writer.adopt(path, staged, result_key)
    index_key = search_index_key(keys)
    if writer.reuse_all("search/data/", index_key):
        return
    cache_folder, maker = loaded.options.cache, builder_digest()

    def here(previous: IndexState | None) -> SearchFiles:
        background.close()  # its process is done writing its index's state: this one's comes after
        made = search_background.index_files(
            [keys.analysis[slug] for slug in keys.order], lambda wanted: (cache.load(k, "words") for k in wanted),
            lambda wanted: cache.load_all(wanted, "facets").values(),  # in the keys' order
            entity_names(loaded), cache_folder / search_background.STEM_CACHE_FILE, previous)
        search_background.keep_for_next_index(cache_folder, made.state, made.stems, maker)
        return made

    search = search_background.background_result(index_job)
    if search is None:  # no background index, or its process died: made here
        search = here(search_background.read_search_state(cache_folder / search_background.INDEX_STATE_FILE, maker))
    if not writer.reuse_bytes(search.kept, index_key):
        search = here(None)  # the site lacks shards the patched index kept (a hand edit, a failed build)
    while search.files:  # each file freed once written
        path, data = search.files.popitem()
        writer.write_bytes(path, data, index_key)


def write_publishing(loaded: Loaded, links: Links, outlines: dict[str, Outline], keys: BuildKeys,
                     writer: SiteWriter) -> None:
    """robots.txt; with a full base URL, the Atom feeds and sitemap.xml. An
    entity's feed is keyed on its own newest articles: a new article
    rewrites the feeds of the entities it names, not of all 2,000 (0.4 s)."""
    publishing_key = key("publishing", settings=keys.settings, listed_articles=listed_articles(loaded, outlines),
                         pages=writer.pages())
    if not writer.reuse_keyed(publishing_key):
        for path, text in publishing_files(loaded.site, loaded.archive, writer.pages()).items():
            writer.write_text(path, text, publishing_key)
    for path, entity, newest in entity_feeds(loaded.site, loaded.archive, links.entities):
        feed_key = key("entity feed", settings=keys.settings, entry=entity.entry,
                       feed_articles=[outlines[a.slug].listing for a in newest])
        if not writer.reuse(path, feed_key):
            writer.write_text(path, entity_feed(loaded.site, entity, newest), feed_key)


def write_static(loaded: Loaded, writer: SiteWriter) -> None:
    """The theme's static files (the archive's own in their place) and
    lunr.js, unkeyed: written when their bytes change."""
    writer.write_text(".nojekyll", "")
    for rel, path in loaded.theme.static_files().items():
        writer.write_bytes(f"static/{rel}", path.read_bytes())
    writer.write_bytes("static/lunr.min.js", lunr_js().read_bytes())
