"""What each template receives: one context type per template, so what a
template can use is written down here, and the values every page knows
(SiteContext: the site, its labels, how to make URLs)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import NamedTuple

import jinja2

from .. import dates
from ..config import SiteConfig
from ..models import ENTITY_TYPES, Article, Entity, Page

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class SiteContext:
    """What every page knows: the site, its labels and how to make URLs."""

    config: SiteConfig
    labels: dict[str, str | dict[str, str]]  # a text, or {one, other} forms of a text with a count
    article_count: int

    @property
    def feeds(self) -> bool:
        """Feeds need absolute URLs: only with a full base_url."""
        return bool(self.config.origin)

    @property
    def lang(self) -> str:
        return self.config.language

    @property
    def extra(self) -> dict:
        """site.yaml's `extra:` mapping, for a theme's own values."""
        return self.config.extra

    def url(self, path: str = "") -> str:
        """Site-relative path -> URL under the base path ('/repo/articles/x/')."""
        return self.config.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        return self.config.origin + self.url(path)

    def label(self, key: str, **values: object) -> str:
        try:
            text = self.labels[key]
            if isinstance(text, dict):  # {one, other}: the form for this count
                text = text["one"] if values.get("count") == 1 and "one" in text else text["other"]
            return text.format(**values)
        except KeyError:
            raise jinja2.UndefinedError(f"no interface text '{key}' in i18n/{self.lang}.yaml") from None

    def date(self, value: dt.date | dt.datetime | None) -> str:
        return dates.format_date(value, self.lang) if value is not None else self.labels["no_date"]

    def other_language(self, language: str) -> str:
        """The code for a lang attribute on text in `language`: '' when it is
        the interface's own (the page's lang says it already)."""
        return "" if language == self.lang else language

    def language_name(self, code: str) -> str:
        """A language's name in the interface's language, or its code."""
        name = self.labels.get(f"language_{code}")
        return name if isinstance(name, str) else code


@dataclass(frozen=True)
class ArticleCard:
    """An article as listed on index pages."""

    url: str
    title: str
    date_text: str
    iso_date: str
    publisher: str | None
    summary: str
    lang: str = ""  # the article's language, when not the interface's: its title and summary are in it


@dataclass(frozen=True)
class HomeContext:
    """The newest articles; the rest are a click away in the archive."""

    site: SiteContext
    page_title: str
    dated: tuple[ArticleCard, ...]  # the newest HOME_LATEST
    undated: tuple[ArticleCard, ...]  # the first HOME_LATEST of those without a date
    undated_count: int
    path: str = ""


@dataclass(frozen=True)
class EntityRef:
    """A link to an entity page, with a count (mentions or shared articles)."""

    id: str
    name: str
    type: str
    url: str
    count: int = 0


@dataclass(frozen=True)
class EntityGroup:
    """Entities of one type, under the type's label."""

    type: str
    label: str
    entities: tuple[EntityRef, ...]
    total: int = 0  # of the type, where `entities` shows only some
    all_url: str = ""  # the pages listing all of them, where `entities` shows only some


@dataclass(frozen=True)
class RelatedItem:
    """A related article and why: the rarest entities the two share."""

    article: ArticleCard
    why: str


@dataclass(frozen=True)
class ArticleContext:
    site: SiteContext
    page_title: str
    article: Article
    body: Page
    date_text: str  # in the article's language, as a byline is (the interface's when it has no month names)
    date_lang: str  # the language of date_text when not the interface's, for its lang attribute
    lang: str  # the article's language when not the interface's, for the lang attribute of its text
    language_name: str  # the article's language, named in the interface's
    iso_date: str
    reading_minutes: int
    path: str
    entity_groups: tuple[EntityGroup, ...]
    quote_count: int
    related: tuple[RelatedItem, ...]
    previous: ArticleCard | None
    next: ArticleCard | None
    json_ld: str  # Markup: schema.org NewsArticle, escaped for <script>


@dataclass(frozen=True)
class QuoteItem:
    text: str
    article: ArticleCard


@dataclass(frozen=True)
class MentionItem:
    article: ArticleCard
    sentence: str


@dataclass(frozen=True)
class EntityContext:
    site: SiteContext
    page_title: str
    entity: Entity
    type_label: str
    details: tuple[tuple[str, str], ...]  # (label, value) in display order
    wikidata_url: str
    mentions: tuple[MentionItem, ...]
    mention_count: int
    companions: tuple[EntityRef, ...]
    quotes: tuple[QuoteItem, ...]
    path: str
    ego_svg: str  # Markup: the entity and its companions
    sparkline_svg: str  # Markup: mentions per year
    sparkline_text: str  # the same facts in words
    json_ld: str  # Markup: schema.org Person/Place/Organization/Event
    feed_url: str  # '' when there is no feed
    periods: tuple["PeriodLink", ...] = ()  # where the articles past `mentions` are, newest year first
    legend: tuple[tuple[str, str], ...] = ()  # (type, its label) of the types its picture shows
    article_total: int = 0  # articles naming it, on all its pages


@dataclass(frozen=True)
class PeriodLink:
    """A year of an entity's articles, with a link to its page, or with a
    link per month when the year has too many for one page; or the undated."""

    label: str
    count: int
    url: str  # '' when the months carry the links
    months: tuple["MonthLink", ...] = ()


@dataclass(frozen=True)
class EntityMentionsContext:
    """An entity's articles of one year, one month or the undated, newest first."""

    site: SiteContext
    page_title: str
    entity: Entity
    period: str  # "2024", "Juni 2024", "Artikel tanpa tanggal"
    total: int  # the period's articles, on all its numbered pages
    up_url: str
    articles: tuple[ArticleCard, ...]
    pages: tuple["PageLink", ...]
    path: str


@dataclass(frozen=True)
class EntitiesContext:
    site: SiteContext
    page_title: str
    groups: tuple[EntityGroup, ...]
    path: str = "entities/"


@dataclass(frozen=True)
class EntityTypeContext:
    """One page of all the entities of a type, by name."""

    site: SiteContext
    page_title: str
    up_url: str
    up_label: str
    group: EntityGroup  # this page's entities
    pages: tuple["PageLink", ...]  # empty when one page holds them all
    path: str


@dataclass(frozen=True)
class MonthLink:
    label: str
    url: str
    count: int


@dataclass(frozen=True)
class YearGroup:
    year: int
    count: int
    months: tuple[MonthLink, ...]
    url: str = ""  # the year's own page (archive/<year>/)


@dataclass(frozen=True)
class ArchiveContext:
    """Browse by year and month: a link and a count for each month, whose
    own page lists its articles (an archive of any size stays one page).
    The same for one year at archive/<year>/, with a link up to the whole."""

    site: SiteContext
    page_title: str
    years: tuple[YearGroup, ...]
    undated_count: int
    path: str = "archive/"
    up_url: str = ""  # on a year's page: the archive
    languages: tuple["ListLink", ...] = ()  # a list per language, when the archive has several


@dataclass(frozen=True)
class ListLink:
    """A list of articles that share something (a publisher, a language): its name, page and size."""

    name: str
    url: str
    count: int


@dataclass(frozen=True)
class PublishersContext:
    site: SiteContext
    page_title: str
    publishers: tuple[ListLink, ...]
    path: str = "publishers/"


@dataclass(frozen=True)
class PageLink:
    number: int  # 0: a gap between the numbers shown
    url: str
    current: bool


@dataclass(frozen=True)
class ListingContext:
    """One page of a list of articles: a month, a publisher's, the undated
    ones. Long lists go on over numbered pages, each linked from every page."""

    site: SiteContext
    page_title: str
    up_url: str  # the index this list belongs to
    up_label: str
    articles: tuple[ArticleCard, ...]
    show_dates: bool
    pages: tuple[PageLink, ...]  # empty when one page holds the list
    path: str


@dataclass(frozen=True)
class TimelineRow:
    number: int
    article: ArticleCard


@dataclass(frozen=True)
class EventRow:
    name: str
    url: str
    when: str


@dataclass(frozen=True)
class TimelineContext:
    """Each article on the time axis and in a table, or, past
    TIMELINE_POINTS articles, each month: its bar, and a row with its count
    linking to the month's page."""

    site: SiteContext
    page_title: str
    svg: str  # Markup
    rows: tuple[TimelineRow, ...]  # empty when months are shown
    months: tuple[MonthLink, ...]  # empty when each article is shown
    events: tuple[EventRow, ...]
    undated_count: int
    path: str = "timeline/"


@dataclass(frozen=True)
class EdgeRow:
    a: EntityRef
    b: EntityRef
    shared: int


@dataclass(frozen=True)
class ConnectionsContext:
    site: SiteContext
    page_title: str
    svg: str  # Markup
    nodes: tuple[EntityRef, ...]
    edges: tuple[EdgeRow, ...]
    path: str = "connections/"
    legend: tuple[tuple[str, str], ...] = ()  # (type, its label) of the types the picture shows


@dataclass(frozen=True)
class MapContext:
    """The places with coordinates on a map, and the same in a table."""

    site: SiteContext
    page_title: str
    svg: str  # Markup; '' when no place has coordinates and articles
    places: tuple[EntityRef, ...]  # by number of articles
    path: str = "map/"


@dataclass(frozen=True)
class SearchContext:
    """The search page; the script reads its interface text from `ui_labels`."""

    site: SiteContext
    page_title: str
    ui_labels: str  # JSON, put in a data attribute (escaped by autoescape)
    path: str = "search/"


@dataclass(frozen=True)
class NotFoundContext:
    site: SiteContext
    page_title: str
    path: str = "404.html"


@dataclass(frozen=True)
class AboutContext:
    site: SiteContext
    page_title: str
    body: Page
    data_years: tuple[str, ...]  # the years (and 'undated') the data export has a file for
    path: str = "about/"


def entity_url(entity_id: str) -> str:
    return f"entities/{entity_id}/"


def group_by_type(site: SiteContext, refs: list[EntityRef]) -> tuple[EntityGroup, ...]:
    """Groups in the registry's type order; within a group, most counted first."""
    groups = []
    for kind in ENTITY_TYPES:
        members = sorted((r for r in refs if r.type == kind), key=lambda r: (-r.count, r.name.lower()))
        if members:
            groups.append(EntityGroup(kind, site.label(f"type_{kind}"), tuple(members)))
    return tuple(groups)


def article_url(article: Article) -> str:
    return f"articles/{article.slug}/"  # as `card` makes it


def iso_date(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


class CardSource(NamedTuple):
    """Everything a card reads of an article, and all it may read: `card`
    is made from this alone, and `card_key` hashes it, so a field added here
    is shown and keyed at once. (The site's settings, which key every page,
    come from the SiteContext.)"""

    slug: str
    title: str
    date: dt.date | dt.datetime | None
    publisher: str | None
    summary: str
    language: str


def card_source(article: Article) -> CardSource:
    return CardSource(*(getattr(article, name) for name in CardSource._fields))


def card(site: SiteContext, article: Article) -> ArticleCard:
    source = card_source(article)
    return ArticleCard(
        url=site.url(f"articles/{source.slug}/"),
        title=source.title,
        date_text=site.date(source.date),
        iso_date=iso_date(source.date),
        publisher=source.publisher,
        summary=source.summary,
        lang=site.other_language(source.language),
    )


def card_key(article: Article) -> str:
    """What `card` shows of an article, as text: a page listing the article
    changes only when this does."""
    return repr(tuple(card_source(article)))


def reading_minutes(page: Page) -> int:
    return max(1, math.ceil(page.word_count / WORDS_PER_MINUTE))
