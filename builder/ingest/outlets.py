"""The news outlets ingest knows by name: data (outlets.yaml beside this
module, and the archive's own content/outlets.yaml), not code.

A page names its publisher in many spellings (KOMPAS.com, Kompas.com,
kompas.com; TEMPO.CO; ANTARA, antaranews.com): an archive of a dozen sites
should list each under one name, so that its publisher pages gather them.
Names not in the list are kept as the page prints them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..content.frontmatter import read_yaml
from ..errors import ContentError, brief

ARCHIVE_FILE = "outlets.yaml"  # in content/


@dataclass(frozen=True)
class Outlet:
    name: str
    also: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


class Outlets:
    """Lookups over a list of outlets; the first entry naming a spelling wins."""

    def __init__(self, outlets: list[Outlet]):
        self.outlets = tuple(outlets)
        self._by_spelling: dict[str, str] = {}
        self._domains: dict[str, str] = {}
        printed: dict[str, str] = {}
        for outlet in outlets:
            for spelling in (outlet.name, *outlet.also, *outlet.domains):
                self._by_spelling.setdefault(_key(spelling), outlet.name)
            for domain in outlet.domains:
                self._domains.setdefault(domain.lower().removeprefix("www."), outlet.name)
            for spelling in (outlet.name, *outlet.also):
                printed.setdefault(spelling, outlet.name)
        self._printed = printed
        names = sorted(printed, key=len, reverse=True)
        self._printed_pattern = re.compile(
            r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w]|\.\w)") if names else None

    def canonical(self, name: str) -> str | None:
        """The outlet a name found where a publisher stands refers to, in any
        case or as its web address ('KOMPAS.com', 'https://www.kompas.com/x')."""
        name = name.strip(" ()[]:-–—|,.")
        found = self._by_spelling.get(_key(name))
        if found is None and ("." in name or "/" in name):
            found = self.for_address(name)
        return found

    def for_address(self, address: str) -> str | None:
        """'https://m.dw.com/p/x' -> 'DW Indonesia'; None for an unknown site."""
        host = re.sub(r"^[a-z]+://", "", address.strip().lower()).split("/")[0].removeprefix("www.")
        path = address.lower().split(host, 1)[-1] if host else ""
        for domain, name in sorted(self._domains.items(), key=lambda item: -len(item[0])):
            site, _, section = domain.partition("/")
            if (host == site or host.endswith("." + site)) and (not section or path.startswith("/" + section)):
                return name
        return None

    def named_in(self, text: str) -> str | None:
        """The first outlet printed in text as the list spells it (case and
        all: 'Tempo' is also a common word, 'TEMPO' is the outlet)."""
        if self._printed_pattern is None:
            return None
        match = self._printed_pattern.search(text)
        return self._printed[match.group(1)] if match else None


def _key(spelling: str) -> str:
    return re.sub(r"[\s.\-']+", "", spelling.casefold().removeprefix("www."))


def load_outlets(content: Path | None = None) -> Outlets:
    """The packaged list, after the archive's content/outlets.yaml if it has one."""
    archive: list[Outlet] = []
    if content is not None:
        path = content / ARCHIVE_FILE
        if path.is_file():
            archive = _read(path.read_text(encoding="utf-8"), path)
    return Outlets(archive + list(_packaged()))


@lru_cache(maxsize=1)
def _packaged() -> tuple[Outlet, ...]:
    text = resources.files(__package__).joinpath(ARCHIVE_FILE).read_text(encoding="utf-8")
    return tuple(_read(text, "builder/ingest/outlets.yaml"))


def _read(text: str, path: Path | str) -> list[Outlet]:
    value, node = read_yaml(text, path)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContentError(path, 1, "expected a list of outlets, each `- name: ...` with optional `also:` and "
                           "`domains:` lists")
    outlets = []
    for index, entry in enumerate(value):
        line = node.value[index].start_mark.line + 1 if node is not None else None
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ContentError(path, line, f"an outlet needs `name:` (text), got {brief(entry)}")
        unknown = set(entry) - {"name", "also", "domains"}
        if unknown:
            raise ContentError(path, line, f"unknown key {sorted(unknown)[0]!r} for outlet {entry['name']!r}; "
                               "the keys are name, also and domains")
        lists = {}
        for key in ("also", "domains"):
            items = entry.get(key) or []
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                raise ContentError(path, line, f"`{key}:` of outlet {entry['name']!r} must be a list of names")
            lists[key] = tuple(i.strip() for i in items)
        outlets.append(Outlet(entry["name"].strip(), lists["also"], lists["domains"]))
    return outlets
