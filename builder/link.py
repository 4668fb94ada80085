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
    companions: tuple[tuple[str, int], ...]  # (entity id, number of shared articles), the most shared first
    quotes: tuple[tuple[Quote, Article], ...]
    companions_all: tuple[tuple[str, int], ...] = ()  # every co-occurring entity, for the graph


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
            companions_all=tuple(sorted(together[entity.id].items())),
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


# ------------------------------------------------------------ related articles

@dataclass(frozen=True)
class Related:
    article: Article
    score: float
    shared: tuple[str, ...]  # entity ids, rarest first


# An entity in more articles than this is too common to relate articles by:
# skipping its postings keeps related-article cost linear in the archive.
MAX_POSTINGS = 1000


def related_articles(articles: tuple[Article, ...], annotations: dict[str, Annotation],
                     limit: int = 5) -> dict[str, tuple[Related, ...]]:
    """Up to `limit` related articles for each article, through the inverted
    index entity -> articles (never all pairs). Score: the sum over shared
    entities of log((N + 1) / df), so rare shared entities count most; ties go
    to the article closest in time, then to the slug."""
    import math

    by_slug = {a.slug: a for a in articles}
    postings: dict[str, list[str]] = {}
    for slug in sorted(annotations):
        for entity_id in annotations[slug].entities:
            postings.setdefault(entity_id, []).append(slug)
    total = len(articles)
    weight = {e: math.log((total + 1) / len(slugs)) for e, slugs in postings.items()}
    result: dict[str, tuple[Related, ...]] = {}
    for slug in sorted(annotations):
        scores: dict[str, float] = {}
        shared: dict[str, list[str]] = {}
        for entity_id in annotations[slug].entities:
            slugs = postings[entity_id]
            if len(slugs) > MAX_POSTINGS:
                continue
            for other in slugs:
                if other != slug:
                    scores[other] = scores.get(other, 0.0) + weight[entity_id]
                    shared.setdefault(other, []).append(entity_id)
        here = by_slug[slug]
        ranked = sorted(scores, key=lambda o: (-round(scores[o], 9), _distance(here, by_slug[o]), o))[:limit]
        result[slug] = tuple(
            Related(by_slug[o], scores[o], tuple(sorted(shared[o], key=lambda e: (-weight[e], e))))
            for o in ranked)
    return result


def _distance(a: Article, b: Article) -> float:
    """Days between two articles; undated ones are as far as can be."""
    if a.day is None or b.day is None:
        return float("inf")
    return abs((a.day - b.day).days)


def neighbours_in_time(articles: tuple[Article, ...]) -> dict[str, tuple[Article | None, Article | None]]:
    """(previous, next) dated article for each dated article; undated have none."""
    dated = [a for a in oldest_first(list(articles)) if a.date is not None]
    result: dict[str, tuple[Article | None, Article | None]] = {a.slug: (None, None) for a in articles}
    for index, article in enumerate(dated):
        result[article.slug] = (dated[index - 1] if index else None,
                                dated[index + 1] if index + 1 < len(dated) else None)
    return result


# ------------------------------------------------------------------ graph

@dataclass(frozen=True)
class Graph:
    nodes: tuple[tuple[str, int], ...]  # (entity id, number of articles), most first
    edges: tuple[tuple[str, str, int], ...]  # (a, b, shared articles), a < b


def cooccurrence_graph(links: dict[str, EntityLinks], top: int = 30, edges_per_node: int = 3) -> Graph:
    """The `top` entities by number of articles, each with its strongest
    `edges_per_node` edges (ties go to the better-known neighbour). Keeping
    only these keeps the picture readable however large the archive grows,
    and every node stays connected."""
    ranked = sorted((e for e in links.values() if e.articles), key=lambda e: (-len(e.articles), e.entity.id))[:top]
    size = {e.entity.id: len(e.articles) for e in ranked}
    edges = set()
    for item in ranked:
        strongest = sorted(((other, shared) for other, shared in item.companions_all if other in size),
                           key=lambda kv: (-kv[1], -size[kv[0]], kv[0]))[:edges_per_node]
        for other, shared in strongest:
            a, b = sorted((item.entity.id, other))
            edges.add((a, b, shared))
    return Graph(tuple((e.entity.id, len(e.articles)) for e in ranked), tuple(sorted(edges)))
