"""Mentions and quotes marked in the rendered HTML."""
from __future__ import annotations

import json

from builder.annotate.mentions import annotate
from builder.build.pipeline import BuildOptions, build
from builder.models import Article

from ..conftest import ROOT, article
from ..seeds import MATCHER, page, seed_article


def test_first_mention_links_to_the_entity_page_and_its_tip_is_in_one_file(real_site):
    html = page(real_site, "articles/xi-jinping-adakan-pembicaraan-dengan-presiden-kazakhstan/index.html")
    assert html.count('href="/entities/kassym-jomart-tokayev/"') == 2  # first mention + the panel
    assert '<span class="m-place"><a href="/entities/xian/">' in html
    assert 'class="tip"' not in html and "Presiden Kazakhstan sejak 2019" not in html  # not on every page
    assert '<script src="/static/tips.js" data-tips="/entities/tips.json" defer></script>' in html
    tips = json.loads((real_site / "entities" / "tips.json").read_text(encoding="utf-8"))
    name, kind, description = tips["entities"]["kassym-jomart-tokayev"]
    assert (name, kind, tips["types"][kind]) == ("Kassym-Jomart Tokayev", "person", "Tokoh")
    assert description.startswith("Presiden Kazakhstan sejak 2019")


def test_nothing_is_marked_inside_links_headings_or_attributes(make_site):
    body = """\
        ## Xi Jinping di Astana

        Lihat [profil Xi Jinping](https://example.org/xi) dan KTT.

        Presiden Xi Jinping tiba.
        """
    root = make_site({
        "content/articles/a.md": article("A", body=body),
        "content/entities.yaml": (ROOT / "content" / "entities.yaml").read_text(encoding="utf-8"),
        "content/abbreviations.yaml": "KTT: Konferensi Tingkat Tinggi Astana\n",
    })
    build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml"))
    html = page(root / "site", "articles/a/index.html")
    assert '<h2 id="xi-jinping-di-astana">Xi Jinping di Astana</h2>' in html
    assert '<a href="https://example.org/xi">profil Xi Jinping</a>' in html
    assert '<abbr title="Konferensi Tingkat Tinggi Astana">KTT</abbr>' in html
    assert 'Presiden <span class="m-person"><a href="/entities/xi-jinping/"' in html


def test_analysis_time_grows_with_the_length_of_a_body_not_its_square():
    """Finding mentions and quotes and marking them in the HTML: a 2 MB body
    (the seeds' five bodies, repeated) takes at most 15 times as long as a
    200 KB one. Marking once scanned every span for every text node: 130
    times as long. (Not 10 times: work that is linear grows 10-12 times
    here, as millions of small strings outgrow the processor's caches; one
    regex split of the body, Matcher.find's first step, grows 12 times.)
    Best of five, taken in turns, without the cycle collector, so that noise
    on a shared machine counts as little as it can."""
    import gc
    import time
    from dataclasses import replace

    from builder.annotate.marking import mark
    from builder.site.markup import MarkdownRenderer

    bodies = "\n\n".join(seed_article(f"{n:03d}").body for n in range(5))
    markdown = MarkdownRenderer({})
    cases = []
    for size in (200_000, 2_000_000):
        body = (bodies * (size // len(bodies) + 1))[:size]
        body = body[:body.rfind("\n\n")]
        cases.append((replace(seed_article("000"), body=body), markdown.render(body).html))

    def analyse(article: Article, html: str) -> float:
        started = time.process_time()
        annotation = annotate(article, MATCHER)
        mark(html, MATCHER, annotation.quotes, frozenset(), lambda entity_id: entity_id)
        return time.process_time() - started

    best = [float("inf")] * 2
    gc.disable()
    try:
        for _ in range(5):
            for n, case in enumerate(cases):
                best[n] = min(best[n], analyse(*case))
    finally:
        gc.enable()
    assert best[1] <= 15 * best[0], f"200 KB: {best[0]:.3f} s, 2 MB: {best[1]:.3f} s ({best[1] / best[0]:.1f}x)"
