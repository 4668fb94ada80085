"""site/data/: the annotations as JSON and CSV for researchers to reuse.

Offsets are character offsets into the article's Markdown body (the text
after the front matter in content/articles/<slug>.md) or into its title,
as the `field` says. Output is sorted and stable across builds.
"""
from __future__ import annotations

import csv
import io
import json

from .annotate import Annotation
from .link import EntityLinks
from .models import Article

FORMAT_VERSION = 1


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def articles_json(articles: list[Article], annotations: dict[str, Annotation], url) -> str:
    rows = []
    for article in articles:
        annotation = annotations[article.slug]
        rows.append({
            "slug": article.slug,
            "url": url(article),
            "title": article.title,
            "date": article.date.isoformat() if article.date is not None else None,
            "date_source": article.date_source,
            "publisher": article.publisher,
            "dateline": article.dateline,
            "language": article.language,
            "summary": article.summary,
            "seed": article.seed,
            "entities": list(annotation.entities),
            "mentions": [{"entity": m.entity, "field": m.field, "start": m.start, "end": m.end, "text": m.text}
                         for m in annotation.mentions],
            "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end, "cue": q.cue}
                       for q in annotation.quotes],
        })
    return _json({"format": FORMAT_VERSION, "offsets": "characters in the Markdown body or the title (see field)",
                  "articles": rows})


def entities_json(links: dict[str, EntityLinks], url) -> str:
    rows = []
    for entity_id in sorted(links):
        item = links[entity_id]
        entity = item.entity
        rows.append({
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "aliases": list(entity.aliases),
            "short": list(entity.short),
            "description": entity.description,
            "wikidata": entity.wikidata,
            **{key: value for key, value in entity.details},
            "url": url(entity_id),
            "mention_count": item.mention_count,
            "articles": [article.slug for article, _ in item.articles],
            "quotes": [{"article": article.slug, "text": quote.text} for quote, article in item.quotes],
        })
    return _json({"format": FORMAT_VERSION, "entities": rows})


def mentions_csv(articles: list[Article], annotations: dict[str, Annotation]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["article", "entity", "field", "start", "end", "text"])
    for article in articles:
        for m in annotations[article.slug].mentions:
            writer.writerow([article.slug, m.entity, m.field, m.start, m.end, m.text])
    return buffer.getvalue()
