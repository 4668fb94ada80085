"""Incremental builds: after any kind of change, a build that reuses the cache
and the previous site/ writes exactly what a clean build writes; unchanged
pages are kept (same inode), not rendered and written again."""
from __future__ import annotations

import json
import re
import shutil
import zlib
from pathlib import Path

import pytest

from bench.synthetic import write_archive
from builder.build.pipeline import BuildOptions, Remembered, build
from builder.search.shards import shard_path

from ..conftest import ROOT


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_clean(root: Path, base_url: str | None = None, remembered: Remembered | None = None) -> None:
    """Build again into the incremental site/, then from scratch elsewhere; compare."""
    incremental = build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                                     cache=root / "cache", base_url=base_url), remembered=remembered)
    clean_root = root / "clean"
    shutil.rmtree(clean_root, ignore_errors=True)
    build(BuildOptions(content=root / "content", output=clean_root / "site", config=root / "site.yaml",
                       cache=clean_root / "cache", base_url=base_url))
    ours, theirs = tree(root / "site"), tree(clean_root / "site")
    assert sorted(ours) == sorted(theirs)
    differing = [path for path in ours if ours[path] != theirs[path]]
    assert differing == []
    assert folders(root / "site") == folders(clean_root / "site")  # no folder left empty
    return incremental


def folders(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()}


@pytest.fixture
def archive(tmp_path):
    """The curated seed archive and the theme, copied so they can be edited."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "themes", tmp_path / "themes")
    shutil.copy(ROOT / "site.yaml", tmp_path / "site.yaml")
    build(BuildOptions(content=tmp_path / "content", output=tmp_path / "site", config=tmp_path / "site.yaml",
                       cache=tmp_path / "cache"))
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_article(root: Path) -> Path:
    return sorted((root / "content" / "articles").glob("*.md"))[0]


CHANGES = {
    "article body": lambda root: edit(first_article(root), "\n\n", "\n\nSatu kalimat baru tentang Astana.\n\n"),
    # One more mention of an entity it names already: only the counts change.
    "article body names an entity again": lambda root: first_article(root).write_text(
        first_article(root).read_text(encoding="utf-8") + "\nKazakhstan disebut sekali lagi.\n", encoding="utf-8"),
    # A new entity: its related articles (and theirs) change, not only its page.
    "article body names another entity": lambda root: edit(first_article(root), "\n\n",
                                                          "\n\nAlexei Navalny disebut dalam kalimat baru.\n\n"),
    # The sentence around Xi Jinping's first mention, which his page quotes.
    "article body, a first-mention sentence": lambda root: edit(first_article(root), "\n\nPresiden China Xi Jinping menyatakan",
                                                                "\n\nPresiden China Xi Jinping dengan tegas menyatakan"),
    "article title": lambda root: edit(first_article(root), "title: ", "title: Judul Baru — "),
    # Shown on the cards of the pages that list the article, not only on its own.
    "article summary": lambda root: edit(first_article(root), "summary: ", "summary: Ringkasan baru. "),
    "article date": lambda root: edit(first_article(root), "date: 2025", "date: 2019"),
    "new article": lambda root: (root / "content" / "articles" / "artikel-baru.md").write_text(
        "---\ntitle: Artikel Baru tentang Tokayev\ndate: 2023-05-19\npublisher: Uji\n---\n\n"
        "Presiden Kassym-Jomart Tokayev bertemu Xi Jinping di Xi'an.\n", encoding="utf-8"),
    "article removed": lambda root: first_article(root).unlink(),
    "registry aliases": lambda root: edit(root / "content" / "entities.yaml", "aliases: [Tokayev", "aliases: [Alias Uji Baru, Tokayev"),
    # Registry changes analyse again only the articles that hold a name of a changed entry: these check
    # the ones that must be analysed again are.
    # Written as a list, which moves every later entry down two lines.
    "registry: an alias found where the entity was not named": lambda root: edit(
        root / "content" / "entities.yaml", "aliases: [Putin]", "aliases:\n  - Putin\n  - Berkualitas"),
    "registry: an alias only a title holds": lambda root: edit(
        root / "content" / "entities.yaml", "aliases: [Putin]", "aliases: [Putin, Tegaskan]"),
    "registry: an alias removed": lambda root: edit(root / "content" / "entities.yaml", "aliases: [Putin]", "aliases: []"),
    "registry: an entity removed": lambda root: (root / "content" / "entities.yaml").write_text(re.sub(
        r"- id: vladimir-putin\n(  .*\n)+\n", "", (root / "content" / "entities.yaml").read_text(encoding="utf-8")),
        encoding="utf-8"),
    "registry: a new entity": lambda root: (root / "content" / "entities.yaml").write_text(
        (root / "content" / "entities.yaml").read_text(encoding="utf-8")
        + "\n- id: muslim\n  name: Muslim\n  type: concept\n  description: Pemeluk agama Islam.\n", encoding="utf-8"),
    # Shown on the pages of the entities it appears with, as well as its own.
    "registry: a name, the old one kept as an alias": lambda root: edit(
        root / "content" / "entities.yaml", "name: Astana\n  type: place\n  aliases: [Nur-Sultan]",
        "name: Kota Astana\n  type: place\n  aliases: [Astana, Nur-Sultan]"),
    "registry: a description": lambda root: edit(root / "content" / "entities.yaml", "description: Ibu kota Kazakhstan;",
                                                 "description: Ibu kota Kazakhstan (diubah);"),
    "registry: entries change places": lambda root: (root / "content" / "entities.yaml").write_text(re.sub(
        r"(- id: xi-jinping\n(?:  .*\n)+)\n(- id: kassym-jomart-tokayev\n(?:  .*\n)+)\n", r"\2\n\1\n",
        (root / "content" / "entities.yaml").read_text(encoding="utf-8")), encoding="utf-8"),
    "abbreviations": lambda root: (root / "content" / "abbreviations.yaml").write_text(
        (root / "content" / "abbreviations.yaml").read_text(encoding="utf-8") + "RRT: Republik Rakyat Tiongkok (uji)\n",
        encoding="utf-8") if "RRT:" not in (root / "content" / "abbreviations.yaml").read_text(encoding="utf-8")
        else edit(root / "content" / "abbreviations.yaml", "RRT: ", "RRT: (uji) "),
    "about page": lambda root: edit(root / "content" / "about.md", "\n", "\nSatu kalimat baru.\n"),
    "site settings": lambda root: edit(root / "site.yaml", "title: ", "title: Uji · "),
    "article template": lambda root: edit(root / "themes" / "default" / "templates" / "article.html", "</article>",
                                          "</article><!-- diubah -->"),
    "base template": lambda root: edit(root / "themes" / "default" / "templates" / "base.html", "</footer>",
                                       "<!-- diubah --></footer>"),
    "interface text": lambda root: edit(root / "themes" / "default" / "i18n" / "id.yaml", "article_count: \"",
                                        "article_count: \"uji "),
    "static file": lambda root: edit(root / "themes" / "default" / "static" / "style.css", "\n", "\n/* diubah */\n"),
    # The site changes shape: where a file was, a folder is (and the other way round).
    "static file becomes a folder": lambda root: (
        (root / "themes" / "default" / "static" / "print.css").unlink(),
        (root / "themes" / "default" / "static" / "print.css").mkdir(),
        (root / "themes" / "default" / "static" / "print.css" / "a.css").write_text("a {}\n", encoding="utf-8"),
        (root / "themes" / "default" / "static" / "style.css").unlink(),
        (root / "themes" / "default" / "static" / "style.css").mkdir(),
        (root / "themes" / "default" / "static" / "style.css" / "b.css").write_text("b {}\n", encoding="utf-8")),
}


def settle(root: Path) -> None:
    """Make the site's folders look a minute old, then build twice. The site
    is two folders and a build writes the one that is not live; each records
    its folders' mtimes at its commit (not those changed in the last two
    seconds, which it does not trust), so that the next commit to that folder
    lists only the folders changed since. Both folders exist first."""
    import os
    import time

    options = BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                           cache=root / "cache")
    if len(list(root.glob(".site.[ab]"))) < 2:
        build(options)
    past = time.time_ns() - 60 * 10**9
    for tree in root.glob(".site.[ab]"):
        for folder in [tree, *(p for p in tree.rglob("*") if p.is_dir())]:
            os.utime(folder, ns=(past, past))
    build(options)
    build(options)


@pytest.mark.parametrize("settled", [False, True], ids=["folders just written", "folders settled"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_incremental_build_equals_a_clean_build(archive, change, settled):
    if settled:
        settle(archive)
    CHANGES[change](archive)
    assert_same_as_clean(archive)


def test_a_process_that_builds_again_and_again_builds_what_a_clean_build_does(archive):
    """The preview passes what one build remembers to the next (parsed
    articles, outlines, related articles in memory): after each change of a
    series, its site is the one a clean build makes."""
    remembered = Remembered()
    assert_same_as_clean(archive, remembered=remembered)
    for change in ("article body", "article title", "article date", "new article", "registry aliases",
                   "registry: an entity removed", "article removed", "site settings"):
        CHANGES[change](archive)
        assert_same_as_clean(archive, remembered=remembered)
    assert remembered.parsed and remembered.outlines and remembered.derived, "the builds did remember"


@pytest.mark.parametrize("remembering", [False, True], ids=["command line", "preview"])
def test_a_period_page_changed_by_hand_is_made_again(archive, remembering):
    """Each entity's page keys are kept (in the cache, and in memory by the
    preview) while what they are made from is unchanged; a page of an
    entity's articles by period, replaced by hand since, is still made again."""
    for n in range(21):  # Kazakhstan in more articles than its page lists: pages by period
        (archive / "content" / "articles" / f"tambahan-{n:02d}.md").write_text(
            f"---\ntitle: Tambahan {n}\ndate: 2023-0{1 + n % 9}-1{n % 10}\npublisher: Uji\n---\n\n"
            "Kazakhstan dan Astana disebut lagi.\n", encoding="utf-8")
    remembered = Remembered() if remembering else None
    assert_same_as_clean(archive, remembered=remembered)
    period = sorted((archive / "site" / "entities" / "kazakhstan").glob("20*/index.html"))[0]
    period.unlink()
    period.write_text("diubah tangan", encoding="utf-8")
    CHANGES["about page"](archive)
    assert_same_as_clean(archive, remembered=remembered)
    if remembered is not None:
        assert "kazakhstan" in remembered.entity_pages


def test_a_process_that_remembers_reads_the_site_records_another_build_saved(tmp_path):
    """The preview keeps each site folder's records as it last read or
    saved them; once another build (the command line, on the same cache)
    saves that folder's records, it reads those."""
    from builder.build.cache import BuildCache, OutputRecord

    folder = tmp_path / "site-a"
    folder.mkdir()  # the records of a folder that is gone are dropped
    ours = OutputRecord("k", "c", 10, 1, 7)
    theirs = OutputRecord("k2", "c2", 20, 2, 8)
    remembered = Remembered()
    with BuildCache(tmp_path / "cache", remembered) as cache:
        cache.save_site(folder, {"index.html": ours}, {"": 1})
        assert cache.site(folder) == ({"index.html": ours}, {"": 1})
    with BuildCache(tmp_path / "cache") as other_process:
        other_process.save_site(folder, {"index.html": theirs, "feed.xml": ours}, {"": 2})
    with BuildCache(tmp_path / "cache", remembered) as cache:
        assert cache.site(folder) == ({"index.html": theirs, "feed.xml": ours}, {"": 2})


def test_a_remembering_process_after_a_build_by_another(archive):
    """A command-line build between two of the preview's: the preview's
    next build still gives the clean build's site."""
    remembered = Remembered()
    assert_same_as_clean(archive, remembered=remembered)
    CHANGES["article body"](archive)
    assert_same_as_clean(archive)  # another process: no memory
    CHANGES["article title"](archive)
    assert_same_as_clean(archive, remembered=remembered)
    CHANGES["new article"](archive)
    assert_same_as_clean(archive, remembered=remembered)


def test_a_settled_site_is_not_listed_again(archive, monkeypatch):
    """With nothing changed, the commit stats site/'s folders and lists none."""
    import os

    settle(archive)
    listed = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: (listed.append(str(path)), scandir(path))[1])
    build(BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                       cache=archive / "cache"))
    monkeypatch.undo()
    assert [path for path in listed if path.startswith(str(archive / ".site."))] == []
    assert_same_as_clean(archive)


def test_a_settled_site_loses_a_whole_section(archive):
    """Every article removed: their folders go, and articles/, which then
    holds nothing, goes too."""
    settle(archive)
    for article in (archive / "content" / "articles").glob("*.md"):
        article.unlink()
    assert_same_as_clean(archive)


@pytest.mark.parametrize("stray", ["index-lama.html", "articles/catatan.txt", "entities/astana/salinan/index.html",
                                   "folder-baru/a/b.txt"])
def test_a_file_put_into_a_settled_site_is_removed(archive, stray):
    """site/ holds what the build makes: a file added by hand, in a folder
    the build does not touch, goes, as in a folder it lists."""
    settle(archive)
    (archive / "site" / stray).parent.mkdir(parents=True, exist_ok=True)
    (archive / "site" / stray).write_text("ditambahkan dengan tangan", encoding="utf-8")
    assert_same_as_clean(archive)


@pytest.mark.parametrize("change", sorted(name for name in CHANGES if name.startswith("registry")))
def test_each_registry_change_changes_the_registry(archive, change):
    before = (archive / "content" / "entities.yaml").read_text(encoding="utf-8")
    CHANGES[change](archive)
    assert (archive / "content" / "entities.yaml").read_text(encoding="utf-8") != before


def test_a_registry_change_analyses_only_the_articles_it_can_touch(archive, monkeypatch):
    """Putin gets the alias 'Berkualitas', which one article that never
    names him holds. That article is analysed again, and the two that name
    him; the other two hold none of his names, so their analyses stand."""
    from builder.build.article_work import Analyser

    analysed = []
    analyse = Analyser.__call__
    monkeypatch.setattr(Analyser, "__call__", lambda self, article: (analysed.append(article.slug),
                                                                      analyse(self, article))[1])
    CHANGES["registry: an alias found where the entity was not named"](archive)
    build(BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                       cache=archive / "cache"))
    assert sorted(analysed) == ["china-dan-kazakhstan-perkuat-kemitraan-strategis-menuju-perdamaian",
                                "kremlin-xi-mendukung-upaya-putin-untuk-mendapatkan-jaminan",
                                "xi-berjanji-mendukung-kazakhstan-dalam-perjalanan-pertama-sejak"]
    monkeypatch.undo()
    assert_same_as_clean(archive)


def test_an_alias_analyses_the_articles_holding_all_the_words_of_a_name_not_its_first(make_site, monkeypatch):
    """Many articles say "Kementerian" or "Luar Negeri"; an alias for the
    foreign ministry analyses again only those that hold every word of one
    of its names, old or new."""
    from builder.build.article_work import Analyser

    from ..conftest import article

    registry = ("- id: kemlu-tiongkok\n  name: Kementerian Luar Negeri Tiongkok\n  type: organisation\n"
                "  aliases: [Kementerian Luar Negeri China]\n  description: Kementerian luar negeri RRT.\n")
    root = make_site({
        "content/entities.yaml": registry,
        "content/articles/a-dagang.md": article("Dagang", body="Kementerian Perdagangan Rusia membuka kantor."),
        "content/articles/b-kemlu.md": article("Kemlu", body="Kementerian Luar Negeri Tiongkok menyatakan dukungan."),
        "content/articles/c-juru-bicara.md": article("Juru bicara", body="Juru bicara Kemlu Tiongkok berbicara."),
        "content/articles/d-tiongkok.md": article("Tiongkok", body="Tiongkok dan Kazakhstan bertemu."),
        "content/articles/e-pertahanan.md": article("Pertahanan", body="Kementerian Pertahanan menggelar latihan."),
        "content/articles/f-menteri.md": article("Menteri", body="Menteri Luar Negeri Tiongkok Wang Yi tiba."),
    })
    options = BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                           cache=root / "cache")
    build(options)
    analysed = []
    analyse = Analyser.__call__
    monkeypatch.setattr(Analyser, "__call__", lambda self, a: (analysed.append(a.slug), analyse(self, a))[1])
    edit(root / "content" / "entities.yaml", "aliases: [", "aliases: [Kemlu Tiongkok, ")
    build(options)
    assert sorted(analysed) == ["b-kemlu", "c-juru-bicara"]
    assert "kemlu-tiongkok" in (root / "site" / "articles" / "c-juru-bicara" / "index.html").read_text(encoding="utf-8")
    monkeypatch.undo()
    assert_same_as_clean(root)


def test_a_registry_change_renders_only_the_article_pages_it_can_touch(archive, monkeypatch):
    """The same alias for Putin: an article page shows only its own
    entities, so the pages of the two articles that hold none of his names
    are not rendered again (the three analysed again are)."""
    from builder.site.theme import Renderer

    rendered = []
    render = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, name, context: (rendered.append((name, context.path)),
                                                                        render(self, name, context))[1])
    CHANGES["registry: an alias found where the entity was not named"](archive)
    build(BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                       cache=archive / "cache"))
    assert sorted(path for name, path in rendered if name == "article.html") == [
        "articles/china-dan-kazakhstan-perkuat-kemitraan-strategis-menuju-perdamaian/",
        "articles/kremlin-xi-mendukung-upaya-putin-untuk-mendapatkan-jaminan/",
        "articles/xi-berjanji-mendukung-kazakhstan-dalam-perjalanan-pertama-sejak/"]
    monkeypatch.undo()
    assert_same_as_clean(archive)


def test_a_registry_change_renders_only_the_entity_pages_that_show_the_entry(archive, monkeypatch):
    """Astana's description changes: only its own page shows it, so only
    that entity page is rendered again. Then its name changes: its page is
    rendered again, and the pages that list Astana among the entities they
    appear with, which show its name (read from the built pages: a link to
    Astana's page); no other entity page."""
    from builder.site.theme import Renderer

    pages = sorted((archive / "site" / "entities").glob("*/index.html"))
    showing = sorted(f"entities/{p.parent.name}/" for p in pages
                     if p.parent.name == "astana" or 'entities/astana/"' in p.read_text(encoding="utf-8"))
    assert 1 < len(showing) < len(pages) - 10
    rendered = []
    render = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, name, context: (rendered.append((name, context.path)),
                                                                        render(self, name, context))[1])
    options = BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                           cache=archive / "cache")
    CHANGES["registry: a description"](archive)
    build(options)
    assert [path for name, path in rendered if name == "entity.html"] == ["entities/astana/"]
    rendered.clear()
    CHANGES["registry: a name, the old one kept as an alias"](archive)  # the same mentions, the same articles
    build(options)
    assert sorted(path for name, path in rendered if name == "entity.html") == showing
    monkeypatch.undo()
    assert_same_as_clean(archive)


def test_a_registry_change_reaches_an_article_that_names_the_entity_by_override(archive):
    """The first article names Putin only through its override; his new
    name is in none of its text, yet its analysis (the names the search
    indexes) changes with it."""
    edit(first_article(archive), "removed:\n", "entities:\n  include: [vladimir-putin]\nremoved:\n")
    build(BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                       cache=archive / "cache"))
    edit(archive / "content" / "entities.yaml", "name: Vladimir Putin", "name: Vladimir Vladimirovich Putin")
    assert_same_as_clean(archive)


def test_registry_changes_one_after_another(archive):
    """Articles a change left alone keep the registry version they were
    analysed with, across later changes: an alias added, then a name
    changed, then the alias taken away again."""
    registry = archive / "content" / "entities.yaml"
    CHANGES["registry: an alias found where the entity was not named"](archive)
    assert_same_as_clean(archive)
    edit(registry, "name: Astana", "name: Kota Astana")
    assert_same_as_clean(archive)
    edit(registry, "aliases:\n  - Putin\n  - Berkualitas", "aliases: [Putin]")
    assert_same_as_clean(archive)


# The changes to files under content/articles/.
ARTICLE_CHANGES = ["article body", "article body names an entity again", "article body names another entity",
                   "article body, a first-mention sentence", "article title", "article summary", "article date",
                   "new article", "article removed"]


@pytest.fixture
def statuses_trusted(archive, monkeypatch):
    """The seed archive as a build records its articles' statuses: as if
    every file had last changed long ago (they were copied a moment ago,
    and a status that recent is not trusted)."""
    import builder.build.cache as cache_module

    monkeypatch.setattr(cache_module, "_SETTLED_NS", 0)
    build(BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                       cache=archive / "cache"))
    return archive


@pytest.mark.parametrize("change", ARTICLE_CHANGES)
def test_an_article_change_shows_when_unchanged_files_are_not_read(statuses_trusted, change):
    CHANGES[change](statuses_trusted)
    assert_same_as_clean(statuses_trusted)


def count_reads(monkeypatch) -> list[str]:
    import builder.content.articles as articles

    read: list[str] = []

    def counted(path: str) -> bytes:
        read.append(Path(path).name)
        return file_bytes(path)

    file_bytes = articles._file_bytes
    monkeypatch.setattr(articles, "_file_bytes", counted)
    return read


def test_an_unchanged_article_is_not_read_again(statuses_trusted, monkeypatch):
    read = count_reads(monkeypatch)
    edit(first_article(statuses_trusted), "title: ", "title: Judul Baru — ")
    assert_same_as_clean(statuses_trusted)
    articles = len(list((statuses_trusted / "content" / "articles").glob("*.md")))
    assert read.count(first_article(statuses_trusted).name) == 2  # by the build, and by the clean one
    assert len(read) == 1 + articles  # the clean build, with a cache of its own, read every one


def test_an_edit_that_keeps_the_size_and_the_modification_time_still_shows(statuses_trusted):
    """`touch -d`, `cp -p` and checkouts set a file's mtime; its inode's
    change time (ctime) no one sets, so the edit is seen."""
    import os

    article = first_article(statuses_trusted)
    before = article.stat()
    edit(article, "Presiden China Xi Jinping menyatakan", "Presiden China Xi Jinping MENYATAKAN")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert article.stat().st_size == before.st_size
    assert_same_as_clean(statuses_trusted)
    page = statuses_trusted / "site" / "articles" / article.stem / "index.html"
    assert "MENYATAKAN" in page.read_text(encoding="utf-8")


def test_a_file_changed_as_the_build_began_is_read_again_by_the_next(archive, monkeypatch):
    """A status recorded within the clock's granularity of the file's last
    change could stay the same after another change: it is not kept."""
    options = BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                           cache=archive / "cache")
    edit(first_article(archive), "title: ", "title: Judul Baru — ")
    build(options)  # the edit, a moment old
    read = count_reads(monkeypatch)
    build(options)
    assert first_article(archive).name in read


def test_nothing_changed_keeps_every_file(archive):
    before = {p: p.stat().st_ino for p in (archive / "site").rglob("*") if p.is_file()}
    report = assert_same_as_clean(archive)
    assert report.reused == report.files == len(before)
    assert all(p.stat().st_ino == inode for p, inode in before.items())


def test_a_stored_analysis_that_cannot_be_read_is_made_again(archive):
    import sqlite3

    db = sqlite3.connect(archive / "cache" / "build.sqlite")
    with db:
        db.execute("UPDATE work SET outline = x'00' WHERE rowid = (SELECT MIN(rowid) FROM work)")
    db.close()
    assert_same_as_clean(archive)


def test_an_unchanged_article_read_from_the_cache_still_warns(archive):
    edit(first_article(archive), "title: ", "penulis: Redaksi\ntitle: ")
    options = BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                           cache=archive / "cache")
    for _ in range(2):  # parsed, then taken from the cache
        warnings = build(options).warnings
        assert any("unknown front-matter key 'penulis'" in w for w in warnings), warnings


def test_one_body_edit_rewrites_only_what_shows_it(archive):
    """The edited article's page changes; the other articles' pages are kept
    unless they list it (a related article's card comes from its title and
    date, which did not change, but its key does: they are re-rendered, and
    since their bytes are the same, kept)."""
    site = archive / "site"
    others = [p for p in (site / "articles").glob("*/index.html")]
    inodes = {p: p.stat().st_ino for p in others}
    edited = first_article(archive)
    CHANGES["article body"](archive)
    report = assert_same_as_clean(archive)
    changed = [p.parent.name for p, inode in inodes.items() if p.stat().st_ino != inode]
    assert changed == [edited.stem]
    assert report.reused > report.files // 2



def test_a_new_newest_article_leaves_the_other_search_documents_as_they_were(archive):
    """Search documents are numbered oldest first: the newest article takes
    the next number, and every other document's result file is kept."""
    from ..conftest import article

    data = archive / "site" / "search" / "data"
    before = {p.name: p.read_bytes() for p in data.glob("d*.json.deflate")}
    assert len(before) >= 5
    (archive / "content" / "articles" / "terbaru.md").write_text(
        article("Berita Paling Baru", date="2030-01-01", body="Tokayev bertemu Xi di Astana."), encoding="utf-8")
    assert_same_as_clean(archive)
    after = {p.name: p.read_bytes() for p in data.glob("d*.json.deflate")}
    assert set(after) == set(before) | {f"d{len(before)}.json.deflate"}
    assert all(after[name] == before[name] for name in before)
    assert '"t":"Berita Paling Baru"' in zlib.decompress(after[f"d{len(before)}.json.deflate"]).decode("utf-8")

def test_a_body_edit_naming_no_entity_renders_one_page(archive, monkeypatch):
    """The pages that list the article (its entities' pages, its related and
    neighbouring articles) show its card, which a body edit leaves as it
    was: only the article's own page is rendered again."""
    from builder.site.theme import Renderer

    rendered = []
    render = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, name, context: (rendered.append(name),
                                                                        render(self, name, context))[1])
    edit(first_article(archive), "\n\n", "\n\nSatu kalimat baru tanpa nama siapa pun.\n\n")
    build(BuildOptions(content=archive / "content", output=archive / "site", config=archive / "site.yaml",
                       cache=archive / "cache"))
    assert rendered == ["article.html"]
    monkeypatch.undo()
    assert_same_as_clean(archive)


@pytest.mark.parametrize("output", ["about/index.html", "search/data/manifest.json", "a search shard",
                                    "an export part", "entities/astana/index.html", "static/style.css"])
def test_a_hand_edited_output_file_is_rebuilt(archive, output):
    """The cache keys on inputs, but checks that site/ still holds what it
    wrote: a file changed (or removed) behind its back is made again."""
    if output == "an export part":
        output = sorted(p.relative_to(archive / "site").as_posix()
                        for p in (archive / "site" / "data").glob("articles-*.json"))[0]
    if output == "a search shard":
        manifest = json.loads((archive / "site" / "search/data/manifest.json").read_text(encoding="utf-8"))
        output = shard_path(manifest["boundaries"][len(manifest["boundaries"]) // 2])
    page = archive / "site" / output
    page.write_text("tampered", encoding="utf-8")
    assert_same_as_clean(archive)
    assert b"tampered" not in page.read_bytes()
    page.unlink()
    assert_same_as_clean(archive)


def test_a_damaged_cache_is_started_again(archive, caplog):
    (archive / "cache" / "build.sqlite").write_bytes(b"this is not a database" * 100)
    for extra in ("build.sqlite-wal", "build.sqlite-shm"):
        (archive / "cache" / extra).unlink(missing_ok=True)
    assert_same_as_clean(archive)


def test_an_unwritable_cache_still_builds(archive, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    report = build(BuildOptions(content=archive / "content", output=archive / "site2", config=archive / "site.yaml",
                                cache=blocked / "cache"))
    assert report.articles == 5
    assert tree(archive / "site2") == tree(archive / "site")


def test_analyses_the_cache_file_refuses_are_kept_for_the_build(tmp_path, caplog):
    """If the cache file cannot take new analyses (a full disk, say), the
    build keeps them in memory and reads them back from there."""
    import sqlite3
    from types import SimpleNamespace

    from builder.build.cache import BuildCache, pickled_work

    cache = BuildCache(tmp_path / "cache")
    cache._db = sqlite3.connect(f"{(tmp_path / 'cache' / 'build.sqlite').as_uri()}?mode=ro", uri=True)
    work = SimpleNamespace(outline=("e1",), annotation={"mentions": 3}, facets="f", words=({"kata": 2},), result="r",
                           body="<p>isi</p>", export=("row", "lines"), sentences={"e1": "Kalimat pertama."})
    cache.store([("k1", pickled_work(work))])
    assert "build cache not written" in caplog.text
    assert "k1" in cache.stored_keys()
    assert cache.load("k1", "annotation") == {"mentions": 3}
    assert cache.load_all(["k1"], "words") == {"k1": ({"kata": 2},)}
    assert cache.load_all(["k1"], "sentences") == {"k1": {"e1": "Kalimat pertama."}}
    assert cache.shared_path() is None  # the background index cannot read them from the file


def test_incremental_with_the_process_pool(tmp_path):
    """Past the pool threshold (200 articles), analysis and article pages run
    in worker processes, which write the pages: an edit still gives exactly
    the clean build, and the pages rendered again with the same bytes (those
    that list the edited article) are left in place."""
    write_archive(tmp_path, 210, words=120, entities=60)
    build(BuildOptions(content=tmp_path / "content", output=tmp_path / "site", config=tmp_path / "site.yaml",
                       cache=tmp_path / "cache"))
    pages = {p: p.stat().st_ino for p in (tmp_path / "site" / "articles").glob("*/index.html")}
    articles = sorted((tmp_path / "content" / "articles").glob("*.md"))
    edit(articles[100], "\n\n", "\n\nKalimat baru dari redaksi.\n\n")
    report = assert_same_as_clean(tmp_path)
    assert report.reused > report.files * 0.9
    assert [p.parent.name for p, inode in pages.items() if p.stat().st_ino != inode] == [articles[100].stem]
    shutil.copytree(ROOT / "themes", tmp_path / "themes")  # the same theme: nothing changes
    edit(tmp_path / "themes" / "default" / "templates" / "entity.html", "</article>", "</article>\n")
    pages = {p: p.stat().st_ino for p in (tmp_path / "site" / "articles").glob("*/index.html")}
    report = assert_same_as_clean(tmp_path)  # every article page is rendered again, with the same bytes
    assert [p for p, inode in pages.items() if p.stat().st_ino != inode] == []
    articles[7].unlink()  # the article count in every footer changes: every page is rendered again
    report = assert_same_as_clean(tmp_path)
    assert report.articles == 209


def _pooled_archive_built(tmp_path: Path) -> BuildOptions:
    """An archive past the pool threshold (so the index is made in the
    background process), built once; the options to build it again."""
    write_archive(tmp_path, 210, words=120, entities=60)
    options = BuildOptions(content=tmp_path / "content", output=tmp_path / "site", config=tmp_path / "site.yaml",
                           cache=tmp_path / "cache")
    build(options)
    return options


def _saved_index_state(root: Path):
    from builder.build.cache import builder_digest
    from builder.search.background import read_search_state

    return read_search_state(root / "cache" / "search-state.pickle", builder_digest())


def _edit_with_new_words(root: Path) -> None:
    edit(sorted((root / "content" / "articles").glob("*.md"))[100], "\n\n", "\n\nKalimat kosakata anyar.\n\n")


def test_the_background_leaves_the_state_of_the_index_the_site_holds(tmp_path):
    """The background process saves the index's state with the files it
    makes; after an edit, it describes the shards now in site/ (else
    the next build would patch the wrong index, or make it all again)."""
    from builder.hashing import content_hash

    options = _pooled_archive_built(tmp_path)
    before = _saved_index_state(tmp_path)
    _edit_with_new_words(tmp_path)
    build(options)
    state = _saved_index_state(tmp_path)
    assert before is not None and state is not None and state.shards != before.shards
    shards = {shard_path(first): (tmp_path / "site" / shard_path(first)).read_bytes() for first, _ in state.shards}
    assert [(first, content_hash(shards[shard_path(first)])) for first, _ in state.shards] == state.shards


def test_an_index_state_saved_by_a_build_that_then_failed_is_not_trusted(tmp_path, monkeypatch):
    """The background saves the new index's state while the build goes on.
    If the build then fails, the state describes shards site/ never got;
    the next build must still write exactly what a clean build writes."""
    from builder.build.write import SiteWriter

    options = _pooled_archive_built(tmp_path)
    committed = _saved_index_state(tmp_path)
    _edit_with_new_words(tmp_path)

    def full_disk(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SiteWriter, "commit", full_disk)
    with pytest.raises(OSError):
        build(options)
    monkeypatch.undo()
    ahead = _saved_index_state(tmp_path)
    assert committed is not None and ahead is not None and ahead.shards != committed.shards
    assert_same_as_clean(tmp_path)


def test_the_pool_and_the_background_index_change_nothing(tmp_path, monkeypatch):
    """Past the pool threshold, analysis, article pages and entity pages by
    period run in worker processes and the search index in a background
    one; the site is the same, byte for byte, as the one a single process
    builds. (Here every job goes to the pool, however few: this archive's
    entities have fewer periods than the threshold.)"""
    import builder.build.workers

    write_archive(tmp_path, 210, words=120, entities=60)
    options = BuildOptions(content=tmp_path / "content", output=tmp_path / "pooled", config=tmp_path / "site.yaml",
                           cache=tmp_path / "cache")
    monkeypatch.setattr(builder.build.workers, "POOL_MIN_ITEMS", 1)
    build(options)
    monkeypatch.setattr(builder.build.workers, "POOL_MIN_ITEMS", 10**9)
    build(BuildOptions(content=tmp_path / "content", output=tmp_path / "single", config=tmp_path / "site.yaml",
                       cache=tmp_path / "single-cache"))
    pooled, single = tree(tmp_path / "pooled"), tree(tmp_path / "single")
    assert any(re.fullmatch(r"entities/[^/]+/\d{4}/(\d\d/)?index\.html", path) for path in pooled)
    assert sorted(pooled) == sorted(single)
    assert [path for path in pooled if pooled[path] != single[path]] == []


def _die(*args):
    """In place of a background job: killed as the kernel kills a process out of memory."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("module, job", [("builder.build.workers", "_import_builder"),
                                         ("builder.search.background", "index_in_background")])
def test_a_dead_background_process_costs_time_not_the_build(tmp_path, monkeypatch, caplog, module, job):
    """If the background process dies, as it starts or while it builds the
    search index, the build makes the index itself: the same site, and a
    warning."""
    write_archive(tmp_path, 210, words=120, entities=60)
    monkeypatch.setattr(f"{module}.{job}", _die)
    build(BuildOptions(content=tmp_path / "content", output=tmp_path / "site", config=tmp_path / "site.yaml",
                       cache=tmp_path / "cache"))
    assert "the background process stopped" in caplog.text or "building it here instead" in caplog.text
    monkeypatch.undo()
    build(BuildOptions(content=tmp_path / "content", output=tmp_path / "clean", config=tmp_path / "site.yaml",
                       cache=tmp_path / "clean-cache"))
    ours, theirs = tree(tmp_path / "site"), tree(tmp_path / "clean")
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path]] == []


def test_jobs_for_a_dead_background_process_fall_back_to_the_build(caplog):
    """A background process that died before a job is given to it (the
    build gives it one while loading, and others later) takes no more jobs:
    submit says so with None, which every caller takes as "do it here"."""
    from concurrent.futures.process import BrokenProcessPool

    from builder.build.workers import POOL_MIN_ITEMS, Background

    background = Background(POOL_MIN_ITEMS)
    try:
        with pytest.raises(BrokenProcessPool):
            background.submit(_die).result(timeout=60)
        assert background.submit(print, "never run") is None
        assert "the background process stopped" in caplog.text
    finally:
        background.close()


def test_a_new_article_and_one_naming_other_entities_recount_only_their_co_occurrences(tmp_path, monkeypatch):
    """Which entities appear together is brought up to date from the last
    build's counts for the articles that came or changed (counting every
    article again is not called), and the site is the clean build's."""
    import yaml

    import builder.build.linking

    write_archive(tmp_path, 210, words=120, entities=60)
    build(BuildOptions(content=tmp_path / "content", output=tmp_path / "site", config=tmp_path / "site.yaml",
                       cache=tmp_path / "cache"))
    articles = sorted((tmp_path / "content" / "articles").glob("*.md"))
    names = [e["name"] for e in yaml.safe_load((tmp_path / "content" / "entities.yaml").read_text(encoding="utf-8"))]
    (articles[0].parent / "zz-baru.md").write_text(articles[50].read_text(encoding="utf-8").replace(
        "title: ", "title: Baru ", 1), encoding="utf-8")
    edit(articles[100], "\n\n", f"\n\nKalimat tentang {names[-1]} dan {names[-2]}.\n\n")

    def counted_again(*args):
        raise AssertionError("every article's co-occurrences were counted again")

    monkeypatch.setattr(builder.build.linking, "co_occurrences", counted_again)
    build(BuildOptions(content=tmp_path / "content", output=tmp_path / "site", config=tmp_path / "site.yaml",
                       cache=tmp_path / "cache"))
    monkeypatch.undo()
    assert_same_as_clean(tmp_path)


def test_a_new_article_renders_only_the_list_pages_it_is_on(tmp_path, monkeypatch):
    """Lists of articles are keyed page by page: an article added in a month
    renders that month's list and its publisher's, not the archive's other
    months and publishers."""
    import builder.build.outputs

    write_archive(tmp_path, 210, words=120, entities=60)
    options = BuildOptions(content=tmp_path / "content", output=tmp_path / "site", config=tmp_path / "site.yaml",
                           cache=tmp_path / "cache")
    build(options)
    site = tmp_path / "site"
    lists = [p for p in site.rglob("index.html")
             if re.fullmatch(r"(archive/\d+/\d\d|publishers/[^/]+)(/page/\d+)?", p.parent.relative_to(site).as_posix())]
    articles = sorted((tmp_path / "content" / "articles").glob("*.md"))
    text = articles[50].read_text(encoding="utf-8")
    (articles[0].parent / "zz-baru.md").write_text(text.replace("title: ", "title: Baru ", 1), encoding="utf-8")
    rendered = []
    real = builder.build.outputs.list_page
    monkeypatch.setattr(builder.build.outputs, "list_page",
                        lambda site, renderer, page: rendered.append(page.path) or real(site, renderer, page))
    build(options)
    month = re.search(r"^date: *'?(\d{4})-(\d\d)", text, re.M)
    assert len(lists) > 20
    assert f"archive/{month[1]}/{month[2]}/" in rendered
    assert len(rendered) <= 4, rendered  # its month's and its publisher's (and a page after, if they run over)
    monkeypatch.undo()
    assert_same_as_clean(tmp_path)
