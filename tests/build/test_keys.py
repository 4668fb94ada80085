"""The contract of keys.KINDS, walked from the declaration itself: every
field a template's context has comes from inputs its key holds, every
variable a template uses is a field of its context, and changing each
declared input changes the key of the outputs that declare it, after which
the incremental build equals a clean one."""
from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from builder.build.cache import BuildCache, builder_digest
from builder.build.keys import INPUTS, KINDS, key
from builder.build.pipeline import BuildOptions, build
from builder.site.theme import builtin_themes

from ..conftest import ROOT
from .test_incremental import assert_same_as_clean, edit, first_article

TEMPLATES = builtin_themes() / "default" / "templates"


def used_variables(name: str) -> set[str]:
    """The names a template and the templates it extends read from its
    context (the macros it defines or imports aside)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)))
    used: set[str] = set()
    while name:
        tree = env.parse(env.loader.get_source(env, name)[0])
        own = {node.name for node in tree.find_all(nodes.Macro)} | {node.target for node in tree.find_all(nodes.Import)}
        used |= meta.find_undeclared_variables(tree) - own
        parents = [node.template.value for node in tree.find_all(nodes.Extends)]
        name = parents[0] if parents else ""
    return used


PAGES = [(kind, template, context, fields) for kind, declared in KINDS.items()
         for template, (context, fields) in declared.pages.items()]


@pytest.mark.parametrize("kind, template, context, fields", PAGES, ids=[f"{k}: {t}" for k, t, _, _ in PAGES])
def test_every_field_of_a_context_comes_from_inputs_its_key_holds(kind, template, context, fields):
    """A field added to a context without saying what it comes from fails
    here, not as a page that goes stale."""
    assert sorted(fields) == sorted(f.name for f in dataclasses.fields(context)), \
        f"{context.__name__}: declare in keys.KINDS[{kind!r}] which inputs each field comes from"
    for name, inputs in fields.items():
        assert set(inputs) <= set(KINDS[kind].inputs), f"{context.__name__}.{name}: {inputs} not in {kind}'s key"
    assert used_variables(template) <= set(fields), f"{template} uses what {context.__name__} does not hold"


def test_every_template_the_site_renders_is_declared():
    declared = {template for _, template, _, _ in PAGES}
    theirs = {p.name for p in TEMPLATES.glob("*.html") if p.name not in ("base.html", "macros.html")}
    assert declared == theirs


def test_a_key_is_made_of_the_declared_inputs_only():
    parts = {name.replace(" ", "_"): "x" for name in KINDS["search result"].inputs}
    assert key("search result", **parts) != key("search result", analysis="y")
    with pytest.raises(TypeError, match="made of analysis"):
        key("search result", analysis="x", templates="y")
    with pytest.raises(TypeError):
        key("article page", analysis="x")
    # Several texts per part: moving a text from one part to the next is another key.
    site = {"settings": "s", "templates": "t", "analysis": "a"}
    assert (key("article page", **site, related_cards=["p", "q"], neighbour_cards=["r"])
            != key("article page", **site, related_cards=["p"], neighbour_cards=["q", "r"]))


def _entities(root: Path) -> Path:
    return root / "content" / "entities.yaml"


def _article(root: Path, stem: str) -> Path:
    return next((root / "content" / "articles").glob(f"{stem}*.md"))


def _new_article(root: Path, name: str, text: str) -> None:
    (root / "content" / "articles" / f"{name}.md").write_text(text, encoding="utf-8")


# For each input, a change of that input alone (as far as the archive allows).
# The archive: the seeds kremlin-* (2021-12), tiongkok-tegaskan-* (2022-01),
# xi-berjanji-* (2022-09), xi-jinping-adakan-* (2024-07) and china-dan-*
# (2025-06), which all name entities the others name; tanpa-entitas
# (2024-08), which names none: each seed's related articles are the other
# seeds, and tanpa-entitas is a neighbour in time only; and kz-00 .. kz-21
# (2019-03), short articles that name Kazakhstan alone.
CHANGES = {
    "settings": lambda root: edit(root / "site.yaml", "title: ", "title: Uji · "),
    "templates": lambda root: edit(root / "themes" / "default" / "templates" / "base.html", "</footer>",
                                   "<!-- diubah --></footer>"),
    "article count": lambda root: _new_article(root, "artikel-baru", "---\ntitle: Artikel Baru\ndate: 2023-05-19\n---\n\nIsi.\n"),
    "registry": lambda root: edit(_entities(root), "description: Ibu kota Kazakhstan;", "description: Ibu kota (diubah);"),
    "article": lambda root: edit(first_article(root), "\n\n", "\n\nSatu kalimat baru.\n\n"),
    "registry entries": lambda root: edit(_entities(root), "aliases: [Putin]", "aliases: [Putin, Kalimat Baru Uji]")
    or edit(first_article(root), "\n\n", "\n\nKalimat Baru Uji disebut.\n\n"),
    "analysis": lambda root: edit(first_article(root), "\n\n", "\n\nSatu kalimat baru.\n\n"),
    "related cards": lambda root: edit(_article(root, "xi-jinping-adakan"), "title: ", "title: Judul Baru — "),
    "neighbour cards": lambda root: edit(_article(root, "tanpa-entitas"), "title: ", "title: Judul Baru — "),
    "entry": lambda root: edit(_entities(root), "description: Negara terluas di Asia Tengah",
                               "description: Negara (diubah) di Asia Tengah"),
    "years": lambda root: _new_article(root, "artikel-lama", "---\ntitle: Artikel Lama\ndate: 2015-03-02\n---\n\n"
                                                             "Kazakhstan dan Tiongkok.\n"),
    "mention count": lambda root: edit(first_article(root), "\n\n", "\n\nKazakhstan disebut sekali lagi.\n\n"),
    "entity articles": lambda root: edit(first_article(root), "\n\nPresiden China Xi Jinping menyatakan",
                                         "\n\nPresiden China Xi Jinping dengan tegas menyatakan"),
    "companions": lambda root: edit(_entities(root), "name: Astana\n  type: place\n  aliases: [Nur-Sultan]",
                                    "name: Kota Astana\n  type: place\n  aliases: [Astana, Nur-Sultan]"),
    # A quote of Ushakov's, not in the sentence of his first mention.
    "entity quotes": lambda root: edit(_article(root, "kremlin"), "memahami kekhawatiran Rusia",
                                       "sungguh memahami kekhawatiran Rusia"),
    # The oldest of the short 2019 articles: on Kazakhstan's page for 2019, not among its newest.
    "period articles": lambda root: edit(_article(root, "kz-00"), "title: Pameran 1\n", "title: Pameran Pertama\n"),
    "listed articles": lambda root: edit(first_article(root), "title: ", "title: Judul Baru — "),
    # The newest article (china-dan-*, 2025-06): in the feed of each entity it names.
    "feed articles": lambda root: edit(first_article(root), "title: ", "title: Judul Baru — "),
    # One of the short 2019 articles: on the list of March 2019, whose other articles stay as they were.
    "list articles": lambda root: edit(_article(root, "kz-05"), "title: Pameran 6\n", "title: Pameran Keenam\n"),
    "about": lambda root: edit(root / "content" / "about.md", "\n", "\nSatu kalimat baru.\n"),
    "pages": lambda root: _new_article(root, "artikel-baru", "---\ntitle: Artikel Baru\ndate: 2023-05-19\n---\n\nIsi.\n"),
    "analyses": lambda root: edit(first_article(root), "\n\n", "\n\nSatu kalimat baru.\n\n"),
    "export rows": lambda root: edit(first_article(root), "\n\n", "\n\nKazakhstan disebut sekali lagi.\n\n"),
    "entity ids": lambda root: _entities(root).write_text(_entities(root).read_text(encoding="utf-8")
                                                          + "\n- id: muslim\n  name: Muslim\n  type: concept\n"
                                                            "  description: Pemeluk agama Islam.\n", encoding="utf-8"),
    "article entities": lambda root: edit(first_article(root), "\n\n", "\n\nAlexei Navalny disebut.\n\n"),
}


# Where a change also changes the changed article's own outputs, a file that
# only the input itself can change: the input is keyed there, or it fails.
WITNESSES = {
    "related cards": {"article page": "articles/kremlin-xi-mendukung-upaya-putin-untuk-mendapatkan-jaminan/index.html"},
    "neighbour cards": {"article page": "articles/xi-jinping-adakan-pembicaraan-dengan-presiden-kazakhstan/index.html"},
    "companions": {"entity page": "entities/kassym-jomart-tokayev/index.html"},
    "entity quotes": {"entity page": "entities/yuri-ushakov/index.html"},
    "mention count": {"entity page": "entities/kazakhstan/index.html"},
    "years": {"entity page": "entities/kremlin/index.html"},
    "period articles": {"entity period": "entities/kazakhstan/2019/index.html"},
    "list articles": {"list page": "archive/2019/03/index.html"},
    # The newest seed names Astana: its feed lists it.
    "feed articles": {"entity feed": "entities/astana/feed.xml"},
}


def test_every_input_has_a_change_and_words():
    declared = {name for kind in KINDS.values() for name in kind.inputs}
    assert declared == set(CHANGES) == set(INPUTS)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """The seed archive with a full base URL (so feeds and the sitemap are
    made), built once; each test copies it."""
    root = tmp_path_factory.mktemp("keys")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "themes", root / "themes")
    (root / "site.yaml").write_text((ROOT / "site.yaml").read_text(encoding="utf-8").replace(
        "base_url: /", "base_url: https://example.org/arsip/"), encoding="utf-8")
    _new_article(root, "tanpa-entitas", "---\ntitle: Cuaca Cerah di Pantai\ndate: 2024-08-01\n---\n\n"
                                         "Cuaca cerah sepanjang hari di pantai.\n")
    for day in range(1, 23):  # Kazakhstan in more articles than its page lists: the rest by year
        _new_article(root, f"kz-{day - 1:02d}", f"---\ntitle: Pameran {day}\ndate: 2019-03-{day:02d}\n---\n\n"
                                                 f"Kazakhstan membuka pameran dagang ke-{day}.\n")
    build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml", cache=root / "cache"))
    return root


def recorded(root: Path) -> tuple[dict[str, str], set[str], dict[str, object]]:
    """The keys the last build recorded: of each file of the site, of each
    analysis, and of the cached links."""
    with BuildCache(root / "cache") as cache:
        live = (root / "site").resolve()
        files = {path: record.key for path, record in cache.outputs(live).items()}
        analyses = cache.stored_keys()
        links = {name: cache._db.execute("SELECT key FROM derived WHERE name = ?", (name,)).fetchone()
                 for name in ("links",)}
    assert builder_digest()
    return files, analyses, links


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_changing_an_input_changes_the_keys_that_declare_it(built_once, tmp_path, change):
    root = tmp_path / "archive"
    shutil.copytree(built_once, root, symlinks=True)
    # The cache records a site by its folder's path: a build at the copy's path first.
    build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml", cache=root / "cache"))
    before = recorded(root)
    assert len(before[0]) > 100
    CHANGES[change](root)
    assert_same_as_clean(root, base_url="https://example.org/arsip/")
    after = recorded(root)
    for kind, declared in KINDS.items():
        if change not in declared.inputs:
            continue
        if kind == "analysis":
            assert after[1] - before[1], f"{change}: no analysis has a new key"
        elif kind == "links":
            assert after[2] != before[2], f"{change}: the links' key is unchanged"
        else:
            pattern = re.compile(declared.paths)
            mine = [path for path in after[0] if pattern.fullmatch(path)]
            assert mine, f"{kind}: no file matches {declared.paths}"
            assert any(before[0].get(path) != after[0][path] for path in mine), \
                f"{change}: no {kind} has a new key"
            witness = WITNESSES.get(change, {}).get(kind)
            if witness:
                assert before[0][witness] != after[0][witness], f"{change}: {witness} kept its key"


def test_the_builders_digest_covers_every_module_of_the_package(tmp_path, monkeypatch):
    """A change in any stage's code may change what the build makes: every
    cached analysis and kept page must then be made again."""
    import builder
    import builder.build.cache as cache_module

    package = Path(builder.__file__).parent
    copy = tmp_path / "builder"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "__file__", str(copy / "build" / "cache.py"))
    cache_module.builder_digest.cache_clear()
    try:
        before = cache_module.builder_digest()
        for module in ("annotate/quotes.py", "site/pages.py", "search/terms.py", "errors.py"):
            (copy / module).write_text((copy / module).read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
            cache_module.builder_digest.cache_clear()
            after = cache_module.builder_digest()
            assert after != before, module
            before = after
    finally:
        cache_module.builder_digest.cache_clear()
