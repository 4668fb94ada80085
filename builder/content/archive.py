"""All of content/ read and checked at once: the articles, the registry,
the abbreviations and the about page, as one Archive."""
from __future__ import annotations

from pathlib import Path

from ..errors import BuilderError, BuildFailed, ContentError, brief, closest
from ..models import Archive, Article
from .articles import ParsedMemo, read_articles
from .files import read_utf8
from .frontmatter import load_yaml_mapping
from .registry import load_registry, risky_names


def load_archive(content_dir: Path, keep_going: bool = False,
                 memo: ParsedMemo | None = None) -> tuple[Archive, list[str], list[BuilderError]]:
    """Read and check all of content/. Every error found is raised together,
    or, with keep_going, returned while the failing parts are left out: a
    bad article is skipped, a broken registry leaves no entities."""
    if not content_dir.is_dir():
        raise ContentError(content_dir, None, "content folder not found; run `python -m builder ingest` "
                           "first, or pass --content DIR")
    articles, warnings, errors = read_articles(content_dir, memo)
    abbreviations: dict[str, str] = {}
    abbr_path = content_dir / "abbreviations.yaml"
    if abbr_path.exists():
        try:
            abbreviations = read_abbreviations(abbr_path)
        except ContentError as err:
            errors.append(err)
    about_path = content_dir / "about.md"
    about = ""
    if about_path.exists():
        try:
            about = read_utf8(about_path, inside=content_dir)
        except ContentError as err:
            errors.append(err)
    entities: tuple = ()
    try:
        entities = load_registry(content_dir / "entities.yaml", memo, inside=content_dir)
        warnings.extend(risky_names(content_dir / "entities.yaml", entities))
    except BuildFailed as failed:
        errors.extend(failed.errors)
    except ContentError as err:
        errors.append(err)
    override_errors = _check_overrides(content_dir, articles, entities)
    errors.extend(error for error, _ in override_errors)
    if errors and not keep_going:
        raise BuildFailed(errors)
    bad = {article.slug for _, article in override_errors}
    articles = [a for a in articles if a.slug not in bad]
    if not articles:
        warnings.append(f"{content_dir}/articles: no articles yet; add seeds and run `python -m builder ingest`")
    return (Archive(articles=tuple(articles), entities=entities, about_markdown=about, abbreviations=abbreviations),
            warnings, errors)


def _check_overrides(content_dir: Path, articles: list[Article], entities: tuple) -> list[tuple[ContentError, Article]]:
    """An override must name an entity the registry has."""
    known = {e.id for e in entities}
    errors = []
    for article in articles:
        for entity_id in article.include + article.exclude:
            if entity_id not in known:
                close = closest(entity_id, known)
                hint = f" (did you mean '{close}'?)" if close else ""
                errors.append((ContentError((content_dir / article.src_path).as_posix(), article.overrides_line,
                                            f"entities: no entity '{entity_id}' in entities.yaml{hint}; "
                                            "use an id from content/entities.yaml"), article))
    return errors


def read_abbreviations(path: Path) -> dict[str, str]:
    values, lines = load_yaml_mapping(read_utf8(path, inside=path.parent), path)
    result = {}
    for key, value in values.items():
        if not isinstance(value, str) or not str(key).strip():
            raise ContentError(path, lines.get(str(key)), f"{key}: expected 'ABBR: expansion' as text, got {brief(value)}")
        result[str(key)] = value
    return dict(sorted(result.items()))
