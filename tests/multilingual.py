"""The test suite's multilingual archive: the seeds' content/ with English
and Malay articles written for the tests (tests/fixtures/multilingual/)."""
from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "multilingual"
ENGLISH = ("astana-summit-energy-deals", "ministers-meetings-central-asia", "grain-exports-rise")
MALAY = ("rundingan-menteri-luar", "lawatan-xi-ke-astana")


def multilingual_content(folder: Path) -> Path:
    """A copy of content/ with the English and Malay articles added; returns it."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for slug in (*ENGLISH, *MALAY):
        shutil.copy(FIXTURES / f"{slug}.md", content / "articles" / f"{slug}.md")
    return content
