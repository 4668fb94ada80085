"""Markdown -> safe HTML for article bodies and editable pages.

Article text comes from the web, so whatever python-markdown produces goes
through nh3 (a maintained allow-list sanitizer) before it reaches a page:
raw HTML, `javascript:` links and event attributes in the text are dropped.
"""
from __future__ import annotations

import re

import markdown
import nh3

from .models import Page

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

    def __init__(self, abbreviations: dict[str, str], language: str = "id"):
        self._md = markdown.Markdown(
            extensions=["footnotes", "abbr", "toc", "smarty", "sane_lists", "tables"],
            extension_configs={
                "abbr": {"glossary": dict(abbreviations)},
                "footnotes": {"BACKLINK_TITLE": _BACKLINK_TITLE.get(language, _BACKLINK_TITLE["en"]),
                              "SUPERSCRIPT_TEXT": "{}"},
                "toc": {"toc_depth": "2-3"},
                "smarty": {"substitutions": _smart_quotes(language)},
            },
            output_format="html",
        )

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
            word_count=len(re.findall(r"\w+", text)),
        )


def _flatten(tokens: list[dict]) -> list[str]:
    names: list[str] = []
    for token in tokens:
        names.append(token["name"])
        names.extend(_flatten(token.get("children", [])))
    return names


def _smart_quotes(language: str) -> dict[str, str]:
    # Indonesian and English both use “double” and ‘single’ curly quotes.
    return {"left-double-quote": "&ldquo;", "right-double-quote": "&rdquo;",
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


_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:\s*", re.M)
_BLOCK_MARK = re.compile(r"^\s*(#{1,6}\s+|\d+[.)]\s+|[-*+]\s+|>\s?)", re.M)
_ESCAPE = re.compile(r"\\([\\`*_\[\]{}()#+.!<>-])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def markdown_to_text(text: str) -> str:
    """The words of a Markdown body as plain text, for search and snippets."""
    text = _FOOTNOTE_REF.sub("", text)
    text = _FOOTNOTE_DEF.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _BLOCK_MARK.sub("", text)
    text = _ESCAPE.sub(r"\1", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"\s*\n\s*", "\n", text).strip()
