"""Markdown -> safe HTML for article bodies and editable pages.

Article text comes from the web, so whatever python-markdown produces goes
through nh3 (a maintained allow-list sanitizer) before it reaches a page:
raw HTML, `javascript:` links and event attributes in the text are dropped.
"""
from __future__ import annotations

import re
import re._parser as regex_parser  # to read which text a pattern's every match contains

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import InlineProcessor as InlineStage

from ..models import Page
from ..text import WORD

_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "em", "strong", "a", "abbr",
    "sup", "sub", "div", "hr", "br", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "q", "cite", "small", "span", "nav",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "id"},
    "abbr": {"title"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"class"},
    "span": {"class"},
    "th": {"scope"},
    "td": {"colspan"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}

# How many headings make an article long enough to deserve a table of contents.
TOC_MIN_HEADINGS = 3

_BACKLINK_TITLE = {"id": "Kembali ke catatan %d di teks", "en": "Back to note %d in the text"}


class MarkdownRenderer:
    """One reusable python-markdown instance (creating one per page costs
    about a quarter of the conversion time), reset between documents."""

    def __init__(self, abbreviations: dict[str, str], language: str = "id", text_language: str | None = None):
        """`language`: the interface's (the footnotes' links); `text_language`:
        the texts', whose quotation marks the quotes get (default: the same)."""
        self._md = new_markdown(abbreviations, language, text_language)
        scan_only_where_patterns_can_match(self._md)

    def render(self, text: str) -> Page:
        self._md.reset()
        html = self._md.convert(text)
        toc_tokens = getattr(self._md, "toc_tokens", [])
        headings = tuple(_flatten(toc_tokens))
        toc_html = self._md.toc if len(headings) >= TOC_MIN_HEADINGS else ""  # type: ignore[attr-defined]
        safe = sanitize(html)
        return Page(
            html=safe,
            toc_html=sanitize(toc_html) if toc_html else "",
            headings=headings,
            word_count=len(WORD.findall(text)),
        )


def new_markdown(abbreviations: dict[str, str], language: str, text_language: str | None = None) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["footnotes", "abbr", "toc", "smarty", "sane_lists", "tables"],
        extension_configs={
            "abbr": {"glossary": dict(abbreviations)},
            "footnotes": {"BACKLINK_TITLE": _BACKLINK_TITLE.get(language, _BACKLINK_TITLE["en"]),
                          "SUPERSCRIPT_TEXT": "{}"},
            "toc": {"toc_depth": "2-3"},
            "smarty": {"substitutions": _smart_quotes(text_language or language)},
        },
        output_format="html",
    )


def scan_only_where_patterns_can_match(md: markdown.Markdown) -> None:
    """python-markdown searches every text node with every inline pattern
    (links, emphasis, smart quotes, dashes...): most of a conversion goes
    there, although a paragraph of news copy can match few of them. Each
    pattern whose every match contains some fixed text (a bracket, a quote,
    '...') is put behind a check for that text, which skips the search
    where it cannot find anything. The output is the same
    (tests/test_markup.py compares it on generated text).

    It reads each pattern's regex with CPython's re._parser and wraps the
    compiled regex python-markdown keeps on the pattern: not a documented
    interface, so pyproject.toml pins python-markdown below its next minor
    version. It pays: 5.0 -> 1.75 ms per generated body, 6.7 -> 4.0 ms per
    seed body (best of three, one process), a third of a cold build's CPU."""
    registries = {id(stage.inlinePatterns): stage.inlinePatterns
                  for stage in md.treeprocessors if isinstance(stage, InlineStage)}
    for registry in registries.values():
        for pattern in registry:
            if isinstance(pattern, InlineProcessor) and not isinstance(pattern.compiled_re, _Gated):
                needles = required_text(pattern.compiled_re)
                if needles:
                    pattern.compiled_re = _Gated(pattern.compiled_re, needles)


class _Gated:
    """A compiled regex whose every match contains one of `needles`: text
    holding none of them is not searched."""

    __slots__ = ("regex", "needles")

    def __init__(self, regex: re.Pattern[str], needles: tuple[str, ...]):
        self.regex = regex
        self.needles = needles

    def finditer(self, text: str, start: int = 0):  # type: ignore[no-untyped-def]
        for needle in self.needles:
            if needle in text:
                return self.regex.finditer(text, start)
        return iter(())

    def __getattr__(self, name: str) -> object:
        return getattr(self.regex, name)


def required_text(regex: re.Pattern[str]) -> tuple[str, ...]:
    """Strings of which every match of `regex` contains at least one (inside
    the match or in what its lookarounds inspect), or () if none is known."""
    try:
        needles = _required(list(regex_parser.parse(regex.pattern, regex.flags)))
    except (re.error, TypeError, ValueError, RecursionError):
        return ()
    if not needles or (regex.flags & re.IGNORECASE and any(n.lower() != n.upper() for n in needles)):
        return ()
    return tuple(sorted(needles))


_REPEATS = (regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT, regex_parser.POSSESSIVE_REPEAT)


def _required(items: list) -> frozenset[str] | None:
    """For a sequence of parsed regex items: a set of strings of which text
    matching it holds one, the best the sequence offers (fewest choices,
    then longest), or None."""
    found: list[frozenset[str] | None] = []
    run = ""  # consecutive literal characters
    for op, arg in items:
        if op is regex_parser.LITERAL:
            run += chr(arg)
            continue
        if op in _REPEATS and arg[0] >= 1 and len(arg[2]) == 1 and arg[2][0][0] is regex_parser.LITERAL:
            run += chr(arg[2][0][1]) * arg[0]  # at least `min` of one character
            if arg[0] == arg[1]:
                continue
        if run:
            found.append(frozenset([run]))
            run = ""
        if op is regex_parser.SUBPATTERN:
            found.append(None if arg[1] & re.IGNORECASE else _required(list(arg[3])))
        elif op is regex_parser.ASSERT:  # a lookahead or lookbehind still reads the text
            found.append(_required(list(arg[1])))
        elif op in _REPEATS and arg[0] >= 1:
            found.append(_required(list(arg[2])))
        elif op is regex_parser.BRANCH:
            branches = [_required(list(branch)) for branch in arg[1]]
            found.append(None if None in branches else frozenset().union(*branches))
        elif op is regex_parser.IN and all(kind is regex_parser.LITERAL for kind, _ in arg):
            found.append(frozenset(chr(code) for _, code in arg))
    if run:
        found.append(frozenset([run]))
    known = [needles for needles in found if needles]
    return min(known, key=lambda needles: (len(needles), -min(map(len, needles)))) if known else None


def _flatten(tokens: list[dict]) -> list[str]:
    names: list[str] = []
    for token in tokens:
        names.append(token["name"])
        names.extend(_flatten(token.get("children", [])))
    return names


# Double quotation marks where a language prints them otherwise than
# Indonesian and English (“ ”): Russian, Kazakh and French « », German „ “.
_DOUBLE_QUOTES = {"ru": ("&laquo;", "&raquo;"), "kk": ("&laquo;", "&raquo;"), "fr": ("&laquo;", "&raquo;"),
                  "de": ("&bdquo;", "&ldquo;")}


def quote_style(language: str) -> str:
    """The languages that print quotes alike share one: 'id' for “ ”."""
    return language if language in _DOUBLE_QUOTES else "id"


def _smart_quotes(language: str) -> dict[str, str]:
    left, right = _DOUBLE_QUOTES.get(language, ("&ldquo;", "&rdquo;"))
    return {"left-double-quote": left, "right-double-quote": right,
            "left-single-quote": "&lsquo;", "right-single-quote": "&rsquo;"}


def sanitize(html: str) -> str:
    """Keep only the tags, attributes and URL schemes an article body needs."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
