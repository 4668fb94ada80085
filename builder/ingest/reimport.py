"""Re-importing a corrected seed over an article an editor has worked on.

What ingest reads from the seed (headline, date, publisher, dateline,
language, summary, body, review notes) is taken from the new import. What
only an editor writes is carried over: a title or date they set
(`title_source: editor`, `date_source: editor`), the `entities:`
corrections, any key ingest never writes, and footnotes (each reference put
back after the words it followed). Ingest cannot tell a hand edit of the
body or of an imported field from a change in the seed, so whenever the old
file differs from the new one in anything not carried over, it is kept
beside the article as `<slug>.md.orig` (never overwritten), and the report
says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content.frontmatter import FrontMatter, parse_date, render_draft, split_front_matter
from ..models import ArticleDraft

# The keys ingest writes; any other key in an article was put there by a person.
IMPORTED_KEYS = ("title", "title_source", "slug", "date", "date_source", "publisher", "dateline", "language",
                 "summary", "source_url", "seed", "seed_sha256", "warc_record", "review", "removed")
_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\n]+)\]:[^\n]*(?:\n(?:[ \t]+[^\n]*|[ \t]*(?=\n[ \t]+\S)))*", re.M)
_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\n]+)\](?!:)")
_ANCHOR_CHARACTERS = 48  # how much of the text before a footnote reference finds its place again


@dataclass
class Merged:
    """The article re-imported, and what became of the editor's work."""

    text: str
    carried: list[str] = field(default_factory=list)  # what was carried over, in words
    unplaced: list[str] = field(default_factory=list)  # footnote labels whose words are gone from the new body
    differs: bool = False  # the old file holds more than was carried over: keep it beside the new one
    warnings: tuple[str, ...] = ()  # the draft's, less those about what the editor had settled


def merge(old_text: str, draft: ArticleDraft, slug: str, path: Path | str) -> Merged:
    """The text of the article re-imported from `draft`, with the editor's
    work in `old_text` (the article as it is) carried over."""
    old = split_front_matter(old_text, path)
    values = old.values
    carried = []
    review = list(draft.review)
    if values.get("title_source") == "editor" and isinstance(values.get("title"), str):
        draft = replace(draft, title=values["title"], title_source="editor")
        review = [item for item in review if not item.startswith("title:")]
        carried.append("title (title_source: editor)")
    if values.get("date_source") == "editor":
        try:
            draft = replace(draft, date=parse_date(values.get("date")), date_source="editor")
            review = [item for item in review if not item.startswith("date:")]
            carried.append("date (date_source: editor)")
        except ValueError:
            pass  # not a date the build would take either: the re-import's stands
    warnings = draft.warnings
    if "date (date_source: editor)" in carried:
        warnings = tuple(w for w in warnings if "date" not in w)  # the editor's date stands
    draft = replace(draft, review=tuple(review))
    extra = [key for key in values if key not in IMPORTED_KEYS]
    carried += ["entities: corrections" if key == "entities" else f"{key}:" for key in extra]
    kept, comments_lost = _editor_lines(old_text)
    body, notes, unplaced = _with_footnotes(draft.body, old.body)
    carried += [f"footnote [^{label}]" for label in notes if label not in unplaced]
    text = render_draft(replace(draft, body=body), slug, kept)
    return Merged(text, carried, unplaced, comments_lost or _differs(old, text, path), warnings)


def _editor_lines(old_text: str) -> tuple[str, bool]:
    """The front matter lines of the keys only an editor writes, exactly as
    written (with the comments above them), and whether a comment stood
    above or inside a key ingest writes (it cannot be carried: the old file
    is kept beside the new one)."""
    text = old_text.removeprefix("\ufeff").replace("\r\n", "\n")
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.M)
    lines = text[4: 4 + end.start()].split("\n") if end else []
    blocks: list[tuple[str | None, list[str]]] = []  # (key, its lines with the comments above it)
    pending: list[str] = []
    for line in lines:
        key = re.match(r"^([^\s#:][^:]*):(\s|$)", line)
        if key:
            blocks.append((key.group(1).strip().strip("'\""), pending + [line]))
            pending = []
        elif blocks and line[:1] in (" ", "\t", "-") and not pending:
            blocks[-1][1].append(line)  # a value continued on the next lines
        else:
            pending.append(line)  # a comment or a blank line: it goes with the key under it
    kept = [line for key, block in blocks if key not in IMPORTED_KEYS for line in block]
    lost = any(line.lstrip().startswith("#") for key, block in blocks if key in IMPORTED_KEYS for line in block)
    lost = lost or any(line.lstrip().startswith("#") for line in pending)
    return "\n".join(kept).strip("\n"), lost


def _with_footnotes(new_body: str, old_body: str) -> tuple[str, list[str], list[str]]:
    """The new body with the old one's footnotes: each reference after the
    words it followed (if they are still there), each definition at the
    end. Returns (body, labels, labels whose reference found no place)."""
    definitions = [match.group().rstrip() for match in _DEFINITION.finditer(old_body)]
    labels = [match.group("label") for match in _DEFINITION.finditer(old_body)]
    if not definitions:
        return new_body, [], []
    prose = _DEFINITION.sub("", old_body)
    body, unplaced = new_body, []
    for match in _REFERENCE.finditer(prose):
        line_start = prose.rfind("\n", 0, match.start()) + 1
        before = _REFERENCE.sub("", prose[line_start:match.start()])[-_ANCHOR_CHARACTERS:]
        place = body.find(before) if before.strip() else -1
        if place < 0:
            unplaced.append(match.group("label"))
            continue
        at = place + len(before)
        body = body[:at] + match.group() + body[at:]
    return body.rstrip("\n") + "\n\n" + "\n\n".join(definitions) + "\n", labels, unplaced


def _differs(old: FrontMatter, new_text: str, path: Path | str) -> bool:
    """Does the old article hold anything the re-import does not (a hand
    edit of the body or of an imported field, or a seed change: ingest
    cannot tell which)?"""
    new = split_front_matter(new_text, path)
    fields = [key for key in IMPORTED_KEYS if key not in ("seed_sha256", "review", "removed")]
    if any(_same(old.values.get(key)) != _same(new.values.get(key)) for key in fields):
        return True
    return old.body.strip() != new.body.strip()


def _same(value: object) -> object:
    return str(value).strip() if value is not None else None


def backup_path(article: Path) -> Path:
    """Where the previous version of an article goes: `<slug>.md.orig`, or
    `.orig-2`, `-3`... when that is taken. Not `.md`: the build ignores it."""
    candidate, number = article.with_name(article.name + ".orig"), 2
    while candidate.exists():
        candidate, number = article.with_name(f"{article.name}.orig-{number}"), number + 1
    return candidate
