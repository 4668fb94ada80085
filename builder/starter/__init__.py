"""`news-archive init DIR`: a new, empty archive ready to build and publish.

The files beside this module are what it writes; names starting with
`dot-` are written with a leading dot instead (.gitignore, .github/), so
that they ship as ordinary package data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from .. import __version__
from ..errors import BuilderError
from ..files import write_atomic

KEEP_OUT = {"__init__.py", "__pycache__"}


@dataclass
class Started:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # existed already (--force): left as they were


def init_archive(target: Path, language: str = "en", force: bool = False) -> Started:
    """Write the starter archive into `target`. A folder with anything in it
    is refused unless `force`, and even then no file that exists is touched."""
    if target.exists() and not target.is_dir():
        raise BuilderError(f"{target}: not a folder; name a new folder for the archive")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise BuilderError(f"{target}: the folder is not empty; name a new folder, or pass --force to add the "
                           "starter files that are missing (no existing file is changed)")
    fill = {"{language}": language, "{version}": __version__, "{title}": "My News Archive"}
    started = Started()
    for source, rel in sorted(_starter_files(), key=lambda pair: pair[1]):
        path = target / rel
        if path.exists() or path.is_symlink():
            started.kept.append(path)
            continue
        text = source.read_text(encoding="utf-8")
        for token, value in fill.items():
            text = text.replace(token, value)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
        started.written.append(path)
    requirements = target / "requirements.txt"
    if requirements.exists():
        started.kept.append(requirements)
    else:
        write_atomic(requirements, _requirements())
        started.written.append(requirements)
    (target / "content" / "articles").mkdir(parents=True, exist_ok=True)
    return started


def _starter_files() -> list[tuple[Path, str]]:
    """(file, where it goes in the new archive) for each starter file."""
    root = Path(str(resources.files(__name__)))
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if path.is_file() and not (KEEP_OUT & set(rel.parts)) and path.suffix != ".pyc":
            found.append((path, "/".join("." + part[4:] if part.startswith("dot-") else part for part in rel.parts)))
    return found


def _requirements() -> str:
    """What the Pages workflow installs: the builder as this one was
    installed (a Git address and commit, when it came from one), else the
    release of this version."""
    spec = f"news-archive-builder=={__version__}"
    try:
        direct = metadata.distribution("news-archive-builder").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct = None
    info = json.loads(direct) if direct else {}
    vcs = info.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and info.get("url", "").startswith("https://"):
        spec = f"news-archive-builder @ git+{info['url']}@{vcs.get('commit_id', '')}".rstrip("@")
    return ("# The builder the GitHub Pages workflow installs. Change it to where your team\n"
            "# gets the builder: a release (news-archive-builder==X.Y.Z), a Git address\n"
            "# (news-archive-builder @ git+https://github.com/OWNER/REPO@TAG) or a wheel.\n"
            f"{spec}\n")
