"""Nothing lost: killed builds, byte-identical rebuilds, partial failures."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.build.pipeline import BuildOptions, build
from builder.cli import main

from ..conftest import ROOT, article


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def processes_mentioning(text: str) -> list[int]:
    """Process ids whose command line contains text (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is pid (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pids: list[int]) -> list[int]:
    """Those still running (a zombie has finished)."""
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.append(pid)
    return running


def test_a_killed_build_leaves_the_previous_site_whole(tmp_path):
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    (content / "a.md").write_text(article("Situs Lama"), encoding="utf-8")
    output = tmp_path / "site"
    assert main(["build", "--content", str(tmp_path / "content"), "--output", str(output), "-q"]) == 0
    before = digest(output)
    # Enough articles that the next build is still writing when it is killed.
    body = "Paragraf berita yang cukup panjang untuk diubah menjadi HTML. " * 40
    for n in range(3000):
        (content / f"x{n}.md").write_text(article(f"Artikel {n}", "2022-01-01", body=body), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "builder", "build", "--content", str(tmp_path / "content"),
                                "--output", str(output), "--cache", str(tmp_path / "cache"), "-q"], cwd=ROOT)
    deadline = time.monotonic() + 60
    writing = tmp_path / ".site.b"  # the folder that is not the site yet
    while time.monotonic() < deadline and process.poll() is None:
        if writing.is_dir() and any((writing / "articles").glob("x*/index.html")):
            break
        time.sleep(0.01)
    assert process.poll() is None, "the build finished before it could be killed"
    children = children_of(process.pid)
    assert len(children) >= 3, "the pool's workers and the background process are running"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert digest(output) == before, "the previous site/ changed"
    assert os.readlink(output) == ".site.a" and any((writing / "articles").glob("x*/index.html"))
    # Its pool workers notice and exit rather than linger.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and processes_mentioning(str(tmp_path)):
        time.sleep(0.2)
    assert processes_mentioning(str(tmp_path)) == [], "the killed build's workers are still running"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and alive(children):
        time.sleep(0.2)
    assert alive(children) == [], [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in alive(children)]
    # The next build removes what the killed one left and completes.
    for path in content.glob("x*.md"):
        path.unlink()
    assert main(["build", "--content", str(tmp_path / "content"), "--output", str(output), "-q"]) == 0
    assert digest(output) == before and not list(tmp_path.glob(".link-*"))


def test_two_builds_of_the_real_archive_are_byte_identical(tmp_path):
    for name in ("one", "two"):
        build(BuildOptions(content=ROOT / "content", output=tmp_path / name, config=ROOT / "site.yaml"))
    one, two = digest(tmp_path / "one"), digest(tmp_path / "two")
    assert len(one) > 70 and one == two


def test_keep_going_builds_the_rest_and_lists_the_failures(make_site, capsys):
    root = make_site({
        "content/articles/baik.md": article("Artikel Baik"),
        "content/articles/buruk.md": "---\ntitle: Buruk\ndate: 2024-13-01\n---\n",
    })
    args = ["build", "--content", str(root / "content"), "--output", str(root / "site"), "--config", str(root / "site.yaml")]
    assert main(args) == 1
    assert not (root / "site").exists()
    assert main(args + ["--keep-going"]) == 1
    err = capsys.readouterr().err
    assert "1 failure(s), left out of the site" in err and "buruk.md:3: date:" in err
    assert (root / "site" / "articles" / "baik" / "index.html").is_file()
    assert not (root / "site" / "articles" / "buruk").exists()


def test_a_huge_seed_is_refused_without_reading_it(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with open(seeds / "besar.txt", "wb") as handle:  # 50 MB, sparse: nothing is actually written
        handle.truncate(50 * 1024 * 1024)
    assert main(["ingest", "--seeds", str(seeds), "--content", str(tmp_path / "content")]) == 1
    err = capsys.readouterr().err
    assert f"error: {seeds / 'besar.txt'}: file is 50.0 MB, over the limit of 5 MB: a news article is far smaller" in err
    assert not (tmp_path / "content").exists()


def test_missing_template_names_the_file(make_site, capsys):
    root = make_site({"content/articles/a.md": article("A"), "site.yaml": "title: T\n"})
    shutil.copytree(ROOT / "themes", root / "themes")
    (root / "themes" / "default" / "templates" / "article.html").unlink()
    assert main(["build", "--content", str(root / "content"), "--output", str(root / "site"),
                 "--config", str(root / "site.yaml")]) == 1
    err = capsys.readouterr().err
    assert "article.html: template missing" in err and not (root / "site").exists()


def test_unknown_theme_is_an_error(make_site, capsys):
    root = make_site({"content/articles/a.md": article("A"), "site.yaml": "title: T\ntheme: gelap\n"})
    assert main(["build", "--content", str(root / "content"), "--output", str(root / "site"),
                 "--config", str(root / "site.yaml")]) == 1
    assert "theme 'gelap': not found" in capsys.readouterr().err


def test_the_stem_cache_never_changes_the_output(tmp_path):
    cache = tmp_path / "cache"
    base = dict(content=ROOT / "content", config=ROOT / "site.yaml", cache=cache)
    build(BuildOptions(output=tmp_path / "cold", **base))  # no cache yet: writes one
    assert (cache / "stems.json").is_file()
    build(BuildOptions(output=tmp_path / "warm", **base))  # uses it
    (cache / "stems.json").write_text("{not json", encoding="utf-8")
    build(BuildOptions(output=tmp_path / "broken", **base))  # a broken cache is ignored, then rewritten
    assert digest(tmp_path / "cold") == digest(tmp_path / "warm") == digest(tmp_path / "broken")
    assert (cache / "stems.json").read_text(encoding="utf-8").startswith('{"stemmer"')


# A subprocess build killed at its commit: after `unlinks` files were removed
# from the folder being made the site, or just before or after the switch.
_KILLED_AT_COMMIT = """
import os, signal, sys
import builder.build.write
real_unlink, real_replace, real_commit, unlinked = os.unlink, os.replace, builder.build.write.SiteWriter.commit, []
def unlink(path, *args, **kwargs):
    unlinked.append(path)
    if len(unlinked) > {unlinks}:
        os.kill(os.getpid(), signal.SIGKILL)
    real_unlink(path, *args, **kwargs)
def replace(source, target):
    if os.path.islink(source) and "{when}" == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(source, target)
    if os.path.islink(target) and "{when}" == "after":
        os.kill(os.getpid(), signal.SIGKILL)
def commit(self):
    if {unlinks} >= 0:
        os.unlink = unlink
    real_commit(self)
builder.build.write.SiteWriter.commit = commit
os.replace = replace
from builder.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("unlinks, when", [(-1, "before"), (-1, "after"), (2, "")])
def test_a_build_killed_at_its_commit_leaves_one_whole_site(tmp_path, unlinks, when):
    """Killed while it removes the new site's stale files, just before the
    switch, or just after it: site/ is the old site or the new one, whole,
    never part of each. The next build makes what a clean build makes."""
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    for n in range(4):
        (content / f"a{n}.md").write_text(article(f"Judul Lama {n}", f"2022-01-0{n + 1}"), encoding="utf-8")
    output = tmp_path / "site"
    command = ["build", "--content", str(tmp_path / "content"), "--output", str(output),
               "--cache", str(tmp_path / "cache"), "-q"]
    for _ in range(3):  # both folders hold the site: the one the killed build writes has a3's page
        assert main(command) == 0
    old = digest(output)
    # New titles change every article page, the lists and the search index;
    # a3 goes again, so the commit has stale files to remove.
    for n in range(3):
        (content / f"a{n}.md").write_text(article(f"Judul Baru {n}", f"2022-01-0{n + 1}"), encoding="utf-8")
    (content / "a3.md").unlink()
    script = _KILLED_AT_COMMIT.format(unlinks=unlinks, when=when)
    process = subprocess.run([sys.executable, "-c", script, *command], cwd=ROOT, capture_output=True, text=True)
    assert process.returncode == -signal.SIGKILL, process.stderr
    assert main(["build", "--content", str(tmp_path / "content"), "--output", str(tmp_path / "clean"), "-q",
                 "--cache", str(tmp_path / "clean-cache")]) == 0
    assert digest(output) == (digest(tmp_path / "clean") if when == "after" else old)
    assert main(command) == 0
    assert digest(output) == digest(tmp_path / "clean") and not list(tmp_path.glob(".link-*"))


def test_a_commit_that_fails_leaves_the_old_site_and_says_why(tmp_path, monkeypatch, capsys):
    import builder.build.write

    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    for n in range(3):
        (content / f"a{n}.md").write_text(article(f"Judul Lama {n}", f"2022-01-0{n + 1}"), encoding="utf-8")
    output = tmp_path / "site"
    command = ["build", "--content", str(tmp_path / "content"), "--output", str(output), "--cache",
               str(tmp_path / "cache")]
    assert main(command) == 0
    old = digest(output)
    for n in range(3):
        (content / f"a{n}.md").write_text(article(f"Judul Baru {n}", f"2022-01-0{n + 1}"), encoding="utf-8")

    def no_space(source, target):
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(builder.build.write.os, "replace", no_space)
    capsys.readouterr()
    assert main(command) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert f"error: cannot write {output}: No space left on device; free some space" in err, err
    assert "Traceback" not in err and digest(output) == old
    assert main(command) == 0
    build(BuildOptions(content=tmp_path / "content", output=tmp_path / "clean", cache=tmp_path / "clean-cache"))
    assert digest(output) == digest(tmp_path / "clean")
