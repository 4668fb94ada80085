"""What the pages show of the annotations: panels, entity pages, the entities index."""
from __future__ import annotations

import re
from pathlib import Path

from builder.build.pipeline import BuildOptions, build

from ..conftest import article
from ..seeds import REGISTRY, page


def test_article_panel_groups_entities_by_type(real_site):
    html = page(real_site, "articles/tiongkok-tegaskan-dukungan-bagi-kazakhstan-untuk-akhiri-kerusuhan/index.html")
    panel = html[html.index('class="entity-panel"'):]
    assert panel.index("<h3>Tokoh</h3>") < panel.index("<h3>Tempat</h3>") < panel.index("<h3>Peristiwa</h3>")
    assert 'href="/entities/kerusuhan-kazakhstan-2022/"' in panel  # the editor's include


def test_entity_page_lists_articles_newest_first_with_context_and_quotes(real_site):
    html = page(real_site, "entities/yuri-ushakov/index.html")
    assert "<h1>Yuri Ushakov</h1>" in html
    older = html.index("Kremlin: Xi mendukung upaya Putin")  # 2021-12-15
    newer = html.index("Xi Berjanji Mendukung Kazakhstan")  # 2022-09-14
    assert newer < older
    assert "penasihat kebijakan luar negeri Kremlin Yuri Ushakov" in html  # the sentence around the mention
    assert "SCO menawarkan alternatif nyata" in html  # a quote of his
    assert html.count('class="quote-list"') == 1


def test_entities_index_groups_and_counts(real_site):
    html = page(real_site, "entities/index.html")
    for label in ("Tokoh", "Tempat", "Organisasi", "Peristiwa", "Konsep"):
        assert label in html
    assert len(list((real_site / "entities").glob("*/index.html"))) == len(REGISTRY)


def test_an_entity_in_many_articles_lists_its_newest_and_the_rest_by_year_or_month(make_site):
    """20 newest on its page; the rest on a page per year, a year of more
    than 200 by month, a month of more than 200 over numbered pages."""
    files = {}
    for n in range(3):
        files[f"content/articles/a19-{n}.md"] = article(f"Lama {n}", f"2019-05-{n + 1:02d}", "Kazakhstan lama.")
    for n in range(201):
        files[f"content/articles/a20-{n:03d}.md"] = article(f"Maret {n}", f"2020-03-{n % 28 + 1:02d}",
                                                            "Kazakhstan bulan Maret.")
    for n in range(5):
        files[f"content/articles/a20-april-{n}.md"] = article(f"April {n}", f"2020-04-{n + 1:02d}",
                                                              "Kazakhstan bulan April.")
    entity = _built_with_kazakhstan(make_site, files) / "entities" / "kazakhstan"
    html = (entity / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)
    assert len(titles) == 20 and titles[:5] == ["April 4", "April 3", "April 2", "April 1", "April 0"]
    assert "20 artikel terbaru dari 209" in html
    assert 'href="/entities/kazakhstan/2019/">2019</a> <span class="count">3</span>' in html
    assert 'href="/entities/kazakhstan/2020/03/">Maret 2020</a> <span class="count">201</span>' in html
    assert 'href="/entities/kazakhstan/2020/04/">April 2020</a> <span class="count">5</span>' in html
    assert not (entity / "2020" / "index.html").exists()

    # The entity page shows its newest with their sentences; a period's page a row each, without.
    assert '<blockquote class="context">Kazakhstan bulan April.</blockquote>' in html
    year = (entity / "2019" / "index.html").read_text(encoding="utf-8")
    row = r'<li><time datetime="[-\d]+">[^<]+</time> <a href="[^"]+">([^<]+)</a></li>'
    assert re.findall(row, year) == ["Lama 2", "Lama 1", "Lama 0"]
    assert "<h1>Disebut dalam: Kazakhstan · 2019</h1>" in year and "Kazakhstan lama." not in year
    march = (entity / "2020" / "03" / "index.html").read_text(encoding="utf-8")
    second = (entity / "2020" / "03" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(row, march)) == 200 and len(re.findall(row, second)) == 1
    assert "Halaman 1 dari 2" in march and 'href="/entities/kazakhstan/2020/03/page/2/"' in march
    assert re.search(r'datetime="2020-03-28".*datetime="2020-03-01"', march, re.S)  # newest first


def test_each_year_has_its_page_between_the_archive_and_its_months(real_site):
    archive = page(real_site, "archive/index.html")
    assert '<a href="/archive/2022/">2022</a> <span class="count">2</span>' in archive
    year = page(real_site, "archive/2022/index.html")
    assert '<h1 class="home-title">2022</h1>' in year and '<a href="/archive/">Arsip</a>' in year
    months = re.findall(r'<a href="/archive/2022/(\d\d)/">([^<]+)</a> <span class="count">(\d+)</span>', year)
    assert months == [("01", "Januari 2022", "1"), ("09", "September 2022", "1")]
    assert "2021" not in re.sub(r"<head>.*</head>", "", year, flags=re.S).split("<main")[1].split("</main>")[0]
    month = page(real_site, "archive/2022/09/index.html")
    assert '<p class="kicker"><a href="/archive/2022/">2022</a></p>' in month


def test_the_pictures_of_connections_have_a_legend_of_the_types_they_show(real_site):
    for rel in ("connections/index.html", "entities/kassym-jomart-tokayev/index.html"):
        html = page(real_site, rel)
        svg = html[html.index('class="chart chart-network"'):]
        svg = svg[:svg.index("</svg>")]
        shown = set(re.findall(r'class="chart-node chart-(\w+)"', svg))
        legend = html[html.index('class="chart-legend"'):]
        legend = legend[:legend.index("</ul>")]
        assert set(re.findall(r'class="chart-node chart-(\w+)"', legend)) == shown and len(shown) >= 2
        assert "Tokoh" in legend and "Tempat" in legend


def test_an_entity_feed_holds_its_20_newest_articles_newest_first(make_site):
    import feedparser

    files = {"site.yaml": "title: Arsip Uji\nlanguage: id\nbase_url: https://example.org/arsip/\n"}
    for n in range(25):
        files[f"content/articles/a{n:02d}.md"] = article(f"Berita {n}", f"2021-{n % 12 + 1:02d}-{n + 1:02d}",
                                                         "Kazakhstan hari ini.")
    site = _built_with_kazakhstan(make_site, files)
    for rel in ("feed.xml", "entities/kazakhstan/feed.xml"):
        feed = feedparser.parse((site / rel).read_bytes())
        days = [entry.published for entry in feed.entries]
        assert len(days) == 20 and days == sorted(days, reverse=True), rel
        assert feed.entries[0].title == "Berita 23"  # 2021-12-24, the newest
        assert "Berita 0" not in {entry.title for entry in feed.entries}  # 2021-01-01, among the 5 oldest


def test_a_type_with_many_entities_shows_its_most_named_and_lists_all_by_name(make_site, monkeypatch):
    """A registry grows with its archive: the entities index shows each
    type's 40 most named, and a type with more links to all of them by
    name, over numbered pages."""
    import builder.site.pages as pages

    monkeypatch.setattr(pages, "ENTITY_TYPE_PAGE", 20)
    people = [f"Tokoh{chr(ord('A') + n % 26)}{n:02d} Contoh" for n in range(45)]
    registry = "".join(f"- id: tokoh-{n:02d}\n  name: {name}\n  type: person\n  description: Seorang tokoh.\n"
                       for n, name in enumerate(people))
    registry += "- id: kazakhstan\n  name: Kazakhstan\n  type: place\n  description: Negara di Asia Tengah.\n"
    # Tokoh 00 named in three articles, 01 in two, the rest in one; Kazakhstan in one.
    files = {f"content/articles/a{n}.md": article(f"Artikel {n}", f"2024-01-{n % 28 + 1:02d}", text) for n, text in
             enumerate([f"{people[0]} dan {people[1]} bertemu.", f"{people[0]} dan {people[1]} lagi.",
                        f"{people[0]} di Kazakhstan."] + [f"{name} berbicara." for name in people[2:]])}
    root = make_site({"content/entities.yaml": registry, **files})
    build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml", cache=root / "cache"))
    index = (root / "site" / "entities" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="/entities/([a-z0-9-]+)/">', index)
    assert listed[:2] == ["tokoh-00", "tokoh-01"] and len(listed) == 40 + 1  # and Kazakhstan
    assert 'Tokoh <span class="count">45</span>' in index
    assert '<a href="/entities/types/person/">Semua 45: Tokoh, menurut abjad</a>' in index
    assert "/entities/types/place/" not in index and not (root / "site" / "entities" / "types" / "place").exists()

    first = (root / "site" / "entities" / "types" / "person" / "index.html").read_text(encoding="utf-8")
    third = (root / "site" / "entities" / "types" / "person" / "page" / "3" / "index.html").read_text(encoding="utf-8")
    by_name = sorted(people, key=str.casefold)
    assert re.findall(r'<li><a href="/entities/[a-z0-9-]+/">([^<]+)</a>', first) == by_name[:20]
    assert re.findall(r'<li><a href="/entities/[a-z0-9-]+/">([^<]+)</a>', third) == by_name[40:]
    assert "Halaman 1 dari 3" in first and 'href="/entities/types/person/page/2/"' in first
    assert '<a href="/entities/">Entitas</a>' in first


def _built_with_kazakhstan(make_site, files: dict[str, str]) -> Path:
    """The site of these files with a registry of one entry, Kazakhstan."""
    root = make_site({"content/entities.yaml": "- id: kazakhstan\n  name: Kazakhstan\n  type: place\n"
                                               "  description: Negara di Asia Tengah.\n", **files})
    build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                       cache=root / "cache"))
    return root / "site"


def test_articles_in_another_language_say_so_and_mark_their_text(tmp_path):
    """An English article in an Indonesian archive: its byline date in
    English, its language named, its text marked lang="en" wherever the
    Indonesian interface shows it; Indonesian text carries no lang of its own."""
    from ..conftest import ROOT
    from ..multilingual import multilingual_content

    out = tmp_path / "site"
    build(BuildOptions(content=multilingual_content(tmp_path), output=out, config=ROOT / "site.yaml"))
    english = (out / "articles/astana-summit-energy-deals/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-07-03" lang="en">3 July 2024</time>' in english
    assert '<h1 lang="en">Xi and Tokayev sign' in english and '<div class="article-body" lang="en">' in english
    assert '<span class="language">Inggris</span>' in english and "<dt>Bahasa</dt><dd>Inggris</dd>" in english
    malay = (out / "articles/lawatan-xi-ke-astana/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-07-04" lang="ms">4 Julai 2024</time>' in malay  # Malay's month name
    seed = (out / "articles/xi-jinping-adakan-pembicaraan-dengan-presiden-kazakhstan/index.html").read_text("utf-8")
    own_text = seed.split("<body", 1)[1].split('<aside class="related"')[0]
    assert "<h1>" in seed and ' lang="' not in own_text  # the page's own language, up to its related articles
    assert '<a href="/articles/astana-summit-energy-deals/" lang="en" hreflang="en">' in seed  # one, in English
    home = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h3 class="card-title" lang="en"><a href="[^"]+" hreflang="en">Foreign ministers', home)
    assert '<p class="card-summary" lang="en">Wang Yi held meetings' in home
    assert '<blockquote lang="en"><p>“Our countries are neighbours' in (out / "entities/xi-jinping/index.html").read_text("utf-8")
    archive = (out / "archive/index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="/languages/(\w+)/">(\w+)</a> <span class="count">(\d+)', archive) == [
        ("id", "Indonesia", "5"), ("en", "Inggris", "3"), ("ms", "Melayu", "2")]
    listed = (out / "languages/en/index.html").read_text(encoding="utf-8")
    assert "<h1 class=\"home-title\">Artikel berbahasa Inggris</h1>" in listed and listed.count(' lang="en"') == 3
    assert listed.count(' hreflang="en"') == 3


def test_an_archive_in_one_language_has_no_language_lists(real_site):
    assert not (real_site / "languages").exists()
    assert "languages/" not in (real_site / "archive/index.html").read_text(encoding="utf-8")


def test_an_entity_feed_takes_the_newest_articles_even_among_ties_in_time():
    """newest_of reads an entity's articles from the newest end; with many
    articles on the same days and undated ones, it picks what sorting all of
    them newest first would."""
    import datetime as dt
    import random

    from builder.annotate.link import oldest_first
    from builder.models import Article
    from builder.site.pages import newest_first, newest_of

    rng = random.Random(3)
    for _ in range(50):
        articles = tuple(Article(slug=f"a{n:03d}", title=f"A{n}", date=rng.choice(
            [None, dt.date(2024, 5, rng.randint(1, 4)), dt.date(2024, 6, 1)]), date_source="stated", publisher=None,
            dateline=None, language="id", summary="", body="", src_path=f"articles/a{n:03d}.md")
            for n in range(rng.randint(0, 60)))
        dated, _ = newest_first(articles)
        place = {a.slug: n for n, a in enumerate(dated)}
        count = rng.randint(1, 25)
        assert ([a.slug for a in newest_of(tuple(oldest_first(list(articles))), place, count)]
                == [a.slug for a in dated[:count]])
