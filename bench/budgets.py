"""The reader's budgets of a built site, measured: page and file sizes, clicks
from the home page, and the pictures' sizes and overlaps (in Chromium).
tests/site/test_budgets.py asserts them on a few thousand articles;
bench/run.py prints them at 10,000.

Budgets: every HTML page at most 200 KB, the home page at most 60 KB, every
article at most 4 clicks from home through the listings, every picture at
most 150 KB and 2,000 px tall with no covered circle or label, the whole
site at most 350 MB and no file over 20 MB (at 10,000 realistic articles).
"""
from __future__ import annotations

import re
import sys
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGE_KB, HOME_KB, CLICKS, PICTURE_KB, PICTURE_PX, SITE_MB, FILE_MB = 200, 60, 4, 150, 2000, 350, 20

# Run in the page on one <svg>: node circles that cover each other, labels
# that meet, labels on a circle, labels past the picture's sides.
OVERLAPS = """(svg) => {
  const circles = [...svg.querySelectorAll('circle')].map(c => c.getBBox()).map(b => ({x: b.x + b.width / 2,
    y: b.y + b.height / 2, r: b.width / 2}));
  const labels = [...svg.querySelectorAll('text.chart-label')].map(t => t.getBBox());
  const meet = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  let nodes = 0, texts = 0, textOnNode = 0;
  for (let i = 0; i < circles.length; i++) for (let j = i + 1; j < circles.length; j++)
    if (Math.hypot(circles[i].x - circles[j].x, circles[i].y - circles[j].y) < circles[i].r + circles[j].r) nodes++;
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++)
    if (meet(labels[i], labels[j])) texts++;
  for (const l of labels) for (const c of circles) {
    const nx = Math.min(Math.max(c.x, l.x), l.x + l.width), ny = Math.min(Math.max(c.y, l.y), l.y + l.height);
    if (Math.hypot(c.x - nx, c.y - ny) < c.r - 0.5) textOnNode++;
  }
  const view = svg.viewBox.baseVal;
  const outside = labels.filter(l => l.x < 0 || l.x + l.width > view.width).length;
  return {nodes, texts, textOnNode, outside, count: circles.length, height: svg.getBBox().height};
}"""


def clicks_from_home(site: Path, base: str) -> dict[str, int]:
    """Breadth-first over the home page, the archive and the publishers'
    pages (not search, not entity pages): the clicks each article needs."""
    clicks = {"index.html": 0}
    queue = deque(["index.html"])
    while queue:
        page = queue.popleft()
        html = (site / page).read_text(encoding="utf-8")
        for href in re.findall(r'href="' + re.escape(base) + r'([^"#?]*)"', html):
            target = href + "index.html" if href.endswith("/") or not href else href
            follow = target.startswith(("archive/", "publishers/")) or target == "index.html"
            if target not in clicks and (follow or target.startswith("articles/")):
                clicks[target] = clicks[page] + 1
                if follow:
                    queue.append(target)
    return {page: n for page, n in clicks.items() if page.startswith("articles/")}


def busiest_entity_page(site: Path) -> str:
    """The entity page (its own, not its periods') of the entity named in most articles."""
    def named_in(page: Path) -> int:
        found = re.search(r'<dd>([\d.,]+) (?:artikel|articles?) ·', page.read_text(encoding="utf-8"))
        return int(re.sub(r"\D", "", found.group(1))) if found else 0
    return max((site / "entities").glob("*/index.html"), key=named_in).parent.relative_to(site).as_posix() + "/"


def base_path(site: Path) -> str:
    """The path the site was built for ('/', '/repo/'), read from its home page's style sheet link."""
    found = re.search(r'href="(/[^"]*?)static/style\.css"', (site / "index.html").read_text(encoding="utf-8"))
    return found.group(1) if found else "/"


def measure(site: Path, base: str | None = None) -> dict:
    """Every budget's figure for a built site served under `base` (by default the one it was built for)."""
    base = base or base_path(site)
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = {p.relative_to(site).as_posix(): p.stat().st_size for p in files if p.suffix == ".html"}
    largest_file = max(files, key=lambda p: p.stat().st_size)
    largest_page = max(pages, key=pages.get)
    reached = clicks_from_home(site, base)
    articles = sum(1 for _ in (site / "articles").glob("*/index.html"))
    figures = {
        "site_mb": sum(p.stat().st_size for p in files) / 2**20,
        "largest_file": largest_file.relative_to(site).as_posix(), "largest_file_mb": largest_file.stat().st_size / 2**20,
        "largest_page": largest_page, "largest_page_kb": pages[largest_page] / 1024,
        "pages_over_budget": sum(size > PAGE_KB * 1024 for size in pages.values()),
        "home_kb": pages["index.html"] / 1024,
        "articles_reached": len(reached), "articles": articles, "most_clicks": max(reached.values(), default=0),
        "pictures": pictures(site, base),
    }
    return figures


PICTURES = {"timeline/": "svg.chart-timeline", "connections/": "svg.chart-network", "map/": "svg.chart-map"}


def pictures(site: Path, base: str) -> dict[str, dict]:
    """Each picture's bytes, and what Chromium measures of it at 1280 px."""
    sys.path.insert(0, str(ROOT))
    from tests.browser import browser, serve  # the tests' Chromium and server: one way of running both

    shown = {**PICTURES, busiest_entity_page(site): "svg.chart-network"}
    found = {}
    with serve(site, base) as url, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        for rel, selector in shown.items():
            html = (site / rel / "index.html").read_text(encoding="utf-8")
            start = html.find('<svg class="chart ' + selector.split(".")[-1])
            page.goto(url + rel)
            measured = page.eval_on_selector(selector, OVERLAPS) if start >= 0 else {}
            found[rel] = {"kb": (len(html[start:html.index("</svg>", start)].encode()) + 6) / 1024 if start >= 0 else 0,
                          **measured}
    return found


def report(figures: dict) -> list[str]:
    """The figures as lines of text, each with its budget and whether it holds."""
    def line(label: str, value: str, holds: bool) -> str:
        return f"  {label:44} {value:>24}  {'ok' if holds else 'OVER'}"

    lines = [
        line(f"whole site (budget {SITE_MB} MB)", f"{figures['site_mb']:.0f} MB", figures["site_mb"] <= SITE_MB),
        line(f"largest file (budget {FILE_MB} MB)", f"{figures['largest_file_mb']:.1f} MB",
             figures["largest_file_mb"] <= FILE_MB),
        line(f"largest page (budget {PAGE_KB} KB)", f"{figures['largest_page_kb']:.0f} KB",
             figures["largest_page_kb"] <= PAGE_KB),
        f"    {figures['largest_page']}; pages over {PAGE_KB} KB: {figures['pages_over_budget']}",
        line(f"home page (budget {HOME_KB} KB)", f"{figures['home_kb']:.0f} KB", figures["home_kb"] <= HOME_KB),
        line(f"clicks from home (budget {CLICKS})", f"{figures['most_clicks']} for "
             f"{figures['articles_reached']:,}/{figures['articles']:,}",
             figures["most_clicks"] <= CLICKS and figures["articles_reached"] == figures["articles"]),
    ]
    for rel, picture in figures["pictures"].items():
        overlaps = sum(picture.get(k, 0) for k in ("nodes", "texts", "textOnNode", "outside"))
        lines.append(line(f"picture {rel}", f"{picture['kb']:.0f} KB, {picture.get('height', 0):.0f} px, "
                                            f"{overlaps} overlaps",
                          picture["kb"] <= PICTURE_KB and picture.get("height", 0) <= PICTURE_PX and not overlaps))
        if overlaps:
            lines.append(f"    nodes {picture['nodes']}, labels {picture['texts']}, label on node "
                         f"{picture['textOnNode']}, outside {picture['outside']}")
    return lines


if __name__ == "__main__":  # python bench/budgets.py SITE
    print("\n".join(report(measure(Path(sys.argv[1])))))
