"""Entity mentions and quotes marked in an article's rendered, sanitized HTML.

Works on text nodes only, so nothing is ever marked inside an attribute,
and skips links, headings, code and footnote markers. The first mention of
each entity links to its page (the theme's tips.js gives that link its
tooltip, from the registry's one file of tips: the name, type and
description are not repeated on every page); later mentions are marked
without a link.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..models import Entity, Quote
from .matcher import Matcher, normalise

_PART = re.compile(r"(<[^>]*>)")
_OPEN = re.compile(r"^<([a-zA-Z0-9]+)")
_CLOSE = re.compile(r"^</([a-zA-Z0-9]+)")
_VOID = {"br", "hr", "img", "wbr", "input", "meta", "link"}
_SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "sup", "script", "style", "title"}
_SEPARATOR = "\n\n"  # between blocks: no mention may span it
_BLOCKS = {"p", "li", "ol", "ul", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "td",
           "th", "hr", "br", "pre", "figure", "figcaption", "nav", "dl", "dt", "dd"}


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str  # "mention" | "quote"
    key: str  # entity id, or the speaker's id ('' if none)


def mark(body_html: str, matcher: Matcher, quotes: tuple[Quote, ...], excluded: frozenset[str],
         entity_url) -> str:
    """body_html with mentions and quotes marked; entity_url(id) -> href."""
    parts = _PART.split(body_html)
    stack: list[str] = []
    pieces: list[tuple[int, int]] = []  # (part index, offset in plain)
    plain_chunks: list[str] = []
    length = 0
    new_block = False
    for index, part in enumerate(parts):
        if part.startswith("<"):
            _track(part, stack)
            name = (_OPEN.match(part) or _CLOSE.match(part))
            new_block = new_block or bool(name and name.group(1).lower() in _BLOCKS)
            continue
        if not part or any(tag in _SKIP for tag in stack):
            continue
        text = normalise(html.unescape(part))
        if plain_chunks and new_block:
            plain_chunks.append(_SEPARATOR)
            length += len(_SEPARATOR)
        new_block = False
        pieces.append((index, length))
        plain_chunks.append(text)
        length += len(text)
    plain = "".join(plain_chunks)
    spans = [_Span(m.start, m.end, "mention", m.entity) for m in matcher.find(plain) if m.entity not in excluded]
    spans += [_Span(s, e, "quote", q.speaker or "") for q, (s, e) in zip(quotes, _locate_all(plain, quotes)) if e]
    # Text nodes come in order, so the spans are taken in order of start and
    # dropped once they end: each node meets only the few spans it overlaps.
    spans.sort(key=lambda s: (s.start, s.kind != "quote"))
    upcoming, active = 0, []
    linked: set[str] = set()
    for index, offset in pieces:
        raw = html.unescape(parts[index])
        while upcoming < len(spans) and spans[upcoming].start < offset + len(raw):
            active.append(spans[upcoming])
            upcoming += 1
        active = [s for s in active if s.end > offset]
        parts[index] = _rebuild(raw, offset, active, matcher.entities, linked, entity_url)
    return "".join(parts)


def _track(tag: str, stack: list[str]) -> None:
    closing = _CLOSE.match(tag)
    if closing:
        name = closing.group(1).lower()
        if name in stack:
            while stack and stack.pop() != name:
                pass
        return
    opening = _OPEN.match(tag)
    if opening and not tag.endswith("/>") and opening.group(1).lower() not in _VOID:
        stack.append(opening.group(1).lower())


def _locate_all(plain: str, quotes: tuple[Quote, ...]) -> list[tuple[int, int]]:
    """Where each quote stands in the rendered text ((0, 0) if not found).
    Quotes come in body order, so each is looked for from where the one
    before it was found, then from the start."""
    found, after = [], 0
    for quote in quotes:
        place = _locate(plain, quote.text, after) or _locate(plain, quote.text, 0)
        found.append(place or (0, 0))
        after = place[0] if place else after
    return found


def _locate(plain: str, quote: str, after: int) -> tuple[int, int] | None:
    """Where a quote (as written in Markdown) stands in the rendered text,
    at `after` or later.

    Rendering turns '...' into '…' and '--' into '–', so the quote is found by
    its opening and closing words rather than character for character.
    """
    pieces = [p.split() for p in re.split(r"\.\.\.|--", quote)]
    first, last = pieces[0], pieces[-1]
    head = " ".join(first[:4])
    tail = " ".join(last[-3:]).rstrip(".,") if len(pieces) > 1 or len(first) > 4 else ""
    if not head:
        return None
    start = plain.find(head, after)
    if start < 0:
        return None
    end = start + len(head)
    if tail:
        found = plain.find(tail, start)  # head and tail may overlap in a short quote
        if found < 0 or found - start > len(quote) + 20:
            return None
        end = max(end, found + len(tail))
    return start, end


def _rebuild(raw: str, offset: int, spans: list[_Span], entities: dict[str, Entity], linked: set[str],
             entity_url) -> str:
    """One text node, escaped again, with its marks inserted."""
    cuts: list[tuple[int, int, str]] = []  # (position, order, html)
    for span in spans:
        start = max(span.start - offset, 0)
        end = min(span.end - offset, len(raw))
        if span.kind == "quote":
            speaker = f' data-speaker="{html.escape(span.key)}"' if span.key else ""
            cuts.append((start, 0, f'<span class="quote"{speaker}>'))
            cuts.append((end, 2, "</span>"))
            continue
        entity = entities[span.key]
        if entity.id not in linked:
            linked.add(entity.id)
            cuts.append((start, 1, f'<span class="m-{entity.type}"><a href="{html.escape(entity_url(entity.id))}">'))
            cuts.append((end, 1, "</a></span>"))
        else:
            cuts.append((start, 1, f'<span class="m-{entity.type}">'))
            cuts.append((end, 1, "</span>"))
    # Closing marks before opening ones at the same position; quotes outside mentions.
    cuts.sort(key=lambda c: (c[0], 0 if c[2].startswith("</") else 1, c[1]))
    out: list[str] = []
    position = 0
    for cut, _, markup in cuts:
        out.append(html.escape(raw[position:cut], quote=False))
        out.append(markup)
        position = cut
    out.append(html.escape(raw[position:], quote=False))
    return "".join(out)
