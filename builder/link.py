"""Cross-links derived from the annotations: which articles name each entity,
which entities appear together, who said what. Built once per build from
the per-article annotations (an inverted index), never by rescanning text."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .annotate import Annotation
from .models import Article, Entity, Quote


@dataclass(frozen=True)
class EntityLinks:
    """Everything the entity page and the entities index need about one entity."""

    entity: Entity
    articles: tuple[tuple[Article, str], ...]  # (article, sentence around its first mention), oldest first
    mention_count: int
    companions: tuple[tuple[str, int], ...]  # (entity id, number of shared articles), most first
    quotes: tuple[tuple[Quote, Article], ...]


def oldest_first(articles: list[Article]) -> list[Article]:
    """Chronological; undated after dated; slug breaks ties."""
    return sorted(articles, key=lambda a: (a.date is None, a.timestamp, a.slug))


def entity_links(entities: tuple[Entity, ...], articles: tuple[Article, ...],
                 annotations: dict[str, Annotation], max_companions: int = 12) -> dict[str, EntityLinks]:
    by_slug = {a.slug: a for a in articles}
    articles_of: dict[str, list[Article]] = {e.id: [] for e in entities}
    mentions: Counter[str] = Counter()
    first_mention: dict[tuple[str, str], int] = {}
    quotes_of: dict[str, list[tuple[Quote, Article]]] = {e.id: [] for e in entities}
    together: dict[str, Counter[str]] = {e.id: Counter() for e in entities}
    for slug, annotation in sorted(annotations.items()):
        article = by_slug[slug]
        for entity_id in annotation.entities:
            articles_of[entity_id].append(article)
            together[entity_id].update(other for other in annotation.entities if other != entity_id)
        for mention in annotation.mentions:
            mentions[mention.entity] += 1
            if mention.field == "body":
                first_mention.setdefault((mention.entity, slug), mention.start)
        for quote in annotation.quotes:
            if quote.speaker:
                quotes_of[quote.speaker].append((quote, article))
    result = {}
    for entity in entities:
        ordered = oldest_first(articles_of[entity.id])
        result[entity.id] = EntityLinks(
            entity=entity,
            articles=tuple((a, sentence_at(a.body, first_mention.get((entity.id, a.slug)))) for a in ordered),
            mention_count=mentions[entity.id],
            companions=tuple(sorted(together[entity.id].items(), key=lambda kv: (-kv[1], kv[0]))[:max_companions]),
            quotes=tuple(sorted(quotes_of[entity.id], key=lambda qa: (qa[1].date is None, qa[1].timestamp,
                                                                       qa[1].slug, qa[0].start))),
        )
    return result


_MARKUP = re.compile(r"\[\^[^\]]+\]:?|\\(?=[\\`*_\[\]<>#+.!-])|^#+\s*|^\s*(\d+\.|[-*])\s+")


def sentence_at(body: str, offset: int | None) -> str:
    """The sentence of the body that contains offset, as plain text."""
    if offset is None:
        return ""
    start = max(body.rfind("\n", 0, offset) + 1, 0)
    end = body.find("\n", offset)
    end = len(body) if end < 0 else end
    line = body[start:end]
    position = offset - start
    sentence_start = 0
    for match in re.finditer(r"[.!?][\"')]*\s+(?=[\"'(]?[A-Z0-9])", line):
        if match.end() <= position:
            sentence_start = match.end()
        else:
            return _plain(line[sentence_start: match.end()])
    return _plain(line[sentence_start:])


def _plain(text: str) -> str:
    return _MARKUP.sub("", text).strip()
