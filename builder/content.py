"""content/: read and write the curated Markdown files with YAML front matter.

Reading checks every front-matter value and reports problems as
`path:line: what was expected, what was found, what to do`, all of them at
once. Dates are parsed here, not by YAML, so that `date: 2024-13-01` gets a
message with its line rather than a YAML traceback.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import yaml

from .cache import digest
from .errors import BuildFailed, BuilderError, ContentError, InputError, brief, closest, too_large
from .models import DATE_SOURCES, TITLE_SOURCES, Article, ArticleDraft

log = logging.getLogger(__name__)

try:  # the C loader is about ten times faster; same results
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves timestamps as text, so we parse (and report) dates."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

# Bidirectional overrides and isolates: they make text display in another order than it is written
# (a headline that reads as something else), and news copy has no use for them.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")

ARTICLE_KEYS = (
    "title", "title_source", "slug", "date", "date_source", "publisher", "dateline", "language",
    "summary", "seed", "seed_sha256", "review", "removed", "entities",
)
_NUL = re.compile("\x00")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # whole text (fullmatch): "$" would let a trailing newline through


@dataclass(frozen=True)
class FrontMatter:
    """Front matter as read: values, the line of each key, and where the body starts."""

    values: dict
    key_lines: dict[str, int]
    body: str
    body_line: int


def split_front_matter(text: str, path: Path | str) -> FrontMatter:
    """'---\\n<yaml>\\n---\\n<markdown>' -> FrontMatter, with line numbers."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ContentError(path, 1, "expected front matter starting with '---' on the first line; "
                           "add a '---' block with at least `title:`")
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.M)
    if end is None:
        raise ContentError(path, 1, "front matter opened with '---' is never closed; add a line '---' after it")
    yaml_text = text[4: 4 + end.start()]
    body = text[4 + end.end():].lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    values, key_lines = load_yaml_mapping(yaml_text, path, first_line=2)
    return FrontMatter(values, key_lines, body, body_line)


def read_yaml(yaml_text: str, path: Path | str, first_line: int = 1,
              error: type[InputError] = ContentError) -> tuple[object, yaml.Node | None]:
    """Parse one YAML document people wrote: its value and its node tree
    (for line numbers). Every problem raises `error` with a line: syntax,
    tags such as !!python/object, numbers too long for Python to read, and
    nesting too deep for the parser to follow."""
    too_deep = _too_deep(yaml_text) if len(yaml_text) > _DEEP_ENOUGH_TO_CHECK else None
    if too_deep is not None:
        raise error(path, first_line + too_deep, f"YAML nested more than {MAX_NESTING} levels deep; "
                    "flatten the lists and mappings")
    loader = _Loader(yaml_text)
    node = None
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.MarkedYAMLError as err:
        # An unclosed quote or bracket is noticed lines later; the context
        # mark is where it was opened, which is where the fix goes.
        mark = err.context_mark or err.problem_mark
        line = first_line + mark.line if mark else first_line
        if isinstance(err, yaml.constructor.ConstructorError):
            line = first_line + err.problem_mark.line if err.problem_mark else line
            hint = ("tags such as !!python/object are not allowed here: write plain text, numbers, lists and "
                    "mappings") if "tag" in (err.problem or "") else "a key must be a name, not a list or mapping"
            raise error(path, line, f"YAML error: {err.problem}; {hint}") from None
        problem = err.problem or "invalid YAML"
        if err.context:
            problem += f" ({err.context})"
        raise error(path, line, f"YAML error: {problem}; fix the syntax "
                    "(a value with ': ' or a leading quote needs quoting)") from None
    except yaml.YAMLError as err:
        raise error(path, first_line, f"YAML error: {err}") from None
    except ValueError:  # int() refuses more than 4,300 digits
        line = _long_number_line(node)
        raise error(path, first_line + line if line is not None else first_line,
                    "a number too long to read; quote it if it is text, or shorten it") from None
    except RecursionError:
        raise error(path, first_line, "YAML nested too deeply to read; flatten the lists and mappings") from None
    finally:
        loader.dispose()


# libyaml builds nested lists by recursion in C: 100,000 levels overflow the
# stack and end the process. So a document long enough to nest that deep is
# first read as a stream of events (no recursion), and refused beyond
# MAX_NESTING levels. Shorter ones cannot nest deep enough to matter.
MAX_NESTING = 64
_DEEP_ENOUGH_TO_CHECK = 10_000  # characters


def _too_deep(yaml_text: str) -> int | None:
    """The 0-based line where nesting goes past MAX_NESTING levels, or None
    (also for a document that does not parse: the real parse says why)."""
    depth = 0
    try:
        for event in yaml.parse(yaml_text, Loader=_BaseLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    return event.start_mark.line
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _long_number_line(root: yaml.Node | None) -> int | None:
    """The (0-based) line of the first scalar that reads as a number of
    thousands of digits, walking the node tree without recursion and
    visiting shared nodes (YAML aliases) once."""
    stack, seen = [root] if root is not None else [], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > 1000 and node.tag.endswith((":int", ":float")):
                return node.start_mark.line
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in reversed(node.value) for item in reversed(pair))
    return None


def load_yaml_mapping(yaml_text: str, path: Path | str, first_line: int = 1,
                      error: type[InputError] = ContentError) -> tuple[dict, dict[str, int]]:
    """Parse a YAML mapping whose keys are text; returns it and the 1-based
    line of each key. Problems raise `error` (ContentError, or ConfigError
    for site.yaml)."""
    data, node = read_yaml(yaml_text, path, first_line, error)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise error(path, first_line, f"expected key: value pairs, found {type(data).__name__}")
    key_lines = {}
    if node is not None and isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise error(path, first_line + key_node.start_mark.line,
                            "a key must be a name, not a list or mapping; check the indentation")
            key_lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return data, key_lines


def parse_date(value: object) -> dt.date | dt.datetime | None:
    """A front-matter date: YYYY-MM-DD, or with a time (and offset); raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if not isinstance(value, str):
        raise ValueError(f"got {brief(value)}")
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?", text):
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as err:
        raise ValueError(f"got {brief(value)} ({err})") from None
    raise ValueError(f"got {brief(value)}")


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


MAX_FILE_BYTES = 5 * 2**20  # an article, the registry, the about page: a news article is far smaller


MAX_FILE_BYTES = 5 * 2**20  # an article, the registry, the about page: a news article is far smaller


class Unreadable(Exception):
    """A file that is not one to read: what to say about it."""


def read_utf8(path: Path, error: type[InputError] = ContentError, inside: Path | None = None) -> str:
    """A file people edit, as text; not UTF-8 (a file saved by an old
    editor) is an error naming the line of the first bad byte. With
    `inside`, a link must lead to a file there (see check_link)."""
    if inside is not None:
        check_link(path, inside, error)
    try:
        return _utf8(_file_bytes(str(path)), path, error)
    except OSError as err:
        raise error(path, None, f"cannot read: {err.strerror}") from None
    except Unreadable as err:
        raise error(path, None, str(err)) from None


def check_link(path: Path, inside: Path, error: type[InputError] = ContentError) -> None:
    """A link among the archive's files must lead to a file inside it: a
    link to a file elsewhere would publish that file."""
    if path.is_symlink():
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(Path(os.path.realpath(inside))):
            raise error(path, None, f"a link to {real}, outside {inside}; copy the file into {inside} instead")


def _utf8(raw: bytes, where: Path | str, error: type[InputError] = ContentError) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise error(where, raw[: err.start].count(b"\n") + 1, "not valid UTF-8; save the file as UTF-8") from None


class ParsedMemo(Protocol):
    """Files parsed by earlier builds, by a hash of the file's path and
    bytes (Article.source): an article with its warnings, the registry."""

    def get(self, source: str) -> object | None: ...

    def put(self, source: str, parsed: object) -> None: ...


def read_article(path: Path, content_dir: Path, memo: ParsedMemo | None = None) -> tuple[Article, list[str]]:
    """One content/articles/*.md -> (Article, warnings); raises BuildFailed with
    every problem in the file, or ContentError when it cannot be read at all.
    A file `memo` knows (same path, same bytes) is not parsed again."""
    src_path = path.relative_to(content_dir).as_posix()
    return _read_article(str(path), src_path, (content_dir / src_path).as_posix(), memo)


def _read_article(path: str, src_path: str, shown: str, memo: ParsedMemo | None) -> tuple[Article, list[str]]:
    """read_article with its paths as strings: a warm build reads every
    article, and pathlib's operations cost a tenth of reading them."""
    try:
        raw = _file_bytes(path)
    except OSError as err:
        raise ContentError(shown, None, f"cannot read: {err.strerror}") from None
    except Unreadable as err:
        raise ContentError(shown, None, str(err)) from None
    source = digest(src_path, raw)
    known = memo.get(source) if memo is not None else None
    if known is not None:
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
    for key in front.values:
        if key not in ARTICLE_KEYS:
            close = closest(str(key), ARTICLE_KEYS)
            hint = f" (did you mean '{close}'?)" if close else ""
            check.warnings.append(f"{shown}:{check.line(str(key))}: unknown front-matter key '{key}'{hint}; "
                                  "it is ignored")
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
        review=check.strings("review"),
        removed=check.strings("removed"),
        include=include,
        exclude=exclude,
        overrides_line=check.line("entities") if "entities" in front.values else 0,
        slug_line=check.line("slug") if "slug" in front.values else 0,
        source=source,
    )
    if check.errors:
        raise BuildFailed(check.errors)
    if memo is not None:
        memo.put(source, (article, check.warnings))
    return article, check.warnings


def _file_bytes(path: str) -> bytes:
    """A file's bytes through the descriptor itself: for 10,000 small files,
    half the time of open() and its buffered reader. Only a regular file of
    at most MAX_FILE_BYTES is read (opened without blocking, so a named pipe
    cannot hang the build; a device such as /dev/zero is not read at all)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise Unreadable("not a regular file (a folder, device or named pipe); remove it")
        if status.st_size > MAX_FILE_BYTES:
            raise Unreadable(f"{too_large(status.st_size, MAX_FILE_BYTES)}; split it or shorten it")
        chunks = []
        while chunk := os.read(descriptor, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


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


# ------------------------------------------------------------------ writing

def _dump_value(value: object) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, width=10_000, sort_keys=False)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def render_draft(draft: ArticleDraft, slug: str, extra: dict | None = None) -> str:
    """The text of content/articles/<slug>.md for a freshly imported draft;
    `extra`: keys an editor added, carried over by a re-import.

    Keys come in a fixed order so that re-imports diff cleanly.
    """
    date: object = draft.date.isoformat() if draft.date is not None else None
    fields: list[tuple[str, object]] = [
        ("title", draft.title),
        ("title_source", draft.title_source),
        ("slug", slug),
        ("date", date),
        ("date_source", draft.date_source),
        ("publisher", draft.publisher),
        ("dateline", draft.dateline),
        ("language", draft.language),
        ("summary", draft.summary),
        ("seed", draft.seed),
        ("seed_sha256", draft.seed_sha256),
    ]
    lines = ["---"]
    for key, value in fields:
        dumped = _dump_value(value)
        if key == "date" and value is not None:
            dumped = str(value)  # unquoted: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS
        lines.append(f"{key}: {dumped}")
    for key, items in (("review", draft.review), ("removed", draft.removed)):
        if items:
            lines.append(f"{key}:")
            lines.extend(f"  - {_dump_value(item)}" for item in items)
    if extra:
        lines.append(yaml.safe_dump(extra, allow_unicode=True, default_flow_style=False, width=10_000,
                                    sort_keys=False).rstrip("\n"))
    lines.append("---")
    return "\n".join(lines) + "\n\n" + draft.body
