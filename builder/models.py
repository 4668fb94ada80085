"""The archive's data, as frozen dataclasses and named tuples: no I/O, no
templates.

Stages pass these between each other; nothing mutates them, which is what
makes the stages safe to cache and to run in a process pool later.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

# How an article's date came to be, as recorded in front matter.
DATE_SOURCES = ("stated", "inferred", "editor")
# How its title came to be.
TITLE_SOURCES = ("headline", "provisional", "editor")


@dataclass(frozen=True)
class ArticleDraft:
    """What ingest read out of one raw seed, before a person reviewed it."""

    title: str
    title_source: str
    date: dt.date | dt.datetime | None
    date_source: str | None
    publisher: str | None
    dateline: str | None
    language: str
    summary: str
    body: str  # Markdown
    seed: str  # the seed's file name
    seed_sha256: str
    review: tuple[str, ...] = ()  # what a person must check, in words
    removed: tuple[str, ...] = ()  # boilerplate taken out, "line N: text"
    warnings: tuple[str, ...] = ()  # said to the user at import time
    source_url: str | None = None  # the page's own address (a saved page or a web archive's record)
    record: str | None = None  # the WARC-Record-ID a draft came from, in a web archive seed


@dataclass(frozen=True)
class Article:
    """One curated article, as read from content/articles/<slug>.md."""

    slug: str
    title: str
    date: dt.date | dt.datetime | None
    date_source: str | None
    publisher: str | None
    dateline: str | None
    language: str
    summary: str
    body: str  # Markdown, as the editor left it
    src_path: str  # relative to the content folder, '/'-separated
    title_source: str = "headline"
    seed: str | None = None
    seed_sha256: str | None = None
    source_url: str | None = None  # the original's address (http or https), linked from the article page
    review: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    include: tuple[str, ...] = ()  # entity ids the editor adds (entities: include)
    exclude: tuple[str, ...] = ()  # entity ids the editor removes (entities: exclude)
    overrides_line: int = 0  # line of `entities:` in the front matter, for messages
    slug_line: int = 0  # line of `slug:`, for messages (0: the slug is the file's name)
    extra: dict = field(default_factory=dict)  # front-matter keys the builder does not know, for templates
    source: str = ""  # hash of the file's path and bytes, which decide all of the above: the article's cache key

    @property
    def day(self) -> dt.date | None:
        """The calendar day, whether the source gave a time or not."""
        if isinstance(self.date, dt.datetime):
            return self.date.date()
        return self.date

    @cached_property  # a build sorts the archive by it several times
    def timestamp(self) -> str:
        """ISO text that sorts chronologically; '' when undated."""
        if self.date is None:
            return ""
        if isinstance(self.date, dt.datetime):
            return self.date.replace(tzinfo=None).isoformat()
        return self.date.isoformat() + "T00:00:00"


@dataclass(frozen=True)
class Page:
    """An HTML page rendered from Markdown: the body and its outline."""

    html: str
    toc_html: str = ""
    headings: tuple[str, ...] = ()
    word_count: int = 0


@dataclass(frozen=True)
class Archive:
    """Everything the build read from content/: articles and editable pages."""

    articles: tuple[Article, ...]
    entities: tuple["Entity", ...] = ()
    about_markdown: str = ""
    abbreviations: dict[str, str] = field(default_factory=dict)


ENTITY_TYPES = ("person", "place", "organisation", "event", "concept")


@dataclass(frozen=True)
class Entity:
    """One curated entity from content/entities.yaml."""

    id: str
    name: str
    type: str  # one of ENTITY_TYPES
    aliases: tuple[str, ...]
    short: tuple[str, ...]  # names that mean this entity only after a full mention ("Xi")
    description: str
    wikidata: str | None = None
    details: tuple[tuple[str, str], ...] = ()  # type-specific: role, coordinates, founded, date...
    line: int = 0  # where it is defined, for messages

    @property
    def all_names(self) -> tuple[str, ...]:
        """Name and aliases (not the short forms), without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))

    def detail(self, key: str) -> str | None:
        return dict(self.details).get(key)

    @property
    def entry(self) -> str:
        """The entry as text, for keys and comparisons: all of it but the
        line, which only messages use (an alias added as a new line moves
        every later entry down)."""
        return repr(replace(self, line=0))


class Mention(NamedTuple):
    """Where an entity is named: in the title or the body (offsets into the
    article's Markdown body as stored in content/), and the exact text. A
    named tuple, as Quote: every build reads tens of thousands of them back
    from the cache, and tuples unpickle in half the time of dataclasses."""

    entity: str
    field: str  # "title" | "body"
    start: int
    end: int
    text: str


class Quote(NamedTuple):
    """A direct quotation and who said it (None: the text does not say)."""

    text: str
    speaker: str | None  # entity id
    start: int  # offsets into the body, quotation marks excluded
    end: int
    cue: str  # the words that attribute it, e.g. "kata Xi"


class Outline(NamedTuple):
    """What the whole-archive stages read of one analysed article: links,
    related articles, the keys of the pages that list it or show its parts.
    Every build reads every article's outline back from the cache, so its
    parts are plain tuples and strings, which unpickle in a fraction of the
    time of named tuples; what pages and exports show is hashed here, once."""

    entities: tuple[str, ...]  # as Annotation.entities
    mention_counts: tuple[int, ...]  # for each of entities: how often the title and body name it
    on_entity_pages: tuple[str, ...]  # for each of entities: hash of what its page shows of the article (its card
    # and the sentence of its first mention; the sentences themselves stay in the cache until a page shows them)
    quotes: tuple[tuple[str, str, int], ...]  # (text, speaker id, start) of each quote whose speaker is known
    listing: str  # hash of what the archive's lists, pictures and feeds read of the article
    export: str  # hash of its row of articles.json and its lines of mentions.csv
