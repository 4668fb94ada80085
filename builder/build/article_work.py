"""Per-article work: everything about one article that does not depend on
the other articles (mentions and quotes, the marked-up body, what the search
indexes). Pure, so it runs in a process pool, and cached by a hash of the
article and of everything analysis depends on.
"""
from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass, fields, replace

from ..annotate.marking import mark
from ..annotate.matcher import Matcher
from ..annotate.mentions import Annotation, annotate
from ..hashing import digest
from ..models import Article, Entity, Outline, Page
from ..search import terms as search
from ..search.shards import result_data
from ..site import export
from ..site.contexts import SiteContext, article_url, card_key, entity_url, iso_date
from ..site.markup import MarkdownRenderer, quote_style
from ..text import markdown_to_text


@dataclass(frozen=True)
class ArticleWork:
    """One article's analysis. Each field is a column of the build cache
    (cache.pickled_work stores them by these names)."""

    outline: Outline  # what the whole-archive stages read of it
    annotation: Annotation  # what its own page reads
    facets: search.SearchDoc  # what the search facets need (year, publisher, entities); no text
    words: search.WordCounts  # the article's words, counted, for the index
    result: bytes  # what a search result shows of it (site/search/data/d<n>.json.deflate)
    body: Page  # Markdown rendered, sanitised, mentions and quotes marked
    export: tuple[str, str]  # its row of site/data/articles.json and its lines of mentions.csv
    sentences: dict[str, str]  # entity id -> the body sentence of its first mention, for the entity pages


class Analyser:
    """The tools analysis needs, built once per process."""

    def __init__(self, site: SiteContext, entities: tuple[Entity, ...], abbreviations: dict[str, str]):
        self.site = site
        self.matcher = Matcher(entities)
        self.abbreviations = abbreviations
        self.markdown: dict[str, MarkdownRenderer] = {}  # by quote_style: quotes as the article's language prints them
        self.entities = self.matcher.entities

    def __call__(self, article: Article) -> ArticleWork:
        annotation = annotate(article, self.matcher)
        style = quote_style(article.language)
        if style not in self.markdown:
            self.markdown[style] = MarkdownRenderer(self.abbreviations, self.site.config.language, style)
        body = self.markdown[style].render(article.body)
        body = replace(body, html=mark(body.html, self.matcher, annotation.quotes, frozenset(article.exclude),
                                       lambda entity_id: self.site.url(entity_url(entity_id))))
        doc = search_document(self.site, article, annotation, self.entities)
        facets = doc._replace(title="", body="", entities="", name_groups=())
        exported = export.article_export(article, annotation, self.site.absolute_url(article_url(article)))
        return ArticleWork(outline(article, annotation, exported), annotation, facets, search.word_counts(doc),
                           result_data(doc), body, exported, dict(annotation.sentences))


def search_document(site: SiteContext, article: Article, annotation: Annotation,
                    entities: dict[str, Entity]) -> search.SearchDoc:
    """The article as the search indexes it. The `entities` field holds every
    name and alias of the entities it mentions, so 'Tiongkok' finds an
    article that only says 'China'."""
    names = [n for e in annotation.entities for n in (*entities[e].all_names, *entities[e].short)]
    return search.SearchDoc(
        title=article.title,
        body=markdown_to_text(article.body),
        entities=" ; ".join(names),
        publisher=article.publisher or "",
        url=site.url(article_url(article)),
        date=iso_date(article.date),
        date_text=site.date(article.date) if article.date is not None else "",
        year=str(article.day.year) if article.day else "",
        entity_ids=annotation.entities,
        name_groups=tuple(tuple(dict.fromkeys((*entities[e].all_names, *entities[e].short)))
                          for e in annotation.entities),
        language=article.language,
    )


# What the archive-wide lists read of an article: everything but its body.
_LISTED_FIELDS = operator.attrgetter(*(f.name for f in fields(Article) if f.name not in ("body", "source")))


def outline(article: Article, annotation: Annotation, exported: tuple[str, str]) -> Outline:
    """The article as the whole-archive stages read it (see Outline)."""
    counts = Counter(m.entity for m in annotation.mentions)
    first_sentences = dict(annotation.sentences)
    card = card_key(article)
    return Outline(
        entities=annotation.entities,
        mention_counts=tuple(counts[e] for e in annotation.entities),
        on_entity_pages=tuple(digest(card, first_sentences.get(e, "")) for e in annotation.entities),
        quotes=tuple((q.text, q.speaker, q.start) for q in annotation.quotes if q.speaker),
        listing=digest(repr((_LISTED_FIELDS(article), annotation.entities, sorted(counts.items())))),
        export=digest(*exported),
    )
