"""Cross-links: related articles, previous/next, and the site's link graph."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path

import pytest

from builder.annotate.link import neighbours_in_time, related_articles, time_key
from builder.build.pipeline import BuildOptions, build
from builder.models import Article

from ..conftest import ROOT


def make(slug: str, day: str | None) -> Article:
    return Article(slug=slug, title=slug.upper(), date=dt.date.fromisoformat(day) if day else None,
                   date_source="stated" if day else None, publisher=None, dateline=None, language="id",
                   summary="", body="", src_path=f"articles/{slug}.md")


# A small archive with answers worked out by hand. Six articles, so an entity
# in k of them weighs log2(7) - log2(k), each rounded up to a quarter:
# 'common' and 'mid' (in 4) 3 - 2 = 1, 'rare' (in 3) 3 - 1.75 = 1.25.
ARTICLES = (make("a", "2022-01-10"), make("b", "2022-01-20"), make("c", "2022-06-01"), make("d", "2021-01-01"),
            make("e", None), make("f", "2022-01-12"))
ENTITIES = {"a": ("common", "mid", "rare"), "b": ("common", "rare"), "c": ("common", "mid"), "d": ("common", "mid"),
            "e": ("mid", "rare"), "f": ("solo",)}


def ranked(slug: str) -> list[str]:
    return [r.article.slug for r in related_articles(ARTICLES, ENTITIES)[slug]]


def test_rarer_shared_entities_rank_higher_and_ties_go_to_the_closest_in_time():
    # b and e both share common+rare / mid+rare (1.407): b is 10 days away, e is undated.
    # c and d both share common+mid (1.119): c is 142 days away, d 374.
    assert ranked("a") == ["b", "e", "c", "d"]


def test_the_reason_names_the_rarest_shared_entities_first():
    first = related_articles(ARTICLES, ENTITIES)["a"][0]
    assert first.shared == ("rare", "common")


def test_undated_article_gets_related_articles_by_score_then_slug():
    assert ranked("e") == ["a", "b", "c", "d"]


def test_an_entity_in_one_article_relates_it_to_nothing_and_nothing_links_to_itself():
    assert ranked("f") == []
    for slug in ENTITIES:
        assert slug not in ranked(slug)


def test_at_most_five():
    many = tuple(make(f"x{i}", f"2022-01-{i + 1:02d}") for i in range(9))
    entities_of = {a.slug: ("shared",) for a in many}
    assert all(len(r) == 5 for r in related_articles(many, entities_of).values())


def test_previous_and_next_in_time_skip_undated():
    n = neighbours_in_time(ARTICLES)
    assert [x.slug if x else None for x in n["a"]] == ["d", "f"]
    assert [x.slug if x else None for x in n["d"]] == [None, "a"]
    assert [x.slug if x else None for x in n["c"]] == ["b", None]
    assert n["e"] == (None, None)


# ------------------------------------------------------------ the real site

BASE = "/some-repo/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("linked") / "site"
    build(BuildOptions(content=ROOT / "content", output=out, config=ROOT / "site.yaml", base_url=BASE))
    return out


def internal_links(html: str) -> list[str]:
    return [u for u in re.findall(r'(?:href|src)="([^"]+)"', html) if u.startswith("/")]


def target(site: Path, url: str) -> Path | None:
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith(BASE):
        return None
    rel = path[len(BASE):]
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def test_every_internal_link_on_every_page_resolves(site, capsys):
    pages = sorted(site.rglob("*.html"))
    checked = 0
    for page in pages:
        for url in internal_links(page.read_text(encoding="utf-8")):
            file = target(site, url)
            assert file is not None, f"{page}: {url} ignores the base path"
            assert file.is_file(), f"{page.relative_to(site)}: broken link {url}"
            checked += 1
    with capsys.disabled():
        print(f"\nlinks: {len(pages)} pages, {checked} internal links checked, 0 broken")
    assert len(pages) > 60 and checked > 1000


def test_every_article_and_entity_page_is_within_three_clicks_of_home(site):
    depth = {site / "index.html": 0}
    queue = deque([site / "index.html"])
    while queue:
        page = queue.popleft()
        if depth[page] == 3 or page.suffix != ".html":
            continue
        for url in internal_links(page.read_text(encoding="utf-8")):
            file = target(site, url)
            if file and file.is_file() and file not in depth:
                depth[file] = depth[page] + 1
                queue.append(file)
    wanted = list(site.glob("articles/*/index.html")) + list(site.glob("entities/*/index.html"))
    assert wanted and all(page in depth for page in wanted), [str(p) for p in wanted if p not in depth]


def test_pictures_are_well_formed_svg_whose_links_resolve(site):
    pictures = 0
    for page in [site / "timeline/index.html", site / "connections/index.html"] + sorted(site.glob("entities/*/index.html")):
        for svg in re.findall(r"<svg\b.*?</svg>", page.read_text(encoding="utf-8"), re.S):
            root = ET.fromstring(svg)
            pictures += 1
            for link in root.iter("{http://www.w3.org/2000/svg}a"):
                file = target(site, link.get("href"))
                assert file is not None and file.is_file(), link.get("href")
    assert pictures > 40


def test_timeline_marks_the_main_events_and_every_dated_article(site):
    html = (site / "timeline/index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group()
    for event in ("kerusuhan-kazakhstan-2022", "ktt-sco-samarkand-2022", "ktt-sco-astana-2024",
                  "ktt-tiongkok-asia-tengah-2025"):
        assert f'href="{BASE}entities/{event}/"' in svg
    assert svg.count('class="chart-point"') == 5
    for year in range(2021, 2026):
        assert f">{year}</text>" in svg
    assert "<table" in html  # the text alternative


def test_related_articles_say_why(site):
    html = (site / "articles/xi-jinping-adakan-pembicaraan-dengan-presiden-kazakhstan/index.html").read_text(encoding="utf-8")
    related = html[html.index('class="related"'):html.index("</aside>", html.index('class="related"'))]
    assert related.count("<li>") == 4
    assert "juga tentang: " in related
    assert 'href="/some-repo/articles/xi-jinping-adakan' not in related


def _related_by_definition(articles, entities_of, limit=5):
    """related_articles as its docstring defines it, one article at a time."""
    import math

    from builder.annotate.link import WINDOW, time_key

    by_slug = {a.slug: a for a in articles}
    postings = {}
    for slug in sorted(entities_of):
        for e in entities_of[slug]:
            postings.setdefault(e, []).append(slug)
    steps = {count: math.ceil(4 * math.log2(count)) / 4 for count in range(1, len(articles) + 2)}
    weight = {e: max(0.0, steps[len(articles) + 1] - steps[len(s)]) for e, s in postings.items()}
    in_time = {e: sorted(s, key=lambda s: time_key(by_slug[s])) for e, s in postings.items()}
    result = {}
    for slug, entities in entities_of.items():
        candidates = set()
        for e in entities:
            listed = in_time[e]
            at = listed.index(slug)
            start = min(max(at - WINDOW // 2, 0), max(len(listed) - WINDOW, 0))
            candidates.update(listed[start:start + WINDOW])
        candidates.discard(slug)
        day = by_slug[slug].day
        ranked = []
        for other in candidates:
            score = 0.0
            for e in entities:
                if e in entities_of[other]:
                    score += weight[e]
            other_day = by_slug[other].day
            apart = abs(day.toordinal() - other_day.toordinal()) if day and other_day else float("inf")
            ranked.append((-round(score, 9), apart, other))
        result[slug] = [other for *_, other in sorted(ranked)[:limit]]
    return result


def test_related_articles_in_a_dense_archive_follow_the_definition():
    """Entities in far more articles than the window, undated articles, ties
    in score: the counted result (in small chunks) equals the definition."""
    import random

    rng = random.Random(7)
    articles = tuple(make(f"s{i:03d}", None if i % 17 == 0 else f"202{i % 4}-{i % 12 + 1:02d}-{i % 28 + 1:02d}")
                     for i in range(300))
    common, rare = ["tiongkok", "kazakhstan", "rusia"], [f"e{n}" for n in range(60)]
    entities_of = {a.slug: tuple(rng.sample(common, rng.randint(1, 3)) + rng.sample(rare, rng.randint(0, 4)))
                   for a in articles}
    found = related_articles(articles, entities_of, chunk=64)
    assert {s: [r.article.slug for r in found[s]] for s in found} == _related_by_definition(articles, entities_of)


@pytest.mark.parametrize("directly", [True, False])
def test_co_occurrences_count_the_groups_each_pair_shares(monkeypatch, directly):
    """Every other entity an entity appears with and in how many articles,
    in id order; the same whether counted into an array of every pair (a
    registry of a few thousand) or by sorting the pairs (a larger one)."""
    import random
    from collections import Counter

    from builder.annotate import link

    monkeypatch.setattr(link, "COUNTED_DIRECTLY", 10_000 if directly else 0)
    rng = random.Random(5)
    ids = [f"e{n:02d}" for n in range(40)] + ["alone"]
    groups = [tuple(rng.sample(ids[:40], rng.randint(1, 6))) for _ in range(300)]
    together = Counter((a, b) for group in groups for a in group for b in group if a != b)
    expected = {a: sorted((b, n) for (x, b), n in together.items() if x == a) for a in ids}
    found = link.co_occurrences(ids, groups)
    assert found == {a: pairs for a, pairs in expected.items() if pairs}
    assert "alone" not in found and found["e00"][0][0] < found["e00"][-1][0]


def test_co_occurrences_counted_again_from_the_last_build_are_the_same():
    """A build after a few articles came, went or changed counts only their
    pairs again, from the last build's counts: the same counts as counting
    every article, also where a count falls to nothing or a pair is new."""
    import random

    from builder.annotate import link

    rng = random.Random(7)
    ids = [f"e{n:02d}" for n in range(30)] + ["baru", "sendiri"]
    before = {f"a{n}": tuple(rng.sample(ids[:30], rng.randint(1, 6))) for n in range(200)}
    before["a-langka"] = ("e00", "sendiri")  # the only article naming "sendiri": its pairs go below
    after = dict(before)
    del after["a-langka"], after["a3"]
    after["a5"] = ("e01", "e02")
    after["a7"] = after["a7"] + ("baru",)
    after["z-new"] = ("baru", "e09", "e10")
    last = link.co_occurrences(ids, list(before.values()))
    gone = [before[slug] for slug in before if after.get(slug) != before[slug]]
    new = [after[slug] for slug in after if before.get(slug) != after[slug]]
    updated = link.co_occurrences_updated(last, gone, new)
    expected = link.co_occurrences(ids, list(after.values()))
    assert updated == expected and list(updated) == list(expected)
    assert "sendiri" not in updated and ("baru", 1 + ("e09" in after["a7"])) in updated["e09"]


def test_related_articles_worked_out_again_only_where_a_change_reaches_are_the_same():
    """Articles come, go, change their entities or their date, one at a
    time: each time the related articles of the articles the change can
    reach are worked out again, the others kept, and all equal working out
    every article's again."""
    import random

    from builder.build.linking import linked, reached, related_refs

    rng = random.Random(11)
    common, rare = ["tiongkok", "kazakhstan", "rusia", "astana"], [f"e{n}" for n in range(150)]

    def new_article(n: int) -> tuple[Article, tuple[str, ...]]:
        day = None if n % 23 == 0 else f"20{20 + n % 5}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        return make(f"s{n:04d}", day), tuple(rng.sample(common, rng.randint(1, 4))
                                             + rng.sample(rare, rng.randint(0, 5)))

    archive = [new_article(n) for n in range(3000)]
    articles = {a.slug: a for a, _ in archive}
    groups = {a.slug: entities for a, entities in archive}
    ids = tuple(sorted(common + rare))
    last = linked(None, ids, tuple(articles.values()), dict(groups))
    worked_out_again = []
    for n in range(3000, 3016):
        change = n % 4
        if change == 0:  # a new article
            article, entities = new_article(n)
            articles[article.slug], groups[article.slug] = article, entities
        elif change == 1:  # one goes
            slug = rng.choice(sorted(articles))
            del articles[slug], groups[slug]
        elif change == 2:  # one names other entities
            slug = rng.choice(sorted(articles))
            groups[slug] = tuple(rng.sample(common, 1) + rng.sample(rare, 3))
        else:  # one gets another date
            slug = rng.choice(sorted(articles))
            articles[slug] = make(slug, f"2019-0{n % 9 + 1}-15")
        every = tuple(articles.values())
        times = {a.slug: time_key(a) for a in every}
        reach = reached(last, groups, times)
        assert reach is not None
        worked_out_again.append((change, len(reach)))
        last = linked(last, ids, every, dict(groups))
        assert last.refs == related_refs(every, groups), f"change {change}"
    # Each change reached a fifth of the articles at most: theirs were worked out again, not all.
    assert all(size <= len(groups) // 5 for _, size in worked_out_again), worked_out_again
