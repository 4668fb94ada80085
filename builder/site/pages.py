"""Every page and data file of the site, from the loaded and derived archive.

Pure rendering: values in, text out. pipeline.build orders the stages and
writes the result; the article pages may render in a process pool.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, replace
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from markupsafe import Markup

from .. import dates
from ..annotate.link import EntityLinks, Related, cooccurrence_graph, oldest_first
from ..annotate.mentions import Annotation
from ..models import ENTITY_TYPES, Archive, Article, Entity, Page
from ..text import WORD, slugify
from . import atlas, charts, export, publish
from .contexts import (
    AboutContext,
    ArchiveContext,
    ArticleCard,
    ArticleContext,
    ConnectionsContext,
    EdgeRow,
    EntitiesContext,
    EntityContext,
    EntityGroup,
    EntityMentionsContext,
    EntityRef,
    EntityTypeContext,
    EventRow,
    HomeContext,
    ListLink,
    ListingContext,
    MapContext,
    MentionItem,
    MonthLink,
    NotFoundContext,
    PageLink,
    PeriodLink,
    PublishersContext,
    QuoteItem,
    RelatedItem,
    SearchContext,
    SiteContext,
    TimelineContext,
    TimelineRow,
    YearGroup,
    article_url,
    card,
    entity_url,
    group_by_type,
    iso_date,
    reading_minutes,
)
from .markup import MarkdownRenderer
from .theme import Renderer


Item = TypeVar("Item")

HOME_LATEST = 24  # articles on the home page; the archive has the rest
LIST_PAGE = 100  # articles on one page of a month's, a publisher's or the undated list
ENTITY_RECENT = 20  # the newest articles (with their sentence) an entity page lists; the rest by period
ENTITY_INDEX_TOP = 40  # of each type, the most named, on entities/; all of a type on pages of their own
ENTITY_TYPE_PAGE = 500  # entities of a type per page, by name
ENTITY_PERIOD = 200  # a year naming an entity more often is split by month, such a month over numbered pages
ENTITY_QUOTES = 30  # the newest quotes an entity page shows
TIMELINE_POINTS = 100  # articles the timeline shows one by one; past this, a bar per month


def newest_first(articles: tuple[Article, ...]) -> tuple[list[Article], list[Article]]:
    """(dated newest first, undated by title); ties in time keep slug order."""
    dated = sorted((a for a in articles if a.date is not None), key=lambda a: a.slug)
    dated.sort(key=lambda a: a.timestamp, reverse=True)
    undated = sorted((a for a in articles if a.date is None), key=lambda a: (a.title.lower(), a.slug))
    return dated, undated


def search_order(articles: tuple[Article, ...]) -> list[Article]:
    """Oldest first, undated last: search documents are numbered in this
    order. The article an archive most often gains is its newest: it takes
    the next number, the undated ones after it move up by one, and every
    other document keeps its number, its result file and its postings."""
    dated, undated = newest_first(articles)
    return dated[::-1] + undated


def site_pages(site: SiteContext, renderer: Renderer, markdown: MarkdownRenderer, archive: Archive,
               links: dict[str, EntityLinks], refs: "EntityRefs") -> dict[str, str]:
    """The pages that index or picture the whole archive, the fixed ones,
    and the entities' tooltips, keyed by their path inside site/ (article
    and entity pages, and the lists of articles (list_pages), come apart)."""
    pages: dict[str, str] = {}
    dated, undated = newest_first(archive.articles)
    pages["index.html"] = renderer.render("home.html", HomeContext(
        site=site,
        page_title=site.config.title,
        dated=tuple(card(site, a) for a in dated[:HOME_LATEST]),
        undated=tuple(card(site, a) for a in undated[:HOME_LATEST]),
        undated_count=len(undated),
    ))
    pages.update(_entity_index_pages(site, renderer, group_by_type(
        site, [refs.ref(e.id, links[e.id].mention_count) for e in archive.entities])))
    pages[TIPS_PATH] = entity_tips(site, archive.entities)
    pages.update(_browse_pages(site, renderer, archive))
    pages.update(_picture_pages(site, renderer, archive, links, refs))
    pages["about/index.html"] = renderer.render("about.html", AboutContext(
        site=site,
        page_title=site.label("about"),
        body=markdown.render(archive.about_markdown),
        data_years=tuple(sorted({str(a.day.year) if a.day else "undated" for a in archive.articles},
                                key=lambda y: (y == "undated", y))),
    ))
    pages["404.html"] = renderer.render("404.html", NotFoundContext(site=site, page_title=site.label("not_found")))
    pages["search/index.html"] = renderer.render("search.html", SearchContext(
        site=site,
        page_title=site.label("search"),
        ui_labels=json.dumps({key[len("search_"):] if key.startswith("search_") else key: value
                              for key, value in sorted(site.labels.items())
                              if key.startswith(("search_", "language_"))}, ensure_ascii=False),
    ))
    return pages


TIPS_PATH = "entities/tips.json"


def entity_tips(site: SiteContext, entities: Iterable[Entity]) -> str:
    """What the tooltip of an entity's first mention shows (the theme's
    tips.js reads it): name, type and description, once for the site. On
    every page that named the entity they took 5.5 KB a page, 55 MB of a
    10,000-article site."""
    return json.dumps({"types": {kind: site.label(f"type_{kind}") for kind in ENTITY_TYPES},
                       "entities": {e.id: [e.name, e.type, e.description]
                                    for e in sorted(entities, key=attrgetter("id"))}},
                      ensure_ascii=False, separators=(",", ":"))


def publishing_files(site: SiteContext, archive: Archive, pages: Iterable[str]) -> dict[str, str]:
    """robots.txt always; the archive's Atom feed and sitemap.xml when
    base_url is absolute (each entity's feed: entity_feeds)."""
    if not site.feeds:
        return {"robots.txt": publish.robots(None)}
    files = {}
    dated, _ = newest_first(archive.articles)
    files["feed.xml"] = publish.atom_feed(site.config.title, site.absolute_url("feed.xml"), site.absolute_url(),
                                          [(a, site.absolute_url(article_url(a))) for a in dated[:publish.FEED_SIZE]],
                                          site.lang, site.config.description)
    modified = {article_url(a) + "index.html": a.date for a in archive.articles}
    urls = [(site.absolute_url(rel.removesuffix("index.html")), modified.get(rel))
            for rel in sorted(pages) if rel.endswith(".html") and rel != "404.html"]
    files["sitemap.xml"] = publish.sitemap(urls)
    files["robots.txt"] = publish.robots(site.absolute_url("sitemap.xml"))
    return files


def entity_feeds(site: SiteContext, archive: Archive, links: dict[str, EntityLinks]
                 ) -> Iterator[tuple[str, Entity, list[Article]]]:
    """Each entity's feed when base_url is absolute: its path, the entity
    and its newest dated articles, newest first (entity_feed writes it).
    Entities no dated article names have none."""
    if not site.feeds:
        return
    dated, _ = newest_first(archive.articles)
    place = {a.slug: n for n, a in enumerate(dated)}
    for entity_id, item in sorted(links.items()):
        newest = newest_of(item.articles, place, publish.FEED_SIZE)
        if newest:
            yield entity_url(entity_id) + "feed.xml", item.entity, newest


def entity_feed(site: SiteContext, entity: Entity, newest: list[Article]) -> str:
    path = entity_url(entity.id)
    return publish.atom_feed(f"{entity.name} · {site.config.title}", site.absolute_url(path + "feed.xml"),
                             site.absolute_url(path), [(a, site.absolute_url(article_url(a))) for a in newest],
                             site.lang, entity.description)


def newest_of(articles: tuple[Article, ...], place: dict[str, int], count: int) -> list[Article]:
    """The `count` newest dated articles of a list oldest first (as
    EntityLinks has them), in the order `place` numbers them (newest_first's,
    where ties in time go the other way): from the list's end, with every
    article as new as the last one taken, not from a pass over all of them
    (entity feeds took 0.4 s so at 10,000 articles)."""
    end = len(articles)
    while end and articles[end - 1].date is None:
        end -= 1
    start = max(end - count, 0)
    while start and start < end and articles[start - 1].timestamp == articles[start].timestamp:
        start -= 1
    return sorted(articles[start:end], key=lambda a: place[a.slug])[:count]


def legend(refs: EntityRefs, entity_ids: list[str]) -> tuple[tuple[str, str], ...]:
    """The types a picture of these entities shows, in the registry's type order, with their labels."""
    shown = {refs.entities[i].type for i in entity_ids}
    return tuple((kind, refs.type_labels[kind]) for kind in ENTITY_TYPES if kind in shown)


SHORT_NAME_LENGTH = 16  # longer names get their acronym or a shorter alias in lists and pictures


class EntityRefs:
    """Links to entity pages, and the labels that go with them."""

    def __init__(self, site: SiteContext, entities: tuple[Entity, ...]):
        self.site = site
        self.entities = {e.id: e for e in entities}
        self.type_labels = {kind: site.label(f"type_{kind}") for kind in ENTITY_TYPES}

    def url(self, entity_id: str) -> str:
        return self.site.url(entity_url(entity_id))

    def ref(self, entity_id: str, count: int = 0) -> EntityRef:
        entity = self.entities[entity_id]
        return EntityRef(entity.id, entity.name, entity.type, self.url(entity.id), count)

    def short_name(self, entity_id: str) -> str:
        """A compact name for lists and pictures: the name itself unless it is
        long, then an acronym ('SCO') or a shorter alias sharing a word with
        the name ('Tokayev'), never an unrelated alias ('Qandy Qantar')."""
        entity = self.entities[entity_id]
        if len(entity.name) <= SHORT_NAME_LENGTH:
            return entity.name
        words = set(WORD.findall(entity.name.lower()))
        candidates = [a for a in entity.aliases if a[:1].isupper() and
                      (a.isupper() and len(a) > 1 or words & set(WORD.findall(a.lower())))]
        shorter = [a for a in candidates if len(a) < len(entity.name)]
        return min(shorter, key=lambda a: (len(a), a)) if shorter else entity.name


@dataclass(frozen=True)
class ArticleJob:
    """Everything one article page needs that is not shared by all pages."""

    article: Article
    annotation: Annotation
    body: Page  # marked up by analysis
    related: tuple[Related, ...]  # their articles without bodies: the page shows their cards (card_only)
    previous: Article | None
    next: Article | None


def card_only(article: Article) -> Article:
    """An article as a card shows it: without its body, which a job
    carrying its related and neighbouring articles whole took five times
    the bytes to the page's process (50 KB a page)."""
    return replace(article, body="")


@dataclass(frozen=True)
class PageTools:
    """What every article page is rendered with; built once per process."""

    site: SiteContext
    renderer: Renderer
    refs: "EntityRefs"


def article_page(job: ArticleJob, tools: PageTools) -> str:
    """One article page: the analysed body, its entities, links, the template."""
    site, refs, article, annotation, body = tools.site, tools.refs, job.article, job.annotation, job.body
    counts = Counter(m.entity for m in annotation.mentions)
    path = article_url(article)
    date_lang = article.language if article.language in dates.MONTH_NAMES else site.lang
    return tools.renderer.render("article.html", ArticleContext(
        site=site,
        page_title=article.title,
        article=article,
        body=body,
        date_text=dates.format_date(article.date, date_lang) if article.date is not None else "",
        date_lang=site.other_language(date_lang),
        lang=site.other_language(article.language),
        language_name=site.language_name(article.language),
        iso_date=iso_date(article.date),
        reading_minutes=reading_minutes(body),
        path=path,
        entity_groups=group_by_type(site, [refs.ref(e, counts[e]) for e in annotation.entities]),
        quote_count=len(annotation.quotes),
        related=tuple(RelatedItem(card(site, r.article), site.label(
            "also_about", names=", ".join(refs.short_name(e) for e in r.shared[:3])))
            for r in job.related),
        previous=card(site, job.previous) if job.previous else None,
        next=card(site, job.next) if job.next else None,
        json_ld=Markup(publish.article_json_ld(
            article, site.absolute_url(path), site.config.title,
            [(refs.entities[e], site.absolute_url(entity_url(e))) for e in annotation.entities],
            {m.entity for m in annotation.mentions if m.field == "title"})),
    ))


FirstMentions = Callable[[tuple[Article, ...], str], list[str]]  # (articles, entity id) -> each one's sentence


@dataclass(frozen=True)
class Period:
    """Some of an entity's articles on pages of their own: a year's, a busy
    year's month, or the undated. Dates, not counts, decide where an article
    goes, so a new article changes its own period's page and no other."""

    path: str  # entities/<id>/2024/, entities/<id>/2024/06/, entities/<id>/undated/
    year: int | None  # None: the undated
    month: int | None  # None: the whole year (or the undated)
    articles: tuple[Article, ...]  # newest first


@dataclass(frozen=True)
class EntityView:
    """How an entity's articles are spread over its pages."""

    recent: tuple[Article, ...]  # newest first, on the entity page itself
    periods: tuple[Period, ...]  # newest first; none when `recent` holds them all
    per_year: tuple[tuple[int, int], ...]  # (year, articles) for every year of the archive
    recent_at: tuple[int, ...]  # where each of `recent` is in the articles entity_view was given


ArchiveOrder = dict[str, tuple[int, int, int]]  # slug -> (place newest first, year, month); undated: 0, 0


def archive_order(articles: tuple[Article, ...]) -> ArchiveOrder:
    """Each article's place newest first (undated last), and its year and
    month: worked out once, so that the entity pages (an article is on those
    of each entity it names) need not compare or read dates again."""
    dated, undated = newest_first(articles)
    return {a.slug: (n, a.day.year, a.day.month) if a.day is not None else (n, 0, 0)
            for n, a in enumerate(dated + undated)}


def entity_view(entity_id: str, articles: tuple[Article, ...], years: list[int], order: ArchiveOrder) -> EntityView:
    """The newest ENTITY_RECENT articles for the entity page; when it has
    more, all of them again by year, a year with more than ENTITY_PERIOD by
    month (a month past that over numbered pages). Every build works this
    out for every entity, one in 9,000 articles too, so the articles are
    sorted once (by their places, looked up and compared in C) and the
    sorted list is cut by its counts per year and month."""
    places = list(map(order.__getitem__, map(_slug, articles)))
    ranked_at = sorted(range(len(places)), key=places.__getitem__)
    ranked = [articles[n] for n in ranked_at]
    per_year = Counter(map(_year, places))
    undated = per_year.pop(0, 0)
    periods: list[Period] = []
    if len(articles) > ENTITY_RECENT:
        base = entity_url(entity_id)
        start = 0
        for year in sorted(per_year, reverse=True):  # dated, newest first: each year's articles are together
            end = start + per_year[year]
            if end - start <= ENTITY_PERIOD:
                periods.append(Period(f"{base}{year}/", year, None, tuple(ranked[start:end])))
            else:
                per_month = Counter(places[n][2] for n in ranked_at[start:end])
                at = start
                for month in sorted(per_month, reverse=True):
                    periods.append(Period(f"{base}{year}/{month:02d}/", year, month,
                                          tuple(ranked[at:at + per_month[month]])))
                    at += per_month[month]
            start = end
        if undated:
            periods.append(Period(f"{base}undated/", None, None, tuple(ranked[start:])))
    return EntityView(tuple(ranked[:ENTITY_RECENT]), tuple(periods),
                      tuple((year, per_year[year]) for year in years), tuple(ranked_at[:ENTITY_RECENT]))


_slug = attrgetter("slug")
_year = itemgetter(1)


def entity_page(site: SiteContext, renderer: Renderer, links: dict[str, EntityLinks], refs: EntityRefs,
                entity: Entity, view: EntityView, cards: "Cards", first_mentions: FirstMentions) -> str:
    """An entity's own page: what it is, its mentions per year, the entities
    it appears with, its newest quotes and articles, and links to the rest.
    `first_mentions` gives the sentences of its articles' first mentions
    (read from the cache only for the pages rendered)."""
    item = links[entity.id]
    path = entity_url(entity.id)
    counts_text = ", ".join(f"{year}: {count}" for year, count in view.per_year)
    center = charts.Node(entity.id, entity.name, entity.type, len(item.articles), refs.url(entity.id))
    # Around it, each sized by the articles it shares with this one.
    others = [(charts.Node(o, refs.entities[o].name, refs.entities[o].type, shared, refs.url(o)), shared)
              for o, shared in item.companions[:8]]
    return renderer.render("entity.html", EntityContext(
        site=site,
        page_title=entity.name,
        entity=entity,
        type_label=refs.type_labels[entity.type],
        details=tuple((site.label(f"detail_{key}"), _detail_text(site, key, value)) for key, value in entity.details),
        wikidata_url=f"https://www.wikidata.org/wiki/{entity.wikidata}" if entity.wikidata else "",
        mentions=_mention_items(cards, entity, view.recent, first_mentions),
        mention_count=item.mention_count,
        companions=tuple(refs.ref(other, shared) for other, shared in item.companions),
        quotes=tuple(QuoteItem(text, cards(a)) for text, a in item.quotes[-ENTITY_QUOTES:]),
        path=path,
        ego_svg=Markup(charts.ego_network(center, others, site.label("ego_title", name=entity.name))),
        sparkline_svg=Markup(charts.sparkline(list(view.per_year), site.label(
            "sparkline_label", name=entity.name, counts=counts_text))) if item.articles else Markup(""),
        sparkline_text=counts_text,
        json_ld=Markup(publish.entity_json_ld(entity, site.absolute_url(path))),
        feed_url=site.absolute_url(path + "feed.xml") if site.feeds and any(a.date for a in item.articles) else "",
        periods=_period_links(site, view.periods),
        article_total=len(item.articles),
        legend=legend(refs, [entity.id] + [o for o, _ in item.companions[:8]]) if others else (),
    ))


def _period_links(site: SiteContext, periods: tuple[Period, ...]) -> tuple[PeriodLink, ...]:
    """A link per year (or the undated), or a link per month of a year split by month."""
    links = []
    for year, in_year in groupby(periods, key=lambda p: p.year):
        listed = list(in_year)
        count = sum(len(p.articles) for p in listed)
        if listed[0].month is None:
            links.append(PeriodLink(_period_label(site, listed[0]), count, site.url(listed[0].path)))
        else:
            links.append(PeriodLink(str(year), count, "", tuple(
                MonthLink(_period_label(site, p), site.url(p.path), len(p.articles)) for p in listed)))
    return tuple(links)


def _period_label(site: SiteContext, period: Period) -> str:
    if period.year is None:
        return site.label("undated_articles")
    if period.month is None:
        return str(period.year)
    return dates.format_month(period.year, period.month, site.lang)


def period_pages(site: SiteContext, renderer: Renderer, entity: Entity, period: Period,
                 listed: tuple[ArticleCard, ...]) -> dict[str, str]:
    """An entity's articles of one period (`listed`: their cards), newest
    first, over numbered pages of ENTITY_PERIOD when a month has more, in
    the order of period_page_paths. A row each (date, title, publisher),
    without the sentence the entity page shows of its newest: an article is
    on the period pages of every entity it names, and the sentences made
    these pages a quarter of a realistic site. (Only the cards are read,
    not period.articles: a worker process is sent the cards alone.)"""
    label = _period_label(site, period)
    chunks, paths = numbered_pages(listed, period.path, ENTITY_PERIOD)
    return {path + "index.html": renderer.render("entity_mentions.html", EntityMentionsContext(
        site=site, page_title=f"{entity.name} · {label}" + (f" ({number})" if number > 1 else ""), entity=entity,
        period=label, total=len(listed), up_url=site.url(entity_url(entity.id)), articles=chunk,
        pages=page_links(site, paths, number), path=path))
        for number, (chunk, path) in enumerate(zip(chunks, paths), 1)}


def period_page_paths(period: Period) -> list[str]:
    """The files period_pages makes, in its order."""
    return [path + "index.html" for path in numbered_pages(period.articles, period.path, ENTITY_PERIOD)[1]]


def _mention_items(cards: "Cards", entity: Entity, articles: tuple[Article, ...],
                   first_mentions: FirstMentions) -> tuple[MentionItem, ...]:
    return tuple(MentionItem(cards(a), sentence) for a, sentence in zip(articles, first_mentions(articles, entity.id)))


class Cards:
    """Each article's card, made once: an article shows on the pages of
    every entity it names (17 of them in a realistic archive)."""

    def __init__(self, site: SiteContext):
        self.site = site
        self._made: dict[str, ArticleCard] = {}

    def __call__(self, article: Article) -> ArticleCard:
        made = self._made.get(article.slug)
        if made is None:
            made = self._made[article.slug] = card(self.site, article)
        return made


def year_range(articles: tuple[Article, ...]) -> list[int]:
    """Every year from the first article's to the last's."""
    years = [a.day.year for a in articles if a.day is not None]
    return list(range(min(years), max(years) + 1)) if years else []


def _browse_pages(site, renderer, archive) -> dict[str, str]:
    """The indexes of the archive by year and month, by publisher and by
    language: links and counts. (The lists they lead to: list_pages.)"""
    pages: dict[str, str] = {}
    archive_label = site.label("archive")
    dated, undated, by_language, by_publisher = _browsed(archive)
    years = []
    for year, in_year in groupby(dated, key=lambda a: a.day.year):
        months = tuple(_month_link(site, year, month, len(list(in_month)))
                       for month, in_month in groupby(list(in_year), key=lambda a: a.day.month))
        group = YearGroup(year, sum(m.count for m in months), months, site.url(f"archive/{year}/"))
        pages[f"archive/{year}/index.html"] = renderer.render("archive.html", ArchiveContext(
            site=site, page_title=str(year), years=(group,), undated_count=0, path=f"archive/{year}/",
            up_url=site.url("archive/")))
        years.append(group)
    languages = [ListLink(site.language_name(code), site.url(f"languages/{code}/"), len(listed))
                 for code, listed in by_language.items()]
    pages["archive/index.html"] = renderer.render("archive.html", ArchiveContext(
        site=site, page_title=archive_label, years=tuple(years), undated_count=len(undated),
        languages=tuple(languages)))
    publishers = [ListLink(name or site.label("no_publisher"), site.url(f"publishers/{slug}/"), len(listed))
                  for (name, slug), listed in by_publisher.items()]
    pages["publishers/index.html"] = renderer.render("publishers.html", PublishersContext(
        site=site, page_title=site.label("publishers"), publishers=tuple(publishers)))
    return pages


def _browsed(archive: Archive) -> tuple[list[Article], list[Article], dict[str, list[Article]],
                                       dict[tuple[str, str], list[Article]]]:
    """The archive as its indexes and lists show it, oldest first: (dated,
    undated, by language when it has several, by (publisher, its slug))."""
    chronological = oldest_first(list(archive.articles))
    dated = [a for a in chronological if a.day is not None]
    undated = [a for a in chronological if a.day is None]
    by_code: dict[str, list[Article]] = {}
    for article in chronological:
        by_code.setdefault(article.language, []).append(article)
    by_language = {code: by_code[code] for code in sorted(by_code, key=lambda c: (-len(by_code[c]), c))
                   } if len(by_code) > 1 else {}
    by_name: dict[str, list[Article]] = {}
    for article in chronological:
        by_name.setdefault(article.publisher or "", []).append(article)
    by_publisher, used = {}, {"none"}
    for name in sorted(by_name, key=lambda n: (n == "", n.lower())):
        slug = "none"
        if name:
            slug = stem = slugify(name, 6, fallback="p")  # "p": a name in Chinese characters
            for number in range(2, len(by_name) + 2):
                if slug not in used:
                    break
                slug = f"{stem}-{number}"  # "Kompas.com" and "Kompas com"
            used.add(slug)
        by_publisher[name, slug] = by_name[name]
    return dated, undated, by_language, by_publisher


@dataclass(frozen=True)
class ListPage:
    """One page of a list of articles (a month's, the undated ones, a
    language's, a publisher's): what it is made of, so that a build can
    key it, and render it only when that changed."""

    path: str  # its folder under site/
    title: str
    up: str  # the index it belongs to, and that index's name
    up_label: str
    articles: tuple[Article, ...]
    show_dates: bool
    number: int  # its place among its list's pages, from 1
    paths: tuple[str, ...]  # the folders of all its list's pages

    @property
    def parts(self) -> list[str]:
        """What the page shows besides its articles' cards."""
        return [self.path, self.title, self.up, self.up_label, str(self.show_dates), str(self.number), *self.paths]


def list_pages(site: SiteContext, archive: Archive) -> list[ListPage]:
    """Each month's articles, the undated ones, each language's (when there
    are several) and each publisher's, over numbered pages of LIST_PAGE.
    A page is made of its own articles: adding an article changes its
    month's and its publisher's pages, and their numbered pages after it."""
    archive_label = site.label("archive")
    dated, undated, by_language, by_publisher = _browsed(archive)
    lists = []
    for (year, month), in_month in groupby(dated, key=lambda a: (a.day.year, a.day.month)):
        lists.append((f"archive/{year}/{month:02d}/", dates.format_month(year, month, site.lang),
                      f"archive/{year}/", str(year), list(in_month), True))
    if undated:
        lists.append(("archive/undated/", site.label("undated_articles"), "archive/", archive_label, undated, False))
    for code, listed in by_language.items():
        lists.append((f"languages/{code}/", site.label("articles_in_language", name=site.language_name(code)),
                      "archive/", archive_label, listed, True))
    for (name, slug), listed in by_publisher.items():
        lists.append((f"publishers/{slug}/", name or site.label("no_publisher"), "publishers/",
                      site.label("publishers"), listed, True))
    pages = []
    for base, title, up, up_label, articles, show_dates in lists:
        chunks, paths = numbered_pages(articles, base, LIST_PAGE)
        pages += [ListPage(path, title, up, up_label, tuple(chunk), show_dates, number, tuple(paths))
                  for number, (chunk, path) in enumerate(zip(chunks, paths), 1)]
    return pages


def list_page(site: SiteContext, renderer: Renderer, page: ListPage) -> str:
    return renderer.render("listing.html", ListingContext(
        site=site, page_title=page.title if page.number == 1 else f"{page.title} ({page.number})",
        up_url=site.url(page.up), up_label=page.up_label, articles=tuple(card(site, a) for a in page.articles),
        show_dates=page.show_dates, pages=page_links(site, list(page.paths), page.number), path=page.path))


def _month_link(site: SiteContext, year: int, month: int, count: int) -> MonthLink:
    """A month of the archive: its name, its page, how many articles it has."""
    return MonthLink(dates.format_month(year, month, site.lang), site.url(f"archive/{year}/{month:02d}/"), count)


def numbered_pages(items: Sequence[Item], base: str, size: int) -> tuple[list[Sequence[Item]], list[str]]:
    """`items` split `size` to a page, and each page's path: base, then
    base/page/2/, base/page/3/... No items make one empty page."""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]
    return chunks, [base] + [f"{base}page/{n}/" for n in range(2, len(chunks) + 1)]


def page_links(site: SiteContext, paths: list[str], current: int) -> tuple[PageLink, ...]:
    """The numbered links of a list over several pages: the first and last,
    two either side of this one, and every tenth of the way (a list of 200
    pages links 17, not 200, twice on each page). A gap is number 0."""
    count = len(paths)
    if count < 2:
        return ()
    step = max(1, -(-count // 10))
    shown = sorted({1, count, *range(max(1, current - 2), min(count, current + 2) + 1),
                    *range(step, count + 1, step)})
    links: list[PageLink] = []
    for number in shown:
        if links and number - links[-1].number > 1:
            links.append(PageLink(0, "", False))
        links.append(PageLink(number, site.url(paths[number - 1]), number == current))
    return tuple(links)


def _entity_index_pages(site: SiteContext, renderer: Renderer, groups: tuple[EntityGroup, ...]) -> dict[str, str]:
    """entities/: each type's ENTITY_INDEX_TOP most named; a type with more
    has all its entities by name at entities/types/<type>/, over numbered
    pages of ENTITY_TYPE_PAGE. (No entity page can be there: an entity's own
    folder holds only its page, its feed, and its years or undated.) A
    registry grows with its archive: one entry per five articles makes the
    index of every entry 247 KB at 10,000 articles."""
    pages = {}
    shown = []
    for group in groups:
        if len(group.entities) <= ENTITY_INDEX_TOP:
            shown.append(replace(group, total=len(group.entities)))
            continue
        base = f"entities/types/{group.type}/"
        shown.append(replace(group, entities=group.entities[:ENTITY_INDEX_TOP], total=len(group.entities),
                             all_url=site.url(base)))
        by_name = sorted(group.entities, key=lambda r: (r.name.casefold(), r.id))
        chunks, paths = numbered_pages(by_name, base, ENTITY_TYPE_PAGE)
        for number, (chunk, path) in enumerate(zip(chunks, paths), 1):
            pages[path + "index.html"] = renderer.render("entity_type.html", EntityTypeContext(
                site=site, page_title=group.label + (f" ({number})" if number > 1 else ""),
                up_url=site.url("entities/"), up_label=site.label("entities"),
                group=replace(group, entities=tuple(chunk), total=len(by_name)),
                pages=page_links(site, paths, number), path=path))
    pages["entities/index.html"] = renderer.render("entities.html", EntitiesContext(
        site=site, page_title=site.label("entities"), groups=tuple(shown)))
    return pages


# Events longer than this are eras, not moments: the timeline leaves them out.
TIMELINE_MAX_EVENT_DAYS = 31


def _picture_pages(site, renderer, archive, links: dict[str, EntityLinks], refs: EntityRefs) -> dict[str, str]:
    chronological = [a for a in oldest_first(list(archive.articles)) if a.day is not None]
    by_month = len(chronological) > TIMELINE_POINTS
    points = [] if by_month else [
        charts.TimelinePoint(a.day, f"{site.date(a.day)}: {a.title}", number, site.url(article_url(a)))
        for number, a in enumerate(chronological, 1)]
    counted = [(year, month, len(list(in_month))) for (year, month), in_month in
               groupby(chronological, key=lambda a: (a.day.year, a.day.month))] if by_month else []
    months = [_month_link(site, y, m, n) for y, m, n in counted]
    bars = [charts.TimelineBar(dt.date(y, m, 1), link.count, f"{link.label}: "
                               f"{site.label('article_count', count=link.count)}", link.url)
            for (y, m, _), link in zip(counted, months)] if by_month else None
    events = []
    for entity in archive.entities:
        if entity.type != "event":
            continue
        start = entity.detail("date") or entity.detail("start")
        if not start:
            continue
        first = dt.date.fromisoformat(start)
        last = dt.date.fromisoformat(entity.detail("end") or start)
        if (last - first).days <= TIMELINE_MAX_EVENT_DAYS:
            events.append((first, last, entity))
    years = year_range(archive.articles)
    shown = [(f, l, e) for f, l, e in sorted(events, key=lambda x: (x[0], x[2].id))
             if years and years[0] <= f.year <= years[-1]]
    svg = charts.timeline(points, [charts.TimelineEvent(f, l, e.name, refs.url(e.id)) for f, l, e in shown],
                          site.label("timeline"), dates.MONTH_NAMES.get(site.lang, dates.MONTH_NAMES["id"]), bars=bars)
    graph = cooccurrence_graph(links)
    nodes = [charts.Node(i, refs.short_name(i), refs.entities[i].type, count, refs.url(i)) for i, count in graph.nodes]
    edges_by_weight = sorted(graph.edges, key=lambda e: (-e[2], e[0], e[1]))
    return {
        "timeline/index.html": renderer.render("timeline.html", TimelineContext(
            site=site,
            page_title=site.label("timeline"),
            svg=Markup(svg),
            rows=() if by_month else tuple(TimelineRow(n, card(site, a)) for n, a in enumerate(chronological, 1)),
            months=tuple(months),
            events=tuple(EventRow(e.name, refs.url(e.id), _when(site, f, l)) for f, l, e in shown),
            undated_count=sum(a.day is None for a in archive.articles),
        )),
        "map/index.html": _map_page(site, renderer, archive, links, refs),
        "connections/index.html": renderer.render("connections.html", ConnectionsContext(
            site=site,
            page_title=site.label("connections"),
            svg=Markup(charts.network(nodes, list(graph.edges), site.label("connections"))),
            nodes=tuple(refs.ref(i, count) for i, count in graph.nodes),
            edges=tuple(EdgeRow(refs.ref(a), refs.ref(b), shared) for a, b, shared in edges_by_weight[:40]),
            legend=legend(refs, [i for i, _ in graph.nodes]),
        )),
    }


def _map_page(site, renderer, archive, links: dict[str, EntityLinks], refs: EntityRefs) -> str:
    """Every place with coordinates that an article names, on the outlines
    around them (atlas.py), circle area by articles."""
    places = []
    for entity in archive.entities:
        where = entity.detail("coordinates")
        if entity.type == "place" and where and links[entity.id].articles:
            latitude, longitude = (float(part) for part in where.split(","))
            places.append(charts.Place(entity.id, entity.name, latitude, longitude, len(links[entity.id].articles),
                                       refs.url(entity.id)))
    places.sort(key=lambda p: (-p.weight, p.id))
    svg = charts.place_map(places, atlas.country_rings(), site.label("map")) if places else ""
    return renderer.render("map.html", MapContext(
        site=site, page_title=site.label("map"), svg=Markup(svg),
        places=tuple(refs.ref(p.id, p.weight) for p in places)))


def _when(site: SiteContext, first: dt.date, last: dt.date) -> str:
    return site.date(first) if first == last else f"{site.date(first)} – {site.date(last)}"


def _detail_text(site: SiteContext, key: str, value: str) -> str:
    if key in ("date", "start", "end"):
        return site.date(dt.date.fromisoformat(value))
    return value


def export_data(site: SiteContext, archive: Archive, links: dict[str, EntityLinks],
                exported: Callable[[Article], tuple[str, str]]
                ) -> dict[str, tuple[tuple[Article, ...] | None, Callable[[], Iterator[str]]]]:
    """site/data/: the annotations for reuse, path -> (the articles whose
    parts it joins, or None for a file made from the links; its text in
    chunks, made when called). articles and mentions come a file per year of
    publication (and one for the undated), each a size a person can open;
    datapackage.json lists every file with its schema (Frictionless).
    `exported` gives an article's own part of each (made with its analysis)."""
    by_year: dict[str, list[Article]] = {}
    for article in sorted(archive.articles, key=lambda a: a.slug):
        by_year.setdefault(str(article.day.year) if article.day else "undated", []).append(article)
    parts = sorted(by_year, key=lambda y: (y == "undated", y))
    files: dict[str, tuple[tuple[Article, ...] | None, Callable[[], Iterator[str]]]] = {}
    for year in parts:
        group = tuple(by_year[year])
        files[f"data/articles-{year}.json"] = (group, lambda g=group: export.articles_json(exported(a)[0] for a in g))
        files[f"data/mentions-{year}.csv"] = (group, lambda g=group: export.mentions_csv(exported(a)[1] for a in g))
    files["data/entities.json"] = (None, lambda: export.entities_json(
        links, lambda entity_id: site.absolute_url(entity_url(entity_id))))
    files["data/datapackage.json"] = (None, lambda: iter([export.datapackage(
        site.config.title, site.absolute_url(), {year: len(by_year[year]) for year in parts})]))
    return files
