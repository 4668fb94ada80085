"""YAML as people write it (front matter, the registry, site.yaml), read
with a line for every problem, and the front matter of an article: split
from its body, and written for a fresh draft. Dates are parsed here, not by
YAML, so that `date: 2024-13-01` gets a message with its line rather than a
YAML traceback."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ContentError, InputError, brief
from ..models import ArticleDraft

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


# ------------------------------------------------------------------ writing

def _dump_value(value: object) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, width=10_000, sort_keys=False)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def render_draft(draft: ArticleDraft, slug: str, extra: str = "") -> str:
    """The text of content/articles/<slug>.md for a freshly imported draft;
    `extra`: the front matter lines of keys an editor added, as they wrote
    them (comments and all), carried over by a re-import.

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
        *([("source_url", draft.source_url)] if draft.source_url else []),
        ("seed", draft.seed),
        ("seed_sha256", draft.seed_sha256),
        *([("warc_record", draft.record)] if draft.record else []),
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
    if extra.strip():
        lines.append(extra.rstrip("\n"))
    lines.append("---")
    return "\n".join(lines) + "\n\n" + draft.body
