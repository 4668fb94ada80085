"""The order of the stages, and nothing else.

ingest: seeds/*.txt -> content/articles/*.md (once per seed; people edit the result)
build:  content/ -> load -> annotate -> link -> render -> export -> write site/ atomically
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import logging
import os
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from . import charts, dates
from . import content as content_files
from . import export
from . import ingest as ingest_stage
from . import publish
from . import search as search_stage
from .annotate import Annotation, Matcher, annotate
from .link import (EntityLinks, cooccurrence_graph, entity_links, neighbours_in_time, oldest_first,
                   related_articles)
from .marking import mark
from .registry import load_registry
from .config import load_config
from .errors import BuilderError, BuildFailed, ContentError, SeedError, closest
from .markup import MarkdownRenderer, markdown_to_text
from .models import ENTITY_TYPES, Archive, Article, Entity
from .render import (AboutContext, ArchiveContext, ArticleContext, ConnectionsContext, EdgeRow, EntitiesContext,
                     EntityContext, EntityRef, EventRow, HomeContext, MentionItem, MonthGroup, PublisherGroup,
                     NotFoundContext, PublishersContext, QuoteItem, RelatedItem, Renderer, SearchContext, SiteContext,
                     TimelineContext,
                     TimelineRow,
                     YearGroup, Theme, article_url, card, entity_url, find_theme, group_by_type, iso_date, reading_minutes)
from .write import SiteWriter

log = logging.getLogger(__name__)

BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"


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


# ------------------------------------------------------------------ build

def build(options: BuildOptions) -> BuildReport:
    """content/ -> site/. Reads and checks everything before writing anything."""
    started = time.perf_counter()
    config = load_config(options.config, base_url=options.base_url,
                         required=options.config != BuildOptions.config)
    theme = find_theme(config.theme, [options.config.parent / "themes", BUILTIN_THEMES])
    renderer = Renderer(theme)
    labels = theme.labels(config.language)
    archive, warnings, failures = load_archive(options.content, keep_going=options.keep_going)
    if options.strict and warnings:
        raise BuildFailed([BuilderError(f"{w} (--strict turns warnings into errors)") for w in warnings])

    matcher = Matcher(archive.entities)
    annotations = {a.slug: annotate(a, matcher) for a in archive.articles}
    links = entity_links(archive.entities, archive.articles, annotations)

    site = SiteContext(config=config, labels=labels, article_count=len(archive.articles))
    markdown = MarkdownRenderer(archive.abbreviations, config.language)
    pages = render_pages(site, renderer, markdown, archive, matcher, annotations, links)
    pages.update(export_data(site, archive, annotations, links))
    stem_cache = options.cache / "stems.json"
    search = search_stage.search_files(*search_documents(site, archive, annotations), read_stem_cache(stem_cache))
    pages.update(search.files)
    pages.update(publishing_files(site, archive, links, pages))
    notes = []
    if not site.feeds:
        notes.append(f"base_url {config.base_url!r} is a path, so no feed.xml or sitemap.xml (they need absolute "
                     "URLs); the GitHub Pages workflow passes the full URL")

    writer = SiteWriter(options.output)
    try:
        for path, html in pages.items():
            writer.write_text(path, html)
        writer.write_text(".nojekyll", "")
        assets = writer.copy_tree(theme.static, "static") if theme.static.is_dir() else 0
        writer.write_bytes("static/lunr.min.js", lunr_js().read_bytes())
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    write_stem_cache(stem_cache, search.stems)
    return BuildReport(
        output=options.output,
        articles=len(archive.articles),
        pages=len(pages),
        files=len(pages) + assets + 2,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        awaiting_review=tuple(a.src_path for a in archive.articles if a.review),
        failures=tuple(failures),
        notes=tuple(notes),
    )


def load_archive(content_dir: Path, keep_going: bool = False) -> tuple[Archive, list[str], list[BuilderError]]:
    """Read and check all of content/. Every error found is raised together,
    or, with keep_going, returned while the failing parts are left out: a
    bad article is skipped, a broken registry leaves no entities."""
    if not content_dir.is_dir():
        raise ContentError(content_dir, None, "content folder not found; run `python -m builder ingest` "
                           "first, or pass --content DIR")
    articles, warnings, errors = content_files.read_articles(content_dir)
    abbreviations: dict[str, str] = {}
    abbr_path = content_dir / "abbreviations.yaml"
    if abbr_path.exists():
        try:
            abbreviations = read_abbreviations(abbr_path)
        except ContentError as err:
            errors.append(err)
    about_path = content_dir / "about.md"
    about = about_path.read_text(encoding="utf-8") if about_path.exists() else ""
    entities: tuple = ()
    try:
        entities = load_registry(content_dir / "entities.yaml")
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
    values, lines = content_files.load_yaml_mapping(path.read_text(encoding="utf-8"), path)
    result = {}
    for key, value in values.items():
        if not isinstance(value, str) or not str(key).strip():
            raise ContentError(path, lines.get(str(key)), f"{key}: expected 'ABBR: expansion' as text, got {value!r}")
        result[str(key)] = value
    return dict(sorted(result.items()))


def newest_first(articles: tuple[Article, ...]) -> tuple[list[Article], list[Article]]:
    """(dated newest first, undated by title); ties in time keep slug order."""
    dated = sorted((a for a in articles if a.date is not None), key=lambda a: a.slug)
    dated.sort(key=lambda a: a.timestamp, reverse=True)
    undated = sorted((a for a in articles if a.date is None), key=lambda a: (a.title.lower(), a.slug))
    return dated, undated


def render_pages(site: SiteContext, renderer: Renderer, markdown: MarkdownRenderer, archive: Archive,
                 matcher: Matcher, annotations: dict[str, Annotation],
                 links: dict[str, EntityLinks]) -> dict[str, str]:
    """Every HTML page of the site, keyed by its path inside site/."""
    pages: dict[str, str] = {}
    dated, undated = newest_first(archive.articles)
    pages["index.html"] = renderer.render("home.html", HomeContext(
        site=site,
        page_title=site.config.title,
        dated=tuple(card(site, a) for a in dated),
        undated=tuple(card(site, a) for a in undated),
    ))
    refs = _EntityRefs(site, archive.entities)
    pages.update(_article_pages(site, renderer, markdown, archive, matcher, annotations, refs))
    pages.update(_entity_pages(site, renderer, archive, links, refs))
    pages.update(_browse_pages(site, renderer, archive))
    pages.update(_picture_pages(site, renderer, archive, links, refs))
    pages["about/index.html"] = renderer.render("about.html", AboutContext(
        site=site,
        page_title=site.label("about"),
        body=markdown.render(archive.about_markdown),
    ))
    pages["404.html"] = renderer.render("404.html", NotFoundContext(site=site, page_title=site.label("not_found")))
    pages["search/index.html"] = renderer.render("search.html", SearchContext(
        site=site,
        page_title=site.label("search"),
        ui_labels=json.dumps({key[len("search_"):]: value for key, value in sorted(site.labels.items())
                              if key.startswith("search_")}, ensure_ascii=False),
    ))
    return pages


def publishing_files(site: SiteContext, archive: Archive, links: dict[str, EntityLinks],
                     pages: dict[str, str]) -> dict[str, str]:
    """robots.txt always; Atom feeds and sitemap.xml when base_url is absolute."""
    if not site.feeds:
        return {"robots.txt": publish.robots(None)}
    files = {}
    dated, _ = newest_first(archive.articles)
    files["feed.xml"] = publish.atom_feed(site.config.title, site.absolute_url("feed.xml"), site.absolute_url(),
                                          [(a, site.absolute_url(article_url(a))) for a in dated], site.lang,
                                          site.config.description)
    for entity_id, item in sorted(links.items()):
        newest = sorted((a for a, _ in item.articles if a.date is not None), key=lambda a: a.timestamp, reverse=True)
        if newest:
            path = entity_url(entity_id)
            files[path + "feed.xml"] = publish.atom_feed(
                f"{item.entity.name} · {site.config.title}", site.absolute_url(path + "feed.xml"),
                site.absolute_url(path), [(a, site.absolute_url(article_url(a))) for a in newest], site.lang,
                item.entity.description)
    modified = {article_url(a) + "index.html": a.date for a in archive.articles}
    urls = [(site.absolute_url(rel.removesuffix("index.html")), modified.get(rel))
            for rel in sorted(pages) if rel.endswith(".html") and rel != "404.html"]
    files["sitemap.xml"] = publish.sitemap(urls)
    files["robots.txt"] = publish.robots(site.absolute_url("sitemap.xml"))
    return files


def search_documents(site: SiteContext, archive: Archive,
                     annotations: dict[str, Annotation]) -> tuple[list[search_stage.SearchDoc], dict[str, list[str]]]:
    """The articles as the search indexes them, newest first, and the names
    the facets show. The `entities` field holds every name and alias of the
    entities an article mentions, so 'Tiongkok' finds an article that only
    says 'China'."""
    entities = {e.id: e for e in archive.entities}
    dated, undated = newest_first(archive.articles)
    docs = []
    for article in dated + undated:
        names = [n for e in annotations[article.slug].entities for n in (*entities[e].all_names, *entities[e].short)]
        docs.append(search_stage.SearchDoc(
            title=article.title,
            body=markdown_to_text(article.body),
            entities=" ; ".join(names),
            publisher=article.publisher or "",
            url=site.url(article_url(article)),
            date=iso_date(article.date),
            date_text=site.date(article.date) if article.date is not None else "",
            year=str(article.day.year) if article.day else "",
            entity_ids=annotations[article.slug].entities,
            name_groups=tuple(tuple(dict.fromkeys((*entities[e].all_names, *entities[e].short)))
                              for e in annotations[article.slug].entities),
        ))
    used = sorted({e for a in annotations.values() for e in a.entities})
    names = {
        "publishers": sorted({a.publisher for a in archive.articles if a.publisher}),
        "entity_ids": used,
        "entity_names": [entities[e].name for e in used],
    }
    return docs, names


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


SHORT_NAME_LENGTH = 16  # longer names get their acronym or a shorter alias in lists and pictures


class _EntityRefs:
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
        words = set(re.findall(r"\w+", entity.name.lower()))
        candidates = [a for a in entity.aliases if a[:1].isupper() and
                      (a.isupper() and len(a) > 1 or words & set(re.findall(r"\w+", a.lower())))]
        shorter = [a for a in candidates if len(a) < len(entity.name)]
        return min(shorter, key=lambda a: (len(a), a)) if shorter else entity.name


# Below this many articles a process pool costs more than it saves.
POOL_MIN_ARTICLES = 200


@dataclass(frozen=True)
class _ArticleJob:
    """Everything one article page needs that is not shared by all pages."""

    article: Article
    annotation: Annotation
    related: tuple
    previous: Article | None
    next: Article | None


@dataclass(frozen=True)
class _Tools:
    """What every article page is rendered with; built once per process."""

    site: SiteContext
    renderer: Renderer
    markdown: MarkdownRenderer
    matcher: Matcher
    refs: "_EntityRefs"


def _article_pages(site, renderer, markdown, archive, matcher, annotations, refs: "_EntityRefs") -> dict[str, str]:
    """Article pages, in a process pool when the archive is large enough to
    pay for one (rendering is pure, so the pages are the same either way)."""
    related = related_articles(archive.articles, annotations)
    neighbours = neighbours_in_time(archive.articles)
    jobs = [_ArticleJob(a, annotations[a.slug], related[a.slug], *neighbours[a.slug]) for a in archive.articles]
    workers = os.cpu_count() or 1
    if len(jobs) < POOL_MIN_ARTICLES or workers < 2:
        tools = _Tools(site, renderer, markdown, matcher, refs)
        return dict(_article_page(job, tools) for job in jobs)
    from concurrent.futures import ProcessPoolExecutor

    setup = (renderer.theme, site, archive.abbreviations, archive.entities)
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=setup) as pool:
        return dict(pool.map(_article_page_in_worker, jobs, chunksize=max(1, len(jobs) // (workers * 8))))


_WORKER_TOOLS: _Tools | None = None  # set once in each pool process


def _start_worker(theme: Theme, site: SiteContext, abbreviations: dict[str, str], entities: tuple) -> None:
    global _WORKER_TOOLS
    _WORKER_TOOLS = _Tools(site, Renderer(theme), MarkdownRenderer(abbreviations, site.config.language),
                           Matcher(entities), _EntityRefs(site, entities))


def _article_page_in_worker(job: _ArticleJob) -> tuple[str, str]:
    assert _WORKER_TOOLS is not None
    return _article_page(job, _WORKER_TOOLS)


def _article_page(job: _ArticleJob, tools: _Tools) -> tuple[str, str]:
    """One article page: Markdown, marked mentions and quotes, the template."""
    site, refs, article, annotation = tools.site, tools.refs, job.article, job.annotation
    body = tools.markdown.render(article.body)
    body = replace(body, html=mark(body.html, tools.matcher, annotation.quotes, frozenset(article.exclude),
                                   refs.url, refs.type_labels))
    counts = Counter(m.entity for m in annotation.mentions)
    path = article_url(article)
    return path + "index.html", tools.renderer.render("article.html", ArticleContext(
        site=site,
        page_title=article.title,
        article=article,
        body=body,
        date_text=site.date(article.date),
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


def _entity_pages(site, renderer, archive, links: dict[str, EntityLinks], refs: _EntityRefs) -> dict[str, str]:
    pages = {}
    years = _year_range(archive.articles)
    for entity in archive.entities:
        item = links[entity.id]
        path = entity_url(entity.id)
        per_year = Counter(a.day.year for a, _ in item.articles if a.day is not None)
        counts = [(year, per_year[year]) for year in years]
        counts_text = ", ".join(f"{year}: {count}" for year, count in counts)
        center = charts.Node(entity.id, entity.name, entity.type, len(item.articles), refs.url(entity.id))
        others = [(charts.Node(o, refs.entities[o].name, refs.entities[o].type, len(links[o].articles), refs.url(o)), shared)
                  for o, shared in item.companions[:8]]
        pages[path + "index.html"] = renderer.render("entity.html", EntityContext(
            site=site,
            page_title=entity.name,
            entity=entity,
            type_label=refs.type_labels[entity.type],
            details=tuple((site.label(f"detail_{key}"), _detail_text(site, key, value)) for key, value in entity.details),
            wikidata_url=f"https://www.wikidata.org/wiki/{entity.wikidata}" if entity.wikidata else "",
            mentions=tuple(MentionItem(card(site, a), sentence) for a, sentence in item.articles),
            mention_count=item.mention_count,
            companions=tuple(refs.ref(other, shared) for other, shared in item.companions),
            quotes=tuple(QuoteItem(q.text, card(site, a)) for q, a in item.quotes),
            path=path,
            ego_svg=Markup(charts.ego_network(center, others, site.label("ego_title", name=entity.name))),
            sparkline_svg=Markup(charts.sparkline(counts, site.label("sparkline_label", name=entity.name,
                                                                     counts=counts_text))) if item.articles else Markup(""),
            sparkline_text=counts_text,
            json_ld=Markup(publish.entity_json_ld(entity, site.absolute_url(path))),
            feed_url=site.absolute_url(path + "feed.xml") if site.feeds and any(a.date for a, _ in item.articles) else "",
        ))
    pages["entities/index.html"] = renderer.render("entities.html", EntitiesContext(
        site=site,
        page_title=site.label("entities"),
        groups=group_by_type(site, [refs.ref(e.id, links[e.id].mention_count) for e in archive.entities]),
    ))
    return pages


def _year_range(articles: tuple[Article, ...]) -> list[int]:
    years = [a.day.year for a in articles if a.day is not None]
    return list(range(min(years), max(years) + 1)) if years else []


def _browse_pages(site, renderer, archive) -> dict[str, str]:
    """By year and month, and by publisher."""
    from itertools import groupby

    chronological = oldest_first(list(archive.articles))
    dated = [a for a in chronological if a.day is not None]
    years = []
    for year, in_year in groupby(dated, key=lambda a: a.day.year):
        months = []
        for month, in_month in groupby(in_year, key=lambda a: a.day.month):
            months.append(MonthGroup(dates.format_month(year, month, site.lang), tuple(card(site, a) for a in in_month)))
        years.append(YearGroup(year, tuple(months)))
    undated = tuple(card(site, a) for a in chronological if a.day is None)
    by_publisher: dict[str, list[Article]] = {}
    for article in chronological:
        by_publisher.setdefault(article.publisher or "", []).append(article)
    publishers = tuple(
        PublisherGroup(name or site.label("no_publisher"), "p-" + (ingest_stage.slugify(name, 6) if name else "none"),
                       tuple(card(site, a) for a in by_publisher[name]))
        for name in sorted(by_publisher, key=lambda n: (n == "", n.lower())))
    return {
        "archive/index.html": renderer.render("archive.html", ArchiveContext(
            site=site, page_title=site.label("archive"), years=tuple(years), undated=undated)),
        "publishers/index.html": renderer.render("publishers.html", PublishersContext(
            site=site, page_title=site.label("publishers"), publishers=publishers)),
    }


# Events longer than this are eras, not moments: the timeline leaves them out.
TIMELINE_MAX_EVENT_DAYS = 31


def _picture_pages(site, renderer, archive, links: dict[str, EntityLinks], refs: _EntityRefs) -> dict[str, str]:
    chronological = [a for a in oldest_first(list(archive.articles)) if a.day is not None]
    points = [charts.TimelinePoint(a.day, f"{site.date(a.day)}: {a.title}", number, site.url(article_url(a)))
              for number, a in enumerate(chronological, 1)]
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
    years = _year_range(archive.articles)
    shown = [(f, l, e) for f, l, e in sorted(events, key=lambda x: (x[0], x[2].id))
             if years and years[0] <= f.year <= years[-1]]
    svg = charts.timeline(points, [charts.TimelineEvent(f, l, e.name, refs.url(e.id)) for f, l, e in shown],
                          site.label("timeline"), dates.MONTH_NAMES.get(site.lang, dates.MONTH_NAMES["id"]))
    graph = cooccurrence_graph(links)
    nodes = [charts.Node(i, refs.short_name(i), refs.entities[i].type, count, refs.url(i)) for i, count in graph.nodes]
    edges_by_weight = sorted(graph.edges, key=lambda e: (-e[2], e[0], e[1]))
    return {
        "timeline/index.html": renderer.render("timeline.html", TimelineContext(
            site=site,
            page_title=site.label("timeline"),
            svg=Markup(svg),
            rows=tuple(TimelineRow(number, card(site, a)) for number, a in enumerate(chronological, 1)),
            events=tuple(EventRow(e.name, refs.url(e.id), _when(site, f, l)) for f, l, e in shown),
            undated=tuple(card(site, a) for a in archive.articles if a.day is None),
        )),
        "connections/index.html": renderer.render("connections.html", ConnectionsContext(
            site=site,
            page_title=site.label("connections"),
            svg=Markup(charts.network(nodes, list(graph.edges), site.label("connections"))),
            nodes=tuple(refs.ref(i, count) for i, count in graph.nodes),
            edges=tuple(EdgeRow(refs.ref(a), refs.ref(b), shared) for a, b, shared in edges_by_weight[:40]),
        )),
    }


def _when(site: SiteContext, first: dt.date, last: dt.date) -> str:
    return site.date(first) if first == last else f"{site.date(first)} – {site.date(last)}"


def _detail_text(site: SiteContext, key: str, value: str) -> str:
    if key in ("date", "start", "end"):
        return site.date(dt.date.fromisoformat(value))
    return value


def export_data(site: SiteContext, archive: Archive, annotations: dict[str, Annotation],
                links: dict[str, EntityLinks]) -> dict[str, str]:
    """site/data/: the annotations for reuse (JSON and CSV)."""
    ordered = sorted(archive.articles, key=lambda a: a.slug)
    return {
        "data/articles.json": export.articles_json(ordered, annotations,
                                                   lambda a: site.absolute_url(article_url(a))),
        "data/entities.json": export.entities_json(links, lambda entity_id: site.absolute_url(entity_url(entity_id))),
        "data/mentions.csv": export.mentions_csv(ordered, annotations),
    }


# ------------------------------------------------------------------ ingest

@dataclass(frozen=True)
class IngestOptions:
    seeds: Path = Path("seeds")
    content: Path = Path("content")
    force: bool = False
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


def ingest(options: IngestOptions) -> IngestReport:
    """Import every seed not yet in content/. Existing articles are never
    overwritten unless force is set, and then the diff is reported first."""
    report = IngestReport()
    if not options.seeds.is_dir():
        raise SeedError(options.seeds, None, "seeds folder not found; create it and put raw article .txt files in it")
    articles_dir = options.content / "articles"
    existing = _imported_seeds(articles_dir)
    taken = {path.stem for path in articles_dir.glob("*.md")} if articles_dir.is_dir() else set()

    planned: list[tuple[Path, str]] = []  # (target, text)
    for seed in sorted(options.seeds.iterdir()):
        if seed.name.startswith(".") or not seed.is_file():
            continue
        if seed.suffix.lower() != ".txt":
            report.warnings.append(f"{seed}: not a .txt file; ignored (seeds are plain-text articles)")
            continue
        previous = existing.get(seed.name)
        if previous is not None and not options.force:
            raw_hash = _sha256(seed)
            if previous[1] and previous[1] != raw_hash:
                report.warnings.append(f"{seed}: changed since it was imported as {previous[0]}; run "
                                       "`python -m builder ingest --force` to re-import (it shows the changes first)")
            report.skipped.append(seed.name)
            continue
        size = seed.stat().st_size
        if size > ingest_stage.MAX_SEED_BYTES:  # refused before reading: memory stays bounded
            report.failures.append(SeedError(seed, None, f"file is {size // (1024 * 1024)} MB; a news article is far "
                                             f"smaller (limit {ingest_stage.MAX_SEED_BYTES // (1024 * 1024)} MB). "
                                             "Split it or remove it from seeds/"))
            continue
        try:
            draft = ingest_stage.draft_from_bytes(seed.read_bytes(), seed.name, where=str(seed))
        except SeedError as err:
            report.failures.append(err)
            continue
        report.warnings.extend(draft.warnings)
        if previous is not None:
            target = previous[0]
            slug = target.stem
        else:
            slug = _unique_slug(ingest_stage.slugify(draft.title), taken)
            if slug != ingest_stage.slugify(draft.title):
                report.warnings.append(f"{seed}: slug '{ingest_stage.slugify(draft.title)}' is taken; using '{slug}'")
            taken.add(slug)
            target = articles_dir / f"{slug}.md"
        planned.append((target, content_files.render_draft(draft, slug)))

    if report.failures and not options.keep_going:
        return report  # nothing written: fix the seeds, or pass --keep-going
    for target, text in planned:
        if target.exists():
            old = target.read_text(encoding="utf-8")
            if old == text:
                report.unchanged.append(str(target))
                continue
            report.diffs.append("".join(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"{target} (now)", tofile=f"{target} (re-imported)")))
            if not options.dry_run:
                _write_atomic(target, text)
            report.updated.append(str(target))
        else:
            if not options.dry_run:
                _write_atomic(target, text)
            report.created.append(str(target))
    return report


def _imported_seeds(articles_dir: Path) -> dict[str, tuple[Path, str | None]]:
    """seed file name -> (content file, seed hash) for everything imported so far."""
    found: dict[str, tuple[Path, str | None]] = {}
    if not articles_dir.is_dir():
        return found
    for path in sorted(articles_dir.glob("*.md")):
        front = content_files.split_front_matter(path.read_text(encoding="utf-8"), path)
        seed = front.values.get("seed")
        if isinstance(seed, str):
            digest = front.values.get("seed_sha256")
            found[seed] = (path, digest if isinstance(digest, str) else None)
    return found


def _sha256(path: Path) -> str:
    import hashlib

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
