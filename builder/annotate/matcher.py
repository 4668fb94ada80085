"""Finding the registry's entities in text: every mention, by its names.

Matching works on tokens, not on one regex per alias: every alias is split
into tokens once, and each article is read once, token by token, trying the
longest alias that starts with that token first. "Xi'an" is a single token, so
"Xi" never matches inside it; "Tiongkok-Kazakhstan" is three tokens, so both
countries match; an English possessive is a token of its own, so
"Kazakhstan's" names Kazakhstan. Matching is case-sensitive: "AS" is the United States, "as"
is not. Chinese and Japanese write no spaces between words, so each of their
characters is a token: "托卡耶夫" is four, found inside "同托卡耶夫举行会谈".
"""
from __future__ import annotations

import re
from itertools import accumulate, compress

from ..models import Entity, Mention
from ..text import CJK

_TOKEN = re.compile(rf"[{CJK}]|[^\W{CJK}]+(?:'(?!s\b)[^\W{CJK}]+)*|[^\w\s]")
_SPLIT = re.compile(f"({_TOKEN.pattern})")  # split() keeps the tokens, and what lies between them
# Without a Chinese character in the text, the same tokens a quarter quicker.
_SPLIT_WORDS = re.compile(r"(\w+(?:'(?!s\b)\w+)*|[^\w\s])")
_HAS_CJK = re.compile(f"[{CJK}]")
# Same-length replacements, so offsets in the normalised text are offsets in the original.
_SAME_LENGTH_PAIRS = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u00a0", " "))


def normalise(text: str) -> str:
    """Typographic quotes to straight ones, without changing any offset.
    (str.replace, in C, is several times quicker than a translate table.)"""
    if text.isascii():
        return text
    for typographic, plain in _SAME_LENGTH_PAIRS:
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


class Matcher:
    """All aliases of all entities, compiled into a token dictionary."""

    def __init__(self, entities: tuple[Entity, ...]):
        self.entities = {e.id: e for e in entities}
        self._full: dict[tuple[str, ...], str] = {}
        self._short: dict[tuple[str, ...], str] = {}
        lengths: dict[str, set[int]] = {}
        for entity in entities:
            for table, names in ((self._full, entity.all_names), (self._short, entity.short)):
                for name in names:
                    key = tuple(_TOKEN.findall(normalise(name)))
                    if key:
                        table[key] = entity.id
                        lengths.setdefault(key[0], set()).add(len(key))
        # For each first token, the alias lengths to try, longest first.
        self._lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}

    def find(self, text: str, field: str = "body", known: frozenset[str] = frozenset()) -> list[Mention]:
        """Every mention in text, in order. `known`: entities already named in
        full elsewhere (the body, for a title), so their short names resolve.

        Analysis calls this three times per article, so the work per token
        stays in C: one split gives the tokens and what lies between them
        (offsets are running sums of their lengths, taken only if some token
        starts an alias), and the loop visits only the tokens that do."""
        plain = normalise(text)
        pieces = (_SPLIT if _HAS_CJK.search(plain) else _SPLIT_WORDS).split(plain)  # between, token, ..., between
        words = pieces[1::2]
        candidates = list(compress(range(len(words)), map(self._lengths.__contains__, words)))
        if not candidates:
            return []
        ends = list(accumulate(map(len, pieces)))  # token i spans ends[2i] .. ends[2i + 1]
        seen_full = set(known)
        found: list[Mention] = []
        next_free = 0  # the first token not inside a mention found
        for index in candidates:
            if index < next_free:
                continue
            for length in self._lengths[words[index]]:
                if index + length > len(words):
                    continue
                start, end = ends[2 * index], ends[2 * (index + length) - 1]
                if length > 1 and "\n\n" in text[start:end]:
                    continue  # never across paragraphs
                key = tuple(words[index: index + length])
                entity = self._full.get(key)
                if entity is not None:
                    seen_full.add(entity)
                elif self._short.get(key) in seen_full:
                    entity = self._short[key]
                if entity is not None:
                    found.append(Mention(entity, field, start, end, text[start:end]))
                    next_free = index + length
                    break
        return found


def name_words(entity: Entity) -> tuple[tuple[str, ...], ...]:
    """For each of the entity's names (aliases and short forms too), the
    words the matcher needs to find in a text, every one of them, to find
    the entity by that name there (cut at apostrophes, which normalise may
    have made from typographic ones). A name with no word gives ("",),
    found in any text."""
    names = set()
    for name in (*entity.all_names, *entity.short):
        tokens = _TOKEN.findall(normalise(name))
        words = tuple(part for token in tokens if token[0].isalnum() or token[0] == "_"
                      for part in token.split("'") if part)
        if tokens:
            names.add(words or ("",))
    return tuple(sorted(names))
