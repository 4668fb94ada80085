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


def test_an_entity_page_shows_a_long_sentence_cut_around_its_mention():
    from builder.annotate.mentions import sentence_at

    body = ("Pembukaan singkat. Dalam rapat panjang yang " + "membahas banyak hal " * 12 + "akhirnya Tiongkok "
            "menyetujui usulan itu, " + "lalu rapat berlanjut " * 12 + "sampai malam. Kalimat lain.")
    at = body.index("Tiongkok")
    cut = sentence_at(body, at, 200)
    assert "Tiongkok menyetujui usulan itu" in cut
    assert cut.startswith("… ") and cut.endswith(" …") and len(cut) <= 204
    assert not cut[2].isspace() and cut[2:].split()[0] in ("membahas", "banyak", "hal", "akhirnya")  # whole words
    assert sentence_at("Pendek. Tiongkok setuju. Lain.", 8, 200) == "Tiongkok setuju."
    assert sentence_at(body, at).startswith("Dalam rapat panjang") and sentence_at(body, at).endswith("sampai malam.")
