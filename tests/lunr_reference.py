"""lunr.py itself, as the reference the search files are checked against:
the whole index in lunr's own format, built from the same terms. Our
build never imports lunr.py; the browser's lunr.js reads our shards, and
the tests compare both."""
from __future__ import annotations

import json

import lunr
from lunr.pipeline import Pipeline

from builder.search.terms import (
    _STOP,
    COMPOUNDS,
    FIELDS,
    LABELS,
    SearchDoc,
    fallback_stem,
    stem_map,
    tokenize,
    word_terms,
)


class Pipeline_:  # noqa: N801 - a namespace for the registered lunr functions
    """The pipeline functions, registered with lunr.py under the labels the
    browser registers its own under. `stems` is the archive's word -> stem map."""

    stems: dict[str, str] = {}

    @staticmethod
    def normaliser(token, i=None, tokens=None):
        """Query terms reach the pipeline as lunr's lexer cut them ('“Xi”',
        '446,10'); tokenizing here gives the words the index holds."""
        return [token.clone(lambda s, m=None, w=w: w) for w in tokenize(str(token))]

    @staticmethod
    def compounds(token, i=None, tokens=None):
        parts = COMPOUNDS.get(str(token))
        if not parts:
            return token
        return [token.clone(lambda s, m=None, p=p: p) for p in parts]

    @staticmethod
    def stop_words(token, i=None, tokens=None):
        return None if str(token) in _STOP or not str(token) else token

    @staticmethod
    def stemmer(token, i=None, tokens=None):
        return token.update(lambda s, m=None: Pipeline_.stems.get(s) or fallback_stem(s))


for _fn, _label in zip((Pipeline_.normaliser, Pipeline_.compounds, Pipeline_.stop_words, Pipeline_.stemmer), LABELS):
    Pipeline.register_function(_fn, _label)
_FUNCTIONS = [Pipeline.registered_functions[label] for label in LABELS]


def _terms(field_words: list[str], stems: dict[str, str]) -> list[str]:
    """The pipeline after tokenizing, for every word of a field."""
    return [term for word in field_words for term in word_terms(word, stems)]


def pipeline_terms(text: str) -> list[str]:
    """What the index holds for a text: the terms after the whole pipeline."""
    return _terms(tokenize(text), Pipeline_.stems)


_FIELD_TEXT = {"title": lambda d: d.title, "entities": lambda d: d.entities, "body": lambda d: d.body,
               "publisher": lambda d: d.publisher}


def _words(docs: list[SearchDoc]) -> list[dict[str, list[str]]]:
    """Each document's words per field, in order (for lunr.py itself, in tests)."""
    return [{name: tokenize(_FIELD_TEXT[name](doc)) for name, _ in FIELDS} for doc in docs]


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
