"""The analysis stage: each article whose analysis the cache lacks is
analysed (article_work.py) on every core and stored; then every article's
outline, which is all the later stages read of most articles, comes back
from the cache."""
from __future__ import annotations

from ..models import Article, Outline
from .cache import BuildCache
from .keys import BuildKeys
from .progress import Stage
from .workers import Workers, analyse


def analyse_new(articles: tuple[Article, ...], keys: BuildKeys, cache: BuildCache, workers: Workers,
                stage: Stage) -> dict[str, Outline]:
    """Analyse (on every core) each article whose key the cache lacks, and
    store it there. Everything but the outlines, which are returned, stays
    in the cache until the stage that needs it."""
    stored = cache.stored_keys()
    return _analyse_and_store([a for a in articles if keys.analysis[a.slug] not in stored], keys, cache, workers,
                              stage)


def stored_outlines(articles: tuple[Article, ...], keys: BuildKeys, cache: BuildCache, workers: Workers,
                    fresh: dict[str, Outline], stage: Stage) -> dict[str, Outline]:
    """Every article's outline: the fresh ones as they came, the others from
    the cache (analysed again if a stored one cannot be read)."""
    stored = cache.outlines([keys.analysis[a.slug] for a in articles if a.slug not in fresh])
    unreadable = [a for a in articles if a.slug not in fresh and keys.analysis[a.slug] not in stored]
    fresh = {**fresh, **_analyse_and_store(unreadable, keys, cache, workers, stage)}
    outlines: dict[str, Outline] = {}
    for article in articles:
        if article.slug in fresh:
            outlines[article.slug] = fresh[article.slug]
        else:
            outlines[article.slug] = stored.pop(keys.analysis[article.slug])
            stage.advance()
    cache.remember_outlines({keys.analysis[slug]: outline for slug, outline in outlines.items()})
    return outlines


def _analyse_and_store(todo: list[Article], keys: BuildKeys, cache: BuildCache, workers: Workers,
                       stage: Stage) -> dict[str, Outline]:
    fresh = {}
    batch = []
    for article, (outline, stored) in zip(todo, workers.map(analyse, todo, len(todo), stage)):
        fresh[article.slug] = outline
        batch.append((keys.analysis[article.slug], stored))
        if len(batch) >= 256:
            cache.store(batch)
            batch = []
    cache.store(batch)
    return fresh
