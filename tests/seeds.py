"""The repository's seeds and registry, read as the tests of several stages
need them: an article as ingest drafts it, before any editing."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from builder.annotate.matcher import Matcher
from builder.annotate.mentions import annotate
from builder.content.registry import load_registry
from builder.ingest.draft import draft_from_bytes
from builder.models import Article

from .conftest import ROOT

REGISTRY = load_registry(ROOT / "content" / "entities.yaml")
MATCHER = Matcher(REGISTRY)


def seed_article(stem: str) -> Article:
    """The raw seed as ingest reads it, before any editing."""
    path = next((ROOT / "seeds").glob(f"{stem}_*.txt"))
    d = draft_from_bytes(path.read_bytes(), path.name)
    return Article(slug=stem, title=d.title, date=d.date, date_source=d.date_source, publisher=d.publisher,
                   dateline=d.dateline, language=d.language, summary=d.summary, body=d.body, src_path=stem)


def body_counts(stem: str) -> Counter:
    return Counter(m.entity for m in annotate(seed_article(stem), MATCHER).mentions if m.field == "body")


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")
