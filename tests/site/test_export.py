"""The data export: offsets that point at the text they name."""
from __future__ import annotations

import csv
import io
import json

from ..conftest import ROOT
from ..seeds import REGISTRY, page


def test_exported_offsets_point_at_the_mentioned_text(real_site):
    data = json.loads(page(real_site, "data/articles.json"))
    bodies = {}
    for path in (ROOT / "content" / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        bodies[path.stem] = text[text.index("\n---\n", 4) + 5:].lstrip("\n")
    checked = 0
    for item in data["articles"]:
        for m in item["mentions"]:
            source = bodies[item["slug"]] if m["field"] == "body" else item["title"]
            assert source[m["start"]:m["end"]] == m["text"]
            checked += 1
        for q in item["quotes"]:
            assert bodies[item["slug"]][q["start"]:q["end"]].strip() == q["text"]
    assert checked > 300
    rows = list(csv.DictReader(io.StringIO(page(real_site, "data/mentions.csv"))))
    assert len(rows) == checked
    entities = json.loads(page(real_site, "data/entities.json"))["entities"]
    assert {e["id"] for e in entities} == {e.id for e in REGISTRY}
    assert 'href="/data/mentions.csv"' in page(real_site, "about/index.html")
