"""content/articles/*.md -> Article: every front-matter value checked, and
every problem reported as `path:line: what was expected, what was found,
what to do`, all of them at once."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

from ..errors import BuilderError, BuildFailed, ContentError, brief, closest
from ..hashing import digest
from ..models import DATE_SOURCES, TITLE_SOURCES, Article
from ..text import FOOTNOTE_REFERENCE, WEB_ADDRESS
from .files import Unreadable, _file_bytes, _utf8, check_link
from .frontmatter import FrontMatter, parse_date, split_front_matter

# Bidirectional overrides and isolates: they make text display in another order than it is written
# (a headline that reads as something else), and news copy has no use for them.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")

ARTICLE_KEYS = (
    "title", "title_source", "slug", "date", "date_source", "publisher", "dateline", "language",
    "summary", "source_url", "seed", "seed_sha256", "warc_record", "review", "removed", "entities",
)
# An original's address: shown as a link, so nothing but http(s) (a "javascript:" link would run).
_NUL = re.compile("\x00")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # whole text (fullmatch): "$" would let a trailing newline through
# A footnote's definition as python-markdown's extension reads it: "[^label]: ..." starting a line.
_FOOTNOTE = re.compile(r"^ {0,3}\[\^([^\]]+)\]:", re.M)


def _dangling_footnotes(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, label) of the first reference to each footnote the body
    never gives (body: the text after the front matter, which starts on
    first_line). Markdown leaves such a reference as it is written, so the
    page shows "[^2]" where the editor meant a footnote."""
    if "[^" not in body:
        return []
    given = set(_FOOTNOTE.findall(body))
    first: dict[str, int] = {}
    for reference in FOOTNOTE_REFERENCE.finditer(body):
        if reference.group(1) not in given:
            first.setdefault(reference.group(1), first_line + body.count("\n", 0, reference.start()))
    return [(line, label) for label, line in first.items()]


def _overrides(check: "_Checker") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`entities: {include: [...], exclude: [...]}`: the editor's corrections to matching."""
    value = check.front.values.get("entities")
    if value is None:
        return (), ()
    if not isinstance(value, dict) or set(value) - {"include", "exclude"}:
        check.error("entities", f"entities: expected include: [...] and/or exclude: [...] (entity ids), got {brief(value)}")
        return (), ()
    lists = []
    for key in ("include", "exclude"):
        items = value.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            check.error("entities", f"entities.{key}: expected a list of entity ids, got {brief(items)}")
            items = []
        lists.append(tuple(items))
    return lists[0], lists[1]


class _Checker:
    """Collects problems with one file's front matter, each with its line."""

    def __init__(self, path: Path | str, front: FrontMatter):
        self.path = path
        self.front = front
        self.errors: list[ContentError] = []
        self.warnings: list[str] = []

    def line(self, key: str) -> int:
        return self.front.key_lines.get(key, 1)

    def error(self, key: str, message: str) -> None:
        self.errors.append(ContentError(self.path, self.line(key), message))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.front.values.get(key)
        if value is None or value == "":
            if required:
                self.error(key, f"{key}: required, but missing or empty; add `{key}: ...` to the front matter")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.error(key, f"{key}: expected text, got {type(value).__name__} {brief(value)}")
            return None
        return value.strip()

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = self.text(key)
        if value is None:
            return default
        if value not in allowed:
            self.error(key, f"{key}: expected one of {', '.join(allowed)}, got {brief(value)}")
            return default
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.front.values.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, f"{key}: expected a list of texts, got {brief(value)}")
            return ()
        return tuple(value)


class ParsedMemo(Protocol):
    """Files parsed by earlier builds, by a hash of the file's path and
    bytes (Article.source): an article with its warnings, the registry.
    And, so that an unchanged file need not be read to find that hash, the
    hash each file had when its status (os.stat) was what it is now."""

    def get(self, source: str) -> object | None: ...

    def put(self, source: str, parsed: object) -> None: ...

    def source_of(self, path: str, status: os.stat_result) -> str | None: ...

    def read(self, path: str, status: os.stat_result, source: str) -> None: ...


def read_article(path: Path, content_dir: Path, memo: ParsedMemo | None = None) -> tuple[Article, list[str]]:
    """One content/articles/*.md -> (Article, warnings); raises BuildFailed with
    every problem in the file, or ContentError when it cannot be read at all.
    A file `memo` knows (same path, same bytes) is not parsed again."""
    src_path = path.relative_to(content_dir).as_posix()
    return _read_article(str(path), src_path, (content_dir / src_path).as_posix(), memo)


def _read_article(path: str, src_path: str, shown: str, memo: ParsedMemo | None) -> tuple[Article, list[str]]:
    """read_article with its paths as strings: a warm build reads every
    article, and pathlib's operations cost a tenth of reading them. A file
    whose status is as the memo last saw it is not read at all (reading
    and hashing 10,000 took 0.25 s of each build)."""
    try:
        status = os.stat(path)
        source = memo.source_of(path, status) if memo is not None else None
        known = memo.get(source) if memo is not None and source is not None else None
        if known is not None:
            return known  # these bytes were decoded and checked when they were parsed
        raw = _file_bytes(path)
    except OSError as err:
        raise ContentError(shown, None, f"cannot read: {err.strerror}") from None
    except Unreadable as err:
        raise ContentError(shown, None, str(err)) from None
    source = digest(src_path, raw)
    known = memo.get(source) if memo is not None else None
    if known is not None:
        memo.read(path, status, source)  # type: ignore[union-attr]
        return known  # these bytes were decoded and checked when they were parsed
    text = _utf8(raw, shown)
    front = split_front_matter(text, shown)
    check = _Checker(shown, front)
    for pattern, what in ((BIDI_CONTROLS, "a character that reverses or isolates the direction of text (U+202A-"
                                          "U+202E, U+2066-U+2069): it makes the text display in another order "
                                          "than it is written; remove it"),
                          (_NUL, "a NUL character, which pages cannot show: it is left out; remove it")):
        found = pattern.search(text)
        if found:
            check.warnings.append(f"{shown}:{text.count(chr(10), 0, found.start()) + 1}: {what}")
    for line, label in _dangling_footnotes(front.body, front.body_line):
        check.warnings.append(f"{shown}:{line}: footnote [^{label}] is referred to but never given, so the page "
                              f"shows it as written; add a line '[^{label}]: ...' after the text, or remove the "
                              "reference")
    extra = {}
    for key in front.values:
        if key not in ARTICLE_KEYS:  # the archive's own keys: templates read them as article.extra
            extra[str(key)] = front.values[key]
            close = closest(str(key), ARTICLE_KEYS)
            if close:
                check.warnings.append(f"{shown}:{check.line(str(key))}: unknown front-matter key '{key}' (did you "
                                      f"mean '{close}'?); the builder does not read it, templates see it as "
                                      f"article.extra")
    title = check.text("title", required=True) or ""
    slug = check.text("slug") or Path(src_path).stem
    if not _SLUG.fullmatch(slug):
        check.error("slug", f"slug: expected lowercase letters, digits and hyphens, got {brief(slug)}")
    try:
        date = parse_date(front.values.get("date"))
    except ValueError as err:
        check.error("date", f"date: expected YYYY-MM-DD (or YYYY-MM-DDTHH:MM), {err}; "
                    "write a real calendar date, or null if unknown")
        date = None
    language = check.text("language") or "id"
    if not re.fullmatch(r"[a-z]{2,3}", language):
        check.error("language", f"language: expected a language code such as id or en, got {brief(language)}")
    include, exclude = _overrides(check)
    source_url = check.text("source_url")
    if source_url is not None and not WEB_ADDRESS.fullmatch(source_url):
        check.error("source_url", f"source_url: expected a web address starting with http:// or https://, got "
                    f"{brief(source_url)}")
        source_url = None
    article = Article(
        slug=slug,
        title=title,
        date=date,
        date_source=check.choice("date_source", DATE_SOURCES, None),
        publisher=check.text("publisher"),
        dateline=check.text("dateline"),
        language=language,
        summary=check.text("summary") or "",
        body=front.body,
        src_path=src_path,
        title_source=check.choice("title_source", TITLE_SOURCES, "headline") or "headline",
        seed=check.text("seed"),
        seed_sha256=check.text("seed_sha256"),
        source_url=source_url,
        review=check.strings("review"),
        removed=check.strings("removed"),
        include=include,
        exclude=exclude,
        overrides_line=check.line("entities") if "entities" in front.values else 0,
        slug_line=check.line("slug") if "slug" in front.values else 0,
        extra=extra,
        source=source,
    )
    if check.errors:
        raise BuildFailed(check.errors)
    if memo is not None:
        memo.put(source, (article, check.warnings))
        memo.read(path, status, source)
    return article, check.warnings


def _article_names(folder: Path) -> list[str]:
    return sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".md"))


def _plain_entries(folder: Path, names: list[str]) -> set[str]:
    """The names that are files themselves, not links: only links need
    check_link, and one scandir costs less than a check of each file."""
    wanted = set(names)
    with os.scandir(folder) as entries:
        return {e.name for e in entries if e.name in wanted and e.is_file(follow_symlinks=False)}


def count_articles(content_dir: Path) -> int:
    """How many articles read_articles will find (0 if it will find none):
    known before they are read, to decide how many processes to start."""
    try:
        return len(_article_names(content_dir / "articles"))
    except OSError:
        return 0


def read_articles(content_dir: Path, memo: ParsedMemo | None = None) -> tuple[list[Article], list[str],
                                                                              list[BuilderError]]:
    """Every article under content/articles, sorted by path; with all warnings
    and all errors, so the user fixes everything in one round."""
    articles: list[Article] = []
    warnings: list[str] = []
    errors: list[BuilderError] = []
    folder = content_dir / "articles"
    if not folder.is_dir():
        return articles, warnings, errors
    shown_folder = (content_dir / "articles").as_posix()  # as the user knows it: content/articles
    names = _article_names(folder)
    plain = _plain_entries(folder, names)
    for name in names:
        try:
            if name not in plain:
                check_link(folder / name, content_dir)
            article, found = _read_article(os.path.join(folder, name), f"articles/{name}", f"{shown_folder}/{name}",
                                           memo)
        except BuildFailed as many:
            errors.extend(many.errors)
            continue
        except ContentError as err:
            errors.append(err)
            continue
        articles.append(article)
        warnings.extend(found)
    seen: dict[str, str] = {}
    for article in articles:
        if article.slug in seen:
            errors.append(ContentError((content_dir / article.src_path).as_posix(), article.slug_line or None,
                                       f"slug {article.slug!r} is also used by "
                                       f"{(content_dir / seen[article.slug]).as_posix()}; give one of them another slug"))
        seen[article.slug] = article.src_path
    return articles, warnings, errors
