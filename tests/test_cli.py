"""The command line, driven through main(argv) as a user would type it."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from builder.cli import main

from .conftest import ROOT


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A copy of the five real seeds, with an empty content folder."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "content").mkdir()
    return tmp_path


def run(archive: Path, *args: str) -> int:
    return main([args[0], "--seeds", str(archive / "seeds"), "--content", str(archive / "content"), *args[1:]])


def test_ingest_imports_each_seed_once(archive, capsys):
    assert run(archive, "ingest") == 0
    files = sorted((archive / "content" / "articles").glob("*.md"))
    assert len(files) == 5
    out, err = capsys.readouterr()
    assert "5 new" in out
    assert err.count("no publication date") == 2  # 000 and 004
    assert run(archive, "ingest") == 0
    assert "5 already imported" in capsys.readouterr().out


def test_ingest_never_overwrites_an_edited_article(archive, capsys):
    run(archive, "ingest")
    target = next((archive / "content" / "articles").glob("kremlin-*.md"))
    edited = target.read_text(encoding="utf-8").replace("date: null", "date: 2021-12-15")
    target.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert run(archive, "ingest") == 0
    assert target.read_text(encoding="utf-8") == edited


def test_force_dry_run_shows_the_changes_of_every_seed_and_writes_nothing(archive, capsys):
    run(archive, "ingest")
    target = next((archive / "content" / "articles").glob("kremlin-*.md"))
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace("publisher: null", "publisher: AFP"), encoding="utf-8")
    capsys.readouterr()
    assert run(archive, "ingest", "--force", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "-publisher: AFP" in out and "+publisher: null" in out and "would update" in out
    assert "publisher: AFP" in target.read_text(encoding="utf-8"), "--dry-run wrote nothing"


def test_force_without_seeds_refuses_and_lists_the_changed_ones(archive, capsys):
    run(archive, "ingest")
    before = {p.name: p.read_bytes() for p in (archive / "content" / "articles").glob("*")}
    seed = next((archive / "seeds").glob("003_*.txt"))
    seed.write_bytes(seed.read_bytes() + b"\nParagraf tambahan.\n")
    capsys.readouterr()
    assert run(archive, "ingest", "--force") == 1  # stdin is not a terminal: nothing is asked
    err = capsys.readouterr().err
    assert "ingest --force needs the seeds to import again" in err and f"{seed}  (changed since" in err
    assert {p.name: p.read_bytes() for p in (archive / "content" / "articles").glob("*")} == before


def test_force_reimports_only_the_named_seed_and_keeps_the_editors_work(archive, capsys):
    run(archive, "ingest")
    articles = archive / "content" / "articles"
    target = next(articles.glob("kremlin-*.md"))
    others = {p: p.read_text(encoding="utf-8") for p in articles.glob("*.md") if p != target}
    for path in others:  # hand edits of articles whose seeds did not change
        others[path] = others[path].replace("language: id", "language: id\nentities:\n  exclude: [beijing]")
        path.write_text(others[path], encoding="utf-8")
    edited = (target.read_text(encoding="utf-8")
              .replace("title_source: headline", "title_source: editor")
              .replace("title: 'Kremlin: Xi mendukung", "title: 'Judul redaksi: Xi mendukung")
              .replace("date: null", "date: 2021-12-15").replace("date_source: null", "date_source: editor")
              .replace("language: id", "language: id\nentities:\n  include: [kremlin]")
              .replace("kata Kremlin Rabu setelah", "kata Kremlin Rabu[^rabu] setelah")
              .replace("tetangganya.", "tetangganya (diperiksa redaksi)."))
    edited += "\n[^rabu]: Catatan redaksi: Rabu, 15 Desember 2021.\n"
    target.write_text(edited, encoding="utf-8")
    seed = next((archive / "seeds").glob("004_*.txt"))
    seed.write_bytes(seed.read_bytes().replace(b"Kremlin telah membantah", b"Kremlin sudah membantah"))
    capsys.readouterr()
    assert run(archive, "ingest", "--force", str(seed)) == 0
    out = capsys.readouterr().out
    assert {p: p.read_text(encoding="utf-8") for p in others} == others, "no other article was touched"
    text = target.read_text(encoding="utf-8")
    assert "title: 'Judul redaksi: Xi mendukung" in text and "title_source: editor" in text
    assert "date: 2021-12-15" in text and "date_source: editor" in text
    assert "entities:\n  include: [kremlin]" in text, "as the editor wrote it"
    assert "kata Kremlin Rabu[^rabu] setelah" in text and "[^rabu]: Catatan redaksi: Rabu, 15 Desember 2021." in text
    assert "Kremlin sudah membantah" in text, "the corrected seed's text"
    assert "(diperiksa redaksi)" not in text, "a hand edit of the body cannot be told from the seed's text..."
    backup = target.with_name(target.name + ".orig")
    assert backup.read_text(encoding="utf-8") == edited, "...so the previous version is kept beside it"
    assert (f"{target}: kept title (title_source: editor), date (date_source: editor), entities: corrections, "
            f"footnote [^rabu]; the article held more than that") in out
    assert f"kept as {backup.name}" in out
    # Again: the first copy is never overwritten.
    seed.write_bytes(seed.read_bytes().replace(b"sudah membantah", b"telah lama membantah"))
    assert run(archive, "ingest", "--force", seed.name) == 0
    assert backup.read_text(encoding="utf-8") == edited and target.with_name(target.name + ".orig-2").is_file()


def test_force_names_an_unknown_seed(archive, capsys):
    run(archive, "ingest")
    assert run(archive, "ingest", "--force", "tidak-ada.txt") == 1
    assert "tidak-ada.txt: no such seed in" in capsys.readouterr().err


@pytest.mark.parametrize("remove", ["seed", "seed and seed_sha256"])
def test_an_article_whose_seed_line_was_deleted_is_not_imported_twice(archive, capsys, remove):
    run(archive, "ingest")
    target = next((archive / "content" / "articles").glob("kremlin-*.md"))
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    gone = ("seed:",) if remove == "seed" else ("seed:", "seed_sha256:")
    target.write_text("".join(line for line in lines if not line.startswith(gone)), encoding="utf-8")
    capsys.readouterr()
    assert run(archive, "ingest") == 0
    assert len(list((archive / "content" / "articles").glob("*.md"))) == 5
    err = capsys.readouterr().err
    assert ("no longer names its seed" if remove == "seed" else "names no seed") in err


def test_a_changed_seed_is_reported_not_reimported(archive, capsys):
    run(archive, "ingest")
    seed = next((archive / "seeds").glob("003_*.txt"))
    seed.write_bytes(seed.read_bytes() + b"\nParagraf tambahan.\n")
    capsys.readouterr()
    assert run(archive, "ingest") == 0
    assert "changed since it was imported" in capsys.readouterr().err


def test_a_bad_seed_is_reported_and_the_others_are_imported(archive, capsys):
    (archive / "seeds" / "kosong.txt").write_bytes(b"")
    assert run(archive, "ingest") == 1
    err = capsys.readouterr().err
    assert f"error: {archive / 'seeds' / 'kosong.txt'}: file is empty" in err
    assert "1 could not be imported" in err
    assert len(list((archive / "content" / "articles").glob("*.md"))) == 5
    assert run(archive, "ingest") == 1, "still reported, and nothing imported twice"
    assert "5 already imported" in capsys.readouterr().out


def test_keep_going_is_still_accepted(archive, capsys):
    (archive / "seeds" / "gambar.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert run(archive, "ingest", "--keep-going") == 1
    assert len(list((archive / "content" / "articles").glob("*.md"))) == 5
    assert "binary file" in capsys.readouterr().err


def test_same_slug_from_two_seeds_gets_a_suffix(archive, capsys):
    text = "Judul Yang Sama\nJAKARTA - Isi berita pertama yang cukup panjang untuk menjadi sebuah paragraf.\n"
    (archive / "seeds" / "a.txt").write_text(text, encoding="utf-8")
    (archive / "seeds" / "b.txt").write_text(text.replace("pertama", "kedua"), encoding="utf-8")
    assert run(archive, "ingest") == 0
    names = {p.name for p in (archive / "content" / "articles").glob("judul-*.md")}
    assert names == {"judul-yang-sama.md", "judul-yang-sama-2.md"}
    assert "slug 'judul-yang-sama' is taken" in capsys.readouterr().err


def test_russian_and_chinese_seeds_are_read_in_their_languages(archive, capsys, monkeypatch):
    (archive / "seeds" / "ru.txt").write_text(
        "Токаев и Си Цзиньпин обсудили новую железную дорогу\n\n3 июня 2024, 14:05\n\nАСТАНА, 3 июня — Президент "
        "Казахстана и председатель КНР обсудили в Астане строительство новой железной дороги между странами.\n\n"
        "«Мы договорились ускорить работу», — сказал Токаев журналистам.\n\n"
        "Стороны также подписали соглашение о сотрудничестве в энергетике.\n", encoding="utf-8")
    (archive / "seeds" / "zh.txt").write_text(
        "习近平同托卡耶夫举行会谈\n\n2024年06月03日 14:05 来源：新华社\n\n新华社阿斯塔纳6月3日电 国家主席习近平3日在阿斯塔纳同"
        "哈萨克斯坦总统托卡耶夫举行会谈。两国元首同意加强铁路和能源领域合作。\n\n双方签署了多项合作文件。\n", encoding="utf-8")
    assert run(archive, "ingest") == 0
    articles = archive / "content" / "articles"
    russian = (articles / "tokaev-i-si-tszinpin-obsudili-novuyu-zheleznuyu-dorogu.md").read_text(encoding="utf-8")
    assert "title: Токаев и Си Цзиньпин обсудили новую железную дорогу\n" in russian
    assert "\ndate: 2024-06-03T14:05:00\n" in russian and "\nlanguage: ru\n" in russian
    assert "\ndateline: Астана\n" in russian
    chinese = next(articles.glob("artikel-*.md")).read_text(encoding="utf-8")
    assert "title: 习近平同托卡耶夫举行会谈\n" in chinese and "\nlanguage: zh\n" in chinese
    assert "\ndate: 2024-06-03T14:05:00\n" in chinese and "\npublisher: Xinhua\n" in chinese
    # Xinhua's dateline ("新华社阿斯塔纳6月3日电") goes to the front matter; the summary is the first sentence.
    assert "\ndateline: 阿斯塔纳\n" in chinese and "\nsummary: 国家主席习近平3日在阿斯塔纳同哈萨克斯坦总统托卡耶夫举行会谈。\n" in chinese
    monkeypatch.chdir(archive)
    assert main(["build"]) == 0
    page = (archive / "site" / "articles" / "tokaev-i-si-tszinpin-obsudili-novuyu-zheleznuyu-dorogu" / "index.html")
    html = page.read_text(encoding="utf-8")
    assert 'lang="ru"' in html
    assert "«Мы договорились ускорить работу»" in html  # the quotation marks Russian prints


def test_build_errors_exit_1_with_the_location(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "articles" / "a.md").write_text("---\ntitle: A\ndate: kemarin\n---\n", encoding="utf-8")
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "error: content/articles/a.md:3: date: expected YYYY-MM-DD" in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_an_explicit_config_that_does_not_exist_is_an_error(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert main(["build", "--content", str(tmp_path / "content"), "--config", str(tmp_path / "none.yaml"),
                 "--output", str(tmp_path / "site")]) == 1
    assert "none.yaml: config file not found" in capsys.readouterr().err


def test_strict_turns_warnings_into_failure(tmp_path, capsys):
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "articles" / "a.md").write_text("---\ntitle: A\npublsher: x\n---\n", encoding="utf-8")
    base = ["build", "--content", str(tmp_path / "content"), "--output", str(tmp_path / "site")]
    assert main(base) == 0
    assert main(base + ["--strict"]) == 1
    assert "unknown front-matter key 'publsher'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["ingest", "build", "serve"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "--content" in out and "usage:" in out


def test_progress_bar_on_a_terminal_only(tmp_path, capsys):
    """A bar with counts and time left when stderr is a terminal; nothing
    when it is not (logs, CI); --timings prints every stage either way."""
    import io

    from builder.build.pipeline import BuildOptions, build
    from builder.build.progress import Progress

    options = BuildOptions(content=ROOT / "content", output=tmp_path / "site", config=ROOT / "site.yaml",
                           cache=tmp_path / "cache")
    terminal = io.StringIO()
    report = build(options, Progress(bar=True, stream=terminal))
    lines = terminal.getvalue().replace("\r\033[K", "\n").split("\n")
    stages = [name for name, _, _ in report.timings]
    assert {"analyse", "article pages", "search index"} <= set(stages)
    for stage in stages:
        assert any(line.strip().startswith(stage) and line.rstrip().endswith(" s") for line in lines), stage
    assert any(line.strip().startswith("analyse") and "5/5" in line for line in lines)

    quiet = io.StringIO()
    build(options, Progress(bar=False, stream=quiet))
    assert quiet.getvalue() == ""

    assert main(["build", "--content", str(ROOT / "content"), "--config", str(ROOT / "site.yaml"),
                 "--output", str(tmp_path / "site"), "--cache", str(tmp_path / "cache"), "--timings"]) == 0
    out, err = capsys.readouterr()
    assert "bar" not in err and "s left" not in err  # stderr is not a terminal under pytest
    for stage in stages:
        assert any(line.strip().startswith(stage) and "peak RSS" in line for line in out.splitlines()), stage


def test_output_cut_short_by_its_reader_is_no_traceback(archive):
    """`python -m builder ingest | head -0`: the reader closes the pipe before
    the report is printed. The work is done; the command exits 1, quietly."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "builder", "ingest", "--seeds", str(archive / "seeds"),
                                "--content", str(archive / "content")],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # type: ignore[union-attr]
    err = process.stderr.read().decode()  # type: ignore[union-attr]
    assert process.wait() == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert len(list((archive / "content" / "articles").glob("*.md"))) == 5


def test_a_seed_that_links_out_of_seeds_or_is_a_pipe_is_not_read(archive, capsys):
    secret = archive / "rahasia.txt"
    secret.write_text("Judul Rahasia\n\nIsi rahasia yang tidak boleh terbit di situs.\n", encoding="utf-8")
    (archive / "seeds" / "bocor.txt").symlink_to(secret)
    os.mkfifo(archive / "seeds" / "pipa.txt")
    assert run(archive, "ingest", "--keep-going") == 1
    err = capsys.readouterr().err
    seeds = archive / "seeds"
    assert f"error: {seeds / 'bocor.txt'}: a link to {secret}, outside {seeds}" in err
    assert f"warning: {seeds / 'pipa.txt'}: not a regular file (a device or named pipe); ignored" in err
    assert len(list((archive / "content" / "articles").glob("*.md"))) == 5
    assert not any("Rahasia" in p.read_text(encoding="utf-8") for p in (archive / "content").rglob("*.md"))


def test_ingest_uses_the_archives_outlets_and_reports_a_broken_list(archive, capsys):
    for seed in (archive / "seeds").iterdir():
        seed.unlink()
    (archive / "seeds" / "a.txt").write_text(
        "Jalan Desa Diperbaiki\nGARUT, WARTADESA - Jalan desa sepanjang dua kilometer diperbaiki warga secara "
        "gotong royong sejak pekan lalu.\nPekerjaan selesai dalam sepuluh hari.\n", encoding="utf-8")
    (archive / "content" / "outlets.yaml").write_text("- name: Warta Desa\n  also: [WARTADESA]\n  bogus: 1\n",
                                                      encoding="utf-8")
    assert run(archive, "ingest") != 0
    assert "outlets.yaml:1" in capsys.readouterr().err and not (archive / "content" / "articles").exists()
    (archive / "content" / "outlets.yaml").write_text("- name: Warta Desa\n  also: [WARTADESA]\n", encoding="utf-8")
    assert run(archive, "ingest") == 0
    (article,) = (archive / "content" / "articles").glob("*.md")
    assert "publisher: Warta Desa\ndateline: Garut\n" in article.read_text(encoding="utf-8")


def test_force_keeps_the_editors_comments_or_the_file_they_were_in(archive, capsys):
    run(archive, "ingest")
    articles = archive / "content" / "articles"
    target = next(articles.glob("kremlin-*.md"))
    seed = next((archive / "seeds").glob("004_*.txt"))
    commented = target.read_text(encoding="utf-8").replace(
        "language: id", "language: id\n# Kremlin here is the government, not the building.\nentities:\n"
        "  include: [kremlin]  # checked by hand")
    target.write_text(commented, encoding="utf-8")
    assert run(archive, "ingest", "--force", str(seed)) == 0
    text = target.read_text(encoding="utf-8")
    assert ("# Kremlin here is the government, not the building.\nentities:\n  include: [kremlin]  # checked by "
            "hand\n---") in text
    assert not target.with_name(target.name + ".orig").exists(), "everything was carried over"
    capsys.readouterr()
    target.write_text(text.replace("dateline: Moskow", "# seen on the print edition\ndateline: Moskow"),
                      encoding="utf-8")
    assert run(archive, "ingest", "--force", str(seed)) == 0
    assert "# seen on the print edition" not in target.read_text(encoding="utf-8")
    assert "# seen on the print edition" in target.with_name(target.name + ".orig").read_text(encoding="utf-8")
    assert "kept as" in capsys.readouterr().out
