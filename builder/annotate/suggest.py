"""Names in the content that the registry does not cover yet, for the editor.

A candidate is a run of capitalised words, or an acronym, that is not part of
any mention. Left out as not names: a single word that only ever starts a
sentence ("Keduanya", "Menurutnya") or that the archive also writes in lower
case, month and day names, titles ("Presiden"), and abbreviations already
explained in abbreviations.yaml.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .. import dates
from ..models import Article
from ..text import WORD
from .matcher import Matcher, normalise
from .mentions import sentence_at

_NAME_RUN = re.compile(r"\b[A-Z][\w'-]*(?: +(?:[A-Z][\w'-]*|bin|van|de|al-|dan)(?= +[A-Z]|\b))*")
_TITLES = {"presiden", "menteri", "perdana", "wakil", "asisten", "penasihat", "duta", "besar", "raja", "ratu",
           "sekretaris", "jenderal", "kepala", "gubernur", "bapak", "ibu", "dr", "prof", "president", "minister",
           "luar", "negeri", "dalam"}


@dataclass(frozen=True)
class Suggestion:
    name: str
    count: int
    article: str  # slug of the first article it appears in
    example: str  # the sentence around its first appearance


def suggest(articles: tuple[Article, ...], matcher: Matcher, abbreviations: dict[str, str] | None = None,
            limit: int = 100) -> list[Suggestion]:
    known_words = {w for a in articles for w in WORD.findall(a.body) if w.islower()}
    known_words |= set(dates.MONTHS) | set(dates.WEEKDAYS) | _TITLES
    explained = set(abbreviations or {}) | set((abbreviations or {}).values())
    counts: Counter[str] = Counter()
    mid_sentence: set[str] = set()
    first: dict[str, tuple[str, str]] = {}
    for article in sorted(articles, key=lambda a: a.slug):
        text = normalise(article.body)
        covered = [(m.start, m.end) for m in matcher.find(article.body)]
        for match in _NAME_RUN.finditer(text):
            name = match.group().strip(" -'").removesuffix(" dan")
            words = name.split()
            while len(words) > 1 and (words[0].lower() in _TITLES or words[0].lower() in known_words):
                words.pop(0)  # "Menteri Luar Negeri Sergey Lavrov" -> "Sergey Lavrov"
            name = " ".join(words)
            if any(s < match.end() and match.start() < e for s, e in covered) or name in explained:
                continue
            if len(name.split()) == 1 and (name.lower() in known_words or len(name) < 2):
                continue
            before = text[: match.start()].rstrip(" \t\"'(")
            if before.endswith("[^"):
                continue  # a footnote label
            if before and before[-1] not in ".!?:\n":
                mid_sentence.add(name)
            counts[name] += 1
            first.setdefault(name, (article.slug, sentence_at(article.body, match.start())))
    # A lone word seen only at the start of sentences is an ordinary word.
    names = [n for n in counts if len(n.split()) > 1 or n.isupper() or n in mid_sentence]
    ranked = sorted(((n, counts[n]) for n in names), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [Suggestion(name, count, *first[name]) for name, count in ranked]
