"""Search in a multilingual archive: each article's words through its own
language's pipeline, each query through every pipeline the archive has,
the sharded results still lunr's own."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.build.pipeline import BuildOptions, build
from builder.search import terms

from ..browser import browser, serve
from ..conftest import ROOT
from ..multilingual import ENGLISH, FIXTURES, MALAY, multilingual_content
from .test_browser import ask
from .test_index import SEED_QUERIES, node, searched_site


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    return searched_site(folder / "site", multilingual_content(folder))


def found(site, queries: list[str], folder: Path) -> dict[str, set[str]]:
    """query -> slugs of the articles it finds, from the shards (which must
    give what lunr's monolithic index gives)."""
    out, _, docs = site
    (folder / "q.json").write_text(json.dumps(queries), encoding="utf-8")
    rows = node("equivalence", str(out / "search" / "data"), str(out / "monolithic.json"), str(folder / "q.json"))
    for row in rows:
        assert row["mono"] == row["shard"], row["q"]
    return {row["q"]: {docs[int(ref)].url.strip("/").rsplit("/", 1)[-1] for ref, _ in row["shard"]} for row in rows}


# query: the articles it must find, checked by reading tests/fixtures/multilingual/
# and the seeds. One seed names the KTT China-Asia Tengah, which the registry
# also calls "China-Central Asia Summit": an entity's names are searched in
# every article that names it.
SUMMIT = {"astana-summit-energy-deals", "ministers-meetings-central-asia",
          "china-dan-kazakhstan-perkuat-kemitraan-strategis-menuju-perdamaian"}
ENGLISH_QUERIES = {
    "summits": SUMMIT,  # 'summit' in both English articles; the seed by its entity's name
    "meetings": {"astana-summit-energy-deals", "ministers-meetings-central-asia"},  # 'next meeting'; 'meetings', 'meeting'
    "signed": {"astana-summit-energy-deals", "ministers-meetings-central-asia"},  # 'signed'; 'could be signed'
    "+signing +grain": set(),  # no article says both
    "exporters": {"grain-exports-rise"},  # 'exports', 'exporters'
    "the": set(),  # an English stop word, and no other article has it
    "the summit": SUMMIT,
    "+summit +kazakhstan's": SUMMIT,  # all three name Kazakhstan
}
MALAY_QUERIES = {
    "meterai": {"rundingan-menteri-luar", "lawatan-xi-ke-astana"},  # 'dimeterai'; 'memeterai'
    "runding": {"rundingan-menteri-luar"},  # 'rundingan'
}


def test_english_words_find_the_english_articles_in_all_their_forms(mixed_site, tmp_path):
    assert found(mixed_site, list(ENGLISH_QUERIES), tmp_path) == ENGLISH_QUERIES


def test_malay_goes_through_the_indonesian_stemmer(mixed_site, tmp_path):
    assert found(mixed_site, list(MALAY_QUERIES), tmp_path) == MALAY_QUERIES


def test_the_indonesian_queries_find_the_same_seeds_as_in_an_indonesian_archive(mixed_site, tmp_path):
    """The seeds each query found before; of the new articles, only those
    that hold the query's word in their own language (names match across
    languages: an English article saying 'China' is found by 'Tiongkok')."""
    seeds_of = {}
    for path in (Path(__file__).parents[2] / "content" / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        seeds_of[text.split("slug: ", 1)[1].split("\n", 1)[0]] = text.split("seed: ", 1)[1][:3]
    results = found(mixed_site, list(SEED_QUERIES), tmp_path)
    for query, slugs in results.items():
        assert {seeds_of[s] for s in slugs if s in seeds_of} == SEED_QUERIES[query], query
    assert results["Tiongkok"] - set(seeds_of) == {*ENGLISH, *MALAY}  # all say China
    # Both Malay articles say 'kerjasama'; the English one names the Shanghai Cooperation
    # Organisation, whose registry entry is 'Organisasi Kerja Sama Shanghai'.
    assert results["kerjasama"] - set(seeds_of) == {*MALAY, "astana-summit-energy-deals"}
    assert results["kedaulatan"] - set(seeds_of) == set()


def test_chinese_words_are_found_inside_text_without_spaces(tmp_path):
    """Chinese writes no spaces: each character is a word, so a name or a
    word of two characters finds the article holding those characters (the
    shards giving what lunr's own index gives, as `found` checks)."""
    content = multilingual_content(tmp_path)
    shutil.copy(FIXTURES / "huitan-astana.md", content / "articles" / "huitan-astana.md")
    site = searched_site(tmp_path / "site", content)
    results = found(site, ["托卡耶夫", "会谈", "铁路", "欧洲"], tmp_path)
    assert results == {"托卡耶夫": {"huitan-astana"}, "会谈": {"huitan-astana"}, "铁路": {"huitan-astana"},
                       "欧洲": set()}  # Europe: neither character is in the article
    assert site[1]["languages"] == ["id", "en", "plain"]


def test_the_manifest_lists_the_archive_s_pipelines_main_language_first(mixed_site):
    _, manifest, _ = mixed_site
    assert manifest["languages"] == ["id", "en"]  # Malay goes through Indonesian's


# ------------------------------------------------------------- a generated mixed archive

GERMAN = ("Die Regierung in Astana unterzeichnete neue Verträge mit Peking. Die Gespräche über Gaslieferungen "
          "dauerten drei Tage. Kasachstan möchte seine Exporte nach Europa und Asien ausweiten.")


def mixed_docs(seed: int) -> list[terms.SearchDoc]:
    """Generated Indonesian articles with English, Malay and German ones
    made of the fixtures' sentences, shuffled together."""
    import random

    from bench.synthetic import search_docs

    from ..multilingual import FIXTURES

    r = random.Random(seed)
    docs = search_docs(160, words=200, seed=seed)
    sentences = {}
    for slug, language in [*((s, "en") for s in ENGLISH), *((s, "ms") for s in MALAY)]:
        body = (FIXTURES / f"{slug}.md").read_text(encoding="utf-8").split("---", 2)[2]
        sentences.setdefault(language, []).extend(s for s in body.replace("\n", " ").split(". ") if s.strip())
    sentences["de"] = GERMAN.split(". ")
    for number, language in enumerate(["en"] * 50 + ["ms"] * 15 + ["de"] * 5):
        text = ". ".join(r.choice(sentences[language]) for _ in range(r.randint(3, 9)))
        docs.append(docs[number]._replace(title=r.choice(sentences[language])[:80], body=text, language=language,
                                          url=f"/articles/{language}{number}/"))
    r.shuffle(docs)
    return docs


def test_sharded_results_equal_the_monolithic_index_in_a_mixed_archive(tmp_path, capsys):
    from builder.search import index

    from .. import lunr_reference
    from .test_index import generated_queries, write

    docs = mixed_docs(seed=8)
    files = index.search_files(docs, {"publishers": [], "entity_ids": [], "entity_names": []})
    write(tmp_path, files.files)
    (tmp_path / "monolithic.json").write_text(lunr_reference.monolithic_index_json(docs), encoding="utf-8")
    manifest = json.loads(files.files["search/data/manifest.json"])
    assert manifest["languages"] == ["id", "en", "plain"]
    queries = generated_queries(docs, 300, seed=2) + [
        "summits", "meetings signed", "+summit -grain", "the", "Kasachstan", "verträge", "+meterai +kazakhstan",
        "rundingan~1", "export*", "title:summit"]
    (tmp_path / "q.json").write_text(json.dumps(queries), encoding="utf-8")
    rows = node("equivalence", str(tmp_path / "search" / "data"), str(tmp_path / "monolithic.json"), str(tmp_path / "q.json"))
    differing = [row for row in rows if row.get("mono") != row.get("shard") or row.get("monoError") != row.get("shardError")]
    assert not differing, differing[:3]
    with_results = [row for row in rows if row.get("mono")]
    english = [row for row in rows if any(docs[int(ref)].language == "en" for ref, _ in row.get("mono", []))]
    assert len(with_results) >= 200 and len(english) >= 40
    with capsys.disabled():
        print(f"\nmixed equivalence: {len(docs)} documents (160 id, 50 en, 15 ms, 5 de), {len(rows)} queries, "
              f"{len(with_results)} with results ({len(english)} finding English ones), all identical (refs and scores)")


def english_words() -> list[str]:
    """Every word of the English fixtures, and the English of Python's own
    standard library (its docstrings and comments): tens of thousands of
    words on any machine that runs the tests."""
    import sysconfig

    from ..multilingual import FIXTURES

    words = set()
    for slug in ENGLISH:
        words.update(terms.tokenize((FIXTURES / f"{slug}.md").read_text(encoding="utf-8")))
    library = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(library.glob("*.py")) + sorted(library.glob("[a-z]*/*.py")):
        if "test" not in path.parts[-2]:
            words.update(w for w in terms.tokenize(path.read_text(encoding="utf-8", errors="replace")) if not w.isdigit())
    # Words that are a whole suffix, 'y' after a vowel or a consonant, possessives, apostrophes.
    words.update(["ies", "eed", "eeds", "sses", "always", "days", "cry", "by", "yy", "y", "china's", "it's", "don't",
                  "o'brien", "kazakhstan's", "1990s", "naïve"])
    return sorted(words)


def test_the_english_pipeline_is_lunr_js_s_on_every_english_word(tmp_path, capsys):
    from builder.search.english import english_terms

    words = english_words()
    (tmp_path / "words.json").write_text(json.dumps(words), encoding="utf-8")
    javascript = node("english", str(tmp_path / "words.json"))
    python = [list(english_terms(w)) for w in words]
    differing = [(w, p, j) for w, p, j in zip(words, python, javascript) if p != j]
    assert not differing, differing[:5]
    assert len(words) > 10_000
    with capsys.disabled():
        print(f"\nEnglish pipeline: {len(words)} distinct words (the English fixtures and Python's standard library), "
              f"lunr.js and ours 100% identical (stop words, possessives, stems)")


# ------------------------------------------------------------- in the browser
@pytest.fixture(scope="module")
def mixed_search_page(tmp_path_factory):
    """The multilingual archive with the Chinese article too, in one browser."""
    folder = tmp_path_factory.mktemp("mixed")
    site = folder / "site"
    content = multilingual_content(folder)
    shutil.copy(FIXTURES / "huitan-astana.md", content / "articles" / "huitan-astana.md")
    build(BuildOptions(content=content, output=site, config=ROOT / "site.yaml", base_url="/some-repo/"))
    with serve(site, "/some-repo/") as base, browser() as chromium:
        page = chromium.new_page()
        page.fetched = []
        page.on("pageerror", lambda e: pytest.fail(f"script error: {e}"))
        yield page, base


def test_a_language_facet_filters_a_multilingual_archive(mixed_search_page):
    page, base = mixed_search_page
    ask(page, base, "Tiongkok")  # every article names China
    languages = page.locator("#search-facets fieldset", has_text="Bahasa")
    assert sorted(" ".join(t.split()) for t in languages.locator(".facet").all_inner_texts()) == [
        "Indonesia 5", "Inggris 3", "Melayu 2"]
    assert page.locator(".search-result").count() == 10
    languages.locator(".facet", has_text="Inggris").click()
    page.wait_for_selector('#search[data-state="done"]')
    titles = page.locator(".search-result h2").all_inner_texts()
    assert sorted(titles) == ["Foreign ministers' meetings prepare the China-Central Asia summit",
                              "Kazakh grain exports to China rise for a third year",
                              "Xi and Tokayev sign energy and transport deals at Astana summit"]
    # Their titles and snippets are English (screen readers say so); the dates are the interface's.
    assert page.locator('.search-result h2[lang="en"]').count() == page.locator('.search-snippet[lang="en"]').count() == 3
    assert page.locator(".search-result [lang] time").count() == 0
    ask(page, base, "summits")
    assert set(page.locator(".search-result h2").all_inner_texts()[:2]) == {  # 'summit' in their titles: first
        "Foreign ministers' meetings prepare the China-Central Asia summit",
        "Xi and Tokayev sign energy and transport deals at Astana summit"}
    assert "summit" in {m.lower() for m in page.locator(".search-result mark").all_inner_texts()}



def test_a_chinese_query_finds_and_marks_its_characters(mixed_search_page):
    page, base = mixed_search_page
    ask(page, base, "托卡耶夫")
    assert page.locator(".search-result h2").all_inner_texts() == ["两国元首在阿斯塔纳举行会谈"]
    # The snippet is the sentence naming him, each of the four characters marked.
    assert "托卡耶夫" in page.locator(".search-snippet").inner_text()
    assert page.locator(".search-snippet mark").all_inner_texts()[:4] == ["托", "卡", "耶", "夫"]
