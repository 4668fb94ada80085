"""The link stage: what the articles' outlines say about the whole archive.
Which entities appear together, each entity's articles and quotes, each
article's related articles and neighbours in time. The co-occurrences and
related articles are kept in the cache while their inputs ("links" in
keys.py) are unchanged: a body edit or a new alias, usually. When they
change, the co-occurrences are counted again for the changed articles only."""
from __future__ import annotations

from dataclasses import dataclass

from ..annotate.link import (
    EntityLinks,
    RelatedRef,
    co_occurrences,
    co_occurrences_updated,
    entity_links,
    neighbours_in_time,
    related_articles,
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
    related = cache.computed("related", links_key, lambda: related_refs(archive.articles, entities_of))
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


def related_refs(articles: tuple[Article, ...], entities_of: dict[str, tuple[str, ...]]
                 ) -> dict[str, tuple[RelatedRef, ...]]:
    """related_articles, by slug: (slug, score, shared entities). Slugs are
    all a page key needs, and what the cache keeps; Related, with the
    articles, is made only for the pages rendered."""
    return {slug: tuple((r.article.slug, r.score, r.shared) for r in found)
            for slug, found in related_articles(articles, entities_of).items()}
