"""What the pages show of the annotations: panels, entity pages, the entities index."""
from __future__ import annotations

from ..seeds import REGISTRY, page


def test_article_panel_groups_entities_by_type(real_site):
    html = page(real_site, "articles/tiongkok-tegaskan-dukungan-bagi-kazakhstan-untuk-akhiri-kerusuhan/index.html")
    panel = html[html.index('class="entity-panel"'):]
    assert panel.index("<h3>Tokoh</h3>") < panel.index("<h3>Tempat</h3>") < panel.index("<h3>Peristiwa</h3>")
    assert 'href="/entities/kerusuhan-kazakhstan-2022/"' in panel  # the editor's include


def test_entity_page_lists_articles_in_date_order_with_context_and_quotes(real_site):
    html = page(real_site, "entities/yuri-ushakov/index.html")
    assert "<h1>Yuri Ushakov</h1>" in html
    first = html.index("Kremlin: Xi mendukung upaya Putin")  # 2021-12-15
    second = html.index("Xi Berjanji Mendukung Kazakhstan")  # 2022-09-14
    assert first < second
    assert "penasihat kebijakan luar negeri Kremlin Yuri Ushakov" in html  # the sentence around the mention
    assert "SCO menawarkan alternatif nyata" in html  # a quote of his
    assert html.count('class="quote-list"') == 1


def test_entities_index_groups_and_counts(real_site):
    html = page(real_site, "entities/index.html")
    for label in ("Tokoh", "Tempat", "Organisasi", "Peristiwa", "Konsep"):
        assert label in html
    assert len(list((real_site / "entities").glob("*/index.html"))) == len(REGISTRY)
