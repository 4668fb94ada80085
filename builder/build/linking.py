"""The link stage: what the articles' outlines say about the whole archive.
Which entities appear together, each entity's articles and quotes, each
article's related articles and neighbours in time. The co-occurrences and
related articles are kept in the cache while their inputs ("links" in
keys.py) are unchanged: a body edit or a new alias, usually."""
from __future__ import annotations

from dataclasses import dataclass

from ..annotate.link import EntityLinks, RelatedRef, co_occurrences, entity_links, neighbours_in_time, related_articles
from ..models import Archive, Article, Outline
from .cache import BuildCache
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
    links_key = key("links", settings=keys.settings, entity_ids=sorted(e.id for e in archive.entities),
                    article_entities=repr([(a.slug, a.date, entities_of[a.slug]) for a in archive.articles]))
    together = cache.computed("co-occurrences", links_key,
                              lambda: co_occurrences([e.id for e in archive.entities], list(entities_of.values())))
    related = cache.computed("related", links_key, lambda: related_refs(archive.articles, entities_of))
    return Links(entity_links(archive.entities, archive.articles, outlines, together), related,
                 neighbours_in_time(archive.articles))


def related_refs(articles: tuple[Article, ...], entities_of: dict[str, tuple[str, ...]]
                 ) -> dict[str, tuple[RelatedRef, ...]]:
    """related_articles, by slug: (slug, score, shared entities). Slugs are
    all a page key needs, and what the cache keeps; Related, with the
    articles, is made only for the pages rendered."""
    return {slug: tuple((r.article.slug, r.score, r.shared) for r in found)
            for slug, found in related_articles(articles, entities_of).items()}
