"""The entity registry: the curated file loads, and broken ones say where and what to fix."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.content.registry import load_registry, risky_names
from builder.errors import BuildFailed, ContentError
from builder.models import ENTITY_TYPES

from ..conftest import FIXTURES, ROOT

BAD = FIXTURES / "bad"


def test_curated_registry_covers_what_the_issue_names():
    entities = {e.id: e for e in load_registry(ROOT / "content" / "entities.yaml")}
    names = {name for e in entities.values() for name in (*e.all_names, *e.short)}
    for name in ["Xi Jinping", "Kassym-Jomart Tokayev", "Vladimir Putin", "Wang Yi", "Mukhtar Tileuberdi",
                 "Yuri Ushakov", "Karen Donfried", "Sergei Ryabkov", "Alexei Navalny", "China", "Tiongkok", "RRT",
                 "Kazakhstan", "Rusia", "Ukraina", "Uzbekistan", "Samarkand", "Astana", "Nur-Sultan", "Beijing",
                 "Moskow", "Xinjiang", "Xi'an", "Krimea", "Taiwan", "Hong Kong", "Amerika Serikat", "AS",
                 "Asia Tengah", "Afghanistan", "Kyiv", "SCO", "Organisasi Kerjasama Shanghai", "NATO", "PBB",
                 "BRICS", "Inisiatif Sabuk dan Jalan", "BRI", "Jalur Sutra", "Kremlin", "CCTV", "Uni Soviet",
                 "Olimpiade Musim Dingin", "tiga kejahatan", "tiga kekuatan jahat", "revolusi warna",
                 "prinsip satu Tiongkok"]:
        assert name in names, name
    assert entities["astana"].aliases == ("Nur-Sultan",)
    assert {e.type for e in entities.values()} == set(ENTITY_TYPES)
    assert all(e.description for e in entities.values())
    for event in ("kerusuhan-kazakhstan-2022", "ktt-sco-samarkand-2022", "ktt-tiongkok-asia-tengah",
                  "olimpiade-musim-dingin-2022"):
        assert entities[event].type == "event" and entities[event].detail("start")
    assert entities["sco"].detail("founded") == "2001"
    assert entities["xi-jinping"].detail("role") and entities["astana"].detail("coordinates")


@pytest.mark.parametrize("name, line, words", [
    ("entities_duplicate_alias.yaml", 7, "alias 'China' of 'republik-tiongkok' is also an alias of 'tiongkok' (line 1)"),
    ("entities_unknown_type.yaml", 8, "entity 'kremlin': type must be one of person, place, organisation, event, concept, got 'building'"),
    ("entities_missing_name.yaml", 1, "entity 'putin': name is missing"),
])
def test_registry_errors_name_path_and_line(name, line, words):
    with pytest.raises(BuildFailed) as info:
        load_registry(BAD / name)
    messages = [str(e) for e in info.value.errors]
    assert any(m.startswith(f"{BAD / name}:{line}: ") and words in m for m in messages), messages


def _registry(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entities.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_python_tag_in_the_registry_is_a_message_with_its_line(tmp_path):
    path = _registry(tmp_path, "- id: a\n  name: A\n  type: person\n  description: !!python/object:os.system x\n")
    with pytest.raises(ContentError) as info:
        load_registry(path)
    assert str(info.value).startswith(f"{path}:4: YAML error") and "!!python/object are not allowed" in str(info.value)


def test_a_number_of_thousands_of_digits_is_a_message_with_its_line(tmp_path):
    path = _registry(tmp_path, "- id: a\n  name: A\n  type: organisation\n  description: D.\n"
                               f"  founded: {'9' * 5000}\n")
    with pytest.raises(ContentError) as info:
        load_registry(path)
    assert str(info.value).startswith(f"{path}:5: a number too long to read")


def test_an_alias_bomb_gives_a_short_message(tmp_path):
    """Nested YAML aliases expand to millions of items when printed; the
    message quotes a line of them at most."""
    lines = ["- id: a", "  name: A", "  type: person", "  description: D.", "  x0: &x0 [a, a, a, a, a, a, a, a, a]"]
    lines += [f"  x{n}: &x{n} [{', '.join([f'*x{n - 1}'] * 9)}]" for n in range(1, 9)]
    lines.append("  aliases: [*x8]")
    path = _registry(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(BuildFailed) as info:
        load_registry(path)
    messages = [str(e) for e in info.value.errors]
    assert any("aliases must be a list of names" in m for m in messages)
    assert all(len(m) < 1000 for m in messages), [len(m) for m in messages]


def test_an_id_with_a_trailing_newline_is_refused(tmp_path):
    path = _registry(tmp_path, '- id: "abc\\n"\n  name: A\n  type: person\n  description: D.\n')
    with pytest.raises(BuildFailed) as info:
        load_registry(path)
    assert "id: expected lowercase letters, digits and hyphens" in str(info.value.errors[0])


@pytest.mark.parametrize("entry, words", [
    ("aliases: [dan]", "alias 'dan' is a common word"),
    ("aliases: [Dan]", "alias 'Dan' is a common word"),
    ("aliases: [Z]", "alias 'Z' is 1 letter long"),
    ("short: [Q]", "short name 'Q' is 1 letter long"),
    ("aliases: [Xi]", "alias 'Xi' is 2 letters long"),
])
def test_risky_names_are_warned_about(tmp_path, entry, words):
    path = _registry(tmp_path, f"- id: a\n  name: Anu Nama\n  type: person\n  description: D.\n  {entry}\n")
    warnings = risky_names(path, load_registry(path))
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:1: entity 'a': {words}"), warnings


def test_acronyms_and_two_letter_short_names_are_not_risky(tmp_path):
    path = _registry(tmp_path, "- id: a\n  name: Amerika Serikat\n  type: place\n  description: D.\n  aliases: [AS]\n"
                               "- id: b\n  name: Xi Jinping\n  type: person\n  description: D.\n  short: [Xi]\n")
    assert risky_names(path, load_registry(path)) == []
    assert risky_names(ROOT / "content" / "entities.yaml", load_registry(ROOT / "content" / "entities.yaml")) == []


def test_a_short_name_of_two_entities_is_warned_about(tmp_path):
    path = _registry(tmp_path, "- id: a\n  name: Wang Yi\n  type: person\n  description: D.\n  short: [Wang]\n"
                               "- id: b\n  name: Wang Wenbin\n  type: person\n  description: D.\n  short: [Wang]\n")
    warnings = risky_names(path, load_registry(path))
    assert warnings == [f"{path}:6: entity 'b': short name 'Wang' is also a short name of 'a' (line 1); after full "
                        "mentions of both, it marks only 'b'. Keep it on one entity"]
