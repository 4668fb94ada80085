"""The entity registry: the curated file loads, and broken ones say where and what to fix."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.errors import BuildFailed
from builder.models import ENTITY_TYPES
from builder.registry import load_registry

from .conftest import ROOT

BAD = Path(__file__).parent / "fixtures" / "bad"


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
