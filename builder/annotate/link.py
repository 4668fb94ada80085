"""Cross-links derived from the annotations: which articles name each entity,
which entities appear together, who said what. Built once per build from
the articles' outlines (an inverted index), never by rescanning text."""
from __future__ import annotations

import bisect
import heapq
import math
import operator
from dataclasses import dataclass
from typing import NamedTuple

from ..models import Article, Entity, Outline


@dataclass(frozen=True)
class EntityLinks:
    """Everything the entity page and the entities index need about one entity."""

    entity: Entity
    articles: tuple[Article, ...]  # oldest first
    shown: tuple[str, ...]  # for each of articles: hash of what the page shows of it (Outline.on_entity_pages)
    mention_count: int
    companions: tuple[tuple[str, int], ...]  # (entity id, number of shared articles), the most shared first
    quotes: tuple[tuple[str, Article], ...]  # (quote text, article), in the order the articles say them
    companions_all: tuple[tuple[str, int], ...] = ()  # every co-occurring entity, for the graph


def oldest_first(articles: list[Article]) -> list[Article]:
    """Chronological; undated after dated; slug breaks ties."""
    return sorted(articles, key=_time_key)


def entity_links(entities: tuple[Entity, ...], articles: tuple[Article, ...], outlines: dict[str, Outline],
                 together: dict[str, list[tuple[str, int]]], max_companions: int = 12) -> dict[str, EntityLinks]:
    """One pass over the outlines, in date order, so each entity's
    articles come out in the order its page lists them. `together` is
    co_occurrences of the outlines' entities."""
    by_slug = {a.slug: a for a in articles}
    articles_of: dict[str, list[Article]] = {e.id: [] for e in entities}
    shown_of: dict[str, list[str]] = {e.id: [] for e in entities}
    mentions = dict.fromkeys(articles_of, 0)
    quotes_of: dict[str, list[tuple[int, int, str, Article]]] = {e.id: [] for e in entities}
    for position, article in enumerate(oldest_first([by_slug[slug] for slug in outlines])):
        outline = outlines[article.slug]
        for entity_id, count, shown in zip(outline.entities, outline.mention_counts, outline.on_entity_pages):
            articles_of[entity_id].append(article)
            shown_of[entity_id].append(shown)
            mentions[entity_id] += count
        for text, speaker, start in outline.quotes:
            quotes_of[speaker].append((position, start, text, article))
    result = {}
    for entity in entities:
        companions_all = together.get(entity.id, [])
        result[entity.id] = EntityLinks(
            entity=entity,
            articles=tuple(articles_of[entity.id]),
            shown=tuple(shown_of[entity.id]),
            mention_count=mentions[entity.id],
            # The most shared first; ties in id order, as companions_all is (a stable sort).
            companions=tuple(sorted(companions_all, key=operator.itemgetter(1), reverse=True)[:max_companions]),
            companions_all=tuple(companions_all),
            quotes=tuple((text, article) for *_, text, article in sorted(quotes_of[entity.id], key=lambda q: q[:2])),
        )
    return result


def co_occurrences(ids: list[str], groups: list[tuple[str, ...]]) -> dict[str, list[tuple[str, int]]]:
    """For each id, every other id found in a group with it and in how many
    groups, in id order. Counted with numpy: 10,000 articles naming 7 or 8
    entities each make half a million pairs. (Imported here: a build whose
    articles name the same entities as the last one reads the counts from
    its cache, and need not load numpy.)"""
    import numpy as np

    ids = sorted(ids)
    number = {entity_id: n for n, entity_id in enumerate(ids)}  # so number order is id order
    members = np.fromiter((number[e] for group in groups for e in group), dtype=np.int64)
    sizes = np.fromiter((len(group) for group in groups), dtype=np.int64, count=len(groups))
    size_of_member = np.repeat(sizes, sizes)  # the size of each member's group
    start_of_member = np.repeat(np.cumsum(sizes) - sizes, sizes)  # where each member's group starts
    # Each member paired with every member of its group (itself too, dropped below):
    # left repeats it size times; right walks its group with offsets 0 .. size-1.
    left = np.repeat(members, size_of_member)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(size_of_member) - size_of_member, size_of_member)
    right = members[np.repeat(start_of_member, size_of_member) + offset]
    codes, counts = np.unique((left * len(ids) + right)[left != right], return_counts=True)
    lefts, rights = np.divmod(codes, len(ids))
    cuts = np.flatnonzero(np.diff(lefts)) + 1
    result = {}
    for start, end in zip([0, *cuts.tolist()], [*cuts.tolist(), len(codes)]):
        if end > start:
            others = [ids[n] for n in rights[start:end].tolist()]
            result[ids[lefts[start]]] = list(zip(others, counts[start:end].tolist()))
    return result


# ------------------------------------------------------------ related articles

class Related(NamedTuple):
    article: Article
    score: float
    shared: tuple[str, ...]  # entity ids, rarest first


RelatedRef = tuple[str, float, tuple[str, ...]]  # Related with the article's slug: how the cache keeps it


# For an entity in more articles than this, only that many of its articles,
# the nearest in time, become candidates; this bounds the work per article,
# so related articles cost the same per article at any archive size.
WINDOW = 32


def related_articles(articles: tuple[Article, ...], entities_of: dict[str, tuple[str, ...]],
                     limit: int = 5) -> dict[str, tuple[Related, ...]]:
    """Up to `limit` related articles for each article, through the inverted
    index entity -> articles (never all pairs). Score: the sum over shared
    entities of log((N + 1) / df), so rare shared entities count most; ties go
    to the article closest in time, then to the slug.

    Candidates come from each shared entity's postings; an entity in more than
    WINDOW articles contributes only the WINDOW nearest in time. Every
    candidate is then scored exactly against all shared entities, so the
    ranking is exact whenever no entity is in more than WINDOW articles.
    """
    by_slug = {a.slug: a for a in articles}
    postings: dict[str, list[str]] = {}
    for slug in sorted(entities_of):
        for entity_id in entities_of[slug]:
            postings.setdefault(entity_id, []).append(slug)
    time_keys = {a.slug: _time_key(a) for a in articles}
    days = {a.slug: a.day.toordinal() if a.day is not None else None for a in articles}
    # Each entity's articles in time order (undated last), for windows by date.
    in_time: dict[str, tuple[list[tuple], list[str]]] = {}
    for entity_id, slugs in postings.items():
        keyed = sorted((time_keys[s], s) for s in slugs)
        in_time[entity_id] = ([k for k, _ in keyed], [s for _, s in keyed])
    members = {e: frozenset(slugs) for e, slugs in postings.items()}
    total = len(articles)
    weight = {e: math.log((total + 1) / len(slugs)) for e, slugs in postings.items()}
    result: dict[str, tuple[Related, ...]] = {}
    for slug in sorted(entities_of):
        entities = entities_of[slug]
        candidates: set[str] = set()
        for entity_id in entities:
            keys, slugs = in_time[entity_id]
            if len(slugs) <= WINDOW:
                candidates.update(slugs)
            else:
                middle = bisect.bisect_left(keys, time_keys[slug])
                start = min(max(middle - WINDOW // 2, 0), len(slugs) - WINDOW)
                candidates.update(slugs[start: start + WINDOW])
        candidates.discard(slug)
        # Each candidate's score: its shared entities' weights, added in the
        # article's entity order (the same float whatever the set order).
        scores: dict[str, float] = {}
        for entity_id in entities:
            w = weight[entity_id]
            for other in candidates & members[entity_id]:
                scores[other] = scores.get(other, 0) + w
        # Only candidates within rounding of the limit-th best score can be
        # ranked; the full sort key is computed for those alone.
        floor = heapq.nlargest(limit, scores.values())[-1] - 1e-8 if scores else 0.0
        day = days[slug]
        ranked = heapq.nsmallest(limit, ((-round(score, 9), _days_apart(day, days[other]), other)
                                         for other, score in scores.items() if score >= floor))
        result[slug] = tuple(
            Related(by_slug[o], scores[o], tuple(sorted((e for e in entities if o in members[e]),
                                                        key=lambda e: (-weight[e], e))))
            for _, _, o in ranked)
    return result


def _time_key(article: Article) -> tuple:
    return (article.date is None, article.timestamp, article.slug)


def _days_apart(a: int | None, b: int | None) -> float:
    """Days between two articles' days (ordinals); undated ones are as far as can be."""
    if a is None or b is None:
        return float("inf")
    return abs(a - b)


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
