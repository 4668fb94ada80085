"""The data export: offsets that point at the text they name."""
from __future__ import annotations

import csv
import io
import json

from ..conftest import ROOT
from ..seeds import REGISTRY, page


def parts(site, kind: str) -> list[str]:
    """The texts of the export's files of one kind, as datapackage.json lists them."""
    package = json.loads(page(site, "data/datapackage.json"))
    return [page(site, "data/" + r["path"]) for r in package["resources"] if r["name"].startswith(kind + "-")]


def test_exported_offsets_point_at_the_mentioned_text(real_site):
    data = {"articles": [row for text in parts(real_site, "articles") for row in json.loads(text)["articles"]]}
    bodies = {}
    for path in (ROOT / "content" / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        bodies[path.stem] = text[text.index("\n---\n", 4) + 5:].lstrip("\n")
    titles = {item["slug"]: item["title"] for item in data["articles"]}
    rows = [row for text in parts(real_site, "mentions") for row in csv.DictReader(io.StringIO(text))]
    for m in rows:
        source = bodies[m["article"]] if m["field"] == "body" else titles[m["article"]]
        assert source[int(m["start"]):int(m["end"])] == m["text"]
    assert len(rows) > 300
    for item in data["articles"]:
        mentioned = {m["entity"] for m in rows if m["article"] == item["slug"]}
        assert mentioned <= set(item["entities"])  # (an entity an editor included needs no mention)
        for q in item["quotes"]:
            assert bodies[item["slug"]][q["start"]:q["end"]].strip() == q["text"]
    entities = json.loads(page(real_site, "data/entities.json"))["entities"]
    assert {e["id"] for e in entities} == {e.id for e in REGISTRY}
    # An entity's quotes are found by joining on the speaker: every speaker is an entity of the file.
    speakers = {q["speaker"] for item in data["articles"] for q in item["quotes"] if q["speaker"]}
    assert "xi-jinping" in speakers and speakers <= {e["id"] for e in entities}
    about = page(real_site, "about/index.html")
    assert 'href="/data/mentions-2022.csv"' in about and 'href="/data/datapackage.json"' in about


def test_the_export_comes_a_file_per_year_each_listed_with_its_schema(real_site):
    package = json.loads(page(real_site, "data/datapackage.json"))
    names = [r["name"] for r in package["resources"]]
    assert names == ["articles-2021", "mentions-2021", "articles-2022", "mentions-2022", "articles-2024",
                     "mentions-2024", "articles-2025", "mentions-2025", "entities"]
    for resource in package["resources"]:
        assert (real_site / "data" / resource["path"]).is_file()
        if resource["format"] == "csv":
            header = page(real_site, "data/" + resource["path"]).splitlines()[0].split(",")
            assert header == [field["name"] for field in resource["schema"]["fields"]]
    counted = sum(len(json.loads(text)["articles"]) for text in parts(real_site, "articles"))
    assert counted == len(list((ROOT / "content" / "articles").glob("*.md")))


def test_the_original_address_is_linked_and_exported(make_site, tmp_path):
    """An article imported from a saved page names where it came from: a link
    on its page, isBasedOn in its JSON-LD, a column of the export."""
    import re

    from builder.build.pipeline import BuildOptions, build

    from ..conftest import article

    root = make_site({"content/articles/a.md": article("Banjir di Pekanbaru",
                                                       source_url="https://warta-contoh.id/berita/banjir?id=1&x=2")})
    build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml"))
    html = page(root / "site", "articles/a/index.html")
    assert ('<a href="https://warta-contoh.id/berita/banjir?id=1&amp;x=2" rel="nofollow noopener noreferrer" '
            'class="source-url">') in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["isBasedOn"] == "https://warta-contoh.id/berita/banjir?id=1&x=2"
    row = json.loads(parts(root / "site", "articles")[0])["articles"][0]
    assert row["source_url"] == "https://warta-contoh.id/berita/banjir?id=1&x=2"


def test_an_original_address_that_is_not_a_web_address_is_refused(tmp_path):
    from builder.content.articles import read_articles

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("---\ntitle: A\nsource_url: javascript:alert(1)\n---\nIsi.\n",
                                                encoding="utf-8")
    articles, _, errors = read_articles(tmp_path)
    assert [str(e) for e in errors] == [f"{tmp_path}/articles/a.md:3: source_url: expected a web address starting "
                                        "with http:// or https://, got 'javascript:alert(1)'"]
