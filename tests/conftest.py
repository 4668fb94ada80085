"""Shared fixtures: a tiny archive written inline, and the project root."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def article(title: str, date: str | None = "2022-09-14", body: str = "Isi berita.", **front: str) -> str:
    """The text of a content/articles/*.md file."""
    lines = ["---", f"title: {title}", f"date: {date if date is not None else 'null'}"]
    lines += [f"{key}: {value}" for key, value in front.items()]
    return "\n".join(lines) + "\n---\n\n" + textwrap.dedent(body).lstrip("\n")


@pytest.fixture
def make_site(tmp_path: Path):
    """make_site({"content/articles/a.md": "...", ...}) -> the archive's root folder.

    Writes the files under tmp_path, plus a site.yaml unless one is given.
    """
    def make(files: dict[str, str]) -> Path:
        for rel, text in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if "site.yaml" not in files:
            (tmp_path / "site.yaml").write_text("title: Arsip Uji\nlanguage: id\n", encoding="utf-8")
        return tmp_path

    return make


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The repository's archive, built once for the tests that only read it."""
    from builder.build.pipeline import BuildOptions, build

    out = tmp_path_factory.mktemp("real") / "site"
    build(BuildOptions(content=ROOT / "content", output=out, config=ROOT / "site.yaml", cache=out.parent / "cache"))
    return out
