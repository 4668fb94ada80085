"""One article annotated: its mentions (with the editor's corrections),
its entities in order of first mention, its quotes, and the sentence of
each entity's first mention."""
from __future__ import annotations

import re
from typing import NamedTuple

from ..models import Article, Mention, Quote
from ..text import markdown_to_text
from .matcher import Matcher
from .quotes import find_quotes


class Annotation(NamedTuple):
    """What the build derived for one article, as its own page and data
    export show it (the other stages read its Outline)."""

    slug: str
    mentions: tuple[Mention, ...]
    entities: tuple[str, ...]  # every entity of the article, first mention first; includes overrides
    quotes: tuple[Quote, ...]
    sentences: tuple[tuple[str, str], ...] = ()  # (entity id, the body sentence of its first mention)


def annotate(article: Article, matcher: Matcher) -> Annotation:
    """Mentions (with the editor's overrides applied) and quotes of one article."""
    body = matcher.find(article.body, "body")
    known = frozenset(m.entity for m in body)
    title = matcher.find(article.title, "title", known=known)
    excluded = set(article.exclude)
    mentions = tuple(m for m in title + body if m.entity not in excluded)
    order = list(dict.fromkeys(m.entity for m in body if m.entity not in excluded))
    order += [m.entity for m in title if m.entity not in excluded and m.entity not in order]
    order += [e for e in article.include if e not in order]
    quotes = find_quotes(article.body, tuple(m for m in body if m.entity not in excluded), matcher)
    first: dict[str, int] = {}
    for mention in body:
        if mention.entity not in excluded:
            first.setdefault(mention.entity, mention.start)
    sentences = tuple((entity_id, sentence_at(article.body, start)) for entity_id, start in first.items())
    return Annotation(article.slug, mentions, tuple(order), quotes, sentences)


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
            return markdown_to_text(line[sentence_start: match.end()])
    return markdown_to_text(line[sentence_start:])
