"""The head of a lead: where the story was filed and who filed it.

News copy opens its first paragraph with a dateline and the publisher in
many forms: "JAKARTA, KOMPAS.com -", "Jakarta (ANTARA) -", "Liputan6.com,
Jakarta -", "TEMPO.CO, Jakarta -", "BEIJING, June 16 (Reuters) -", "ASTANA.
KAZINFORM -", "KUALA LUMPUR:", "KUCHING, 7 Mac :", "ALMATY (Kazakhstan), May
24 —", "BEIJING, June 16, 2025 Chinese President...", "By Niam Seet Wei
ASTANA (Kazakhstan), July 14 (Bernama) --". read_prefix takes the prefix
apart; the lead's first sentence and a stand-in headline come from the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import dates
from .outlets import Outlets, load_outlets
from .rows import CJK_CHARACTER, word_count

_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_MON = rf"(?:{dates.MONTH_PATTERN})\.?"
_PREFIX_DATE = rf"(?:{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?|{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?)"
_DASHES = r"(?:-{1,2}|–|—)"
_SEPARATOR = re.compile(rf"\s+{_DASHES}(?:\s*{_DASHES})?\s+")
# "HEAD, <date> (AGENCY) - rest"; a date with its year may run straight into the text.
_DATED = re.compile(
    rf"^(?P<head>[^–—:]{{2,70}}?)[,.]?\s+(?P<date>{_PREFIX_DATE})(?![\w])\s*"
    rf"(?:\((?P<agency>[^()]{{2,40}})\)|/(?P<slashed>[^/\s][^/]{{1,39}})/)?"  # (Reuters), /Kazinform/
    rf"(?:\s*(?:{_DASHES}|:)(?:\s*{_DASHES})?\s*|(?<=\d)\s+(?=[A-Z\"'])|(?<=[)/])\s+(?=[A-Z\"']))(?P<rest>\S.*)$",
    re.I)
_PLACE_THEN_STOP = re.compile(r"^(?P<place>[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+){0,2})\.\s+(?=[A-Z\"'])")
# "新华社阿斯塔纳6月3日电（记者 ...）": agency, city, month and day, "reports", and the reporters.
_CHINESE_WIRE = re.compile(r"^(?P<agency>[\u4e00-\u9fff]{1,4}[社网])(?P<city>[\u4e00-\u9fff]{2,8}?)"
                           r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日电\s*(?:[（(][^）)]{1,40}[）)])?\s*(?P<rest>\S.*)$")
_COLON = re.compile(r"^(?P<head>[A-Z][A-Z .'/-]{1,30}[A-Z])\s*:\s+(?P<rest>[\"'A-Z].*)$")
_BY = re.compile(r"^By\s+(?P<name>(?:[A-Z][\w'.-]*\s+){1,4}?)(?=[A-Z][A-Z-]{2,}\b)")
_SECTION = re.compile(r"^(?P<label>[A-Z][\w&]{2,20})\s*\|\s+(?=\S)")
_DOMAIN = re.compile(r"\b[\w-]+(\.[a-z]{2,6})+\b", re.I)
_PUBLISHER_WORDS = re.compile(r"\b(news|newswire|wire|post|times|daily|pos|online|media|tv|radio|harian|koran|"
                              r"tribun|warta|kabar|channel|network|press|agency|pers|info)\b", re.I)


@dataclass(frozen=True)
class Prefix:
    """A lead's prefix taken apart; `rest` is the lead without it."""

    publisher: str | None
    dateline: str | None
    date: dates.DateMatch | None  # a full date printed in the prefix
    rest: str
    label: str | None = None  # a byline or section label before the prefix ("By Niam Seet Wei", "Internasional")
    day_month: tuple[int, int] | None = None  # (day, month) of a date printed without its year ("8 Jun")

    @property
    def found(self) -> bool:
        return self.publisher is not None or self.dateline is not None


def read_prefix(lead: str, outlets: Outlets | None = None) -> Prefix:
    """The dateline, publisher and date at the head of a lead, if it has them."""
    outlets = outlets or load_outlets()
    label, text = None, lead
    by = _BY.match(text)
    section = _SECTION.match(text)
    if by:
        label, text = "By " + by["name"].strip(), text[by.end():]
    elif section:
        label, text = section["label"], text[section.end():]
    for attempt in (_chinese_wire, _dated, _separated, _colon):
        prefix = attempt(text, outlets)
        if prefix is not None and word_count(prefix.rest) >= 3:
            return Prefix(prefix.publisher, prefix.dateline, prefix.date, prefix.rest, label, prefix.day_month)
    if label and section and word_count(text) >= 8:
        return Prefix(None, None, None, text, label)
    return Prefix(None, None, None, lead)


def split_lead_prefix(lead: str, outlets: Outlets | None = None) -> tuple[str | None, str | None, str]:
    """'RIAU24.COM - Presiden ...' -> (publisher, dateline, rest of the lead)."""
    prefix = read_prefix(lead, outlets)
    return prefix.publisher, prefix.dateline, prefix.rest


def prefix_alone(text: str, outlets: Outlets | None = None) -> Prefix | None:
    """A line that is only a prefix, the lead starting on the next one ('Jakarta –')."""
    match = re.fullmatch(rf"(?P<head>.+?)\s*{_DASHES}(?:\s*{_DASHES})?", text.strip())
    if not match:
        return None
    publisher, dateline = _read_head(match["head"], outlets or load_outlets())
    if publisher is None and dateline is None:
        return None
    return Prefix(publisher, dateline, None, "")


def _dated(text: str, outlets: Outlets) -> Prefix | None:
    match = _DATED.match(text)
    if not match:
        return None
    agency = match["agency"] or match["slashed"]
    head = match["head"] + (f", ({agency})" if agency else "")
    publisher, dateline = _read_head(head, outlets)
    if publisher is None and dateline is None:
        return None
    found = dates.find_dates(match["date"])
    return Prefix(publisher, dateline, found[0] if found else None, match["rest"],
                  day_month=None if found else dates.day_and_month(match["date"]))


def _chinese_wire(text: str, outlets: Outlets) -> Prefix | None:
    match = _CHINESE_WIRE.match(text)
    if not match:
        return None
    return Prefix(outlets.canonical(match["agency"]) or match["agency"], match["city"], None, match["rest"],
                  day_month=(int(match["d"]), int(match["m"])))


def _separated(text: str, outlets: Outlets) -> Prefix | None:
    heads: list[str] = []
    rest = text
    for _ in range(2):
        match = _SEPARATOR.search(rest)
        if not match or not _is_prefix_segment(rest[: match.start()]):
            break
        heads.append(rest[: match.start()].strip())
        rest = rest[match.end():]
    if not heads:
        return None
    # "KONTAN.CO.ID - JAKARTA. Pemerintah ...": after the publisher, a place in capitals and a full
    # stop (four letters or more: "PT. Pertamina" is a company)
    place = _PLACE_THEN_STOP.match(rest)
    if place and len(heads) == 1 and len(place["place"]) >= 4 and is_publisher(heads[0], outlets):
        heads.append(place["place"])
        rest = rest[place.end():]
    publisher, dateline = _read_head(", ".join(heads), outlets)
    if publisher is None and dateline is None:
        return None
    return Prefix(publisher, dateline, None, rest)


def _colon(text: str, outlets: Outlets) -> Prefix | None:
    match = _COLON.match(text)
    if not match or not _is_prefix_segment(match["head"]):
        return None
    publisher, dateline = _read_head(match["head"], outlets)
    if publisher is None and dateline is None:
        return None
    return Prefix(publisher, dateline, None, match["rest"])


def _read_head(head: str, outlets: Outlets) -> tuple[str | None, str | None]:
    """'KAZAKHSTAN, KOMPAS.TV' -> ('Kompas TV', 'Kazakhstan'); (None, None)
    when the head is not a prefix. A second place ('ALMATY, Kazakhstan') and
    a place in parentheses ('ALMATY (Kazakhstan)') qualify the first."""
    parts: list[tuple[str, bool]] = []  # (text, in parentheses)
    for piece in re.split(r",\s+|(?<=[A-Z]{2})\.\s+(?=[A-Z])", head.strip()):
        inner = re.fullmatch(r"(?P<before>[^()]*?)\s*\((?P<paren>[^()]+)\)", piece.strip())
        if inner:
            if inner["before"]:
                parts.append((inner["before"], False))
            parts.append((inner["paren"], True))
        elif piece.strip():
            parts.append((piece.strip(), False))
    if not parts or not all(_is_prefix_segment(text) for text, _ in parts):
        return None, None
    publisher = dateline = None
    for text, in_parentheses in parts:
        if is_publisher(text, outlets, in_parentheses):
            publisher = publisher or outlets.canonical(text) or text
        elif not in_parentheses and dateline is None:
            dateline = _city(text)
    return publisher, dateline


def is_publisher(text: str, outlets: Outlets, in_parentheses: bool = False) -> bool:
    """Does this name, standing where a publisher or a place may stand, read
    as a publisher: a known outlet, a domain, 'JurnalPatroliNews', 'RIAU24',
    'Radio ... Online', or '(AGENCY)'?"""
    if outlets.canonical(text) is not None or _DOMAIN.search(text) or re.search(r"[a-z][A-Z]", text):
        return True
    if re.search(r"\d", text) or _PUBLISHER_WORDS.search(text):
        return True
    return in_parentheses and (text.isupper() or "/" in text)


def _is_prefix_segment(segment: str) -> bool:
    """A dateline or publisher: a few capitalised words, a domain, or '(AGENCY)'."""
    words = segment.replace("(", " ").replace(")", " ").replace(",", " ").split()
    if not 1 <= len(words) <= 5 or len(segment) > 60:
        return False
    return all(w[0].isupper() or w[0].isdigit() or _DOMAIN.fullmatch(w) for w in words)


def _city(segment: str) -> str:
    """'BEIJING' -> 'Beijing'; mixed-case names are kept as written."""
    return segment.title() if segment.isupper() else segment


# ------------------------------------------------------------- sentences

_ABBREVIATIONS = {"dr", "drs", "ir", "prof", "h", "hj", "st", "no", "tn", "ny", "sdr", "bpk", "dll",
                  "dsb", "dkk", "mr", "mrs", "ms", "jr", "sr", "u.s", "a.s", "vs", "jl", "kab", "kec"}


def first_sentence(paragraph: str) -> str:
    """The lead sentence: up to the first full stop that ends a sentence
    (in Chinese or Japanese text, 。！？ end it wherever they stand)."""
    wide = re.search(r"[。！？][”」』]?(?=.)", paragraph)
    if wide and len(CJK_CHARACTER.findall(paragraph)) * 2 > sum(c.isalpha() for c in paragraph):
        return paragraph[: wide.end()].strip()
    for match in re.finditer(r"[.!?]['\")]*(?=\s+['\"(]?[A-Z0-9])", paragraph):
        before = paragraph[: match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        return paragraph[: match.end()].strip()
    return paragraph.strip()


def provisional_title(lead: str) -> str:
    """A stand-in headline from the lead: its first clause, at most 12 words
    (the lead's first words, when punctuation leaves no clause before it)."""
    lead = re.sub(r"^(\d{1,2}[.)]|[-•*·▪●])\s+", "", lead)  # a list item's number is not the title's
    clause = re.split(r"[,;:]\s", first_sentence(lead), maxsplit=1)[0].rstrip(".!?:;,–—- ")  # "... ." too
    if not any(c.isalpha() for c in clause):
        clause = " ".join(re.findall(r"\w[\w'-]*", lead)[:13]) or lead.strip()
    words = clause.split()
    if len(words) > 12:
        return " ".join(words[:12]) + " …"
    return clause
