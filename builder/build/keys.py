"""Keys: what each output of a build is made from, as hashes."""
from __future__ import annotations

from typing import NamedTuple

from ..annotate.matcher import first_tokens
from ..hashing import digest
from ..models import Article, Entity

class RegistrySeen(NamedTuple):
    """The registry as the last build saw it, for the next to compare with."""

    version: str  # a hash of every entry, in order
    entries: dict[str, tuple[str, tuple[str, ...]]]  # id -> (the entry as text, annotate.first_tokens of it)
    older: dict[str, str]  # Article.source -> the older version its analysis is keyed on (others: `version`)


def registry_versions(articles: tuple[Article, ...], entities: tuple[Entity, ...], seen: RegistrySeen | None
                      ) -> tuple[dict[str, str], RegistrySeen]:
    """For each article (by slug), the version of the registry its analysis
    is keyed on; and what the next build compares with.

    Analysis reads the registry only through the entities the matcher finds
    in the article, which it can find only where the first token of one of
    their names is (annotate.first_tokens), and through the entries of
    those entities. So when entries change, are added or go, an article
    that holds none of their first tokens, old or new, and does not name
    one in its overrides, would be analysed as before: it keeps the version
    its analysis is keyed on, and changing an alias analyses the articles
    that hold the alias or the entity's other names, not all of them. The
    others, and all if the entries changed order, take the current one."""
    version = digest(repr(entities))
    if seen is not None and seen.version == version:
        if not seen.older:  # every analysis is keyed on this version
            return dict.fromkeys((a.slug for a in articles), version), seen
        stamps = {a.slug: seen.older.get(a.source, version) for a in articles}
        return stamps, seen._replace(older={a.source: stamps[a.slug] for a in articles if stamps[a.slug] != version})
    entries = {e.id: (e.entry, first_tokens(e)) for e in entities}
    stamps = {a.slug: version for a in articles}
    if seen is not None and [i for i in entries if i in seen.entries] == [i for i in seen.entries if i in entries]:
        changed = {i for i in entries.keys() | seen.entries.keys() if entries.get(i) != seen.entries.get(i)}
        tokens = {t for i in changed for entry in (entries.get(i), seen.entries.get(i)) if entry for t in entry[1]}
        for article in articles:
            if not changed.intersection(article.include + article.exclude) and not any(
                    token in article.body or token in article.title for token in tokens):
                stamps[article.slug] = seen.older.get(article.source, seen.version)
    return stamps, RegistrySeen(version, entries, {a.source: stamps[a.slug] for a in articles
                                                   if stamps[a.slug] != version})
