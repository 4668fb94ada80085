"""The article's text from its lead on: the page's furniture taken out (and
listed, with line numbers, for the `removed:` list), then Markdown that
renders as the text itself.

Copied news text puts one paragraph per line, with or without blank lines
between; numbered and bulleted lists keep their structure, a short line
standing alone between paragraphs is a crosshead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import dates
from .decode import Line
from .rows import DATE, END_OF_PAGE, TEXT, Row, is_paragraph, looks_like_prose, word_count

# Lines after the story that belong to the page: credits, share and comment widgets, separators.
_TRAILING_BOILERPLATE = re.compile(
    r"^(komentar|comments?|tulis komentar|berikan komentar|bagikan|share( this)?|tags?\s*:.*|"
    r"topik\s*:.*|posted by\s*:?.*|diposting oleh\s*:?.*|penulis\s*:.*|reporter\s*:.*|editor\s*:.*|"
    r"redaktur\s*:.*|pewarta\s*:.*|sumber\s*:.*|source\s*:.*|writer\s*:.*|copyright\b.*|©.*|"
    r"\(?[a-z]{2,5}/[a-z]{2,5}\)?|\((ant|ant/.*|rls|dtk|red|\w{2,4})\)|"
    r"ikuti (berita|kami).*|simak (berita|video).*|baca (juga|selengkapnya)\b.*|"
    r"lihat juga\b.*|read more\b.*|\*+|-{3,}|_{3,}|advertisement|iklan|scroll to continue.*)$",
    re.I,
)
_TRAILING_MARKS = re.compile(r"\s*(\*{3,}|-{3,}|_{3,}|\(\w{2,5}(/\w{2,5})?\))\s*$")
# "... katanya. -TVS", "... hujan lebat. - Sinar Harian": the outlet credited at the end.
_END_CREDIT = re.compile(r"\s[-–—]\s?(?P<credit>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})\.?$")
_DATE_SUFFIX = re.compile(r"\s[-–—|]\s*(?P<date>[^-–—|]{6,40})$")

# "1. Item", "2) Item"; bullets "- Item", "• Item".
_NUMBERED = re.compile(r"^(?P<n>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^[-•*·▪●]\s+(?P<text>\S.*)$")


@dataclass
class Body:
    """The lines kept as the article's text, and what was taken out."""

    lines: list[Line]
    removed: list[str] = field(default_factory=list)
    end_date: tuple[int, dates.DateMatch, str] | None = None  # (line, date, as printed) closing the text
    end_credits: list[tuple[int, str]] = field(default_factory=list)  # (line, outlet credited at the end)


def clean_body(lines: list[Line], rows: dict[int, Row]) -> Body:
    """Take the page out of the article's lines (from the lead to the end)."""
    body = Body([])
    rows_after = [rows[line.number] for line in lines if line.number in rows]
    end = _end_of_page(rows_after)
    for line in lines:
        row = rows.get(line.number)
        if row is None:
            body.lines.append(line)  # blank: it may separate list items
        elif end is not None and line.number > end.number:
            body.removed.append(f"line {line.number}: {row.text} (after '{end.text}': not the article's)")
        elif row is end:
            body.removed.append(f"line {line.number}: {row.text} ({row.why or 'page furniture'})")
        elif row.kind != TEXT:
            body.removed.append(f"line {line.number}: {row.text} ({row.why})")
            if row.kind == DATE and row.number == rows_after[-1].number:
                body.end_date = (row.number, row.dates[0], row.text)
        else:
            body.lines.append(line)
    body.lines = _strip_trailing(body.lines, body.removed)
    _read_the_end(body)
    return body


def _end_of_page(rows: list[Row]) -> Row | None:
    """The header of the page's closing lists ("Berita Terkait", "More from
    ...", "Populer"), when no paragraph of the article comes after it."""
    for index, row in enumerate(rows):
        if END_OF_PAGE.match(row.text) and not any(r.kind == TEXT and is_paragraph(r.text) for r in rows[index + 1:]):
            return row
    return None


def _read_the_end(body: Body) -> None:
    """A date closing the text ('... – 22 Oktober 2025') is taken off and kept
    as a candidate; outlets credited at the end ('-TVS') are noted."""
    texts = [line for line in body.lines if line.stripped]
    if not texts:
        return
    last = texts[-1]
    suffix = _DATE_SUFFIX.search(last.stripped)
    if suffix and body.end_date is None:
        printed = suffix["date"].strip().rstrip(".")
        found = dates.find_dates(printed)
        kept = last.stripped[: suffix.start()].rstrip()
        if len(found) == 1 and found[0].span == (0, len(printed)) and word_count(kept) >= 3:
            index = body.lines.index(last)
            body.lines[index] = Line(last.number, last.text[: len(last.text) - len(last.stripped)] + kept)
            body.removed.append(f"line {last.number}: {suffix.group(0).strip()} (a date closing the text)")
            body.end_date = (last.number, found[0], printed)
    for line in texts[-3:]:
        credit = _END_CREDIT.search(line.stripped)
        if credit:
            body.end_credits.append((line.number, credit["credit"]))


def _strip_trailing(body: list[Line], removed: list[str]) -> list[Line]:
    """Drop comment widgets, credit lines and separators after the story."""
    while body:
        last = body[-1]
        text = last.stripped
        if not text:
            body.pop()
        elif _TRAILING_BOILERPLATE.match(text):
            removed.append(f"line {last.number}: {text} (trailing page furniture)")
            body.pop()
        else:
            mark = _TRAILING_MARKS.search(text)
            if mark and mark.start() > 0:
                removed.append(f"line {last.number}: {mark.group(0).strip()} (trailing mark)")
                body[-1] = Line(last.number, last.text[: len(last.text) - len(mark.group(0))].rstrip())
                continue  # what is left may be furniture too ("Komentar ***")
            break
    return body


# -------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def escape_markdown(text: str) -> str:
    """Make plain text render as itself: no accidental emphasis, links, HTML,
    headings, lists or rules from characters that happen to be in the article."""
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)  # '&ap;' in the text is not the entity ≈
    text = _MD_SPECIAL.sub(lambda m: "&lt;" if m.group(1) == "<" else "&gt;" if m.group(1) == ">" else "\\" + m.group(1), text)
    text = re.sub(r"^(#+)", lambda m: "\\" + m.group(1), text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    text = re.sub(r"^([-+])(\s)", r"\\\1\2", text)
    text = re.sub(r"^-(?=[-\s]*$)", r"\\-", text)  # a line of dashes ('---', '-- -') is a rule
    return text


def to_markdown(lines: list[Line]) -> str:
    return _render_markdown(_blocks(lines))


def _blocks(body: list[Line]) -> list[tuple[str, list[Line]]]:
    """Group body lines into ('p'|'ol'|'ul', lines) blocks; a list item may
    carry indented continuation lines."""
    blocks: list[tuple[str, list[Line]]] = []
    index = 0
    while index < len(body):
        line = body[index]
        text = line.stripped
        if not text:
            index += 1
            continue
        kind = _list_kind(text)
        if kind:
            items = [line]
            index += 1
            while index < len(body):
                nxt = body[index]
                if not nxt.stripped:
                    # a blank line ends the list unless another item follows
                    peek = index + 1
                    while peek < len(body) and not body[peek].stripped:
                        peek += 1
                    if peek < len(body) and _list_kind(body[peek].stripped) == kind and body[peek].indent <= line.indent + 1:
                        index = peek
                        continue
                    break
                if _list_kind(nxt.stripped) == kind and nxt.indent <= line.indent + 1:
                    items.append(nxt)
                elif nxt.indent > line.indent:
                    items.append(nxt)  # continuation of the current item
                else:
                    break
                index += 1
            blocks.append((kind, items))
            continue
        blocks.append(("p", [line]))
        index += 1
    return blocks


def _list_kind(text: str) -> str | None:
    return "ol" if _NUMBERED.match(text) else "ul" if _BULLET.match(text) else None


def _is_subheading(text: str, following: str | None) -> bool:
    """A short line standing alone between paragraphs, without a sentence's
    final punctuation: the crossheads news sites put in long stories."""
    if following is None or word_count(text) > 10 or len(text) > 90:
        return False
    if re.search(r"[.,;:]$", text.rstrip("'\"")):
        return False
    return looks_like_prose(following)


def _render_markdown(blocks: list[tuple[str, list[Line]]]) -> str:
    out: list[str] = []
    for position, (kind, lines) in enumerate(blocks):
        if kind == "p":
            text = lines[0].stripped
            following = None
            if position + 1 < len(blocks):
                following = " ".join(line.stripped for line in blocks[position + 1][1])
            if position > 0 and _is_subheading(text, following):
                out.append("## " + escape_markdown(text))
            else:
                out.append(escape_markdown(text))
            continue
        items: list[list[str]] = []
        base = lines[0].indent
        numbers: list[int] = []
        for line in lines:
            match = (_NUMBERED if kind == "ol" else _BULLET).match(line.stripped)
            if match and line.indent <= base + 1:
                items.append([match["text"]])
                if kind == "ol":
                    numbers.append(int(match["n"]))
            else:
                items[-1].append(line.stripped)
        if kind == "ol" and len(items) < 2:
            out.append(escape_markdown(lines[0].stripped))  # a lone "1." is not a list
            continue
        rendered = []
        for number, item in enumerate(items, start=numbers[0] if numbers else 1):
            marker = f"{number}." if kind == "ol" else "-"
            pad = " " * 4
            chunk = f"{marker} {escape_markdown(item[0])}"
            for extra in item[1:]:
                chunk += f"\n\n{pad}{escape_markdown(extra)}"
            rendered.append(chunk)
        # A blank line between items keeps continuation paragraphs inside them.
        out.append("\n\n".join(rendered))
    return "\n\n".join(out) + "\n"
