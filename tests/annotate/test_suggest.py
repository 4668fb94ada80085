"""`suggest`: proposals an editor can accept as they are. The articles here
are our own, written to hold the noise and the name shapes real news has."""
from __future__ import annotations

import yaml

from builder.annotate.matcher import Matcher
from builder.annotate.suggest import as_yaml, propose
from builder.content.registry import load_registry
from builder.errors import BuildFailed
from builder.models import Article

from ..conftest import ROOT
from ..seeds import MATCHER

REGISTRY = """
- {id: astana, name: Astana, type: place, aliases: [Nur-Sultan], description: Ibu kota Kazakhstan.}
- {id: kazakhstan, name: Kazakhstan, type: place, description: Negara di Asia Tengah.}
- {id: china, name: China, type: place, aliases: [Tiongkok], description: Negara di Asia Timur.}
- {id: xian, name: "Xi'an", type: place, description: Kota di Tiongkok.}
- {id: xi-jinping, name: Xi Jinping, type: person, short: [Xi], description: Presiden Tiongkok.}
- {id: bri, name: Inisiatif Sabuk dan Jalan, type: concept, description: Program infrastruktur Tiongkok.}
- {id: sco, name: Organisasi Kerja Sama Shanghai, type: organisation, aliases: [SCO], description: Organisasi Eurasia.}
- {id: kemlu-china, name: Kementerian Luar Negeri Tiongkok, type: organisation, description: Kementerian.}
"""

ARTICLES = {
    "a": """ASTANA, WARTA CONTOH - Presiden Azerbaijan Ilham Aliyev tiba di Astana pada Senin pukul 10.00 WIB untuk
bertemu Xi Jinping. Xi's visit to Nur Sultan last year was praised, and Beijing's stance on the Belt and Road
was clear. Proyek senilai Rp 5 triliun dan US$ 3 miliar dibahas. Anda dapat membaca laporan lengkapnya.
Juru bicara kementerian luar negeri Lin Jian mengatakan kerja sama berjalan baik. Lin menambahkan bahwa
perdagangan naik. Para pejabat Kazakh menyambut investor Chinese di Xi\u2019an.

Oleh Budi Santoso""",
    "b": """JAKARTA - Badan Penanggulangan Bencana Daerah (BPBD) mencatat banjir di Pekanbaru pada Januari. BPBD
mengirim bantuan ke Pekanbaru, kata pelatih Shin Tae-yong yang ikut membantu. Proyek Sabuk dan Jalan disebut
dalam rapat, dan Ilham Aliyev mengirim pesan. Lin Jian juga berbicara tentang Belt and Road. Di Azerbaijan,
media memuji rencana itu. KTT Iklim Baku dijadwalkan bulan depan.""",
    "c": """Leaders of the Shanghai Cooperation Organisation met in Astana.
The Belt and Road Initiative was praised there.
The Ministry of Foreign Affairs of Azerbaijan sent a delegation.""",
}


def archive():
    entities = load_registry_text(REGISTRY)
    articles = tuple(Article(slug=slug, title=slug, date=None, date_source=None, publisher=None, dateline=None,
                             language="id", summary="", body=body, src_path=f"{slug}.md")
                     for slug, body in ARTICLES.items())
    return articles, Matcher(entities)


def load_registry_text(text, tmp=[]):  # noqa: B006 (one file for the module's tests)
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "entities.yaml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path)


def test_noise_is_not_proposed_and_names_stay_whole():
    articles, matcher = archive()
    names = {p.name for p in propose(articles, matcher)}
    for noise in ("Rp", "WIB", "Anda", "ASTANA", "JAKARTA", "US", "Xi's", "Beijing's", "Belt", "Road", "Senin",
                  "Januari", "Budi Santoso", "Oleh Budi Santoso", "Juru", "Lin", "Xi'an", "Xi\u2019an",
                  "Azerbaijan Ilham Aliyev"):
        assert noise not in names, noise
    for name in ("Belt and Road", "Shin Tae-yong", "Ilham Aliyev", "Azerbaijan", "Pekanbaru", "Lin Jian",
                 "Badan Penanggulangan Bencana Daerah", "Beijing"):
        assert name in names, name


def test_other_names_of_entries_come_first_as_aliases_with_their_reason():
    articles, matcher = archive()
    found = propose(articles, matcher)
    aliases = {p.name: (p.alias_of, p.why) for p in found if p.alias_of}
    assert aliases["Nur Sultan"][0] == "astana" and "a spelling of 'Nur-Sultan'" in aliases["Nur Sultan"][1]
    assert aliases["Kazakh"][0] == "kazakhstan" and "demonym" in aliases["Kazakh"][1]
    assert aliases["Chinese"][0] == "china"
    assert aliases["Sabuk dan Jalan"] == ("bri", "part of 'Inisiatif Sabuk dan Jalan'")
    first_new = next(i for i, p in enumerate(found) if p.alias_of is None)
    assert all(p.alias_of for p in found[:first_new]) and not any(p.alias_of for p in found[first_new:])


def test_english_names_of_entries_are_proposed_as_their_aliases():
    articles, matcher = archive()
    aliases = {p.name: (p.alias_of, p.why) for p in propose(articles, matcher) if p.alias_of}
    assert aliases["Shanghai Cooperation Organisation"] == (
        "sco", "'Organisasi Kerja Sama Shanghai' in English, word for word")
    assert aliases["Belt and Road Initiative"][0] == "bri"
    # Another country's ministry is not China's: every word must have its match.
    assert "Ministry of Foreign Affairs of Azerbaijan" not in aliases


def test_short_forms_and_defined_acronyms_are_one_proposal():
    articles, matcher = archive()
    found = {p.name: p for p in propose(articles, matcher)}
    assert found["Lin Jian"].aliases == ["Lin"] and found["Lin Jian"].count == 3
    bpbd = found["Badan Penanggulangan Bencana Daerah"]
    assert bpbd.aliases == ["BPBD"] and bpbd.count == 3 and "BPBD" not in found


def test_types_are_guessed_with_their_reason():
    articles, matcher = archive()
    found = {p.name: p for p in propose(articles, matcher)}
    assert (found["Ilham Aliyev"].type, found["Ilham Aliyev"].why) == ("person", "a guess: after 'presiden'")
    assert found["Lin Jian"].type == "person" and found["Shin Tae-yong"].type == "person"
    assert found["Pekanbaru"].type == "place" and found["Azerbaijan"].type == "place"
    assert found["Badan Penanggulangan Bencana Daerah"].type == "organisation"
    assert found["KTT Iklim Baku"].type == "event"


def test_the_yaml_is_the_registrys_format_and_asks_only_for_descriptions(tmp_path):
    articles, matcher = archive()
    text = as_yaml(propose(articles, matcher), matcher.entities)
    entries = yaml.safe_load(text)
    by_id = {e["id"]: e for e in entries}
    assert by_id["lin-jian"] == {"id": "lin-jian", "name": "Lin Jian", "type": "person", "short": ["Lin"],
                                 "description": ""}
    assert by_id["badan-penanggulangan-bencana-daerah"]["aliases"] == ["BPBD"]
    assert "# astana (Astana): Nur Sultan, a spelling of 'Nur-Sultan'" in text
    assert "#   aliases: [Nur-Sultan, Nur Sultan]" in text
    path = tmp_path / "entities.yaml"
    path.write_text(REGISTRY + "\n" + text, encoding="utf-8")
    try:
        load_registry(path)
    except BuildFailed as failed:
        problems = [str(e) for e in failed.errors]
    assert problems and all("description is missing" in p for p in problems)
    assert len(problems) == len(entries)
    path.write_text(REGISTRY + "\n" + text.replace('description: ""', "description: Ditulis redaksi."),
                    encoding="utf-8")
    assert len(load_registry(path)) == len(REGISTRY.strip().splitlines()) + len(entries)


def test_the_curated_seeds_leave_only_deliberate_omissions():
    from builder.content.archive import load_archive

    archive_, _, _ = load_archive(ROOT / "content")
    names = [p.name for p in propose(archive_.articles, MATCHER, archive_.abbreviations)]
    assert len(names) <= 6, names
    assert "Muslim" in names


def test_the_command_filters_by_count_and_type_and_prints_yaml(tmp_path, capsys):
    from builder.cli import main

    (tmp_path / "articles").mkdir()
    (tmp_path / "entities.yaml").write_text(REGISTRY, encoding="utf-8")
    for slug, body in ARTICLES.items():
        (tmp_path / "articles" / f"{slug}.md").write_text(f"---\ntitle: {slug}\n---\n\n{body}\n", encoding="utf-8")
    assert main(["suggest", "--content", str(tmp_path), "--format", "yaml", "--type", "person",
                 "--min-count", "2"]) == 0
    entries = yaml.safe_load(capsys.readouterr().out)
    assert {e["name"] for e in entries} == {"Lin Jian", "Ilham Aliyev"}
    assert main(["suggest", "--content", str(tmp_path), "--type", "place"]) == 0
    out = capsys.readouterr().out
    assert "Pekanbaru" in out and "alias of astana" in out and "Lin Jian" not in out
