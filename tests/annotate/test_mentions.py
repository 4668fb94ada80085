"""An article annotated: the editor's corrections to matching."""
from __future__ import annotations

import pytest

from builder.annotate.mentions import annotate
from builder.build.pipeline import BuildOptions, build
from builder.errors import BuildFailed
from builder.models import Article

from ..conftest import ROOT, article
from ..seeds import MATCHER, seed_article


def test_editor_overrides_include_and_exclude():
    base = seed_article("001")
    edited = Article(**{**base.__dict__, "include": ("kerusuhan-kazakhstan-2022",), "exclude": ("beijing",)})
    annotation = annotate(edited, MATCHER)
    assert "kerusuhan-kazakhstan-2022" in annotation.entities
    assert "beijing" not in annotation.entities
    assert all(m.entity != "beijing" for m in annotation.mentions)
    assert "beijing" in annotate(base, MATCHER).entities


def test_override_naming_an_unknown_entity_is_an_error(make_site):
    root = make_site({
        "content/articles/a.md": article("A", entities="{include: [xi-jinpin]}"),
        "content/entities.yaml": (ROOT / "content" / "entities.yaml").read_text(encoding="utf-8"),
    })
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml"))
    message = str(info.value.errors[0])
    assert message.startswith(f"{root}/content/articles/a.md:4: entities: no entity 'xi-jinpin'")
    assert "did you mean 'xi-jinping'?" in message
