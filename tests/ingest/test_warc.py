"""Web archives as seeds: WARC files written here with warcio, the way
crawlers write them (responses with HTTP headers, gzipped per record)."""
from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from builder.cli import main
from builder.content.frontmatter import split_front_matter


def article(n: int) -> bytes:
    return (f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Berita {n}</title>'
            f'<meta property="og:title" content="Pelabuhan Kering Nomor {n} Diresmikan">'
            f'<meta property="og:site_name" content="Warta Contoh">'
            f'<meta property="article:published_time" content="2024-03-{n % 28 + 1:02d}T09:00:00+07:00"></head>'
            f'<body><nav><a href="/">Beranda</a></nav><article><h1>Pelabuhan Kering Nomor {n} Diresmikan</h1>'
            f'<p>KHORGOS - Pelabuhan kering nomor {n} di perbatasan diresmikan pada Senin oleh para menteri dari '
            'kedua negara, yang menyebutnya langkah penting bagi perdagangan kawasan.</p>'
            '<p>Pejabat setempat mengatakan kapasitas pelabuhan akan berlipat dua dalam lima tahun ke depan, '
            'seiring bertambahnya jalur kereta barang yang melintas setiap hari.</p></article></body></html>'
            ).encode("utf-8")


HOME = (b'<!doctype html><html><head><title>Warta Contoh</title></head><body><ul>'
        + b"".join(b'<li><a href="/a%d">Judul %d</a></li>' % (n, n) for n in range(30)) + b"</ul></body></html>")


def write_warc(path: Path, pages: list[tuple[str, bytes, str, int]]) -> None:
    """pages: (url, payload, content type, status)."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for url, payload, kind, status in pages:
            headers = StatusAndHeaders(f"{status} OK" if status == 200 else f"{status} Moved",
                                       [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "content").mkdir()
    return tmp_path


def run(archive: Path, *args: str) -> int:
    return main(["ingest", "--seeds", str(archive / "seeds"), "--content", str(archive / "content"), *args])


def imported(archive: Path) -> dict[str, dict]:
    return {path.name: split_front_matter(path.read_text(encoding="utf-8"), path).values
            for path in sorted((archive / "content" / "articles").glob("*.md"))}


def test_each_article_page_of_a_web_archive_becomes_an_article_once(archive, capsys):
    pages = [(f"https://warta-contoh.id/berita/{n}", article(n), "text/html; charset=utf-8", 200) for n in range(3)]
    pages += [("https://warta-contoh.id/", HOME, "text/html", 200),
              ("https://warta-contoh.id/logo.png", b"\x89PNG\r\n", "image/png", 200),
              ("https://warta-contoh.id/lama", b"", "text/html", 301)]
    warc = archive / "seeds" / "crawl.warc.gz"
    write_warc(warc, pages)
    assert run(archive) == 0
    out, err = capsys.readouterr()
    articles = imported(archive)
    assert len(articles) == 3 and "3 new" in out
    assert "1 of 4 pages are not articles" in err
    front = next(v for v in articles.values() if v["title"] == "Pelabuhan Kering Nomor 1 Diresmikan")
    assert front["seed"] == "crawl.warc.gz" and front["source_url"] == "https://warta-contoh.id/berita/1"
    assert front["warc_record"].startswith("<urn:uuid:") and front["publisher"] == "Warta Contoh"
    assert str(front["date"]) == "2024-03-02T09:00:00+07:00" and front["dateline"] == "Khorgos"
    assert run(archive) == 0
    assert "0 new" in capsys.readouterr().out, "each record is imported once"
    # A crawl that grew: only the new page comes in; an edited article is left alone.
    edited = next((archive / "content" / "articles").glob("*.md"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("language: id", "language: id\nnote: edited"),
                      encoding="utf-8")
    before = edited.read_text(encoding="utf-8")
    write_warc(warc, pages + [("https://warta-contoh.id/berita/9", article(9), "text/html", 200)])
    assert run(archive) == 0
    assert "1 new" in capsys.readouterr().out and len(imported(archive)) == 4
    assert edited.read_text(encoding="utf-8") == before


def test_a_damaged_web_archive_imports_what_comes_before_the_damage(archive, capsys):
    whole = archive / "whole.warc.gz"
    write_warc(whole, [(f"https://warta-contoh.id/berita/{n}", article(n), "text/html", 200) for n in range(4)])
    data = whole.read_bytes()
    (archive / "seeds" / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.8)])
    assert run(archive) == 1
    err = capsys.readouterr().err
    assert f"{archive / 'seeds' / 'cut.warc.gz'}: the web archive is damaged" in err
    assert 1 <= len(imported(archive)) <= 3


def test_a_web_archive_without_pages_and_a_file_that_is_no_archive(archive, capsys):
    write_warc(archive / "seeds" / "images.warc", [("https://x.id/a.png", b"\x89PNG", "image/png", 200)])
    (archive / "seeds" / "junk.warc.gz").write_bytes(gzip.compress(b"this is not a web archive at all\n" * 20))
    assert run(archive) == 1
    err = capsys.readouterr().err
    assert "images.warc: no HTML pages in this web archive" in err
    assert "junk.warc.gz: the web archive is damaged" in err
    assert not (archive / "content" / "articles").exists()


def test_a_saved_page_without_an_article_is_reported_and_the_rest_imported(archive, capsys):
    (archive / "seeds" / "home.html").write_bytes(HOME)
    (archive / "seeds" / "berita.html").write_bytes(article(5))
    assert run(archive) == 1
    assert "home.html: no article in this page" in capsys.readouterr().err
    assert [v["title"] for v in imported(archive).values()] == ["Pelabuhan Kering Nomor 5 Diresmikan"]


def test_a_page_saved_and_also_crawled_is_imported_once(archive, capsys):
    saved = article(7).replace(b"</head>", b'<link rel="canonical" href="https://warta-contoh.id/berita/7"></head>')
    (archive / "seeds" / "a-saved.html").write_bytes(saved)
    write_warc(archive / "seeds" / "b-crawl.warc.gz",
               [("https://warta-contoh.id/berita/7", article(7), "text/html", 200),
                ("https://warta-contoh.id/berita/8", article(8), "text/html", 200)])
    assert run(archive) == 0
    out = capsys.readouterr().out
    articles = imported(archive)
    assert sorted(v["source_url"] for v in articles.values()) == ["https://warta-contoh.id/berita/7",
                                                                  "https://warta-contoh.id/berita/8"]
    assert "2 new" in out
    first = next(name for name, v in articles.items() if v["seed"] == "a-saved.html")
    assert run(archive) == 0, "the second run finds both imported"
    assert "0 new" in capsys.readouterr().out and first in imported(archive)
