"""The outlets ingest knows by name: the packaged list, and the archive's own."""
from __future__ import annotations

import pytest

from builder.errors import ContentError
from builder.ingest.outlets import load_outlets


def test_spellings_of_one_outlet_are_one_name():
    outlets = load_outlets()
    for spelling in ("KOMPAS.com", "kompas.com", "Kompas.com", "https://www.kompas.com/global/read/x"):
        assert outlets.canonical(spelling) == "Kompas.com"
    assert outlets.canonical("KOMPAS.TV") == outlets.canonical("Kompas.tv") == "Kompas TV"
    assert outlets.canonical("antaranews.com") == outlets.canonical("(ANTARA)") == "ANTARA"
    assert outlets.for_address("https://en.antaranews.com/news/1") == "ANTARA"
    assert outlets.canonical("Warta Desa Kami") is None


def test_names_in_page_text_are_matched_as_printed():
    outlets = load_outlets()
    assert outlets.named_in("Ikuti TEMPO di Google News") == "Tempo.co"
    assert outlets.named_in("dalam tempo singkat, harga naik") is None  # 'tempo' is also a word
    assert outlets.named_in("Donate to TOL!") == "Transitions Online"


def test_the_archives_outlets_come_first(tmp_path):
    (tmp_path / "outlets.yaml").write_text("- name: Kompas Gramedia\n  also: [KOMPAS.com]\n- name: Warta Desa\n"
                                           "  domains: [wartadesa.id]\n", encoding="utf-8")
    outlets = load_outlets(tmp_path)
    assert outlets.canonical("KOMPAS.com") == "Kompas Gramedia"
    assert outlets.for_address("https://m.wartadesa.id/a/b") == "Warta Desa"
    assert outlets.canonical("TEMPO.CO") == "Tempo.co"  # the packaged list still answers


@pytest.mark.parametrize("text, line, words", [
    ("- name: A\n- nama: B\n", 2, "needs `name:`"),
    ("- name: A\n  also: B\n  domain: [b.id]\n", 1, "unknown key 'domain'"),
    ("- name: A\n  also: [[x]]\n", 1, "must be a list of names"),
    ("name: A\n", 1, "expected a list of outlets"),
    ("- name: A\n  also: [B\n", 2, "YAML error"),
])
def test_a_broken_outlets_file_names_its_line(tmp_path, text, line, words):
    (tmp_path / "outlets.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_outlets(tmp_path)
    assert f"outlets.yaml:{line}" in str(info.value) and words in str(info.value)
