"""What publishing needs beyond pages: Atom feeds, sitemap, robots.txt, JSON-LD.

Feeds and the sitemap need absolute URLs, so they are written only when
base_url is a full URL (the GitHub Pages workflow passes one). Everything is
derived from the articles' own dates, never from the clock, so two builds of
the same archive are identical.
"""
from __future__ import annotations

import datetime as dt
import json

from ..models import Article, Entity

FEED_SIZE = 20
SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization", "event": "Event",
                "concept": "DefinedTerm"}


def xml_escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute holding a URL. Ours,
    as xml.sax.saxutils would import urllib.request and http.client into
    every build (20 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def script_json(value: object) -> str:
    """JSON safe inside <script>: '<', '>' and '&' escaped, so '</script>'
    in an article's title cannot end the block."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _timestamp(value: dt.date | dt.datetime) -> str:
    """RFC 3339 for Atom and W3C datetime for sitemaps; dates at midnight UTC."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.isoformat()
    return f"{value.isoformat()}T00:00:00+00:00"


def atom_feed(title: str, feed_url: str, site_url: str, articles: list[tuple[Article, str]], language: str,
              subtitle: str = "") -> str:
    """An Atom feed of the newest dated articles: (article, absolute URL) pairs, newest first."""
    entries = [(a, url) for a, url in articles if a.date is not None][:FEED_SIZE]
    updated = _timestamp(entries[0][0].date) if entries else "1970-01-01T00:00:00+00:00"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_escape(language)}">',
           f"<title>{xml_escape(title)}</title>"]
    if subtitle:
        out.append(f"<subtitle>{xml_escape(subtitle)}</subtitle>")
    out += [f'<link rel="self" type="application/atom+xml" href="{xml_escape(feed_url)}"/>',
            f'<link rel="alternate" type="text/html" href="{xml_escape(site_url)}"/>',
            f"<id>{xml_escape(feed_url)}</id>", f"<updated>{updated}</updated>",
            f"<author><name>{xml_escape(title)}</name></author>"]
    for article, url in entries:
        # An entry in another language than the feed's says so (its title and summary are in it).
        entry = "<entry>" if article.language == language else f'<entry xml:lang="{xml_escape(article.language)}">'
        out += [entry, f"<title>{xml_escape(article.title)}</title>",
                f'<link rel="alternate" type="text/html" href="{xml_escape(url)}"/>',
                f"<id>{xml_escape(url)}</id>", f"<updated>{_timestamp(article.date)}</updated>",
                f"<published>{_timestamp(article.date)}</published>"]
        if article.publisher:
            out.append(f"<author><name>{xml_escape(article.publisher)}</name></author>")
        out += [f'<summary type="text">{xml_escape(article.summary)}</summary>', "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def sitemap(urls: list[tuple[str, dt.date | dt.datetime | None]]) -> str:
    """sitemaps.org 0.9: (absolute URL, last modified or None) pairs."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in urls:
        out.append(f"<url><loc>{xml_escape(url)}</loc>"
                   + (f"<lastmod>{_timestamp(modified)}</lastmod>" if modified is not None else "") + "</url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def robots(sitemap_url: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines.append(f"Sitemap: {sitemap_url}")
    return "\n".join(lines) + "\n"


def _entity_ref(entity: Entity, url: str, same_as: bool = True) -> dict:
    item = {"@type": SCHEMA_TYPES[entity.type], "name": entity.name, "url": url}
    if entity.wikidata and same_as:
        item["sameAs"] = f"https://www.wikidata.org/wiki/{entity.wikidata}"
    return item


def article_json_ld(article: Article, url: str, site_title: str, entities: list[tuple[Entity, str]],
                    about: set[str]) -> str:
    """schema.org NewsArticle; the entities in the title are what it is `about`."""
    data: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title[:110],
                  "url": url, "mainEntityOfPage": url, "inLanguage": article.language,
                  "description": article.summary, "isPartOf": {"@type": "WebSite", "name": site_title}}
    if article.date is not None:
        data["datePublished"] = _timestamp(article.date)
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.source_url:
        data["isBasedOn"] = article.source_url  # this page is an annotated copy of the original there
    # What it is about in full; what it only mentions without sameAs (the
    # entity's own page has it): 10,000 pages repeat these a few hundred
    # thousand times.
    data["about"] = [_entity_ref(e, u) for e, u in entities if e.id in about]
    data["mentions"] = [_entity_ref(e, u, same_as=False) for e, u in entities if e.id not in about]
    return script_json(data)


def entity_json_ld(entity: Entity, url: str) -> str:
    data = {"@context": "https://schema.org", **_entity_ref(entity, url), "description": entity.description}
    if entity.aliases:
        data["alternateName"] = list(entity.aliases)
    details = dict(entity.details)
    if entity.type == "person" and "role" in details:
        data["jobTitle"] = details["role"]
    if entity.type == "place" and "coordinates" in details:
        lat, lon = (float(v) for v in details["coordinates"].split(","))
        data["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    if entity.type == "organisation" and "founded" in details:
        data["foundingDate"] = details["founded"]
    if entity.type == "event":
        start = details.get("date") or details.get("start")
        if start:
            data["startDate"] = start
        if details.get("end") or details.get("date"):
            data["endDate"] = details.get("end") or details["date"]
    return script_json(data)
