"""Reading a page's head by evidence: where the lead starts, which line is
the headline, which date is the publication date, who published the page.

Each is chosen among candidates scored on what they are and where they
stand (a headline has a date line, a byline or the lead under it, or is
printed twice; a date under the headline is the page's, one in the site's
header is a clock), and taken only when it clearly beats the rest. A wrong
date is worse than none: an editor trusts a date that looks stated, so
dates that disagree leave `date: null` and the review note names them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import dates
from .body import Body
from .lead import Prefix, is_publisher, prefix_alone, read_prefix
from .outlets import Outlets
from .rows import (ADDRESS, BYLINE, CAPTION, DATE, FURNITURE, RELATED, TEXT, Row, is_name, is_paragraph,
                   looks_like_prose, publisher_before_date, word_count)

HEADER_ROWS = 15  # a lead starts within this many lines of the top on the pages we have seen
EVENT_PARAGRAPHS = 4  # the lead and the three paragraphs after it may date the event they report


@dataclass(frozen=True)
class Lead:
    index: int  # of the lead's row
    prefix: Prefix
    prefix_row: int | None = None  # a row holding only the prefix ("Jakarta –"), above the lead


def find_lead(rows: list[Row], outlets: Outlets) -> Lead | None:
    """The lead: the first paragraph opening with a dateline or publisher
    near the top (captions, a summary or page furniture may stand above it);
    else the first paragraph that has no date line under it (a long headline
    does)."""
    prose_above = 0
    for index, row in enumerate(rows[:HEADER_ROWS]):
        if row.kind != TEXT:
            continue
        alone = prefix_alone(row.text, outlets) if not any(
            r.kind == TEXT and looks_like_prose(r.text) for r in rows[:index]) else None
        if alone is not None and index + 1 < len(rows) and rows[index + 1].kind == TEXT and \
                looks_like_prose(rows[index + 1].text):
            following = read_prefix(rows[index + 1].text, outlets)
            return Lead(index + 1, Prefix(alone.publisher, alone.dateline, None, following.rest, following.label),
                        index)
        prefix = read_prefix(row.text, outlets)
        if prefix.found and looks_like_prose(prefix.rest) and not _heads_a_date(rows, index) and prose_above <= 2:
            return Lead(index, prefix)
        if is_paragraph(row.text) and not _heads_a_date(rows, index):
            prose_above += 1
    texts = [i for i, row in enumerate(rows) if row.kind == TEXT]
    for position, index in enumerate(texts):
        text = rows[index].text
        repeated = position + 1 < len(texts) and same_words(rows[texts[position + 1]].text, text)
        # A first line of up to 20 words without a full stop is a headline: headlines run to 15 words or more.
        headline_sized = position == 0 and word_count(text) <= 20 and not is_paragraph(text) and len(texts) > 1
        if looks_like_prose(text) and not _heads_a_date(rows, index) and not repeated and not headline_sized:
            return Lead(index, read_prefix(text, outlets))
    later = [i for i in texts[1:] if not same_words(rows[i].text, rows[texts[0]].text)
             and not re.search(r"[:–—-]$", rows[i].text)] or texts[1:]  # past a repeated headline, labels and datelines
    if later:
        return Lead(later[0], read_prefix(rows[later[0]].text, outlets))
    return Lead(texts[0], read_prefix(rows[texts[0]].text, outlets)) if texts else None


def same_words(a: str, b: str) -> bool:
    """The same words, whatever the punctuation, case and separators between
    or after them: a headline printed again ("Judul ***", then "Judul")."""
    squash = lambda s: re.sub(r"\W+", "", s).lower()  # noqa: E731
    return squash(a) == squash(b)


def _heads_a_date(rows: list[Row], index: int) -> bool:
    """Is a date line right under this row (past a byline)? Then it is a headline."""
    for row in rows[index + 1:index + 4]:
        if row.kind == DATE:
            return True
        if not (row.kind == BYLINE or row.kind == TEXT and is_name(row.text)):
            return False
    return False


# ----------------------------------------------------------------- headline

_LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[-•*·▪●])\s")


@dataclass(frozen=True)
class Headline:
    index: int | None  # of the headline's row; None: the text has none
    note: str | None  # for the review list, when candidates were close


def choose_headline(rows: list[Row], lead: Lead, outlets: Outlets) -> Headline:
    """The best-scored line above the lead, when it clearly beats the others."""
    scored: dict[str, tuple[int, int, list[str]]] = {}  # text -> (score, index, reasons)
    top = lead.prefix_row if lead.prefix_row is not None else lead.index
    for index in range(top):
        row = rows[index]
        if row.kind != TEXT or not 1 <= row.words <= 30 or re.search(r"[:–—-]$", row.text) or \
                _LIST_ITEM.match(row.text):
            continue  # (a line ending in ':' is a label, in '-' a dateline; '1. Buka konten' a menu)
        score, reasons = _headline_score(rows, index, lead.index, top, outlets)
        key = re.sub(r"\W+", "", row.text).lower()
        if key not in scored or score > scored[key][0]:
            scored[key] = (score, scored[key][1] if key in scored else index, reasons)
    if not scored:
        return Headline(None, None)
    ranked = sorted(scored.values(), key=lambda item: (-item[0], item[1]))
    best_score, best_index, reasons = ranked[0]
    if best_score < 2:
        return Headline(None, None)
    if len(ranked) > 1 and ranked[1][0] >= best_score - 1:
        runner = rows[ranked[1][1]]
        return Headline(None, f"title: no line clearly reads as the headline: line {rows[best_index].number} "
                              f"'{_short(rows[best_index].text)}' ({', '.join(reasons) or 'no evidence'}) and line "
                              f"{runner.number} '{_short(runner.text)}' weigh alike")
    return Headline(best_index, None)


def _headline_score(rows: list[Row], index: int, lead_index: int, top: int,
                    outlets: Outlets) -> tuple[int, list[str]]:
    row = rows[index]
    score, reasons = 0, []
    below = _below(rows, index, top, outlets)
    if below == "date":
        score, reasons = score + 3, reasons + ["a date line under it"]
    elif below == "date after its standfirst":
        score, reasons = score + 3, reasons + ["its standfirst and a date line under it"]
    elif below == "date after a summary":
        score, reasons = score + 2, reasons + ["a summary and a date line under it"]
    elif below == "lead":
        score, reasons = score + 2, reasons + ["the lead under it"]
    elif below == "lead after a summary":
        score, reasons = score + 1, reasons + ["a summary and the lead under it"]
    if any(r.text == row.text for r in rows[index + 1:lead_index + 2]):
        score, reasons = score + 3, reasons + ["printed twice"]
    if not any(r.kind == TEXT for r in rows[:index]):
        score, reasons = score + 1, reasons + ["the first text on the page"]
    above = next((r for r in reversed(rows[:index]) if r.kind not in (FURNITURE, BYLINE)), None)
    if above is not None and above.kind == DATE:
        score, reasons = score + 1, reasons + ["a date line above it"]
    if row.words <= 2:
        score -= 1  # a label, more often than a headline
    if row.words > 25 or is_paragraph(row.text):
        score -= 2  # a paragraph: a summary or caption
    if is_name(row.text) and any(r.kind == TEXT and r.words >= 3 and not _credit(r, outlets) for r in rows[:index]):
        score -= 2  # a name under the headline: the byline (under the site's label, a title-case headline)
    if _credit(row, outlets) and (any(r.kind == TEXT for r in rows[:index]) or outlets.canonical(row.text)):
        score -= 3  # 'News - Nama Penulis, CNBC Indonesia': a credit; 'kumparanNEWS' alone: the site's label
    if index and _standfirst(rows, index - 1, index):
        score -= 2  # the longer line under a headline, which sums the story up
    return score, reasons


def _standfirst(rows: list[Row], headline: int, index: int) -> bool:
    """Is rows[index] the standfirst of the headline-sized line right above
    it ('Why Beijing is courting the steppe', then 'Analysis: China's
    growing footprint in Kazakhstan worries Moscow')? A standfirst is longer
    than its headline, 8 to 40 words, and written as a sentence, not in
    title case; a kicker or menu above a headline is shorter than five words
    or a numbered list."""
    above, row = rows[headline], rows[index]
    if not (index == headline + 1 and above.kind == TEXT and row.kind == TEXT and
            5 <= above.words < row.words and 8 <= row.words <= 40):
        return False
    if is_paragraph(above.text) or re.search(r"[:–—-]$", above.text) or _LIST_ITEM.match(above.text):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", row.text)[1:]
    return sum(w[0].islower() for w in words) >= 0.4 * len(words)


def _credit(row: Row, outlets: Outlets) -> bool:
    """A short line naming the site: a credit or the site's label."""
    return row.words <= 8 and bool(outlets.named_in(row.text) or _DOMAIN_LIKE.search(row.text))


def site_suffix(title: str, outlets: Outlets) -> tuple[str, str | None]:
    """'Xi Tiba di Astana | Republika Online' -> ('Xi Tiba di Astana', 'Republika
    Online'): pages copied with their <title> end the headline with the site."""
    match = re.fullmatch(r"(?P<title>.+?)\s+[|–—-]\s+(?P<site>[^|–—]{2,40})", title)
    if match and word_count(match["title"]) >= 3 and (outlets.canonical(match["site"]) or
                                                       _DOMAIN_LIKE.fullmatch(match["site"].strip())):
        return match["title"], match["site"].strip()
    return title, None


def _below(rows: list[Row], index: int, top: int, outlets: Outlets) -> str | None:
    """What stands under a headline candidate, past bylines, captions, page
    furniture, short labels and at most one summary paragraph."""
    summary = standfirst = False
    for position in range(index + 1, min(len(rows), top + 1)):
        row = rows[position]
        if position == top:
            return "lead after a summary" if summary else "lead"
        if row.kind == DATE:
            return "date after its standfirst" if standfirst else "date after a summary" if summary else "date"
        if row.kind == TEXT and not summary and _standfirst(rows, index, position):
            summary = standfirst = True
            continue
        if row.kind in (BYLINE, CAPTION, FURNITURE, ADDRESS, RELATED):
            continue
        if row.kind == TEXT and (row.words <= 2 or is_name(row.text) or _credit(row, outlets)):
            continue
        if row.kind == TEXT and looks_like_prose(row.text) and not summary:
            summary = True
            continue
        return None
    return None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -------------------------------------------------------------------- dates

@dataclass(frozen=True)
class DateCandidate:
    match: dates.DateMatch
    line: int
    printed: str
    where: str  # where it stands, in words
    role: str = ""  # 'published', 'updated', 'event' or ''
    problem: str | None = None  # why it is not the publication date; None: it may be

    def describe(self) -> str:
        return f"line {self.line} '{_short(self.printed, 50)}' ({self.where}" + \
               (f": {self.problem})" if self.problem else ")")


@dataclass
class DateReading:
    value: object = None  # dt.date | dt.datetime | None
    source: str | None = None  # 'stated' | 'inferred'
    review: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_UPDATED = re.compile(r"\b(diperbarui|diperbaharui|updated?|last updated|modified)\b\s*:?\s*$", re.I)
_PUBLISHED = re.compile(r"\b(diterbitkan|dipublikasikan|dipublish|terbit|published|posted)\b\s*:?\s*$", re.I)


def header_dates(rows: list[Row], headline: int | None, lead: Lead, language: str) -> list[DateCandidate]:
    """Candidates from the date lines above the lead, each with its problem.
    A numeric date that reads both ways is read as the dateline's day and
    month say, when the dateline has them ('ASTANA, 8 Jun (Bernama) --')."""
    found = []
    day_month = lead.prefix.day_month
    top = lead.prefix_row if lead.prefix_row is not None else lead.index
    anchor = headline if headline is not None else top
    for index in range(top):
        row = rows[index]
        if row.kind != DATE:
            continue
        previous_end = 0
        for match in row.dates:
            if day_month is not None:
                match = dates.settle(match, *day_month)
            before = row.text[previous_end:match.span[0]]
            previous_end = match.span[1]
            role = "updated" if _UPDATED.search(before) else "published" if _PUBLISHED.search(before) else ""
            printed = row.text[match.span[0]:match.span[1]]
            above = index < anchor
            where = "above the headline" if above and headline is not None else \
                "above the lead" if above else "under the headline"
            problem = date_problem(match, language, above)
            if problem is None and above:
                between = rows[index + 1:anchor]
                apart = len(between) > 1 or any(r.words > 3 for r in between)
                if headline is None and between or headline is not None and apart:
                    problem = "apart from the text: a clock or widget in the page's header"
                elif headline is not None and not match.has_time:
                    problem = "no time with it: the site's date widget, not the article's"
            found.append(DateCandidate(match, row.number, printed, where, role, problem))
    return found


def date_problem(match: dates.DateMatch, language: str, above: bool = False) -> str | None:
    """Why a date cannot be the publication date on its own evidence, or None."""
    if not match.weekday_agrees:
        return "the weekday it names is not that date's"
    if match.ambiguous:
        return f"it reads as {match.day.day}/{match.day.month} or {match.day.month}/{match.day.day}"
    if above and language != "en" and match.english_names:
        return "written in English on a page that is not: the site's own widget"
    return None


def event_dates(rows: list[Row], lead: Lead) -> list[DateCandidate]:
    """Dates the lead and the paragraphs after it give the reported event,
    with its weekday: "Senin (16/6/2025)", "pada Kamis, 6 Januari 2022"."""
    found = []
    paragraphs = [(rows[lead.index].number, lead.prefix.rest)] + [
        (row.number, row.text) for row in rows[lead.index + 1:] if row.kind == TEXT and looks_like_prose(row.text)]
    for position, (line, text) in enumerate(paragraphs[:EVENT_PARAGRAPHS]):
        match = dates.find_weekday_date(text)
        if match is not None:
            where = "in the lead" if position == 0 else f"in paragraph {position + 1}"
            problem = None if match.weekday_agrees and not match.ambiguous else "its weekday is not that date's"
            end = match.span[1] + (text[match.span[1]:match.span[1] + 1] == ")")  # "Senin (16/6/2025)"
            found.append(DateCandidate(match, line, text[match.span[0]:end], where, "event", problem))
    return found


def elsewhere_dates(rows: list[Row], lead: Lead) -> list[DateCandidate]:
    """Dates in captions and lists of other stories: never the article's, but
    named in the review so the editor sees what was passed over."""
    found = []
    for row in rows:
        if row.kind in (CAPTION, RELATED) or (row.kind == DATE and row.number > rows[lead.index].number):
            where = "in a photo caption" if row.kind == CAPTION else \
                "in a list of other stories" if row.kind == RELATED else "a date line inside the text"
            for match in dates.find_dates(row.text):
                found.append(DateCandidate(match, row.number, row.text[match.span[0]:match.span[1]], where, "",
                                           "not the article's"))
    return found


def choose_date(header: list[DateCandidate], prefix: DateCandidate | None, end: DateCandidate | None,
                events: list[DateCandidate], elsewhere: list[DateCandidate], label: str) -> DateReading:
    """Stated dates first (under the headline, in the dateline), then a date
    closing the text, then the date of the page's last update or else the
    event's date in the lead (both inferred); any disagreement leaves no
    date."""
    reading = DateReading()
    published = [c for c in header if c.role != "updated"]
    updated = [c for c in header if c.role == "updated"]
    stated = [c for c in published + ([prefix] if prefix else []) if c.problem is None]
    passed_over = [c for c in header + events + elsewhere if c.problem is not None]
    if len({c.match.day for c in stated}) > 1:
        under = [c for c in stated if c.where != "above the headline"]
        over = [c for c in stated if c.where == "above the headline"]
        if under and over and all(o.match.day > max(u.match.day for u in under) for o in over):
            passed_over += [DateCandidate(o.match, o.line, o.printed, o.where, o.role,
                                          "later than the date under the headline: a clock") for o in over]
            stated = under
    if len({c.match.day for c in stated}) > 1:
        reading.review.append("date: the text states different dates: " + "; ".join(c.describe() for c in stated)
                              + ". Set date: YYYY-MM-DD and date_source: editor")
        reading.warnings.append(f"{label}: the text states different dates; date left empty. Set `date:` in the "
                                "front matter of the imported article")
        return reading
    if stated:
        chosen = min(stated, key=lambda c: (c.role != "published", c.where != "under the headline"))
        reading.value, reading.source = chosen.match.value, "stated"
        if passed_over:
            reading.review.append(f"date: {chosen.describe()}; passed over: {_listed(passed_over)}")
        return reading
    if end is not None:
        reading.value, reading.source = end.match.value, "stated"
        reading.review.append(f"date: taken from the end of the text, {end.describe()}; check it is the "
                              "publication date" + (f"; passed over: {_listed(passed_over)}" if passed_over else ""))
        return reading
    usable = [c for c in events if c.problem is None]
    update = [c for c in updated if c.problem is None]
    if update and not usable and len({c.match.day for c in update}) == 1:
        # Wire services often print only when a story was last updated:
        # the best evidence there is, but the story may be older.
        reading.value, reading.source = update[0].match.value, "inferred"
        reading.review.append(f"date: the page says only when it was updated, {update[0].describe()}; the "
                              "story may be older: check the publication date" +
                              (f"; passed over: {_listed(passed_over)}" if passed_over else ""))
        return reading
    if usable:
        event = usable[0]
        clocks = [c for c in published if c.problem is not None and c.match.day != event.match.day]
        if not clocks:
            reading.value, reading.source = event.match.value, "inferred"
            reading.review.append(f"date: inferred from the event's date {event.where} ('{event.printed}', line "
                                  f"{event.line}); check it is the publication date" +
                                  (f"; passed over: {_listed(passed_over)}" if passed_over else ""))
            return reading
        passed_over = clocks + [event] + [c for c in passed_over if c not in clocks]
        reading.review.append(f"date: the lead dates the event {event.match.day.isoformat()} but the page also "
                              f"shows {_listed(clocks)}; which is the publication date is not clear. Set date: "
                              "YYYY-MM-DD and date_source: editor")
    else:
        reading.review.append("date: the text states no publication date" +
                              (f" (passed over: {_listed(passed_over)})" if passed_over else "") +
                              ". Set date: YYYY-MM-DD and date_source: editor")
    weekday = [c for c in published if c.problem == "the weekday it names is not that date's"]
    if weekday:
        reading.warnings.append(f"{label}:{weekday[0].line}: the date line names a weekday the date does not fall "
                                "on; date left empty. Set it in the front matter")
    else:
        reading.warnings.append(f"{label}: no publication date in the text; set `date:` in the front matter of the "
                                "imported article")
    return reading


def _listed(candidates: list[DateCandidate], limit: int = 3) -> str:
    unique = list({(c.line, c.printed): c for c in candidates}.values())
    shown = "; ".join(c.describe() for c in unique[:limit])
    more = len(unique) - limit
    return shown + (f"; and {more} more" if more > 0 else "")


# ---------------------------------------------------------------- publisher

_DOMAIN_LIKE = re.compile(r"(?<![\w@/.])(?:www\.)?([A-Za-z][\w-]*(?:\.[\w-]+)*\.(?:com|co\.id|co|id|net|org|tv|"
                          r"news|my|com\.my|kz|uz|info|online|asia|ph|link))(?![\w.])", re.I)
_COPYRIGHT_NAME = re.compile(r"(?:copyright|hak cipta|©|\(c\))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
                             r"(?P<name>[^.,|©]{2,40}?)\s*(?:\d{4})?\s*(?:[.,|]|all rights|hak cipta|$)", re.I)


@dataclass(frozen=True)
class PublisherReading:
    name: str | None
    note: str | None  # for the review list, when the evidence is thin


_SOURCE = re.compile(r"(?:来源|來源|source|sumber|источник)\s*[:：]\s*(?P<name>[^|/·•]+?)\s*(?:$|[|/·•])", re.I)


def choose_publisher(rows: list[Row], lead: Lead, headline: int | None, body: Body,
                     outlets: Outlets) -> PublisherReading:
    """The outlet that published the page: named in the dateline, on the date
    line, credited at the end or as the byline, in a copyright line, in the
    page's own address, or (weakest) in its header or footer."""
    candidates: list[tuple[int, int, str, str]] = []  # (strength, line, name, where)
    lead_row = rows[lead.index]
    if lead.prefix.publisher:
        candidates.append((5, lead_row.number, lead.prefix.publisher, "in the dateline"))
    body_lines = {line.number for line in body.lines}
    for index, row in enumerate(rows):
        in_body = row.number in body_lines
        if row.kind == DATE and row.number < lead_row.number:
            named = publisher_before_date(row.text, row.dates[0])
            if named and is_publisher(named, outlets):  # ('Jakarta ● Mon, June 16, 2025' names a place)
                candidates.append((4, row.number, named, "on the date line"))
            source = _SOURCE.search(row.text)  # '2024年06月03日 14:05 来源：新华社', 'Source: Xinhua | 2024-06-03'
            if source and outlets.canonical(source["name"]):
                candidates.append((4, row.number, source["name"], "as the source on the date line"))
        elif row.kind == BYLINE and (outlets.canonical(re.sub(r"^(by|oleh)\s*:?\s*", "", row.text, flags=re.I))):
            candidates.append((3, row.number, re.sub(r"^(by|oleh)\s*:?\s*", "", row.text, flags=re.I),
                               "as the byline"))
        elif row.kind == FURNITURE and row.why == "a copyright line":
            match = _COPYRIGHT_NAME.search(row.text)
            if match and match["name"].strip():
                candidates.append((3, row.number, match["name"].strip(), "in the copyright line"))
        elif row.kind == ADDRESS or (row.kind == RELATED and re.match(r"artikel ini bisa dilihat di", row.text, re.I)):
            address = re.search(r"(?:https?://)?(?:www\.)?([\w-]+(?:\.[\w-]+)+)(?:/\S*)?", row.text.split(": ")[-1])
            if address:
                name = outlets.for_address(address.group(0)) or address.group(1)
                candidates.append((2, row.number, name, "in the page's address"))
        elif not in_body and index != headline and (row.kind in (TEXT, FURNITURE) or
                                                    row.kind == RELATED and row.text.lower().startswith("more from")):
            named = outlets.named_in(row.text)
            domain = _DOMAIN_LIKE.search(row.text) if row.kind != RELATED else None
            if named or domain:
                candidates.append((1, row.number, named or domain.group(1), "in the page's header or footer"))
    if headline is not None:
        _, site = site_suffix(rows[headline].text, outlets)
        if site:
            candidates.append((3, rows[headline].number, site, "after the headline"))
    for line, credit in body.end_credits:
        if outlets.canonical(credit) or (credit.isupper() and len(credit) >= 3):
            candidates.append((3, line, credit, "credited at the end of the text"))
    if not candidates:
        return PublisherReading(None, None)
    strength, line, name, where = max(candidates, key=lambda c: (c[0], -c[1]))
    canonical = outlets.canonical(name) or name.strip(" ()")
    note = None
    if strength <= 2:
        note = f"publisher: '{canonical}' from line {line} ({where}); check it is the site that published the page"
    return PublisherReading(canonical, note)
