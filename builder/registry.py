"""content/entities.yaml -> Entity records, checked with `path:line` errors.

The registry is curated by people: who and what the archive annotates, under
which names (aliases) they appear in Indonesian and English text.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from .cache import digest
from .content import ParsedMemo, _Loader, read_utf8
from .errors import BuildFailed, ContentError
from .models import ENTITY_TYPES, Entity

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_COMMON_KEYS = ("id", "name", "type", "aliases", "short", "description", "wikidata")
_TYPE_KEYS = {
    "person": ("role",),
    "place": ("coordinates",),
    "organisation": ("founded",),
    "event": ("date", "start", "end"),
    "concept": (),
}


def load_registry(path: Path, memo: ParsedMemo | None = None) -> tuple[Entity, ...]:
    """Read and check the registry; all problems are raised together. A
    registry `memo` knows (same bytes) is not parsed again: YAML of a
    thousand entities takes a tenth of a second."""
    if not path.exists():
        return ()
    text = read_utf8(path)
    source = digest("registry", text)
    known = memo.get(source) if memo is not None else None
    if known is not None:
        return known  # type: ignore[return-value]
    entities = _parsed_registry(path, text)
    if memo is not None:
        memo.put(source, entities)
    return entities


def _parsed_registry(path: Path, text: str) -> tuple[Entity, ...]:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.context_mark or err.problem_mark
        raise ContentError(path, (mark.line + 1) if mark else None, f"YAML error: {err.problem}") from None
    finally:
        loader.dispose()
    if root is None:
        return ()
    if not isinstance(root, yaml.SequenceNode):
        raise ContentError(path, root.start_mark.line + 1, "expected a list of entities ('- id: ...')")
    errors: list[ContentError] = []
    entities: list[Entity] = []
    alias_owner: dict[str, tuple[str, int]] = {}
    ids: dict[str, int] = {}
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            errors.append(ContentError(path, line, "expected an entity as 'key: value' lines"))
            continue
        entity = _read_entity(path, node, errors)
        if entity is None:
            continue
        if entity.id in ids:
            errors.append(ContentError(path, line, f"id '{entity.id}' is already used on line {ids[entity.id]}; "
                                       "give each entity its own id"))
            continue
        ids[entity.id] = line
        for alias in entity.all_names:
            owner = alias_owner.get(alias)
            if owner and owner[0] != entity.id:
                errors.append(ContentError(path, entity.line, f"alias '{alias}' of '{entity.id}' is also an alias "
                                           f"of '{owner[0]}' (line {owner[1]}); keep it on one entity, or use a "
                                           "per-article override (entities: include/exclude)"))
            alias_owner.setdefault(alias, (entity.id, entity.line))
        entities.append(entity)
    if errors:
        raise BuildFailed(errors)
    return tuple(entities)


def _read_entity(path: Path, node: yaml.MappingNode, errors: list[ContentError]) -> Entity | None:
    line = node.start_mark.line + 1
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    loader = _Loader("")
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines[key] = key_node.start_mark.line + 1
        values[key] = loader.construct_object(value_node, deep=True)
    loader.dispose()

    def fail(key: str, message: str) -> None:
        errors.append(ContentError(path, lines.get(key, line), message))

    before = len(errors)
    entity_id = values.get("id")
    if not isinstance(entity_id, str) or not _ID.match(entity_id):
        fail("id", f"id: expected lowercase letters, digits and hyphens (e.g. xi-jinping), got {entity_id!r}")
        entity_id = "?"
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        fail("name", f"entity '{entity_id}': name is missing; add `name: ...`")
        name = ""
    kind = values.get("type")
    if kind not in ENTITY_TYPES:
        fail("type", f"entity '{entity_id}': type must be one of {', '.join(ENTITY_TYPES)}, got {kind!r}")
        kind = "concept"
    allowed = _COMMON_KEYS + _TYPE_KEYS.get(str(kind), ())
    for key in values:
        if key not in allowed:
            fail(key, f"entity '{entity_id}': unknown key '{key}' for type {kind}; allowed: {', '.join(allowed)}")
    aliases = _strings(values.get("aliases", []), "aliases", fail, entity_id)
    short = _strings(values.get("short", []), "short", fail, entity_id)
    description = values.get("description")
    if not isinstance(description, str) or not description.strip():
        fail("description", f"entity '{entity_id}': description is missing; one Indonesian sentence")
        description = ""
    wikidata = values.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and re.fullmatch(r"Q\d+", wikidata)):
        fail("wikidata", f"entity '{entity_id}': wikidata must look like Q12345, got {wikidata!r}")
        wikidata = None
    details = _details(str(kind), values, fail, entity_id)
    if len(errors) > before:
        return None
    return Entity(
        id=entity_id, name=name.strip(), type=str(kind), aliases=tuple(aliases), short=tuple(short),
        description=description.strip(), wikidata=wikidata, details=details, line=line,
    )


def _strings(value: object, key: str, fail, entity_id: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        fail(key, f"entity '{entity_id}': {key} must be a list of names, got {value!r}")
        return []
    return [v.strip() for v in value]


def _details(kind: str, values: dict, fail, entity_id: str) -> tuple[tuple[str, str], ...]:
    """Type-specific fields, checked and kept as (key, text) pairs in a fixed order."""
    out: list[tuple[str, str]] = []
    if kind == "person" and "role" in values:
        if not isinstance(values["role"], str):
            fail("role", f"entity '{entity_id}': role must be text")
        else:
            out.append(("role", values["role"]))
    if kind == "place" and "coordinates" in values:
        coords = values["coordinates"]
        if (not isinstance(coords, list) or len(coords) != 2
                or not all(isinstance(c, (int, float)) for c in coords)
                or not -90 <= coords[0] <= 90 or not -180 <= coords[1] <= 180):
            fail("coordinates", f"entity '{entity_id}': coordinates must be [latitude, longitude], got {coords!r}")
        else:
            out.append(("coordinates", f"{coords[0]}, {coords[1]}"))
    if kind == "organisation" and "founded" in values:
        if not isinstance(values["founded"], int):
            fail("founded", f"entity '{entity_id}': founded must be a year such as 2001")
        else:
            out.append(("founded", str(values["founded"])))
    if kind == "event":
        for key in ("date", "start", "end"):
            if key in values:
                raw = values[key]
                try:
                    day = dt.date.fromisoformat(str(raw))
                except ValueError:
                    fail(key, f"entity '{entity_id}': {key} must be YYYY-MM-DD, got {raw!r}")
                else:
                    out.append((key, day.isoformat()))
    return tuple(out)
