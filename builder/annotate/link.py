"""Cross-links derived from the annotations: which articles name each entity,
which entities appear together, who said what. Built once per build from
the articles' outlines (an inverted index), never by rescanning text."""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from functools import cache
from itertools import chain, islice
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
    return sorted(articles, key=time_key)


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


COUNTED_DIRECTLY = 4096  # up to this many entities, co_occurrences counts into an array of every pair (64 MB)
GROUPS_AT_ONCE = 1000  # groups paired at a time: 10,000 articles naming 25 entities make 6 million pairs


def co_occurrences(ids: list[str], groups: list[tuple[str, ...]]) -> dict[str, list[tuple[str, int]]]:
    """For each id, every other id found in a group with it and in how many
    groups, in id order. Counted with numpy, GROUPS_AT_ONCE groups at a time
    (all at once, the pairs of a dense archive took 260 MB and made the link
    stage the build's peak of memory). (Imported here: a build whose
    articles name the same entities as the last one reads the counts from
    its cache, and need not load numpy.)"""
    import numpy as np

    ids = sorted(ids)
    number = {entity_id: n for n, entity_id in enumerate(ids)}  # so number order is id order
    width = len(ids)
    counted = np.zeros(width * width, dtype=np.int32) if width <= COUNTED_DIRECTLY else None
    found = []
    for start in range(0, len(groups), GROUPS_AT_ONCE):
        part = np.unique(_pair_codes(groups[start:start + GROUPS_AT_ONCE], number, width), return_counts=True)
        if counted is not None:
            counted[part[0]] += part[1].astype(np.int32)  # each code once in a part
        else:
            found.append(part)
    if counted is not None:  # a count per possible pair: no sort of all the parts' pairs
        codes = np.flatnonzero(counted)
        counts = counted[codes]
    else:
        every = np.concatenate([part_codes for part_codes, _ in found] or [np.zeros(0, dtype=np.int64)])
        order = np.argsort(every, kind="stable")
        codes, firsts = np.unique(every[order], return_index=True)
        counts = np.add.reduceat(np.concatenate([n for _, n in found])[order], firsts) if len(codes) else codes
    lefts, rights = np.divmod(codes, len(ids))
    cuts = np.flatnonzero(np.diff(lefts)) + 1
    result = {}
    for start, end in zip([0, *cuts.tolist()], [*cuts.tolist(), len(codes)]):
        if end > start:
            others = [ids[n] for n in rights[start:end].tolist()]
            result[ids[lefts[start]]] = list(zip(others, counts[start:end].tolist()))
    return result


def co_occurrences_updated(last: dict[str, list[tuple[str, int]]], gone: list[tuple[str, ...]],
                           new: list[tuple[str, ...]]) -> dict[str, list[tuple[str, int]]]:
    """co_occurrences after the groups `gone` went and `new` came, from
    what it gave before (`last`): only their members' lists are counted
    again. A new article of a dense archive changes some 25 lists; counting
    every pair again took 0.5 s at 10,000 articles."""
    change: dict[str, dict[str, int]] = {}
    for groups, sign in ((gone, -1), (new, 1)):
        for group in groups:
            for left in group:
                counts = change.setdefault(left, {})
                for right in group:
                    if left != right:
                        counts[right] = counts.get(right, 0) + sign
    result = dict(last)
    for left, counts in change.items():
        merged = dict(last.get(left, ()))
        for right, count in counts.items():
            merged[right] = merged.get(right, 0) + count
        pairs = sorted((right, count) for right, count in merged.items() if count)
        if pairs:
            result[left] = pairs
        else:
            result.pop(left, None)
    return {left: result[left] for left in sorted(result)}


def _pair_codes(groups: list[tuple[str, ...]], number: dict[str, int], width: int):
    """left * width + right for every two different members of each group, both ways."""
    import numpy as np

    members = np.fromiter((number[e] for group in groups for e in group), dtype=np.int64)
    sizes = np.fromiter((len(group) for group in groups), dtype=np.int64, count=len(groups))
    size_of_member = np.repeat(sizes, sizes)  # the size of each member's group
    start_of_member = np.repeat(np.cumsum(sizes) - sizes, sizes)  # where each member's group starts
    # Each member paired with every member of its group (itself too, dropped below):
    # left repeats it size times; right walks its group with offsets 0 .. size-1.
    left = np.repeat(members, size_of_member)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(size_of_member) - size_of_member, size_of_member)
    right = members[np.repeat(start_of_member, size_of_member) + offset]
    return (left * width + right)[left != right]


# ------------------------------------------------------------ related articles

class Related(NamedTuple):
    article: Article
    score: float
    shared: tuple[str, ...]  # the SHARED_SHOWN rarest entity ids both name, rarest first


RelatedRef = tuple[str, float, tuple[str, ...]]  # Related with the article's slug: how the cache keeps it


# For an entity in more articles than this, only that many of its articles,
# the nearest in time, become candidates; this bounds the work per article,
# so related articles cost the same per article at any archive size.
WINDOW = 32
SHARED_SHOWN = 3  # shared entities a related article keeps: what its page says of why it is related


def rarity_step(count: int) -> float:
    """log2(count) rounded up to a quarter: the class of frequency a weight
    is made from (see rarity_weight)."""
    return math.ceil(4 * math.log2(count)) / 4


def rarity_weight(named_in: int, articles: int) -> float:
    """What sharing an entity named in `named_in` of `articles` articles
    says of two articles: log2((articles + 1) / named_in), each count taken
    by its class (rarity_step, quarters of a power of two), and never below
    0. By classes, so that one more article changes no weight unless a
    count enters another class: the related articles of the others need
    not be worked out again (build.linking.related_refs)."""
    return max(0.0, rarity_step(articles + 1) - rarity_step(named_in))


def related_articles(articles: tuple[Article, ...], entities_of: dict[str, tuple[str, ...]],
                     limit: int = 5, chunk: int = 512, only: set[str] | None = None
                     ) -> dict[str, tuple[Related, ...]]:
    """Up to `limit` related articles for each article (of `only`, if
    given), through the inverted index entity -> articles (never all
    pairs). Score: the sum over shared entities of rarity_weight, so rare
    shared entities count most; ties go to the article closest in time,
    then to the slug.

    Candidates come from each shared entity's postings; an entity in more than
    WINDOW articles contributes only the WINDOW nearest in time. Every
    candidate is then scored exactly against all shared entities, so the
    ranking is exact whenever no entity is in more than WINDOW articles.

    Counted with numpy, `chunk` articles at a time (in a dense archive on one
    subject each article has hundreds of candidates: 10,000 articles make
    millions of pairs; 512 at a time take 84 MB there, 2,048 took 163 MB,
    in the same time). Each score adds its weights in the article's entity
    order, so it is the same float whatever the pairs' order.
    """
    import numpy as np

    slugs = sorted(entities_of)  # an article's number: its place in slug order, so numbers sort as slugs do
    by_slug = {a.slug: a for a in articles}
    entity_ids = sorted(set(chain.from_iterable(entities_of.values())))
    column = {e: n for n, e in enumerate(entity_ids)}
    # Every (article, entity) it names, as two arrays in slug order then
    # the article's own order: the tables below are made from them at once
    # (row by row, they took most of the time of a call for a few articles).
    groups = list(map(entities_of.__getitem__, slugs))  # (iterated by map and chain, in C: generators took 0.06 s)
    own_count = np.fromiter(map(len, groups), dtype=np.int64, count=len(slugs))
    member_rows = np.repeat(np.arange(len(slugs)), own_count)
    member_columns = np.fromiter(map(column.__getitem__, chain.from_iterable(groups)), dtype=np.int64,
                                 count=len(member_rows))
    member_places = np.arange(len(member_rows)) - np.repeat(np.cumsum(own_count) - own_count, own_count)
    named = np.zeros((len(slugs), len(entity_ids)), dtype=bool)  # article number x entity: does it name it
    named[member_rows, member_columns] = True
    named_in = np.bincount(member_columns, minlength=len(entity_ids))
    total = len(articles)
    weight_of_column = np.array([rarity_weight(int(n), total) for n in named_in.tolist()], dtype=np.float64)
    weight = dict(zip(entity_ids, weight_of_column.tolist()))
    # Each entity's articles in time order, and where the window of each starts.
    time_rank = np.empty(len(slugs), dtype=np.int64)
    time_rank[sorted(range(len(slugs)), key=lambda n: time_key(by_slug[slugs[n]]))] = np.arange(len(slugs))
    in_order = member_rows[np.lexsort((time_rank[member_rows], member_columns))]  # by entity, then time
    ends = np.cumsum(named_in).tolist()
    in_time = {e: in_order[end - size:end] for e, end, size in zip(entity_ids, ends, named_in.tolist())}
    days = np.array([by_slug[s].day.toordinal() if by_slug[s].day is not None else 0 for s in slugs], dtype=np.float64)
    undated = np.array([by_slug[s].day is None for s in slugs])
    # Each article's entities as columns, in its own order (-1 past its last), and their weights.
    widest = int(own_count.max(initial=0))
    own = np.full((len(slugs), widest), -1, dtype=np.int64)
    own_weight = np.zeros((len(slugs), widest), dtype=np.float64)
    own[member_rows, member_places] = member_columns
    own_weight[member_rows, member_places] = weight_of_column[member_columns]

    packed = np.packbits(named, axis=1)  # 8 entities a byte: an eighth of the memory the gathers below wander over
    packed_flat, own_flat, own_weight_flat = packed.ravel(), own.ravel(), own_weight.ravel()
    bit = np.array([128, 64, 32, 16, 8, 4, 2, 1], dtype=np.uint8)
    rarity = {e: n for n, e in enumerate(sorted(weight, key=lambda e: (-weight[e], e)))}  # rarest first
    # What `named` says of an article listed as related, made once each when
    # needed (for all articles at once, they took 40% of a call for a few).
    named_by = cache(lambda n: frozenset(entities_of[slugs[n]]))
    result: dict[str, tuple[Related, ...]] = {}
    number = {slug: n for n, slug in enumerate(slugs)}
    wanted = np.arange(len(slugs)) if only is None else np.array(sorted(number[s] for s in only), dtype=np.int64)
    row_of = np.full(len(slugs), -1, dtype=np.int64)  # each article of this chunk -> its row
    for first in range(0, len(wanted), chunk):
        rows = wanted[first:first + chunk]
        row_of[:] = -1
        row_of[rows] = np.arange(len(rows))
        lefts, rights = [], []
        for members in in_time.values():
            here = np.flatnonzero(row_of[members] >= 0)  # the places in members of this chunk's articles
            if not len(here):
                continue
            width = min(len(members), WINDOW)
            lefts.append(np.repeat(members[here], width))
            # Each one's window starts WINDOW // 2 before it, moved in to lie inside the list.
            window_starts = np.clip(here - WINDOW // 2, 0, max(len(members) - WINDOW, 0))
            rights.append(members[(window_starts[:, None] + np.arange(width)).ravel()])
        if lefts:
            left, right = np.concatenate(lefts), np.concatenate(rights)
            pairs = np.sort(row_of[left[left != right]] * len(slugs) + right[left != right])
            pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]][:len(pairs)]]  # each pair once
            row, right = np.divmod(pairs, len(slugs))
            left = rows[row]
        else:
            left = right = np.zeros(0, dtype=np.int64)
        # Pairs whose article names the most entities first, so that the
        # pairs still to score for its k-th entity are a prefix (a few
        # entities are in every article, most articles name far fewer
        # than the widest): the same sums, in the same order, for half the work.
        by_width = np.argsort(-own_count[left], kind="stable")
        left, right = left[by_width], right[by_width]
        still = np.searchsorted(-own_count[left], -np.arange(widest), side="right")  # pairs with > k entities
        # Gathers from the flat arrays (2-D fancy indexing took three times
        # as long), and each pair's weight times 0 or 1: adding 0.0 leaves a
        # sum as it was, so the scores are the same floats.
        score = np.zeros(len(left))
        own_at = left * widest  # where each pair's article starts in own and own_weight
        named_at = right * packed.shape[1]  # where its candidate starts in packed
        for k in range(widest):
            upto = int(still[k])
            at = own_at[:upto] + k
            columns = own_flat.take(at)
            shared = packed_flat.take(named_at[:upto] + (columns >> 3)) & bit.take(columns & 7)
            score[:upto] += own_weight_flat.take(at) * (shared != 0)
        rounded = np.rint(score * 1e9)  # np.round(score, 9) without its division: the same order
        if len(left):
            # Only a pair scoring at least its article's limit-th best can be
            # among its first `limit`: the others are dropped before the sort
            # by every key (one sort of integers finds each article's limit-th).
            span = int(rounded.max()) + 1
            keyed = np.sort(row_of[left] * span + (span - 1 - rounded.astype(np.int64)))
            starts = np.flatnonzero(np.r_[True, keyed[1:] // span != keyed[:-1] // span])
            lowest = span - 1 - keyed[starts + np.minimum(np.diff(np.r_[starts, len(keyed)]), limit) - 1] % span
            least = np.zeros(len(rows))
            least[keyed[starts] // span] = lowest
            near_top = rounded >= least[row_of[left]]
            left, right, score, rounded = left[near_top], right[near_top], score[near_top], rounded[near_top]
        apart = np.where(undated[left] | undated[right], np.inf, np.abs(days[left] - days[right]))
        order = np.lexsort((right, apart, -rounded, left))
        left, right, score = left[order], right[order], score[order]
        starts = np.flatnonzero(np.r_[True, left[1:] != left[:-1]]) if len(left) else np.zeros(0, dtype=np.int64)
        rank = np.arange(len(left)) - np.repeat(starts, np.diff(np.r_[starts, len(left)]))
        kept = np.flatnonzero(rank < limit)
        found: dict[int, list[tuple[int, float]]] = {}
        for n in kept.tolist():
            found.setdefault(int(left[n]), []).append((int(right[n]), float(score[n])))
        for n in rows.tolist():
            rarest_first = sorted(entities_of[slugs[n]], key=rarity.__getitem__)
            result[slugs[n]] = tuple(
                Related(by_slug[slugs[other]], value,
                        tuple(islice(filter(named_by(other).__contains__, rarest_first), SHARED_SHOWN)))
                for other, value in found.get(n, ()))
    return result


def time_key(article: Article) -> tuple:
    """An article's place in time: oldest first, undated after dated, slug breaking ties."""
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
