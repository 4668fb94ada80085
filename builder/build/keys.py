"""What each output of the site is made from, declared once.

Every kind of output (and of cached result) names, in KINDS, the inputs its
key is made of; `key()` makes a key from exactly those inputs, and refuses
to make one from others. A page's declaration also says which inputs each
field of its template's context comes from. tests/test_keys.py walks this
table: every context field has inputs its key holds, every variable a
template uses is a field of its context, and for each declared input,
changing it changes the key and the next build equals a clean one.

An output whose key is unchanged is kept as the last build left it; so a
value shown on a page that no declared input carries is a stale page
waiting to happen, and the tests are there to say so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, NamedTuple

from ..annotate.matcher import name_words
from ..hashing import content_hash, digest
from ..models import Archive, Article, Entity
from ..site.contexts import (
    AboutContext,
    ArchiveContext,
    ArticleContext,
    ConnectionsContext,
    EntitiesContext,
    EntityContext,
    EntityMentionsContext,
    EntityTypeContext,
    HomeContext,
    ListingContext,
    MapContext,
    NotFoundContext,
    PublishersContext,
    SearchContext,
    TimelineContext,
    card_key,
)

# What each input is, in words.
INPUTS = {
    "settings": "the builder's code and libraries, site.yaml, the interface text and content/abbreviations.yaml",
    "templates": "the theme's templates",
    "article count": "how many articles the archive has (the home page says)",
    "registry": "every entry of content/entities.yaml, in order",
    "article": "one article's file (content/articles/<slug>.md, path and bytes)",
    "registry entries": "the registry entries one article can name (registry_versions)",
    "analysis": "one article's analysis: its key (kind 'analysis')",
    "related cards": "the cards of an article's related articles, and the entities they share",
    "neighbour cards": "the cards of the articles before and after it in time",
    "entry": "an entity's own registry entry",
    "years": "the years the archive spans",
    "mention count": "how often the articles name the entity",
    "entity articles": "what an entity page shows of its newest articles (each one's card and first-mention "
                       "sentence), and how many it has per year and in each period",
    "period articles": "the cards of an entity's articles of one period, and the period's path",
    "companions": "the entities an entity appears with: their names, types and article counts, and the articles shared",
    "entity quotes": "an entity's quotes, and the cards of their articles",
    "list articles": "one page of a list: its place (path, title, the index above it, its number among the list's "
                     "pages) and the cards of its articles",
    "listed articles": "what lists, pictures and feeds show of every article: its front matter (not its body), its "
                       "entities and how often it names each (Outline.listing)",
    "feed articles": "what an entity's feed shows of its newest dated articles: their front matter (Outline.listing)",
    "about": "content/about.md",
    "pages": "the paths of the site's pages (the sitemap lists them)",
    "analyses": "every article's analysis, in search order",
    "export rows": "each article's row of data/articles-<year>.json and lines of data/mentions-<year>.csv "
                   "(Outline.export)",
    "entity ids": "the ids of the registry's entries",
    "article entities": "each article's slug, date and entities",
}

Fields = Mapping[str, tuple[str, ...]]  # a context's field -> the inputs it is made from


@dataclass(frozen=True)
class Kind:
    """One kind of output or cached result: the inputs its key is made of,
    in order; where it goes; and for pages, each template's context type and
    which inputs each of its fields comes from."""

    inputs: tuple[str, ...]
    files: str  # in words
    paths: str = ""  # the site's files of this kind, as a regular expression (none: a cached result)
    pages: Mapping[str, tuple[type, Fields]] = field(default_factory=dict)


_SITE = ("settings",)  # SiteContext: the settings (its article count only the listings show)

KINDS: dict[str, Kind] = {
    "analysis": Kind(("settings", "article", "registry entries"),
                     "the build cache: one article's mentions, quotes, marked body, search words and export rows"),
    "links": Kind(("settings", "entity ids", "article entities"),
                  "the build cache: which entities appear together, and each article's related articles"),
    "article page": Kind(
        ("settings", "templates", "analysis", "related cards", "neighbour cards"),
        "articles/<slug>/index.html", r"articles/[^/]+/index\.html",
        {"article.html": (ArticleContext, {
            "site": _SITE, "page_title": ("analysis",), "article": ("analysis",), "body": ("analysis",),
            "date_text": ("analysis", "settings"), "date_lang": ("analysis", "settings"),
            "lang": ("analysis", "settings"), "language_name": ("analysis", "settings"), "iso_date": ("analysis",),
            "reading_minutes": ("analysis",),
            "path": ("analysis",), "entity_groups": ("analysis", "settings"), "quote_count": ("analysis",),
            "related": ("related cards", "settings"), "previous": ("neighbour cards", "settings"),
            "next": ("neighbour cards", "settings"), "json_ld": ("analysis", "settings")})}),
    "entity page": Kind(
        ("settings", "templates", "entry", "years", "mention count", "entity articles",
         "companions", "entity quotes"),
        "entities/<id>/index.html", r"entities/[^/]+/index\.html",
        {"entity.html": (EntityContext, {
            "site": _SITE, "page_title": ("entry",), "entity": ("entry",), "type_label": ("entry", "settings"),
            "details": ("entry", "settings"), "wikidata_url": ("entry",), "mentions": ("entity articles", "settings"),
            "mention_count": ("mention count",), "companions": ("companions", "settings"),
            "quotes": ("entity quotes", "settings"), "path": ("entry",), "ego_svg": ("entry", "companions",
                                                                                     "entity articles", "settings"),
            "sparkline_svg": ("years", "entity articles", "settings"), "sparkline_text": ("years", "entity articles"),
            "json_ld": ("entry", "settings"), "feed_url": ("entry", "entity articles", "settings"),
            "periods": ("entry", "entity articles", "settings"), "article_total": ("entity articles",),
            "legend": ("entry", "companions", "settings")})}),
    "entity period": Kind(
        ("settings", "templates", "entry", "period articles"),
        "entities/<id>/<year>/, entities/<id>/<year>/<month>/, entities/<id>/undated/ (and their page/<n>/)",
        r"entities/[^/]+/(\d+/(\d\d/)?|undated/)(page/\d+/)?index\.html",
        {"entity_mentions.html": (EntityMentionsContext, {
            "site": _SITE, "page_title": ("entry", "period articles", "settings"), "entity": ("entry",),
            "period": ("period articles", "settings"), "total": ("period articles",),
            "up_url": ("entry", "settings"), "articles": ("period articles", "settings"),
            "pages": ("period articles", "settings"), "path": ("period articles",)})}),
    "list page": Kind(
        ("settings", "templates", "list articles"),
        "archive/<year>/<month>/, archive/undated/, publishers/<slug>/, languages/<code>/ (in an archive of several "
        "languages), and their page/<n>/",
        r"(archive/(\d+/\d\d|undated)|publishers/[^/]+|languages/[a-z]+)/(page/\d+/)?index\.html",
        {"listing.html": (ListingContext, {"site": _SITE, "page_title": ("list articles", "settings"),
                                           "up_url": ("list articles", "settings"), "up_label": ("list articles",),
                                           "articles": ("list articles", "settings"), "show_dates": ("list articles",),
                                           "pages": ("list articles", "settings"), "path": ("list articles",)})}),
    "listings": Kind(
        ("settings", "templates", "article count", "registry", "listed articles", "about"),
        "index.html, entities/ (and entities/types/<type>/ where a type has many), archive/ (and a page per year), "
        "publishers/, timeline/, connections/, map/, about/, search/index.html, 404.html, and "
        "entities/tips.json (what each entity's tooltip says)",
        r"((entities|timeline|connections|map|about|search|archive|publishers)/)?index\.html|404\.html|"
        r"entities/tips\.json|entities/types/[a-z]+/(page/\d+/)?index\.html|archive/\d+/index\.html",
        {"home.html": (HomeContext, {"site": ("settings", "article count"), "page_title": ("settings",), "dated": ("listed articles",),
                                     "undated": ("listed articles",), "undated_count": ("listed articles",),
                                     "path": ()}),
         "entities.html": (EntitiesContext, {"site": _SITE, "page_title": ("settings",),
                                             "groups": ("registry", "listed articles", "settings"), "path": ()}),
         "entity_type.html": (EntityTypeContext, {"site": _SITE, "page_title": ("registry", "settings"),
                                                  "up_url": ("settings",), "up_label": ("settings",),
                                                  "group": ("registry", "listed articles", "settings"),
                                                  "pages": ("registry", "settings"), "path": ("registry",)}),
         "archive.html": (ArchiveContext, {"site": _SITE, "page_title": ("settings",),
                                           "years": ("listed articles", "settings"),
                                           "undated_count": ("listed articles",), "path": ("listed articles",),
                                           "up_url": ("settings",), "languages": ("listed articles", "settings")}),
         "publishers.html": (PublishersContext, {"site": _SITE, "page_title": ("settings",),
                                                 "publishers": ("listed articles", "settings"), "path": ()}),
         "timeline.html": (TimelineContext, {"site": _SITE, "page_title": ("settings",),
                                             "svg": ("listed articles", "registry", "settings"),
                                             "rows": ("listed articles",), "months": ("listed articles", "settings"),
                                             "events": ("registry", "settings"),
                                             "undated_count": ("listed articles",), "path": ()}),
         "connections.html": (ConnectionsContext, {"site": _SITE, "page_title": ("settings",),
                                                   "svg": ("registry", "listed articles"),
                                                   "nodes": ("registry", "listed articles"),
                                                   "edges": ("registry", "listed articles"), "path": (),
                                                   "legend": ("registry", "listed articles", "settings")}),
         "map.html": (MapContext, {"site": _SITE, "page_title": ("settings",),
                                   "svg": ("registry", "listed articles", "settings"),
                                   "places": ("registry", "listed articles", "settings"), "path": ()}),
         "about.html": (AboutContext, {"site": _SITE, "page_title": ("settings",), "body": ("about", "settings"),
                                       "data_years": ("listed articles",), "path": ()}),
         "search.html": (SearchContext, {"site": _SITE, "page_title": ("settings",), "ui_labels": ("settings",),
                                         "path": ()}),
         "404.html": (NotFoundContext, {"site": _SITE, "page_title": ("settings",), "path": ()})}),
    "publishing": Kind(("settings", "listed articles", "pages"), "feed.xml, sitemap.xml, robots.txt",
                       r"feed\.xml|sitemap\.xml|robots\.txt"),
    "entity feed": Kind(("settings", "entry", "feed articles"), "entities/<id>/feed.xml", r"entities/[^/]+/feed\.xml"),
    "data export": Kind(("settings", "registry", "export rows"),
                        "data/articles-<year>.json, data/mentions-<year>.csv (a key per year: its articles' rows)",
                        r"data/(articles-[^/]+\.json|mentions-[^/]+\.csv)"),
    "search index": Kind(("settings", "registry", "analyses"),
                         "search/data/: manifest, term shards, field lengths, facets",
                         r"search/data/(?!d\d+\.json\.deflate).+"),
    "search result": Kind(("analysis",), "search/data/d<number>.json.deflate", r"search/data/d\d+\.json\.deflate"),
}


# Each kind's inputs as key() takes them: in order, and as a set.
_PART_NAMES = {kind: tuple(name.replace(" ", "_") for name in declared.inputs) for kind, declared in KINDS.items()}
_PART_SETS = {kind: frozenset(names) for kind, names in _PART_NAMES.items()}


def key(kind: str, **parts: str | Iterable[str]) -> str:
    """The key of an output of `kind`, from exactly the inputs KINDS declares
    for it (named with underscores: related_cards=...). A part is one text
    or several. The key hashes the repr of the kind and its parts in order,
    in which no two different sets of parts look the same: one repr and one
    hash, since a build makes tens of thousands of keys."""
    if parts.keys() != _PART_SETS[kind]:
        raise TypeError(f"the key of {kind!r} is made of {', '.join(KINDS[kind].inputs)}; "
                        f"got {', '.join(sorted(parts))}")
    values = [part if isinstance(part, (str, list, tuple)) else list(part)
              for part in (parts[name] for name in _PART_NAMES[kind])]
    return content_hash(repr((kind, values)))


# ------------------------------------------------------------------ this build's inputs

@dataclass(frozen=True)
class BuildKeys:
    """This build's inputs as the parts keys are made of, those that many
    outputs share: the rest each output's writer takes from what it writes."""

    settings: str
    templates: str
    article_count: str
    registry: str
    analysis: dict[str, str]  # slug -> the key of the article's analysis
    cards: dict[str, str]  # slug -> a hash of what its card shows (contexts.card_key)
    order: list[str]  # slugs in search order: the documents' numbers
    seen: RegistrySeen  # the registry as this build saw it, for the next one
    seen_before: RegistrySeen | None  # as the last build saw it

    @property
    def site(self) -> dict[str, str]:
        """The parts every page's key holds."""
        return {"settings": self.settings, "templates": self.templates}


def build_keys(settings: tuple[object, ...], templates: str, archive: Archive, last_seen: RegistrySeen | None,
               order: list[str]) -> BuildKeys:
    """The parts of this build. `settings`: what every analysis and page
    depends on besides the articles and the registry (the builder's digest,
    the abbreviations, site.yaml, the interface text)."""
    settings_part = digest(*map(repr, settings))
    versions, seen = registry_versions(archive.articles, archive.entities, last_seen)
    analysis = {a.slug: key("analysis", settings=settings_part, article=a.source, registry_entries=versions[a.slug])
                for a in archive.articles}
    return BuildKeys(settings_part, templates, str(len(archive.articles)), seen.version, analysis,
                     {a.slug: content_hash(card_key(a)) for a in archive.articles}, order, seen, last_seen)


# ------------------------------------------------------------------ the registry, article by article

class RegistrySeen(NamedTuple):
    """The registry as the last build saw it, for the next to compare with."""

    version: str  # a hash of every entry, in order
    entries: dict[str, tuple[str, tuple[tuple[str, ...], ...]]]  # id -> (the entry as text, matcher.name_words)
    older: dict[str, str]  # Article.source -> the older version its analysis is keyed on (others: `version`)


def registry_versions(articles: tuple[Article, ...], entities: tuple[Entity, ...], seen: RegistrySeen | None
                      ) -> tuple[dict[str, str], RegistrySeen]:
    """For each article (by slug), the version of the registry its analysis
    is keyed on (its "registry entries" input); and what the next build
    compares with.

    Analysis reads the registry only through the entities the matcher finds
    in the article, which it can find by a name only where every word of
    that name is (matcher.name_words), and through the entries of those
    entities. So when entries change, are added or go, an article that
    lacks a word of each of their names, old and new, and does not name one
    in its overrides, would be analysed as before: it keeps the version its
    analysis is keyed on. So adding an alias to "Kementerian Luar Negeri
    Tiongkok" analyses the articles whose body or title holds every word of
    one of its names, not every article saying "Kementerian" or "Menteri
    Luar Negeri" (each name's rarest word is looked for first). The
    others, and all if the entries changed order, take the current one."""
    version = digest(repr(entities))
    if seen is not None and seen.version == version:
        if not seen.older:  # every analysis is keyed on this version
            return dict.fromkeys((a.slug for a in articles), version), seen
        stamps = {a.slug: seen.older.get(a.source, version) for a in articles}
        return stamps, seen._replace(older={a.source: stamps[a.slug] for a in articles if stamps[a.slug] != version})
    entries = {e.id: (e.entry, name_words(e)) for e in entities}
    stamps = {a.slug: version for a in articles}
    if seen is not None and [i for i in entries if i in seen.entries] == [i for i in seen.entries if i in entries]:
        changed = {i for i in entries.keys() | seen.entries.keys() if entries.get(i) != seen.entries.get(i)}
        names = {tuple(name) if isinstance(name, tuple) else (name,)  # a cache of an older builder held strings
                 for i in changed for entry in (entries.get(i), seen.entries.get(i)) if entry for name in entry[1]}
        holding: dict[str, int] = {}  # word -> the articles holding it, counted for the changed names' words only
        for word in {w for name in names for w in name}:
            holding[word] = sum(word in a.body or word in a.title for a in articles)
        rarest_first = [sorted(name, key=lambda w: (holding[w], w)) for name in sorted(names)]
        for article in articles:
            if not changed.intersection(article.include + article.exclude) and not any(
                    all(word in text for word in name) for name in rarest_first for text in (article.body, article.title)):
                stamps[article.slug] = seen.older.get(article.source, seen.version)
    return stamps, RegistrySeen(version, entries, {a.source: stamps[a.slug] for a in articles
                                                   if stamps[a.slug] != version})
