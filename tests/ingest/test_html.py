"""Saved pages as seeds: pages of our own in the shapes news sites use
(with JSON-LD, with only meta tags, with neither), each with what a careful
editor would record."""
from __future__ import annotations

import datetime as dt

import pytest
import trafilatura

from builder.errors import SeedError
from builder.ingest.html import NotAnArticle, draft_from_html, page_lines
from builder.ingest.outlets import load_outlets

WIB = dt.timezone(dt.timedelta(hours=7))
MYT = dt.timezone(dt.timedelta(hours=8))

PARAGRAPHS = (
    "<p>Presiden China Xi Jinping tiba di Astana pada Selasa untuk menghadiri pertemuan puncak Organisasi Kerja "
    "Sama Shanghai, kunjungan keduanya ke ibu kota Kazakhstan dalam dua tahun.</p>"
    "<h2>Kunjungan kenegaraan</h2>"
    "<p>Selain menghadiri pertemuan puncak, Xi melakukan kunjungan kenegaraan atas undangan Presiden Tokayev, kata "
    "kementerian luar negeri di Beijing dalam pernyataan tertulis.</p>"
    "<ul><li>Energi dan minyak</li><li>Perdagangan lintas batas</li></ul>"
    "<blockquote><p>\u201cKami menyambut sahabat lama,\u201d kata Tokayev kepada wartawan di bandara.</p></blockquote>"
    "<p>Kedua pemimpin dijadwalkan menandatangani sejumlah perjanjian kerja sama di bidang energi, transportasi dan "
    "pertanian pada Rabu pagi.</p>")
FURNITURE = ('<nav><a href="/">Beranda</a> <a href="/dunia">Dunia</a> <a href="/ekonomi">Ekonomi</a></nav>',
             '<aside><h3>Berita Terkait</h3><ul><li><a href="/a">Harga emas naik lagi hari ini</a></li>'
             '<li><a href="/b">Banjir rendam tiga kecamatan</a></li></ul></aside>',
             '<section class="comments"><h3>Komentar</h3><p>Pembaca123: artikel yang sangat bagus sekali.</p>'
             '</section><footer><p>Copyright 2024 Warta Contoh. Hak cipta dilindungi.</p></footer>')


def page(head: str, article: str, lang: str = "id") -> bytes:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>{FURNITURE[0]}'
            f'<main><article>{article}</article>{FURNITURE[1]}</main>{FURNITURE[2]}</body></html>').encode("utf-8")


def read(raw: bytes, url: str | None = None):
    return draft_from_html(raw, "page.html", "seeds/page.html", load_outlets(), "0" * 64, url=url)


def assert_clean_body(body: str) -> None:
    for furniture in ("Beranda", "Harga emas naik", "Banjir rendam", "Pembaca123", "Copyright", "Berita Terkait"):
        assert furniture not in body


def test_a_page_with_json_ld():
    head = ('<title>Xi Tiba di Astana | Warta Contoh</title>'
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", '
            '"name": "Warta Contoh"}, {"@type": "NewsArticle", "headline": "Xi Tiba di Astana untuk KTT SCO", '
            '"datePublished": "2024-07-02T19:43:58+07:00", "inLanguage": "id-ID", "publisher": {"@type": '
            '"Organization", "name": "Warta Contoh"}, "mainEntityOfPage": {"@id": '
            '"https://warta-contoh.id/dunia/2024/07/02/xi-tiba"}}]}</script>')
    d = read(page(head, "<h1>Xi Tiba di Astana untuk KTT SCO</h1>"
                        "<p class='meta'>Oleh Nama Wartawan | Selasa, 2 Juli 2024 19:43 WIB</p>"
                        "<p>ASTANA, WARTA CONTOH - " + PARAGRAPHS[3:]))
    assert d.title == "Xi Tiba di Astana untuk KTT SCO" and d.title_source == "headline"
    assert d.date == dt.datetime(2024, 7, 2, 19, 43, 58, tzinfo=WIB) and d.date_source == "stated"
    assert d.publisher == "Warta Contoh" and d.dateline == "Astana" and d.language == "id"
    assert d.source_url == "https://warta-contoh.id/dunia/2024/07/02/xi-tiba"
    assert d.body.startswith("Presiden China Xi Jinping tiba di Astana")
    assert "## Kunjungan kenegaraan" in d.body and "- Energi dan minyak\n- Perdagangan lintas batas" in d.body
    assert '> "Kami menyambut sahabat lama,"' in d.body
    assert "Nama Wartawan" not in d.body
    assert_clean_body(d.body)


def test_a_page_with_only_meta_tags():
    head = ('<title>Banjir kilat landa ibu negara - Berita Contoh Malaysia</title>'
            '<meta property="og:title" content="Banjir kilat landa ibu negara">'
            '<meta property="og:site_name" content="Berita Contoh Malaysia">'
            '<meta property="article:published_time" content="2023-10-10T11:17:00+08:00">'
            '<link rel="canonical" href="https://beritacontoh.my/berita/banjir-kilat">')
    article = ("<h1>Banjir kilat landa ibu negara</h1><p>KUALA LUMPUR: Hujan lebat sejak petang menyebabkan beberapa "
               "kawasan di ibu negara dilanda banjir kilat, kata pihak berkuasa tempatan yang memantau keadaan itu."
               "</p><p>Bagaimanapun, kerajaan berkata keadaan terkawal selepas air surut kerana hujan berhenti pada "
               "waktu malam, dan jalan utama dibuka semula kepada kenderaan.</p>")
    d = read(page(head, article, lang="ms-MY"))
    assert d.title == "Banjir kilat landa ibu negara"
    assert d.date == dt.datetime(2023, 10, 10, 11, 17, tzinfo=MYT)
    assert (d.publisher, d.dateline, d.language) == ("Berita Contoh Malaysia", "Kuala Lumpur", "ms")
    assert d.source_url == "https://beritacontoh.my/berita/banjir-kilat"
    assert_clean_body(d.body)


def test_a_page_with_neither_is_read_like_copied_text():
    article = ("<h1>Harga Beras Turun di Pasar Induk</h1><p>Senin, 16 Juni 2025 10:30 WIB</p>"
               "<p>JAKARTA, KOMPAS.com - Harga beras di pasar induk turun sejak pekan lalu, kata para pedagang yang "
               "ditemui pada pagi hari di kawasan Jakarta Timur.</p>" + PARAGRAPHS)
    d = read(page("<title>Harga Beras Turun</title>", article), url="https://www.kompas.com/read/2025/06/16/beras")
    assert d.title == "Harga Beras Turun di Pasar Induk"
    assert d.date == dt.datetime(2025, 6, 16, 10, 30, tzinfo=WIB) and d.date_source == "stated"
    assert (d.publisher, d.dateline) == ("Kompas.com", "Jakarta")
    assert d.source_url == "https://www.kompas.com/read/2025/06/16/beras"
    assert d.body.startswith("Harga beras di pasar induk") and "16 Juni 2025" not in d.body


@pytest.mark.parametrize("page_title", ["Harga Beras Turun di Pasar Induk - Kabar Lumbung",
                                        "Kabar Lumbung | Ekonomi | Harga Beras Turun di Pasar Induk",
                                        "Harga Beras Turun di Pasar Induk :: Ekonomi :: Kabar Lumbung"])
def test_an_unknown_sites_name_beside_the_headline_in_the_page_title(page_title):
    article = ("<h1>Harga Beras Turun di Pasar Induk</h1><p>Senin, 16 Juni 2025 10:30 WIB</p>"
               "<p>Harga beras di pasar induk turun sejak pekan lalu, kata para pedagang yang ditemui pada pagi hari "
               "di kawasan timur kota.</p>" + PARAGRAPHS)
    raw = f'<html lang="id"><head><title>{page_title}</title></head><body><article>{article}</article></body></html>'
    d = read(raw.encode("utf-8"))
    assert d.title == "Harga Beras Turun di Pasar Induk" and d.publisher == "Kabar Lumbung"


def test_markup_and_text_that_disagree_on_the_date_leave_it_for_review():
    head = '<meta property="article:published_time" content="2024-07-02T08:00:00+07:00">'
    article = ("<h1>Xi Tiba di Astana</h1><p>Rabu, 10 Juli 2024 08:00 WIB</p>"
               "<p>ASTANA - " + PARAGRAPHS[3:])
    d = read(page(head, article))
    assert d.date is None
    note = next(r for r in d.review if r.startswith("date:"))
    assert "2024-07-02" in note and "2024-07-10" in note


def test_a_page_without_an_article_is_not_one():
    links = "".join(f'<li><a href="/berita/{n}">Berita nomor {n} hari ini</a></li>' for n in range(40))
    with pytest.raises(NotAnArticle) as info:
        read(page("<title>Beranda</title>", f"<ul>{links}</ul>"))
    assert str(info.value).startswith("seeds/page.html: no article in this page (")
    assert "of main text, under 40" in str(info.value)  # how much there was, against what an article needs


def test_a_page_in_an_encoding_it_does_not_declare():
    raw = page("", "<h1>Caf\u00e9 di Almaty Dibuka Kembali</h1><p>ALMATY - " + PARAGRAPHS[3:]).replace(
        b'<meta charset="utf-8">', b"").decode("utf-8").encode("cp1252", errors="replace")
    d = read(raw)
    assert d.title == "Caf\u00e9 di Almaty Dibuka Kembali"


def test_nothing_in_a_page_can_inject_script():
    head = ('<link rel="canonical" href="javascript:alert(1)">'
            '<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt; Judul Berita">')
    article = ("<h1>Judul</h1><p>JAKARTA - Warga memadati pusat kota &lt;img src=x onerror=alert(1)&gt; untuk "
               "merayakan tahun baru bersama keluarga dan kerabat mereka pada malam hari.</p>" + PARAGRAPHS)
    d = read(page(head, article))
    assert d.source_url is None
    assert "<img" not in d.body and "&lt;img" in d.body


def test_a_file_that_is_not_html_is_refused():
    with pytest.raises(SeedError):
        read(b"")


def test_a_line_break_inside_a_paragraph_is_a_space_as_a_browser_shows_it():
    """Pages break lines inside a paragraph's markup; a reader sees one
    paragraph, so a date there is not a date line of its own."""
    tree = trafilatura.load_html(b"<html><body><p>Pertemuan itu\n  2024-07-03 20:17:40\nberlangsung lama.</p>"
                                 b"<p>Kedua<br>baris</p></body></html>")
    assert page_lines(tree) == ["Pertemuan itu 2024-07-03 20:17:40 berlangsung lama.", "Kedua", "baris"]
