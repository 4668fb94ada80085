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


SENTENCE_LIMIT = 200  # characters of a first mention's sentence an entity page shows; longer ones are cut


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
    sentences = tuple((entity_id, sentence_at(article.body, start, SENTENCE_LIMIT))
                      for entity_id, start in first.items())
    return Annotation(article.slug, mentions, tuple(order), quotes, sentences)


def sentence_at(body: str, offset: int | None, limit: int | None = None) -> str:
    """The sentence of the body that contains offset, as plain text; past
    `limit` characters, the words around offset with "…" where cut."""
    if offset is None:
        return ""
    start = max(body.rfind("\n", 0, offset) + 1, 0)
    end = body.find("\n", offset)
    end = len(body) if end < 0 else end
    line = body[start:end]
    position = offset - start
    sentence_start, sentence_end = 0, len(line)
    for match in re.finditer(r"[.!?][\"')]*\s+(?=[\"'(]?[A-Z0-9])", line):
        if match.end() <= position:
            sentence_start = match.end()
        else:
            sentence_end = match.end()
            break
    sentence = line[sentence_start:sentence_end].rstrip()
    if limit is None or len(sentence) <= limit:
        return markdown_to_text(sentence)
    at = position - sentence_start
    first = max(0, min(at - limit // 3, len(sentence) - limit))
    last = first + limit
    if first > 0:  # from a word's start
        space = sentence.find(" ", first, at)
        first = space + 1 if space >= 0 else first
    if last < len(sentence):  # to a word's end
        space = sentence.rfind(" ", at, last)
        last = space if space >= 0 else last
    return ("… " if first else "") + markdown_to_text(sentence[first:last]) + (" …" if last < len(sentence) else "")
