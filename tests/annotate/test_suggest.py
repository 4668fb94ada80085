"""Names the registry does not cover yet."""
from __future__ import annotations

from builder.annotate.suggest import suggest
from builder.models import Article

from ..conftest import ROOT
from ..seeds import MATCHER


def test_suggest_lists_only_deliberate_omissions_for_the_curated_seeds():
    from builder.content.archive import load_archive

    archive, _, _ = load_archive(ROOT / "content")
    names = [s.name for s in suggest(archive.articles, MATCHER, archive.abbreviations)]
    assert len(names) <= 6, names
    assert "Muslim" in names


def test_suggest_finds_a_new_name_with_an_example():
    item = Article(slug="x", title="t", date=None, date_source=None, publisher=None, dateline=None, language="id",
                   summary="", body="Menteri Luar Negeri Sergey Lavrov bertemu Wang Yi. Lavrov memuji Astana.",
                   src_path="x")
    found = {s.name: s for s in suggest((item,), MATCHER)}
    assert found["Sergey Lavrov"].count == 1
    assert found["Sergey Lavrov"].example.startswith("Menteri Luar Negeri Sergey Lavrov")
    assert "Wang Yi" not in found and "Astana" not in found
