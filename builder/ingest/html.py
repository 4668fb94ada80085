"""Saved web pages (.html, and the pages of a web archive) -> drafts.

A saved page carries what copied text loses: the headline and date in the
page's own markup, the publisher's name, the canonical address, the
language. The article's text comes from trafilatura (it leaves out
navigation, comments, related links and footers); the metadata from the
page's markup first (a JSON-LD NewsArticle, then Open Graph and article:*
meta, then htmldate through trafilatura), then from the page's visible text
read the way plain-text seeds are read. Where the markup and the text
disagree on the date, the draft says so and leaves the date empty.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import trafilatura
from lxml import etree

from .. import dates
from ..errors import SeedError
from ..models import ArticleDraft
from ..text import WEB_ADDRESS
from .body import escape_markdown
from .decode import Line, normalise_line
from .draft import draft_from_lines
from .language import LANGUAGES, detect_language
from .lead import first_sentence, provisional_title, read_prefix
from .outlets import Outlets
from .reading import site_suffix
from .rows import RELATED, TEXT, classify, looks_like_prose, word_count

MIN_WORDS = 40  # less main text than this: not an article (a home page, a list of links, a gallery)
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                  "BackgroundNewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle"}
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
              "publish-date", "publish_date", "dc.date.issued", "dc.date", "dcterms.created", "dcterms.date",
              "parsely-pub-date", "sailthru.date", "content_publishdate", "date")
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "head", "select", "button", "form"}
_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "ul", "ol", "li",
               "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "table", "tr", "td", "th",
               "dl", "dt", "dd", "pre", "address", "time", "br", "hr", "caption"}


class NotAnArticle(SeedError):
    """A page with no article in it: a web archive's record that is skipped."""


@dataclass
class PageMetadata:
    """What a page's markup says of its article, with where each came from."""

    title: str | None = None
    date: dt.date | dt.datetime | None = None
    date_from: str = ""
    publisher: str | None = None
    language: str | None = None
    url: str | None = None
    page_title: str | None = None  # the <title> element
    notes: list[str] = field(default_factory=list)


def draft_from_html(raw: bytes, name: str, where: str, outlets: Outlets, sha256: str, url: str | None = None,
                    record: str | None = None) -> ArticleDraft:
    """Read one saved page into a draft. `url`: its address when the caller
    knows it (a web archive's record); `record`: the WARC-Record-ID."""
    tree = trafilatura.load_html(raw)
    if tree is None:
        raise SeedError(where, None, "not an HTML page that can be read (empty, or not HTML); save the page again "
                        "as HTML ('Save page as' > 'Web page, HTML only')")
    meta = page_metadata(tree)
    visible = page_lines(tree)
    document = trafilatura.bare_extraction(
        raw, url=url, include_comments=False, include_tables=True, include_formatting=False, with_metadata=True,
        favor_precision=True, date_extraction_params={"extensive_search": False, "original_date": True})
    words = word_count(document.text or "") if document is not None and document.body is not None else 0
    if words < MIN_WORDS:
        raise NotAnArticle(where, None, f"no article in this page ({words} word{'s' if words != 1 else ''} of main "
                           f"text, under {MIN_WORDS}: a home page, a list of links, a page whose text a script "
                           "writes, or a brief too short to tell); save the article's own page, or paste its text "
                           "into a .txt seed")
    review: list[str] = []
    warnings: list[str] = []
    removed: list[str] = []

    read_text = _text_reading(visible, name, sha256, where, outlets)
    title, title_source = _title(meta, document, read_text, outlets)
    blocks = _blocks(document.body, title, removed)
    if not blocks:
        raise NotAnArticle(where, None, "no article text left once the page's furniture is taken out")
    first = next((index for index, (kind, _) in enumerate(blocks) if kind == "p"), 0)
    lead = blocks[first][1]
    prefix = read_prefix(lead, outlets)
    if prefix.found and looks_like_prose(prefix.rest):
        blocks[first] = (blocks[first][0], prefix.rest)  # "JAKARTA, KOMPAS.com - " goes to the front matter
        lead = prefix.rest
    else:
        prefix = read_prefix("", outlets)
    if title is None:
        title, title_source = provisional_title(lead), "provisional"
        review.append("title: the page names no headline; this one is taken from the lead. Write the headline and "
                      "set title_source: editor")

    value, source = _date(meta, document, read_text, review)
    if value is None:
        why = "the markup and the text disagree (see its review list)" if any(
            "markup says" in item for item in review) else "the page states none"
        warnings.append(f"{where}: no date ({why}); set `date:` in the front matter of the imported article")
    publisher = _publisher(meta, read_text, prefix.publisher, url, outlets, title)
    source_url = next((u for u in (meta.url, url) if u and WEB_ADDRESS.fullmatch(u)), None)
    text = "\n".join(text for _, text in blocks)
    return ArticleDraft(
        title=title,
        title_source=title_source,
        date=value,
        date_source=source,
        publisher=publisher,
        dateline=prefix.dateline or (read_text.dateline if read_text else None),
        language=_language(meta.language, title + "\n" + text),
        summary=first_sentence(lead),
        body=_markdown(blocks),
        seed=name,
        seed_sha256=sha256,
        review=tuple(review + meta.notes),
        removed=tuple(removed),
        warnings=tuple(warnings),
        source_url=source_url,
        record=record,
    )


# ------------------------------------------------------------------ markup

def page_metadata(tree: etree._Element) -> PageMetadata:
    """The article's metadata as the page's markup states it."""
    meta = PageMetadata()
    article = _json_ld_article(tree)
    tags = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        if key and element.get("content") and key not in tags:
            tags[key] = element.get("content").strip()
    for element in tree.xpath("//*[@itemprop='datePublished']"):
        tags.setdefault("datepublished", (element.get("content") or element.get("datetime") or "").strip())
    page_title = tree.findtext(".//title")
    meta.page_title = normalise_line(page_title).strip() if page_title else None

    if article.get("headline") or article.get("name"):
        meta.title = _clean(article.get("headline") or article.get("name"))
    elif tags.get("og:title"):
        meta.title = _clean(tags["og:title"])
    for value, where in ((article.get("datePublished"), "the page's JSON-LD datePublished"),
                         *((tags.get(key), f"the page's <meta {key}>") for key in _DATE_META)):
        parsed = parse_timestamp(value) if isinstance(value, str) else None
        if parsed is not None:
            meta.date, meta.date_from = parsed, where
            break
    publisher = article.get("publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    meta.publisher = _clean(publisher) if isinstance(publisher, str) and publisher.strip() else \
        _clean(tags["og:site_name"]) if tags.get("og:site_name") else None
    language = article.get("inLanguage")
    if isinstance(language, dict):
        language = language.get("alternateName") or language.get("name")
    root = tree.getroottree().getroot()
    for declared in (language, root.get("lang"), root.get("xml:lang"), tags.get("og:locale"),
                     tags.get("content-language")):
        if isinstance(declared, str) and declared.strip():
            meta.language = declared.strip().lower().replace("_", "-").split("-")[0]
            break
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    entity_page = article.get("mainEntityOfPage")
    if isinstance(entity_page, dict):
        entity_page = entity_page.get("@id")
    for address in (canonical[0] if canonical else None, tags.get("og:url"), article.get("url"), entity_page):
        if isinstance(address, str) and WEB_ADDRESS.fullmatch(address.strip()):
            meta.url = address.strip()
            break
    return meta


def _json_ld_article(tree: etree._Element) -> dict:
    """The page's schema.org article (NewsArticle and kin), {} if none."""
    found: list[dict] = []

    def walk(item: object) -> None:
        if isinstance(item, list):
            for each in item:
                walk(each)
        elif isinstance(item, dict):
            kinds = item.get("@type")
            kinds = set(kinds) if isinstance(kinds, list) else {kinds}
            if kinds & _ARTICLE_TYPES:
                found.append(item)
            walk(item.get("@graph"))

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            walk(json.loads(script.text or "", strict=False))
        except (json.JSONDecodeError, RecursionError):
            continue  # a page's broken JSON-LD is the page's problem; its other metadata still counts
    return found[0] if found else {}


def parse_timestamp(text: str) -> dt.date | dt.datetime | None:
    """'2024-07-02T19:43:58+07:00', '2024-07-02', 'Tue, 02 Jul 2024 19:43:58 +0700'."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        found = dates.find_dates(text)
        return found[0].value if len(found) == 1 else None


def _clean(text: str) -> str:
    return normalise_line(re.sub(r"\s+", " ", text)).strip()


_SPACES = re.compile(r"\s+")


def page_lines(tree: etree._Element) -> list[str]:
    """The page's visible text, one line per block, in order: what a person
    copying the page would get (a line break in the markup is a space, as a
    browser shows it)."""
    out: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _SKIPPED_TAGS or not isinstance(element.tag, str):
            if element.tail:
                out.append(_SPACES.sub(" ", element.tail))
            return
        block = tag in _BLOCK_TAGS
        if block:
            out.append("\n")
        if element.text:
            out.append(_SPACES.sub(" ", element.text))
        for child in element:
            walk(child)
        if block:
            out.append("\n")
        if element.tail:
            out.append(_SPACES.sub(" ", element.tail))

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    return [line for line in (re.sub(r"\s+", " ", part).strip() for part in "".join(out).split("\n")) if line]


# --------------------------------------------------------------------- text

def _text_reading(lines: list[str], name: str, sha256: str, where: str, outlets: Outlets) -> ArticleDraft | None:
    """The page's visible text read as a plain-text seed is (None if it holds no article)."""
    numbered = [Line(number, normalise_line(text)) for number, text in enumerate(lines, 1)]
    try:
        return draft_from_lines(numbered, name, sha256, where, outlets)
    except SeedError:
        return None


def _blocks(body: etree._Element, title: str | None, removed: list[str]) -> list[tuple[str, str]]:
    """trafilatura's main text as (kind, text) blocks: 'p', 'h' (a crosshead),
    'li' / 'oli' (list items), 'q' (a quotation); furniture it let through
    (captions, "Baca juga", bylines, date lines) taken out and listed."""
    blocks: list[tuple[str, str]] = []
    number = 0
    skipping_list = False
    for element in body:
        tag = element.tag
        if tag == "list":
            ordered = (element.get("rend") or "").lower() == "ol"
            for item in element.iter("item"):
                text = _clean(" ".join(item.itertext()))
                number += 1
                if text and not skipping_list:
                    blocks.append(("oli" if ordered else "li", text))
                elif text:
                    removed.append(f"paragraph {number}: {text} (a list of other stories)")
            skipping_list = False
            continue
        text = _clean(" ".join(element.itertext()))
        if not text:
            continue
        number += 1
        if tag == "head":
            if title is not None and _squash(text) == _squash(title):
                continue  # the headline itself
            kind, _ = classify(text)
            if kind == RELATED:
                removed.append(f"paragraph {number}: {text} (a list of other stories)")
                skipping_list = True
                continue
            blocks.append(("h", text))
            continue
        skipping_list = False
        kind, why = classify(text)
        if tag == "quote":
            blocks.append(("q", text))
        elif kind == TEXT:
            blocks.append(("p", text))
        else:
            removed.append(f"paragraph {number}: {text} ({why})")
    while blocks and blocks[0][0] == "h":
        blocks.pop(0)  # a kicker or section label above the lead
    return blocks


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def _markdown(blocks: list[tuple[str, str]]) -> str:
    out: list[str] = []
    ordinal = 0
    for index, (kind, text) in enumerate(blocks):
        previous = blocks[index - 1][0] if index else None
        escaped = escape_markdown(text)
        if kind == "h":
            out.append("## " + escaped)
        elif kind == "q":
            out.append("> " + escaped)
        elif kind in ("li", "oli"):
            ordinal = ordinal + 1 if previous == kind else 1
            marker = f"{ordinal}." if kind == "oli" else "-"
            item = f"{marker} {escaped}"
            if previous == kind:
                out[-1] += "\n" + item  # items of one list stay together
            else:
                out.append(item)
        else:
            out.append(escaped)
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------- weighing

def _title(meta: PageMetadata, document, read_text: ArticleDraft | None,
           outlets: Outlets) -> tuple[str | None, str]:
    for candidate in (meta.title, getattr(document, "title", None)):
        if candidate and word_count(candidate) >= 2:
            return site_suffix(_clean(candidate), outlets)[0], "headline"
    if read_text is not None and read_text.title_source == "headline":
        return read_text.title, "headline"
    return None, "provisional"


def _date(meta: PageMetadata, document, read_text: ArticleDraft | None,
          review: list[str]) -> tuple[dt.date | dt.datetime | None, str | None]:
    """The markup's date, unless the text states another day: then none."""
    marked, marked_from = meta.date, meta.date_from
    if marked is None and getattr(document, "date", None):
        marked, marked_from = parse_timestamp(document.date), "htmldate's reading of the page"
    stated = read_text.date if read_text is not None and read_text.date_source == "stated" else None
    if marked is not None and stated is not None and _day(marked) != _day(stated):
        review.append(f"date: the page's markup says {_day(marked).isoformat()} ({marked_from}) but its text "
                      f"states {_day(stated).isoformat()}; which is the publication date is not clear. Set date: "
                      "YYYY-MM-DD and date_source: editor")
        return None, None
    if marked is not None and stated is not None and not isinstance(marked, dt.datetime):
        return stated, "stated"  # the same day, and the text gives the time too
    if marked is not None:
        return marked, "stated"
    if stated is not None:
        return stated, "stated"
    if read_text is not None and read_text.date is not None:
        review.extend(item for item in read_text.review if item.startswith("date:"))
        return read_text.date, read_text.date_source
    review.append("date: the page states no publication date, in its markup or its text. Set date: YYYY-MM-DD "
                  "and date_source: editor")
    return None, None


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _publisher(meta: PageMetadata, read_text: ArticleDraft | None, in_dateline: str | None, url: str | None,
               outlets: Outlets, headline: str) -> str | None:
    candidates = [meta.publisher, in_dateline, read_text.publisher if read_text else None,
                  site_suffix(meta.page_title, outlets)[1] if meta.page_title else None]
    for name in candidates:
        if name:
            return outlets.canonical(name) or name
    for address in (meta.url, url):
        if address:
            known = outlets.for_address(address)
            if known:
                return known
    return _beside_headline(meta.page_title, headline)


_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")


def _beside_headline(page_title: str | None, headline: str) -> str | None:
    """What a page's <title> adds to the headline is the site's name, known
    or not: 'Rail freight doubles - Steppe Wire' -> 'Steppe Wire' (its last
    part after the headline, its first before it: 'Site | Section | Headline')."""
    if not page_title or not headline:
        return None
    for separator in _TITLE_SEPARATORS:
        if page_title.startswith(headline + separator):
            name = page_title[len(headline + separator):].split(separator)[-1].strip()
        elif page_title.endswith(separator + headline):
            name = page_title[:-len(separator + headline)].split(separator)[0].strip()
        else:
            continue
        if 1 <= word_count(name) <= 5 and not dates.find_dates(name):
            return name
    return None


def _language(declared: str | None, text: str) -> str:
    """The page's declared language where it tells Malay from Indonesian and
    agrees with the text on English or not (many sites keep a theme's 'en')."""
    detected = detect_language(text)
    if declared in LANGUAGES and detected in LANGUAGES and (declared == "en") == (detected == "en"):
        return declared
    return detected
