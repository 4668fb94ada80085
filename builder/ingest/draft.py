"""Raw article text as copied from a news site -> an ArticleDraft for review.

The stages, each in its own module: decode (bytes to numbered lines), rows
(what each line is: text, date line, byline, caption, related link, page
furniture), reading (the lead, the headline, the date and the publisher,
weighed on evidence), body (the article's text, cleaned, as Markdown),
language. Pure functions only: the same seed and outlet list always give the
same draft. When the text does not say something plainly (above all the
date), the draft leaves it empty and the review list says why.
"""
from __future__ import annotations

import hashlib
import re

from ..errors import SeedError
from ..models import ArticleDraft
from . import reading
from .body import Body, clean_body, escape_markdown, to_markdown  # noqa: F401  (escape_markdown: part of the API)
from .decode import MAX_SEED_BYTES, Line, read_lines  # noqa: F401
from .language import detect_language
from .lead import Prefix, first_sentence, provisional_title, read_prefix, split_lead_prefix  # noqa: F401
from .outlets import Outlets, load_outlets
from .rows import TEXT, Row, date_row, looks_like_prose, read_rows


def draft_from_bytes(raw: bytes, name: str, where: str | None = None, outlets: Outlets | None = None) -> ArticleDraft:
    """Read one seed (its bytes and file name) into a draft for review.

    `where` is how messages name the file (e.g. 'seeds/x.txt'); default: name.
    `outlets`: the outlets known by name (default: the packaged list).
    """
    label = where or name
    lines, warnings = read_lines(raw, label)
    return draft_from_lines(lines, name, hashlib.sha256(raw).hexdigest(), label, outlets or load_outlets(), warnings)


# "Judul berita ***": a separator after a headline, as the body's last line
# loses it (body.py), so that a headline printed again below reads the same;
# with the dash or colon before it ("Judul - ***", "Judul: ***"), which
# would read as a dateline or a label, and however many ("Judul *** ***").
_SEPARATOR_AFTER = re.compile(r"(\s+[-–—]|:)?(\s+(\*{3,}|-{3,}|_{3,}))+$")


def draft_from_lines(lines: list[Line], name: str, sha256: str, label: str, outlets: Outlets,
                     warnings: list[str] | None = None) -> ArticleDraft:
    """The draft of text already read into numbered lines (a plain-text seed,
    or the visible text of a saved page)."""
    warnings = list(warnings or ())
    rows = read_rows(lines)
    lead = reading.find_lead(rows, outlets)
    if lead is None or (not looks_like_prose(rows[lead.index].text) and sum(r.kind == TEXT for r in rows) < 2):
        number = rows[lead.index].number if lead is not None else None
        raise SeedError(label, number, "no article text after the headline; paste the whole article, or delete "
                        "this seed")
    headline = reading.choose_headline(rows, lead, outlets)
    title = rows[headline.index].text if headline.index is not None else None
    site = None
    if title is not None:
        title, site = reading.site_suffix(_SEPARATOR_AFTER.sub("", title), outlets)
    prefix = lead.prefix
    if prefix.found and _would_be_furniture(prefix.rest, title, outlets):
        prefix = Prefix(None, None, None, rows[lead.index].text)  # ambiguous: keep the lead as written
    lead = reading.Lead(lead.index, prefix, lead.prefix_row)

    removed = _above_the_lead(rows, lead, headline.index)
    if site:
        removed.append(f"line {rows[headline.index].number}: {site} (the site's name after the headline)")
    lead_row = rows[lead.index]
    start = next(i for i, line in enumerate(lines) if line.number == lead_row.number)
    body_lines = [Line(lead_row.number, lead_row.line.text[:lead_row.line.indent] + prefix.rest)] + lines[start + 1:]
    body = clean_body(body_lines, {row.number: row for row in rows})
    removed += body.removed
    if not any(line.stripped for line in body.lines):
        raise SeedError(label, lead_row.number, "no article text after the headline; paste the whole article, or "
                        "delete this seed")
    text = " ".join(line.stripped for line in body.lines if line.stripped)
    language = detect_language((title or "") + "\n" + text)

    review: list[str] = []
    if title is None:
        title = provisional_title(prefix.rest)
        why = headline.note or "title: the text has no headline"
        review.append(f"{why}; this one is taken from the lead. Write the headline and set title_source: editor")

    dated = _read_date(rows, lead, headline.index, body, language, label)
    review += dated.review
    warnings += dated.warnings
    publisher = reading.choose_publisher(rows, lead, headline.index, body, outlets)
    if publisher.note:
        review.append(publisher.note)

    return ArticleDraft(
        title=title,
        title_source="headline" if headline.index is not None else "provisional",
        date=dated.value,
        date_source=dated.source,
        publisher=publisher.name,
        dateline=prefix.dateline,
        language=language,
        summary=first_sentence(prefix.rest),
        body=to_markdown(body.lines),
        seed=name,
        seed_sha256=sha256,
        review=tuple(review),
        removed=tuple(removed),
        warnings=tuple(warnings),
    )


def _read_date(rows: list[Row], lead: reading.Lead, headline: int | None, body: Body, language: str,
               label: str) -> reading.DateReading:
    """The candidates from every place a date can stand, weighed together."""
    lead_row = rows[lead.index]
    prefix_date = None
    if lead.prefix.date is not None:
        printed = lead_row.text[: max(0, len(lead_row.text) - len(lead.prefix.rest))].strip()
        prefix_date = reading.DateCandidate(lead.prefix.date, lead_row.number, printed, "in the dateline", "published",
                                            reading.date_problem(lead.prefix.date, language))
    end_date = None
    if body.end_date is not None:
        line, match, printed = body.end_date
        end_date = reading.DateCandidate(match, line, printed, "closing the text", "",
                                         reading.date_problem(match, language))
        if end_date.problem:
            end_date = None
    return reading.choose_date(reading.header_dates(rows, headline, lead, language), prefix_date, end_date,
                               reading.event_dates(rows, lead), reading.elsewhere_dates(rows, lead), label)


def _above_the_lead(rows: list[Row], lead: reading.Lead, headline: int | None) -> list[str]:
    """What stood above the lead, for the removed: list (the headline apart)."""
    removed = []
    for index, row in enumerate(rows[:lead.index]):
        if index == headline:
            continue
        if index == lead.prefix_row:
            why = "the dateline, on a line of its own"
        elif row.kind != TEXT:
            why = row.why
        elif headline is not None and reading.same_words(row.text, rows[headline].text):
            why = "headline repeated"
        elif headline is not None and index < headline:
            why = "above the headline"
        else:
            why = "above the lead"
        removed.append(f"line {row.number}: {row.text} ({why})")
    if lead.prefix.label:
        removed.append(f"line {rows[lead.index].number}: {lead.prefix.label} (a label before the lead)")
    return removed


def _would_be_furniture(text: str, title: str | None, outlets: Outlets) -> bool:
    """Would this lead, once its prefix is gone, read as page furniture or
    carry yet another prefix? Then the prefix reading is not safe."""
    if date_row(text) or (title is not None and reading.same_words(text, title)):
        return True
    if not looks_like_prose(text):
        return True
    return read_prefix(text, outlets).found
