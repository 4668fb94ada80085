"""lunr.py itself, as the reference the search files are checked against:
the whole index in lunr's own format, built from the same terms. Our
build never imports lunr.py; the browser's lunr.js reads our shards, and
the tests compare both."""
from __future__ import annotations

import json

import lunr
from lunr.pipeline import Pipeline

from builder.search.terms import (
    FIELDS,
    LABELS,
    SearchDoc,
    archive_languages,
    pipeline_of,
    stem_map,
    tokenize,
    vocabulary_word,
    word_terms,
)
from builder.search.terms import pipeline_terms as pipeline_terms_of


class Pipeline_:  # noqa: N801 - a namespace for the registered lunr functions
    """The pipeline functions, registered with lunr.py under the labels the
    browser registers its own under. `stems` is the archive's word -> stem
    map; `pipelines` the archive's language pipelines, its main one first."""

    stems: dict[str, str] = {}
    pipelines: tuple[str, ...] = ("id",)

    @staticmethod
    def normaliser(token, i=None, tokens=None):
        """Query terms reach the pipeline as lunr's lexer cut them ('“Xi”',
        '446,10'); tokenizing here gives the words the index holds."""
        return [token.clone(lambda s, m=None, w=w: w) for w in tokenize(str(token))]

    @staticmethod
    def languages(token, i=None, tokens=None):
        """Every pipeline's terms for the word (lunr.py never runs a query
        here: the index's own terms are not consulted)."""
        return [token.clone(lambda s, m=None, t=t: t) for t in query_terms(str(token))]


def query_terms(word: str) -> list[str]:
    """The terms of every pipeline of the archive for one query word, each once."""
    found: list[str] = []
    for pipeline in Pipeline_.pipelines:
        found.extend(t for t in pipeline_terms_of(word, pipeline, Pipeline_.stems) if t not in found)
    return found


for _fn, _label in zip((Pipeline_.normaliser, Pipeline_.languages), LABELS):
    Pipeline.register_function(_fn, _label)
_FUNCTIONS = [Pipeline.registered_functions[label] for label in LABELS]


def _terms(field_words: list[str], stems: dict[str, str]) -> list[str]:
    """The pipeline after tokenizing, for every word of a field (words as
    word_counts keeps them: with their pipeline's prefix)."""
    return [term for word in field_words for term in word_terms(word, stems)]


def pipeline_terms(text: str) -> list[str]:
    """What a query's words become: the terms of every pipeline."""
    return [term for word in tokenize(text) for term in query_terms(word)]


_FIELD_TEXT = {"title": lambda d: d.title, "entities": lambda d: d.entities, "body": lambda d: d.body,
               "publisher": lambda d: d.publisher}


def _words(docs: list[SearchDoc]) -> list[dict[str, list[str]]]:
    """Each document's words per field, in order, as vocabulary words of its pipeline."""
    return [{name: [vocabulary_word(w, pipeline_of(doc.language)) for w in tokenize(_FIELD_TEXT[name](doc))]
             for name, _ in FIELDS} for doc in docs]


def pipelines_of(docs: list[SearchDoc]) -> tuple[str, ...]:
    """The archive's pipelines, its main one first (as the manifest lists them)."""
    return tuple(archive_languages(doc.language for doc in docs)[1])


def vocabulary_of(words: list[dict[str, list[str]]]) -> set[str]:
    """Every word of documents tokenized by `_words`."""
    return {word for fields in words for field_words in fields.values() for word in field_words}


def build_index(docs: list[SearchDoc], stems: dict[str, str],
                words: list[dict[str, list[str]]] | None = None) -> lunr.index.Index:
    """The lunr index of the documents; refs are their numbers as text.

    Documents go in as finished terms (the same pipeline, run once here),
    so lunr.py's own per-token pipeline is empty; the search pipeline it
    serialises is the full one the browser runs on queries.
    """
    Pipeline_.stems = stems
    Pipeline_.pipelines = pipelines_of(docs)
    builder = lunr.builder.Builder()
    builder.search_pipeline.add(*_FUNCTIONS)
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, fields in enumerate(words if words is not None else _words(docs)):
        builder.add({"id": str(number), **{name: _terms(fields[name], stems) for name, _ in FIELDS}})
    return builder.build()


def monolithic_index_json(docs: list[SearchDoc]) -> str:
    """The whole index in lunr's own format: the reference the shards must match."""
    words = _words(docs)
    stems = stem_map(vocabulary_of(words))
    return json.dumps(build_index(docs, stems, words).serialize(), ensure_ascii=False)
