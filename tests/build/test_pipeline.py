"""Build: content/ -> site/, on tiny inline archives and on the real content/."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from builder.build.pipeline import BuildOptions, build
from builder.cli import main
from builder.errors import BuildFailed, ThemeError

from ..conftest import ROOT, article


def options(root: Path, **kw) -> BuildOptions:
    return BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml", **kw)


def read(root: Path, rel: str) -> str:
    return (root / "site" / rel).read_text(encoding="utf-8")


def test_tiny_archive_gives_home_article_and_about_pages(make_site):
    root = make_site({
        "content/articles/lama.md": article("Berita Lama", "2021-12-15", publisher="Contoh.com"),
        "content/articles/baru.md": article("Berita Baru", "2024-07-03T20:17:40", dateline="Astana"),
        "content/articles/tanpa.md": article("Berita Tanpa Tanggal", None),
        "content/about.md": "Tentang arsip uji.\n",
    })
    report = build(options(root))
    assert report.articles == 3
    for rel in ("index.html", "about/index.html", "articles/lama/index.html", "articles/baru/index.html",
                "articles/tanpa/index.html", ".nojekyll", "static/style.css"):
        assert (root / "site" / rel).is_file(), rel
    home = read(root, "index.html")
    # newest first; the undated one is listed apart, never as 1970
    assert home.index("Berita Baru") < home.index("Berita Lama") < home.index("Berita Tanpa Tanggal")
    assert "Artikel tanpa tanggal" in home and "1970" not in home
    assert "3 Juli 2024" in home and "15 Desember 2021" in home
    page = read(root, "articles/baru/index.html")
    assert "<h1>Berita Baru</h1>" in page
    assert '<time datetime="2024-07-03T20:17:40">3 Juli 2024 pukul 20.17</time>' in page
    assert "Astana" in page and 'lang="id"' in page
    assert "Tentang arsip uji." in read(root, "about/index.html")


def test_english_interface_is_selectable(make_site):
    root = make_site({
        "site.yaml": "title: Test Archive\nlanguage: en\n",
        "content/articles/a.md": article("A Story", "2022-09-14"),
    })
    build(options(root))
    home = read(root, "index.html")
    assert "Latest articles" in home and "14 September 2022" in home and 'lang="en"' in home
    assert "Artikel terbaru" not in home


def test_footnotes_abbreviations_and_toc_render(make_site):
    body = """\
        Pertemuan KTT di Astana[^1].

        ## Satu

        Teks.

        ## Dua

        Teks.

        ## Tiga

        Teks.

        [^1]: Catatan redaksi.
        """
    root = make_site({
        "content/articles/a.md": article("Panjang", body=body),
        "content/abbreviations.yaml": "KTT: Konferensi Tingkat Tinggi\n",
    })
    build(options(root))
    page = read(root, "articles/a/index.html")
    assert '<abbr title="Konferensi Tingkat Tinggi">KTT</abbr>' in page
    assert 'class="footnote"' in page and "Catatan redaksi." in page
    assert 'class="toc"' in page and 'href="#satu"' in page


def test_untrusted_html_in_an_article_is_not_executable(make_site):
    body = """\
        Teks <script>window.__pwned=1</script> dan <img src=x onerror="window.__pwned=1">.

        [klik](javascript:alert(1))
        """
    root = make_site({"content/articles/a.md": article("Judul <script>alert(1)</script>", body=body)})
    build(options(root))
    page = read(root, "articles/a/index.html")
    scripts = re.findall(r"<script\b[^>]*>", page, re.I)
    assert scripts == ['<script type="application/ld+json">',  # data, not code
                       '<script src="/static/tips.js" data-tips="/entities/tips.json" defer>'], scripts  # the theme's
    body = page.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body.lower() and "<img" not in body.lower()
    assert "onerror" not in page and "javascript:" not in page
    assert "Judul &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_base_url_prefixes_every_internal_link(make_site):
    root = make_site({"content/articles/a.md": article("A")})
    build(options(root, base_url="https://user.github.io/some-repo"))
    home = read(root, "index.html")
    links = [u for u in re.findall(r'(?:href|src|action)="([^"#]+)"', home) if not u.startswith("data:")]
    assert links and all(link.startswith(("/some-repo/", "https://user.github.io/some-repo/")) for link in links), links


def test_content_errors_are_all_reported_with_path_and_line(make_site):
    root = make_site({
        "content/articles/a.md": "---\ntitle: A\ndate: kemarin\n---\nIsi.\n",
        "content/articles/b.md": "---\ntitle: B\ndate: 2024-13-01\n---\nIsi.\n",
        "content/articles/c.md": "---\ntitle: [tidak ditutup\n---\nIsi.\n",
    })
    with pytest.raises(BuildFailed) as info:
        build(options(root))
    messages = sorted(str(e) for e in info.value.errors)
    folder = f"{root}/content/articles"
    assert messages[0].startswith(f"{folder}/a.md:3: date: expected YYYY-MM-DD") and "'kemarin'" in messages[0]
    assert messages[1].startswith(f"{folder}/b.md:3: date:") and "2024-13-01" in messages[1]
    assert messages[2].startswith(f"{folder}/c.md:2: YAML error")
    assert not (root / "site").exists()


@pytest.mark.parametrize("rel, text", [
    ("content/entities.yaml", "- id: almaty\n  name: Almaty\n  type: place\n  description: Kota terbesar\n"),
    ("content/abbreviations.yaml", "RRT: Republik Rakyat Tiongkok\nKTT: Konferensi Tingkat Tinggi\n"),
    ("content/about.md", "Arsip ini\nmemuat berita.\n"),
])
def test_a_file_not_in_utf8_is_an_error_naming_it_and_the_line(make_site, rel, text):
    """A registry, abbreviations or about page saved as Latin-1 (an old
    editor) fails the build with the file and the line, not a traceback."""
    root = make_site({"content/articles/a.md": article("A")})
    first, second, *rest = text.splitlines(keepends=True)
    (root / rel).write_bytes("".join([first, second.replace("\n", " Café\n"), *rest]).encode("latin-1"))
    with pytest.raises(BuildFailed) as info:
        build(options(root))
    assert [str(e) for e in info.value.errors] == [f"{root / rel}:2: not valid UTF-8; save the file as UTF-8"]


def test_failed_build_leaves_the_previous_site_intact(make_site):
    root = make_site({"content/articles/a.md": article("Versi Pertama")})
    build(options(root))
    before = read(root, "articles/a/index.html")
    (root / "content/articles/a.md").write_text("---\ntitle: A\ndate: 2024-02-30\n---\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(options(root))
    assert read(root, "articles/a/index.html") == before


def test_template_error_names_the_template_and_line(make_site, tmp_path):
    root = make_site({"content/articles/a.md": article("A")})
    theme = root / "themes" / "default"
    shutil.copytree(ROOT / "themes" / "default", theme)
    about = theme / "templates" / "about.html"
    about.write_text(about.read_text().replace("{{ page_title }}", "{{ page_title.nope() }}"), encoding="utf-8")
    with pytest.raises(ThemeError) as info:
        build(options(root))
    line = next(n for n, text in enumerate(about.read_text().splitlines(), 1) if "nope" in text)
    assert f"about.html:{line}:" in str(info.value)


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(make_site):
    root = make_site({"content/articles/a.md": article("A"), "content/articles/b.md": article("B", None)})
    build(options(root))
    first = _digest(root / "site")
    build(options(root))
    assert _digest(root / "site") == first


def test_real_content_builds_five_articles_and_home(tmp_path, capsys):
    code = main(["build", "--content", str(ROOT / "content"), "--config", str(ROOT / "site.yaml"),
                 "--output", str(tmp_path / "site")])
    assert code == 0
    pages = sorted(p.parent.name for p in (tmp_path / "site" / "articles").glob("*/index.html"))
    assert len(pages) == 5
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for slug in pages:
        assert f'href="/articles/{slug}/"' in home
    # editor-set dates are shown and marked; no article is left undated
    assert "Artikel tanpa tanggal" not in home
    assert "14 September 2022" in home and "15 Desember 2021" in home
    xi = (tmp_path / "site" / "articles" / "xi-berjanji-mendukung-kazakhstan-dalam-perjalanan-pertama-sejak"
          / "index.html").read_text(encoding="utf-8")
    assert "tanggal ditetapkan redaksi" in xi and 'class="footnote"' in xi
    assert "<h2" in xi and "Saling menghormati, adil" in xi
    assert "built" in capsys.readouterr().out


def test_a_second_build_of_the_archive_waits_for_the_first(make_site, caplog):
    """The preview and `make site` at once would write the same site folder
    and cache records: the second build waits, says so, and then builds."""
    import fcntl
    import threading

    root = make_site({"content/articles/a.md": article("A")})
    build(options(root, cache=root / "cache"))
    (root / "content" / "articles" / "b.md").write_text(article("B"), encoding="utf-8")
    running = open(root / "cache" / "build.lock", "a")  # another build holds the lock
    fcntl.flock(running, fcntl.LOCK_EX)
    second = threading.Thread(target=build, args=(options(root, cache=root / "cache"),))
    second.start()
    second.join(timeout=2)
    assert second.is_alive(), "the second build went on while the first held the archive"
    assert "another build of this archive is running" in caplog.text
    assert not (root / "site" / "articles" / "b").exists()
    running.close()
    second.join(timeout=60)
    assert not second.is_alive()
    assert (root / "site" / "articles" / "b" / "index.html").is_file()
