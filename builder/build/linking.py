"""The link stage: what the articles' outlines say about the whole archive.
Which entities appear together, each entity's articles and quotes, each
article's related articles and neighbours in time. The co-occurrences and
related articles are kept in the cache while their inputs ("links" in
keys.py) are unchanged: a body edit or a new alias, usually. When they
change, the co-occurrences are counted again for the changed articles only."""
from __future__ import annotations

from dataclasses import dataclass

from ..annotate.link import (
    WINDOW,
    EntityLinks,
    RelatedRef,
    co_occurrences,
    co_occurrences_updated,
    entity_links,
    neighbours_in_time,
    rarity_step,
    related_articles,
    time_key,
)
from ..models import Archive, Article, Outline
from .cache import BuildCache, builder_digest
from .keys import BuildKeys, key


@dataclass
class Links:
    """The archive's cross-links. `related` and `neighbours` serve the article
    pages only, and are let go after them (drop_article_links)."""

    entities: dict[str, EntityLinks]
    related: dict[str, tuple[RelatedRef, ...]]
    neighbours: dict[str, tuple[Article | None, Article | None]]

    def drop_article_links(self) -> None:
        self.related, self.neighbours = {}, {}


def link(archive: Archive, outlines: dict[str, Outline], keys: BuildKeys, cache: BuildCache) -> Links:
    entities_of = {a.slug: outlines[a.slug].entities for a in archive.articles}
    ids = tuple(sorted(e.id for e in archive.entities))
    links_key = key("links", settings=keys.settings, entity_ids=list(ids),
                    article_entities=repr([(a.slug, a.date, entities_of[a.slug]) for a in archive.articles]))
    together = cache.computed("co-occurrences", links_key,
                              lambda: counted(cache.latest("co-occurrences"), ids, entities_of)).pairs
    related = cache.computed("related", links_key,
                             lambda: related_found(cache.latest("related"), archive.articles, entities_of)).refs
    return Links(entity_links(archive.entities, archive.articles, outlines, together), related,
                 neighbours_in_time(archive.articles))


@dataclass(frozen=True)
class Together:
    """co_occurrences, kept in the cache with what it counted, so that the
    next build counts again only the articles whose entities changed."""

    maker: str  # builder_digest of the build that counted
    ids: tuple[str, ...]  # every entity id, in order
    groups: dict[str, tuple[str, ...]]  # slug -> the entities it names
    pairs: dict[str, list[tuple[str, int]]]  # co_occurrences(ids, groups)


def counted(last: object, ids: tuple[str, ...], groups: dict[str, tuple[str, ...]]) -> Together:
    """co_occurrences of `groups`: from the `last` build's, when the same
    builder counted them for the same entities and few articles changed."""
    if isinstance(last, Together) and last.maker == builder_digest() and last.ids == ids:
        gone = [entities for slug, entities in last.groups.items() if groups.get(slug) != entities]
        new = [entities for slug, entities in groups.items() if last.groups.get(slug) != entities]
        if len(gone) + len(new) <= len(groups) // 10:
            return Together(last.maker, ids, groups, co_occurrences_updated(last.pairs, gone, new))
    return Together(builder_digest(), ids, groups, co_occurrences(list(ids), list(groups.values())))


def related_refs(articles: tuple[Article, ...], entities_of: dict[str, tuple[str, ...]],
                 only: set[str] | None = None) -> dict[str, tuple[RelatedRef, ...]]:
    """related_articles, by slug: (slug, score, shared entities). Slugs are
    all a page key needs, and what the cache keeps; Related, with the
    articles, is made only for the pages rendered."""
    return {slug: tuple((r.article.slug, r.score, r.shared) for r in found)
            for slug, found in related_articles(articles, entities_of, only=only).items()}


@dataclass(frozen=True)
class RelatedFound:
    """related_refs, kept in the cache with what they were worked out from,
    so that the next build works out again only the articles a change can
    reach (reached)."""

    maker: str  # builder_digest of the build that worked them out
    groups: dict[str, tuple[str, ...]]  # slug -> the entities it names
    times: dict[str, tuple]  # slug -> its place in time (link.time_key)
    refs: dict[str, tuple[RelatedRef, ...]]


def related_found(last: object, articles: tuple[Article, ...], groups: dict[str, tuple[str, ...]]) -> RelatedFound:
    """Each article's related articles: from the `last` build's, when the
    same builder worked them out, with those of the articles a change can
    reach worked out again. At 10,000 articles, all of them take 2 s; a new
    article reaches a few hundred."""
    times = {a.slug: time_key(a) for a in articles}
    if isinstance(last, RelatedFound) and last.maker == builder_digest():
        reach = reached(last, groups, times)
        if reach is not None and len(reach) <= len(groups) // 2:  # else all at once is as quick
            found = related_refs(articles, groups, only=reach) if reach else {}
            return RelatedFound(last.maker, groups, times,
                                {slug: found[slug] if slug in reach else last.refs[slug] for slug in sorted(groups)})
    return RelatedFound(builder_digest(), groups, times, related_refs(articles, groups))


def reached(last: RelatedFound, groups: dict[str, tuple[str, ...]], times: dict[str, tuple]) -> set[str] | None:
    """The articles whose related articles can differ from the last build's
    (None: every article's can). An article's are worked out from the
    WINDOW articles nearest it in time among those naming each of its
    entities, scored by the weights of the entities they share. So an
    article that came, went, or changed its date or entities changes those
    of the articles near it in the lists of its entities (old and new), and
    its own; and an entity whose weight changes (rarity_weight: its count,
    or the archive's, entered another class) changes those of every article
    naming it."""
    changed = {slug for slug in last.groups.keys() | groups.keys()
               if last.groups.get(slug) != groups.get(slug) or last.times.get(slug) != times.get(slug)}
    if not changed:
        return set()
    if rarity_step(len(last.groups) + 1) != rarity_step(len(groups) + 1):
        return None
    touched = {e for slug in changed for e in (*last.groups.get(slug, ()), *groups.get(slug, ()))}
    reach = changed & groups.keys()
    lists: list[dict[str, list[str]]] = []  # before and after: each touched entity's articles in time order
    for named, placed in ((last.groups, last.times), (groups, times)):
        listed: dict[str, list[str]] = {e: [] for e in touched}
        for slug in sorted(named, key=placed.__getitem__):
            for entity in named[slug]:
                if entity in listed:
                    listed[entity].append(slug)
        lists.append(listed)
    for entity in touched:
        before, after = lists[0][entity], lists[1][entity]
        if rarity_step(max(len(before), 1)) != rarity_step(max(len(after), 1)) or not before:
            reach.update(after)
            continue
        for members in (before, after):
            for at, slug in enumerate(members):
                if slug in changed:
                    reach.update(members[max(at - WINDOW - 1, 0):at + WINDOW + 2])
    return reach & groups.keys()
