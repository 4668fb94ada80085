"""The output folder: only the builder's own is replaced, and a site is
switched to whole, never written over in place."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from builder.build.pipeline import BuildOptions, build
from builder.cli import main

from ..conftest import article


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def archive(make_site):
    """A small archive with seeds, a theme copy and a cache, all beside site.yaml."""
    root = make_site({
        "content/articles/a.md": article("Judul A"),
        "seeds/a.txt": "Judul A\n\nIsi berita yang panjang.\n",
        "themes/lain/templates/extra.html": "{{ site }}\n",
        "notes/mine.txt": "catatan pribadi\n",
    })
    (root / ".cache").mkdir()
    (root / ".cache" / "x").write_text("x", encoding="utf-8")
    return root


def run_build(root: Path, output: str) -> int:
    old = Path.cwd()
    os.chdir(root)
    try:
        return main(["build", "--output", output, "-q"])
    finally:
        os.chdir(old)


@pytest.mark.parametrize("output, words", [
    ("content", "it is"),
    ("content/articles", "it is"),
    (".", "it holds"),
    ("seeds", "it is"),
    ("themes", "it is"),
    ("themes/lain/templates", "it is inside"),
    (".cache", "it holds"),
    ("content/site", "it is inside"),
    ("notes", "no build wrote it"),
])
def test_a_folder_of_the_archive_or_of_the_user_is_never_the_output(archive, capsys, output, words):
    before = snapshot(archive)
    assert run_build(archive, output) == 1
    err = capsys.readouterr().err
    assert f"error: refusing to use {output} as the output folder" in err and words in err, err
    assert "Traceback" not in err
    after = snapshot(archive)
    assert {path: after.get(path) for path in before} == before, "nothing was changed or deleted"
    assert not (archive / output).is_symlink() and not list(archive.glob(".site.*"))


def test_a_repository_is_never_the_output(tmp_path, capsys):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "README").write_text("x", encoding="utf-8")
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    (content / "a.md").write_text(article("A"), encoding="utf-8")
    assert main(["build", "--content", str(tmp_path / "content"), "--output", str(repo), "-q",
                 "--cache", str(tmp_path / "cache")]) == 1
    assert "it holds a repository (.git)" in capsys.readouterr().err
    assert (repo / "README").is_file() and (repo / ".git").is_dir()


def test_a_link_to_some_other_folder_is_not_followed(archive, capsys):
    (archive / "site").symlink_to(archive / "notes")
    assert run_build(archive, "site") == 1
    assert "it is a link to" in capsys.readouterr().err
    assert (archive / "notes" / "mine.txt").is_file()


def test_new_empty_and_own_folders_are_used(archive):
    (archive / "kosong").mkdir()
    for output in ("baru/situs", "kosong", "baru/situs"):  # the last: built before, so the builder's own
        assert run_build(archive, output) == 0
        assert (archive / output).is_symlink() and (archive / output / "index.html").is_file()


def test_a_site_built_before_the_two_folders_becomes_one_of_them(archive):
    """An old-style site/ folder (recorded in the cache, or with the marker
    file) is replaced whole by a link at the first build."""
    run_build(archive, "site")
    made = snapshot(archive / "site")
    real = Path(os.path.realpath(archive / "site"))
    (archive / "site").unlink()
    shutil.copytree(real, archive / "site")  # a real folder holding a site, as older builders left it
    shutil.rmtree(real)
    (archive / "site" / "lama.html").write_text("dari build lama", encoding="utf-8")
    assert run_build(archive, "site") == 0
    assert (archive / "site").is_symlink() and snapshot(archive / "site") == made
    assert not list(archive.glob(".link-*")) and not list(archive.glob(".retired-*"))


def test_unchanged_files_are_one_inode_in_both_folders(make_site):
    root = make_site({"content/articles/a.md": article("A"), "content/articles/b.md": article("B")})
    options = BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                           cache=root / "cache")
    build(options)
    first = os.readlink(root / "site")
    (root / "content" / "articles" / "b.md").write_text(article("B", body="Isi yang baru."), encoding="utf-8")
    build(options)
    second = os.readlink(root / "site")
    assert {first, second} == {".site.a", ".site.b"}
    a, b = (root / first / "articles" / "a" / "index.html"), (root / second / "articles" / "a" / "index.html")
    assert a.stat().st_ino == b.stat().st_ino, "an unchanged page is a hard link, not a copy"
    old, new = (root / first / "articles" / "b" / "index.html"), (root / second / "articles" / "b" / "index.html")
    assert old.stat().st_ino != new.stat().st_ino and "Isi yang baru" in new.read_text(encoding="utf-8")
    assert "Isi yang baru" not in old.read_text(encoding="utf-8"), "the live site was not written in place"


def test_a_file_changed_in_the_folder_not_shown_is_replaced_when_that_folder_is_built(make_site):
    """The folder a build writes is the one the site does not show, which
    the cache says holds the site of two builds ago. If a file there was
    replaced since (another cache's build into the same output, a hand
    edit), the build must not trust the cache and keep it: the new site
    gets the right file."""
    root = make_site({"content/articles/a.md": article("A"), "content/articles/b.md": article("B")})
    options = BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                           cache=root / "cache")
    build(options)
    (root / "content" / "articles" / "b.md").write_text(article("B", body="Isi kedua."), encoding="utf-8")
    build(options)
    hidden = root / ({".site.a", ".site.b"} - {os.readlink(root / "site")}).pop()
    page = hidden / "articles" / "a" / "index.html"
    right = page.read_bytes()
    page.unlink()
    page.write_text("<p>halaman usang</p>", encoding="utf-8")  # a new file (another inode) at the same path
    (root / "content" / "articles" / "b.md").write_text(article("B", body="Isi ketiga."), encoding="utf-8")
    build(options)
    assert root / os.readlink(root / "site") == hidden, "this build wrote the folder that was hidden"
    assert (root / "site" / "articles" / "a" / "index.html").read_bytes() == right
    assert "Isi ketiga" in (root / "site" / "articles" / "b" / "index.html").read_text(encoding="utf-8")


def _search_data_just_written(tmp_path: Path, *names: str) -> tuple[Path, int]:
    """A site folder whose search/data/ holds `names`, written now, and
    whose other folders were last changed a minute ago (that time in ns)."""
    import time

    site = tmp_path / "site"
    (site / "search" / "data").mkdir(parents=True)
    for name in names:
        (site / "search" / "data" / name).write_text("{}", encoding="utf-8")
    past = time.time_ns() - 60 * 10**9
    for folder in (site, site / "search"):
        os.utime(folder, ns=(past, past))
    return site, past


def test_a_file_the_site_no_longer_has_goes_through_its_folder_was_written_just_before_the_commit(tmp_path):
    """A commit records the site's folders with their mtimes, leaving out
    those changed in the last two seconds (a change within the
    filesystem's granularity would not show); the next commit to that
    folder lists only folders whose mtime changed. search/data/ was
    written just before the first commit, its parents long before: the
    second commit must still look in it, and remove the file gone from
    the site."""
    from builder.build.write import _Tidy

    site, _ = _search_data_just_written(tmp_path, "d0.json", "d5.json")
    first = _Tidy(str(site), {"search/data/d0.json", "search/data/d5.json"}, {}, set())
    first.folder("")
    second = _Tidy(str(site), {"search/data/d0.json"}, first.left, {"search/data"})
    second.folder("")
    assert not (site / "search" / "data" / "d5.json").exists()
    assert (site / "search" / "data" / "d0.json").exists()


def test_a_folder_recorded_without_one_of_its_subfolders_is_listed(tmp_path):
    """A record of the site's folders in which search/ is settled but
    search/data/ is missing (an older builder left such records, and two
    builds at once can): search/data/ is still looked in, and the file the
    site no longer has goes."""
    from builder.build.write import _Tidy

    site, past = _search_data_just_written(tmp_path, "s-a.json", "s-a.json.deflate")
    known = {"": past, "search": past}  # search/data/ left out
    tidy = _Tidy(str(site), {"search/data/s-a.json.deflate"}, known, set())
    tidy.folder("")
    assert sorted(p.name for p in (site / "search" / "data").iterdir()) == ["s-a.json.deflate"]


@pytest.mark.parametrize("pooled", [False, True])
def test_a_full_or_read_only_disk_is_a_message_not_a_traceback(make_site, monkeypatch, capsys, pooled):
    """Also when the pool's workers are the ones writing: their error comes
    back as the same message."""
    import errno

    import builder.build.workers
    import builder.build.write

    root = make_site({f"content/articles/a{n}.md": article(f"Judul {n}") for n in range(3)})
    command = ["build", "--content", str(root / "content"), "--output", str(root / "site"), "--config",
               str(root / "site.yaml"), "--cache", str(root / "cache"), "-q"]
    assert main(command) == 0
    before = snapshot(root / "site")
    for n in range(3):
        (root / "content" / "articles" / f"a{n}.md").write_text(article(f"Judul Baru {n}"), encoding="utf-8")
    if pooled:
        monkeypatch.setattr(builder.build.workers, "POOL_MIN_ITEMS", 1)

    def read_only(target):
        raise OSError(errno.EROFS, "Read-only file system", target)

    monkeypatch.setattr(builder.build.write, "_new_file", read_only)
    capsys.readouterr()
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "error: cannot write " in err and "Read-only file system; the disk is read-only" in err, err
    assert "Traceback" not in err and snapshot(root / "site") == before


def test_an_empty_content_folder_does_not_replace_a_site(make_site, capsys):
    """A mistyped --content (a folder with no articles/) would build an
    empty site over the real one; an articles/ folder emptied on purpose does."""
    root = make_site({"content/articles/a.md": article("Judul A"), "kosong/.keep": ""})
    command = ["build", "--output", str(root / "site"), "--config", str(root / "site.yaml"), "--cache",
               str(root / "cache"), "-q"]
    assert main(command + ["--content", str(root / "content")]) == 0
    before = snapshot(root / "site")
    assert main(command + ["--content", str(root / "kosong")]) == 1
    assert f"{root / 'kosong'} has no articles/ folder, but {root / 'site'} holds a site with 1 article;" \
        in capsys.readouterr().err
    assert snapshot(root / "site") == before
    (root / "content" / "articles" / "a.md").unlink()
    assert main(command + ["--content", str(root / "content")]) == 0
    assert not (root / "site" / "articles").exists()
