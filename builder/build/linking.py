"""The link stage: what the articles' outlines say about the whole archive.
Which entities appear together, each entity's articles and quotes, each
article's related articles and neighbours in time. The co-occurrences and
related articles are kept in the cache while their inputs ("links" in
keys.py) are unchanged: a body edit or a new alias, usually. When they
change, they are brought up to date for the articles that changed (linked)."""
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
    # One string object per entity id: each outline, unpickled on its own,
    # brings its own copies, and the link state in the cache pickles a
    # string once however often it holds it (8.1 -> 5.0 MB at 10,000).
    one_copy = {e.id: e.id for e in archive.entities}
    entities_of = {a.slug: tuple(map(one_copy.get, outlines[a.slug].entities, outlines[a.slug].entities))
                   for a in archive.articles}
    ids = tuple(sorted(e.id for e in archive.entities))
    links_key = key("links", settings=keys.settings, entity_ids=list(ids),
                    article_entities=repr([(a.slug, a.date, entities_of[a.slug]) for a in archive.articles]))
    state = cache.computed("links", links_key,
                           lambda: linked(cache.latest("links"), ids, archive.articles, entities_of))
    return Links(entity_links(archive.entities, archive.articles, outlines, state.pairs), state.refs,
                 neighbours_in_time(archive.articles))


@dataclass(frozen=True)
class LinkState:
    """Which entities appear together and each article's related articles,
    kept in the cache with what they were worked out from, so that the next
    build brings them up to date for the articles that changed."""

    maker: str  # builder_digest of the build that worked them out
    ids: tuple[str, ...]  # every entity id, in order
    groups: dict[str, tuple[str, ...]]  # slug -> the entities it names
    times: dict[str, tuple]  # slug -> its place in time (link.time_key)
    pairs: dict[str, list[tuple[str, int]]]  # co_occurrences(ids, groups)
    refs: dict[str, tuple[RelatedRef, ...]]  # related_refs


def linked(last: object, ids: tuple[str, ...], articles: tuple[Article, ...],
           groups: dict[str, tuple[str, ...]]) -> LinkState:
    """The link state of this archive: from the `last` build's when the
    same builder made it. Co-occurrences are counted again for the changed
    articles' pairs when few changed and the entities are the same; related
    articles are worked out again for the articles a change can reach
    (reached): at 10,000 articles all of them take 2 s, and a new article
    reaches a few hundred."""
    times = {a.slug: time_key(a) for a in articles}
    last = last if isinstance(last, LinkState) and last.maker == builder_digest() else None
    pairs = None
    if last is not None and last.ids == ids:
        gone = [entities for slug, entities in last.groups.items() if groups.get(slug) != entities]
        new = [entities for slug, entities in groups.items() if last.groups.get(slug) != entities]
        if len(gone) + len(new) <= len(groups) // 10:
            pairs = co_occurrences_updated(last.pairs, gone, new)
    reach = reached(last, groups, times) if last is not None else None
    if last is not None and reach is not None and len(reach) <= len(groups) // 2:  # else all at once is as quick
        found = related_refs(articles, groups, only=reach) if reach else {}
        refs = {slug: found[slug] if slug in reach else last.refs[slug] for slug in sorted(groups)}
    else:
        refs = related_refs(articles, groups)
    return LinkState(builder_digest(), ids, groups, times,
                     pairs if pairs is not None else co_occurrences(list(ids), list(groups.values())), refs)


def related_refs(articles: tuple[Article, ...], entities_of: dict[str, tuple[str, ...]],
                 only: set[str] | None = None) -> dict[str, tuple[RelatedRef, ...]]:
    """related_articles, by slug: (slug, score, shared entities). Slugs are
    all a page key needs, and what the cache keeps; Related, with the
    articles, is made only for the pages rendered."""
    return {slug: tuple((r.article.slug, r.score, r.shared) for r in found)
            for slug, found in related_articles(articles, entities_of, only=only).items()}


def reached(last: LinkState, groups: dict[str, tuple[str, ...]], times: dict[str, tuple]) -> set[str] | None:
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
