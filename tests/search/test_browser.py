"""The search page in headless Chromium, served under a subpath by a real HTTP server."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from builder.build.pipeline import BuildOptions, build

from ..browser import browser, serve
from ..conftest import ROOT

TITLES = {
    "000": "Xi Berjanji Mendukung Kazakhstan Dalam Perjalanan Pertama Sejak Pandemi",
    "001": "Tiongkok Tegaskan Dukungan bagi Kazakhstan untuk Akhiri Kerusuhan",
    "002": "China dan Kazakhstan Perkuat Kemitraan Strategis Menuju Perdamaian dan Pembangunan Global",
    "003": "Xi Jinping Adakan Pembicaraan Dengan Presiden Kazakhstan",
    "004": "Kremlin: Xi mendukung upaya Putin untuk mendapatkan jaminan dari Barat",
}
EXPECTED = {  # checked by reading the seeds
    "kerja sama": ("000", "001", "002", "003", "004"),
    "kedaulatan": ("000", "002", "003"),
    "mendukung": ("000", "001", "002", "003", "004"),
    "Tiongkok": ("000", "001", "002", "003", "004"),
    "Nur-Sultan": ("000", "002", "003"),
    "KEDAULATAN": ("000", "002", "003"),
    "\u201ckedaulatan\u201d": ("000", "002", "003"),
    "k\u00e9daulatan": ("000", "002", "003"),
}


@pytest.fixture(scope="module")
def search_page(tmp_path_factory):
    site = tmp_path_factory.mktemp("sub") / "site"
    build(BuildOptions(content=ROOT / "content", output=site, config=ROOT / "site.yaml", base_url="/some-repo/"))
    with serve(site, "/some-repo/") as base, browser() as chromium:
        page = chromium.new_page()
        page.fetched = []
        page.on("response", lambda r: page.fetched.append((r.url, len(r.body()))) if "/search/data/" in r.url else None)
        page.on("pageerror", lambda e: pytest.fail(f"script error: {e}"))
        page.chromium = chromium
        yield page, base


def ask(page, base, query):
    page.fetched.clear()
    page.goto(f"{base}search/?q={quote(query)}")
    page.wait_for_selector('#search[data-state="done"]', timeout=15000)
    return page


def test_the_queries_find_their_articles_with_highlights(search_page, capsys):
    page, base = search_page
    report = []
    for query, seeds in EXPECTED.items():
        ask(page, base, query)
        titles = page.locator(".search-result h2").all_inner_texts()
        assert sorted(titles) == sorted(TITLES[s] for s in seeds), query
        for result in page.locator(".search-result").all():
            assert result.locator("mark").count() >= 1, (query, result.inner_text()[:80])
        assert page.input_value("#search-input") == query
        report.append(f"{query!r}: {len(titles)} results, {sum(b for _, b in page.fetched) / 1024:.1f} KB")
    with capsys.disabled():
        print("\nsearch in Chromium (bytes fetched from search/data, uncompressed): " + "; ".join(report))


def test_highlights_mark_the_matching_words(search_page):
    page, base = search_page
    ask(page, base, "mendukung")
    marked = {m.lower() for m in page.locator(".search-result mark").all_inner_texts()}
    assert "mendukung" in marked and ({"dukungan", "dukungannya"} & marked)
    ask(page, base, "Nur-Sultan")
    marked = {m.lower() for m in page.locator(".search-result mark").all_inner_texts()}
    assert "menurutnya" not in marked
    assert "astana" in marked  # 002 and 003 say only Astana
    ask(page, base, "Tiongkok")
    assert "china" in {m.lower() for m in page.locator(".search-result mark").all_inner_texts()}


def test_facets_narrow_the_list(search_page):
    page, base = search_page
    ask(page, base, "Tiongkok")
    assert page.locator(".search-result").count() == 5
    year = page.locator(".facet", has_text="2022")
    assert "2" in year.inner_text()
    year.click()
    page.wait_for_selector('#search[data-state="done"]')
    assert page.locator(".search-result").count() == 2
    assert page.locator('.facet[aria-pressed="true"]').count() == 1
    page.locator(".facet", has_text="RIAU24.COM").click()
    page.wait_for_selector('#search[data-state="done"]')
    assert page.locator(".search-result h2").all_inner_texts() == [TITLES["000"]]


def test_lunr_syntax_and_friendly_errors(search_page):
    page, base = search_page
    ask(page, base, "+astana -tokayev")
    assert page.locator(".search-result").count() == 0
    ask(page, base, "title:astana")
    assert page.locator(".search-result").count() == 0
    ask(page, base, "title:kazakhstan tokay*")  # 004 has neither Kazakhstan in its title nor Tokayev
    assert sorted(page.locator(".search-result h2").all_inner_texts()) == sorted(TITLES[s] for s in ("000", "001", "002", "003"))
    for broken in ("title:", "+", "xi~"):
        ask(page, base, broken)
        assert "Kueri tidak bisa dibaca" in page.inner_text("#search-status")


def test_query_words_are_data_not_names_of_javascript_properties(search_page):
    """'constructor' is a property of every plain object: looked up as a
    compound, it once broke the search with a 'network error'."""
    page, base = search_page
    for query in ("constructor", "__proto__", "toString", "hasOwnProperty", "valueOf constructor"):
        ask(page, base, query)
        assert page.inner_text("#search-status") == "Tidak ada artikel yang cocok.", query


def test_fuzzy_terms_are_capped_at_two_edits(search_page):
    page, base = search_page
    for query in ("kazakhstan~10", "x~99999"):
        ask(page, base, query)
        status = page.inner_text("#search-status")
        assert "mengizinkan terlalu banyak perubahan" in status and "paling banyak 2 huruf" in status, status
        assert page.locator(".search-result").count() == 0
    ask(page, base, "kazakstan~2")  # two edits are fine, and find articles
    assert page.locator(".search-result").count() > 0 and "hasil" in page.inner_text("#search-status")


def test_keyboard_moves_through_results(search_page):
    page, base = search_page
    ask(page, base, "kedaulatan")
    page.focus("#search-input")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.textContent")
    assert first in TITLES.values() and second in TITLES.values() and first != second
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-input"
    assert page.get_attribute("#search-status", "aria-live") == "polite"


def test_header_box_on_every_page_leads_to_the_search(search_page):
    page, base = search_page
    page.goto(base + "entities/")
    page.fill("#header-q", "kedaulatan")
    page.press("#header-q", "Enter")
    page.wait_for_selector('#search[data-state="done"]')
    assert page.url.startswith(base + "search/?q=kedaulatan")
    assert page.locator(".search-result").count() == 3


def test_a_hostile_query_runs_nothing(search_page):
    page, base = search_page
    for query in ('<img src=x onerror="window.__pwned=1">', "</script><script>window.__pwned=1</script>"):
        ask(page, base, query)
        assert page.evaluate("window.__pwned") is None
        assert page.input_value("#search-input") == query


def test_without_javascript_a_message_and_a_link(search_page):
    page, base = search_page
    plain = page.chromium.new_context(java_script_enabled=False).new_page()
    plain.goto(base + "search/?q=xi")
    assert plain.locator(".search-nojs").is_visible()
    assert plain.locator(".search-nojs a").get_attribute("href") == "/some-repo/entities/"


def test_an_archive_in_one_language_offers_no_language_facet(search_page):
    page, base = search_page
    ask(page, base, "Kazakhstan")
    assert page.locator("#search-facets fieldset", has_text="Bahasa").count() == 0
    assert page.locator(".search-result [lang]").count() == 0
