"""The build's first stage: everything read and checked before any work is
done: the settings, the theme, the archive, and where the site goes."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig, load_config
from ..content.archive import load_archive
from ..errors import BuilderError, BuildFailed
from ..models import Archive
from ..site.contexts import SiteContext
from ..site.theme import Renderer, Theme, builtin_themes, find_theme
from .cache import BuildCache, OutputRecord, builder_digest
from .write import OutputFolders, output_folders


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    output: Path = Path("site")
    config: Path = Path("site.yaml")
    base_url: str | None = None
    strict: bool = False
    keep_going: bool = False  # build what can be built; failures listed in the report
    cache: Path = Path(".cache/news-archive")  # speeds up later builds; never changes their output


@dataclass(frozen=True)
class Loaded:
    """What the build read, checked and set up in its first stage."""

    options: BuildOptions
    config: SiteConfig
    theme: Theme
    compiled_templates: Path | None  # where Jinja's compiled templates are kept between builds
    renderer: Renderer
    labels: dict[str, str | dict[str, str]]  # the interface text
    site: SiteContext
    archive: Archive
    warnings: tuple[str, ...]
    failures: tuple[BuilderError, ...]  # with keep_going: what was left out
    folders: OutputFolders  # where the site goes
    previous: dict[str, OutputRecord]  # the files of the live site, as the last build left them


def load(options: BuildOptions, cache: BuildCache) -> Loaded:
    """Read and check the settings, the theme and all of content/, and find
    the output folder; raise BuildFailed with every problem at once."""
    config = load_config(options.config, base_url=options.base_url, required=options.config != BuildOptions.config)
    theme = find_theme(config.theme, [options.config.parent / "themes", builtin_themes()],
                       overrides=options.config.parent)  # the archive's templates/ and static/
    compiled = compiled_templates_folder(options.cache)
    renderer = Renderer(theme, compiled)
    labels = theme.labels(config.language)
    folders = output_folders(options.output, [options.content, options.config, options.cache, theme.root,
                                              options.config.parent / "seeds", options.config.parent / "themes",
                                              options.config.parent / "templates", options.config.parent / "static"],
                             recorded=cache.has_outputs)
    parsed = cache.parsed_memo()
    archive, warnings, failures = load_archive(options.content, keep_going=options.keep_going, memo=parsed)
    parsed.save()
    previous = cache.outputs(folders.live) if folders.live is not None else {}
    if not (options.content / "articles").is_dir() and any(path.startswith("articles/") for path in previous):
        pages = sum(p.startswith("articles/") and p.endswith("/index.html") for p in previous)
        raise BuilderError(f"{options.content} has no articles/ folder, but {options.output} holds a site with "
                           f"{pages} article{'s' if pages != 1 else ''}; check --content (to empty the site, keep "
                           "an empty articles/ folder)")
    if options.strict and warnings:
        raise BuildFailed([BuilderError(f"{w} (--strict turns warnings into errors)") for w in warnings])
    site = SiteContext(config=config, labels=labels, article_count=len(archive.articles))
    return Loaded(options, config, theme, compiled, renderer, labels, site, archive, tuple(warnings), tuple(failures),
                  folders, previous)


def compiled_templates_folder(cache: Path) -> Path | None:
    """Where this builder keeps Jinja's compiled templates between builds: a
    folder of its own, since Jinja keys them on the template alone; the
    folders of other builders are removed. None if it cannot be made."""
    folders = cache / "templates"
    mine = folders / builder_digest()[:16]
    try:
        mine.mkdir(parents=True, exist_ok=True)
        for other in folders.iterdir():
            if other != mine:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return None
    return mine
