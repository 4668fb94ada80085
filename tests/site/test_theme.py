"""An archive's own templates and static files in place of the theme's,
and its own values (site.yaml `extra:`, front-matter keys) in templates."""
from __future__ import annotations

from builder.build.pipeline import BuildOptions, build
from builder.site.theme import builtin_themes

from ..conftest import article
from ..seeds import page

DEFAULT_BASE = (builtin_themes() / "default" / "templates" / "base.html").read_text(encoding="utf-8")


def footer_override(line: str) -> str:
    start = DEFAULT_BASE.index('<p class="footer-note">')
    end = DEFAULT_BASE.index("</p>", start) + 4
    return DEFAULT_BASE[:start] + line + DEFAULT_BASE[end:]


def build_at(root, **options):
    return build(BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                              cache=root / ".cache", **options))


def test_one_overridden_template_changes_every_page_and_nothing_else_is_needed(make_site):
    root = make_site({
        "site.yaml": "title: Arsip Uji\nlanguage: id\nextra:\n  lembaga: Lab Arsip Contoh\n",
        "content/articles/a.md": article("Banjir di Pekanbaru"),
        "templates/base.html": footer_override('<p class="footer-note">Dikelola oleh {{ site.extra.lembaga }}</p>'),
        "static/extra.css": "body { color: teal; }\n",
    })
    build_at(root)
    for rel in ("index.html", "articles/a/index.html", "entities/index.html", "404.html"):
        html = page(root / "site", rel)
        assert '<p class="footer-note">Dikelola oleh Lab Arsip Contoh</p>' in html, rel
    assert page(root / "site", "static/extra.css") == "body { color: teal; }\n"
    assert "search-core.js" in {p.name for p in (root / "site" / "static").iterdir()}, "the theme's own files stay"


def test_an_override_is_noticed_by_the_next_build(make_site):
    root = make_site({"content/articles/a.md": article("Banjir di Pekanbaru")})
    build_at(root)
    assert "Dikelola" not in page(root / "site", "articles/a/index.html")
    (root / "templates").mkdir()
    (root / "templates" / "base.html").write_text(footer_override("<p>Dikelola</p>"), encoding="utf-8")
    build_at(root)
    assert "Dikelola" in page(root / "site", "articles/a/index.html")


def test_front_matter_keys_of_the_archives_own_reach_the_article_template(make_site):
    theme_article = (builtin_themes() / "default" / "templates" / "article.html").read_text(encoding="utf-8")
    override = theme_article.replace('<article class="article"',
                                     '<p class="rubrik">{{ article.extra.rubrik }}</p><article class="article"', 1)
    root = make_site({"content/articles/a.md": article("Banjir di Pekanbaru", rubrik="<b>Ekonomi</b>"),
                      "templates/article.html": override})
    build_at(root)
    assert '<p class="rubrik">&lt;b&gt;Ekonomi&lt;/b&gt;</p>' in page(root / "site", "articles/a/index.html")


def test_english_counts_take_the_singular_for_one_and_indonesian_has_one_form(make_site):
    root = make_site({"site.yaml": "title: Test Archive\nlanguage: en\n",
                      "content/articles/a.md": article("Floods in Pekanbaru", body="Tokayev spoke.")})
    build_at(root)
    html = page(root / "site", "archive/2022/09/index.html")  # a month's page counts its articles
    assert "1 article" in html and "1 articles" not in html
    assert "The archive&#39;s one article, by month" in page(root / "site", "index.html")
    root_id = root / "id"
    (root_id / "content" / "articles").mkdir(parents=True)
    (root_id / "site.yaml").write_text("title: Arsip\nlanguage: id\n", encoding="utf-8")
    (root_id / "content" / "articles" / "a.md").write_text(article("Banjir"), encoding="utf-8")
    build_at(root_id)
    assert "1 artikel" in page(root_id / "site", "archive/2022/09/index.html")


def test_a_plural_text_without_its_other_form_is_an_error_naming_the_line(make_site, tmp_path):
    import pytest

    from builder.errors import ThemeError
    from builder.site.theme import Theme

    theme = tmp_path / "mytheme"
    (theme / "i18n").mkdir(parents=True)
    (theme / "i18n" / "en.yaml").write_text("home: Home\narticle_count: {one: '{count} article'}\n",
                                            encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        Theme(theme).labels("en")
    assert str(caught.value).startswith(f"{theme}/i18n/en.yaml:2: article_count: the forms")


def test_pages_lose_the_templates_indentation_but_not_preformatted_text(make_site):
    """Templates are indented for whoever edits them, and pages need none of
    it; a <pre> in a template, and a code block in an article, keep theirs."""
    body = "Contoh kode:\n\n    def f():\n        return 1\n"
    root = make_site({
        "content/articles/a.md": article("Banjir di Pekanbaru", body=body),
        "templates/base.html": footer_override('<p class="footer-note">Catatan</p>\n  <pre class="colophon">\n  a\n    b</pre>'),
    })
    build_at(root)
    html = page(root / "site", "articles/a/index.html")
    assert '<pre class="colophon">\n  a\n    b</pre>' in html
    assert "<pre><code>def f():\n    return 1\n</code></pre>" in html
    assert '\n<nav class="site-nav"' in html and "\n  <" not in html.split("<main")[0]
