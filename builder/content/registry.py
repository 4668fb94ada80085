"""content/entities.yaml -> Entity records, checked with `path:line` errors.

The registry is curated by people: who and what the archive annotates, under
which names (aliases) they appear in Indonesian and English text.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..errors import BuildFailed, ContentError, brief
from ..hashing import digest
from ..languages import COMMON_WORDS
from ..models import ENTITY_TYPES, Entity
from .articles import ParsedMemo
from .files import read_utf8
from .frontmatter import read_yaml

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # matched with fullmatch: "$" lets a trailing newline through
_COMMON_KEYS = ("id", "name", "type", "aliases", "short", "description", "wikidata")
_TYPE_KEYS = {
    "person": ("role",),
    "place": ("coordinates",),
    "organisation": ("founded",),
    "event": ("date", "start", "end"),
    "concept": (),
}


def load_registry(path: Path, memo: ParsedMemo | None = None, inside: Path | None = None) -> tuple[Entity, ...]:
    """Read and check the registry; all problems are raised together. A
    registry `memo` knows (same bytes) is not parsed again: YAML of a
    thousand entities takes a tenth of a second. With `inside`, a link must
    lead to a file there."""
    if not path.exists() and not path.is_symlink():
        return ()
    text = read_utf8(path, inside=inside)
    source = digest("registry", text)
    known = memo.get(source) if memo is not None else None
    if known is not None:
        return known  # type: ignore[return-value]
    entities = _parsed_registry(path, text)
    if memo is not None:
        memo.put(source, entities)
    return entities


def _parsed_registry(path: Path, text: str) -> tuple[Entity, ...]:
    data, root = read_yaml(text, path)
    if root is None:
        return ()
    if not isinstance(root, yaml.SequenceNode) or not isinstance(data, list):
        raise ContentError(path, root.start_mark.line + 1, "expected a list of entities ('- id: ...')")
    errors: list[ContentError] = []
    entities: list[Entity] = []
    alias_owner: dict[str, tuple[str, int]] = {}
    ids: dict[str, int] = {}
    for node, values in zip(root.value, data):
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode) or not all(isinstance(k, yaml.ScalarNode) for k, _ in node.value):
            errors.append(ContentError(path, line, "expected an entity as 'key: value' lines"))
            continue
        entity = _read_entity(path, node, values, errors)
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


def _read_entity(path: Path, node: yaml.MappingNode, values: dict, errors: list[ContentError]) -> Entity | None:
    line = node.start_mark.line + 1
    lines = {str(key_node.value): key_node.start_mark.line + 1 for key_node, _ in node.value}

    def fail(key: str, message: str) -> None:
        errors.append(ContentError(path, lines.get(key, line), message))

    before = len(errors)
    entity_id = values.get("id")
    if not isinstance(entity_id, str) or not _ID.fullmatch(entity_id):
        fail("id", f"id: expected lowercase letters, digits and hyphens (e.g. xi-jinping), got {brief(entity_id)}")
        entity_id = "?"
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        fail("name", f"entity '{entity_id}': name is missing; add `name: ...`")
        name = ""
    kind = values.get("type")
    if kind not in ENTITY_TYPES:
        fail("type", f"entity '{entity_id}': type must be one of {', '.join(ENTITY_TYPES)}, got {brief(kind)}")
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
        fail("wikidata", f"entity '{entity_id}': wikidata must look like Q12345, got {brief(wikidata)}")
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
        fail(key, f"entity '{entity_id}': {key} must be a list of names, got {brief(value)}")
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
            fail("coordinates", f"entity '{entity_id}': coordinates must be [latitude, longitude], got {brief(coords)}")
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
                    fail(key, f"entity '{entity_id}': {key} must be YYYY-MM-DD, got {brief(raw)}")
                else:
                    out.append((key, day.isoformat()))
    return tuple(out)


def risky_names(path: Path, entities: tuple[Entity, ...]) -> list[str]:
    """Warnings for names that would mark text they do not mean: an alias or
    short name that is a common word or under three letters (an acronym in
    capitals such as 'AS', or a two-letter short name such as 'Xi', which
    counts only after a full mention, is fine), and a short name that two
    entities share (it goes to the last one defined)."""
    warnings = []
    short_owner: dict[str, Entity] = {}
    for entity in entities:
        for kind, names in (("alias", entity.aliases), ("short name", entity.short)):
            for name in names:
                letters = sum(c.isalpha() for c in name)
                acronym = name.isupper() and letters >= 2  # matching is case-sensitive: 'AS' is not 'as'
                if name.lower() in COMMON_WORDS and not acronym:
                    why = "a common word"
                elif letters < 3 and not (acronym or (kind == "short name" and letters == 2)):
                    why = f"{letters} letter{'s' if letters != 1 else ''} long"
                else:
                    continue
                warnings.append(f"{path}:{entity.line}: entity '{entity.id}': {kind} '{name}' is {why}, so it "
                                f"would mark text that does not mean {entity.name}; use a longer name")
        for name in entity.short:
            owner = short_owner.setdefault(name, entity)
            if owner is not entity:
                warnings.append(f"{path}:{entity.line}: entity '{entity.id}': short name '{name}' is also a short "
                                f"name of '{owner.id}' (line {owner.line}); after full mentions of both, it marks "
                                f"only '{entity.id}'. Keep it on one entity")
    return warnings
