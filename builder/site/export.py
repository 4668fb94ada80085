"""site/data/: the annotations as JSON and CSV for researchers to reuse.

Offsets are character offsets into the article's Markdown body (the text
after the front matter in content/articles/<slug>.md) or into its title,
as the `field` says. Output is sorted and stable across builds.
"""
from __future__ import annotations

import csv
import io
from typing import Iterator

import orjson

from ..annotate.link import EntityLinks
from ..annotate.mentions import Annotation
from ..models import Article

FORMAT_VERSION = 3  # 2: mentions only in the CSV files (they were in both); 3: quotes only in the articles' files


def _json(value: object) -> str:
    """Indented two spaces, keys in the order given. orjson, because json's
    indenting encoder is pure Python: a second per build at 10,000 articles."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def _json_with_rows(head: dict, key: str, rows: Iterator[str]) -> Iterator[str]:
    """`head` indented with its list `key` holding the rows (each made by
    `_row_text`), a row a line; written a row at a time, so 10,000
    articles' annotations are never all in memory as one value."""
    yield _json({**head, key: []})[:-len("[]\n}\n")]
    first = True
    for row in rows:
        yield ("[\n    " if first else ",\n    ") + row
        first = False
    yield "[]\n}\n" if first else "\n  ]\n}\n"


def _row_text(row: dict) -> str:
    """A row on one line: a file reads (and diffs) a record a line, and is a
    third smaller than one indented throughout, where each article id of an
    entity took a line of its own."""
    return orjson.dumps(row).decode("utf-8")


def article_export(article: Article, annotation: Annotation, url: str) -> tuple[str, str]:
    """The article's row of articles.json and its lines of mentions.csv: made
    once, when it is analysed, and kept in the cache with the analysis."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for m in annotation.mentions:
        writer.writerow([article.slug, m.entity, m.field, m.start, m.end, m.text])
    return _row_text(_article_row(article, annotation, url)), buffer.getvalue()


def articles_json(rows: Iterator[str]) -> Iterator[str]:
    """articles.json from the articles' rows (`article_export`), in slug order."""
    return _json_with_rows(
        {"format": FORMAT_VERSION, "offsets": "characters in the Markdown body or the title (see field)"},
        "articles", rows)


def _article_row(article: Article, annotation: Annotation, url: str) -> dict:
    return {
        "slug": article.slug,
        "url": url,
        "title": article.title,
        "date": article.date.isoformat() if article.date is not None else None,
        "date_source": article.date_source,
        "publisher": article.publisher,
        "dateline": article.dateline,
        "language": article.language,
        "summary": article.summary,
        "seed": article.seed,
        "source_url": article.source_url,
        "entities": list(annotation.entities),  # each mention, with its offsets: mentions-<year>.csv
        "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end, "cue": q.cue}
                   for q in annotation.quotes],
    }


def entities_json(links: dict[str, EntityLinks], url) -> Iterator[str]:
    return _json_with_rows({"format": FORMAT_VERSION}, "entities",
                           (_row_text(_entity_row(links[entity_id], url)) for entity_id in sorted(links)))


def _entity_row(item: EntityLinks, url) -> dict:
    entity = item.entity
    return {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "aliases": list(entity.aliases),
            "short": list(entity.short),
            "description": entity.description,
            "wikidata": entity.wikidata,
            **{key: value for key, value in entity.details},
            "url": url(entity.id),
            "mention_count": item.mention_count,
            "articles": [article.slug for article in item.articles],
    }  # its quotes: the articles' quotes whose speaker is its id (they were in both)


def mentions_csv(lines: Iterator[str]) -> Iterator[str]:
    """mentions.csv from the articles' lines (`article_export`), in slug order."""
    yield "article,entity,field,start,end,text\n"
    yield from lines


MENTION_FIELDS = [
    {"name": "article", "type": "string", "description": "the article's slug: its page is articles/<slug>/"},
    {"name": "entity", "type": "string", "description": "the entity's id (entities.json): its page is entities/<id>/"},
    {"name": "field", "type": "string", "constraints": {"enum": ["title", "body"]},
     "description": "where the offsets count: the title, or the Markdown body"},
    {"name": "start", "type": "integer", "description": "first character of the mention (from 0)"},
    {"name": "end", "type": "integer", "description": "the character after the mention"},
    {"name": "text", "type": "string", "description": "the mention as written"},
]


def datapackage(title: str, url: str, years: dict[str, int]) -> str:
    """datapackage.json: every file of data/ with what it holds (the
    Frictionless Data Package that data tools read); `years`: each year's
    (or 'undated') number of articles."""
    resources = []
    for year, count in years.items():
        when = f"published in {year}" if year != "undated" else "without a publication date"
        resources.append({"name": f"articles-{year}", "path": f"articles-{year}.json", "format": "json",
                          "mediatype": "application/json", "encoding": "utf-8",
                          "description": f"The {count} article{'s' if count != 1 else ''} {when}: metadata, "
                                         "the entities each names, quotes"})
        resources.append({"name": f"mentions-{year}", "path": f"mentions-{year}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "description": f"Every entity mention in the articles {when}",
                          "schema": {"fields": MENTION_FIELDS}})
    resources.append({"name": "entities", "path": "entities.json", "format": "json", "mediatype": "application/json",
                      "encoding": "utf-8", "description": "The entity registry with each entity's articles "
                                                          "(its quotes: the articles' quotes whose speaker is its id)"})
    package = {"profile": "data-package", "name": "news-archive", "title": title}
    if url.startswith(("http://", "https://")):
        package["homepage"] = url
    return _json({**package, "format_version": FORMAT_VERSION, "resources": resources})
