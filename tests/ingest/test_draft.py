"""Ingest: each seed against expectations checked by hand against the raw text,
then the general shapes of news copy that other publishers will bring."""
from __future__ import annotations

import datetime as dt

import markdown
import pytest

from builder.errors import SeedError
from builder.ingest.draft import draft_from_bytes, split_lead_prefix
from builder.text import slugify

from ..conftest import ROOT

SEEDS = ROOT / "seeds"


def draft(stem: str):
    path = next(SEEDS.glob(f"{stem}_*.txt"))
    return draft_from_bytes(path.read_bytes(), path.name)


def html_of(body: str) -> str:
    return markdown.markdown(body)


# --------------------------------------------------------------- the seeds

def test_000_headline_publisher_no_date_subheading_trailing_stars():
    d = draft("000")
    assert d.title == "Xi Berjanji Mendukung Kazakhstan Dalam Perjalanan Pertama Sejak Pandemi"
    assert d.title_source == "headline"
    assert d.publisher == "RIAU24.COM"
    assert d.dateline is None
    assert d.date is None and d.date_source is None
    assert any("no publication date" in w for w in d.warnings)
    assert any(r.startswith("date:") for r in d.review)
    assert d.body.startswith("Presiden China Xi Jinping berada di bekas Uni Soviet")
    assert "RIAU24" not in d.body
    assert "## 'Saling menghormati, adil'" in d.body.splitlines()
    assert "<h2>'Saling menghormati, adil'</h2>" in html_of(d.body)
    assert "***" not in d.body and "\\*" not in d.body
    assert d.body.rstrip().endswith('lapor CCTV Xi seperti yang ditulis.')
    assert d.language == "id"
    assert d.summary == ("Presiden China Xi Jinping berada di bekas Uni Soviet Kazakhstan pada hari Rabu dalam "
                         "perjalanan pertamanya ke luar negeri sejak hari-hari awal pandemi virus corona, menjelang "
                         "pertemuan dengan pemimpin Rusia Vladimir Putin.")


def test_001_date_line_first_no_headline_dateline_beijing():
    d = draft("001")
    assert d.date == dt.date(2022, 1, 12) and d.date_source == "stated"
    assert d.title_source == "provisional"
    assert d.title == "Tiongkok menegaskan kembali dukungannya kepada Kazakhstan untuk mengakhiri kerusuhannya"
    assert any(r.startswith("title:") for r in d.review)
    assert d.dateline == "Beijing" and d.publisher is None
    assert d.body.startswith("Tiongkok menegaskan kembali dukungannya")
    assert "12 Januari 2022" not in d.body
    assert "BEIJING" not in d.body
    # curly quotes become straight ones, consistently
    assert '"saat paling gelap"' in d.body and "\u201c" not in d.body


def test_002_publisher_and_dateline_inferred_date_ordered_list_comment_widget():
    d = draft("002")
    assert d.title == "China dan Kazakhstan Perkuat Kemitraan Strategis Menuju Perdamaian dan Pembangunan Global"
    assert d.publisher == "JurnalPatroliNews" and d.dateline == "Astana"
    assert d.date == dt.date(2025, 6, 16) and d.date_source == "inferred"
    assert any("inferred" in r for r in d.review)
    assert d.body.startswith("Presiden China Xi Jinping menyatakan kesiapan")
    assert not d.body.rstrip().endswith("Komentar")
    assert "Komentar" not in d.body
    html = html_of(d.body)
    assert "<pre>" not in html and "<code>" not in html
    assert html.count("<ol>") == 1
    ol = html[html.index("<ol>"): html.index("</ol>")]
    assert ol.count("<li>") == 4
    assert "Penguatan Kepercayaan Strategis" in ol and "Kedua negara diharapkan" in ol
    assert "Pertukaran Antarwarga" in ol and "sebagai dasar dari hubungan jangka panjang." in ol


def test_003_iso_date_time_with_no_break_spaces():
    d = draft("003")
    assert d.title == "Xi Jinping Adakan Pembicaraan Dengan Presiden Kazakhstan"
    assert d.date == dt.datetime(2024, 7, 3, 20, 17, 40) and d.date_source == "stated"
    assert d.publisher is None and d.dateline is None
    assert "\u00a0" not in d.body
    assert "Presiden Tokayev bertemu" in d.body  # no-break spaces became one plain space
    assert "2024-07-03" not in d.body
    assert "Xi'an" in d.body


def test_004_category_line_repeated_headline_dateline_posted_by():
    d = draft("004")
    assert d.title == "Kremlin: Xi mendukung upaya Putin untuk mendapatkan jaminan dari Barat"
    assert d.dateline == "Moskow" and d.publisher is None
    assert d.date is None
    assert "Uncategorized" not in d.body
    assert d.title not in d.body
    assert "Posted By" not in d.body and "pengeluaran hk" not in d.body
    assert d.body.startswith("Presiden China Xi Jinping mendukung Presiden Rusia")
    assert d.body.rstrip().endswith("pasca-COVID hubungan China-Rusia.\"")
    removed = " ".join(d.removed)
    assert "Uncategorized" in removed and "Posted By" in removed and "repeated" in removed


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_seed_provenance_is_recorded(stem):
    import hashlib

    path = next(SEEDS.glob(f"{stem}_*.txt"))
    d = draft_from_bytes(path.read_bytes(), path.name)
    assert d.seed == path.name
    assert d.seed_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_is_deterministic():
    assert draft("002") == draft("002")


# ------------------------------------------------------ general patterns

@pytest.mark.parametrize("lead, publisher, dateline", [
    ("JAKARTA, KOMPAS.com - Presiden Joko Widodo meresmikan jalan tol baru di Sumatera.", "Kompas.com", "Jakarta"),  # the outlet list's name for it
    ("Jakarta (ANTARA) - Pemerintah menyiapkan anggaran baru untuk tahun depan.", "ANTARA", "Jakarta"),
    ("Liputan6.com, Jakarta - Harga emas naik tajam pada perdagangan hari ini.", "Liputan6.com", "Jakarta"),
    ("TEMPO.CO, Jakarta - Menteri Keuangan menyampaikan laporan anggaran negara.", "Tempo.co", "Jakarta"),
    ("WASHINGTON (Reuters) - The United States said on Monday it would send aid.", "Reuters", "Washington"),
    ("BEIJING, June 16 (Reuters) - China said on Monday it would expand trade.", "Reuters", "Beijing"),
    ("SURABAYA - Warga memadati pusat kota untuk merayakan tahun baru.", None, "Surabaya"),
    ("Presiden Joko Widodo meresmikan jalan tol - yang panjangnya 40 km - di Sumatera.", None, None),
])
def test_lead_prefix_forms(lead, publisher, dateline):
    got_publisher, got_dateline, rest = split_lead_prefix(lead)
    assert (got_publisher, got_dateline) == (publisher, dateline)
    if publisher or dateline:
        assert not rest.startswith(("-", "–")) and len(rest) < len(lead)
    else:
        assert rest == lead


def ingest_text(text: str):
    return draft_from_bytes(text.encode("utf-8"), "sample.txt")


LEAD = "JAKARTA - Pemerintah Indonesia menyatakan dukungan penuh bagi kerja sama kawasan yang lebih erat dan damai."


@pytest.mark.parametrize("date_line, expected", [
    ("Senin, 16 Juni 2025 10:30 WIB", dt.datetime(2025, 6, 16, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))),
    ("Rabu, 14 Sep 2022 | 14.05 WIB", dt.datetime(2022, 9, 14, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))),
    ("June 16, 2025", dt.date(2025, 6, 16)),
    ("16/06/2025", dt.date(2025, 6, 16)),
    ("Diterbitkan: 3 Agustus 2023", dt.date(2023, 8, 3)),
])
def test_date_lines_under_the_headline(date_line, expected):
    d = ingest_text(f"Judul Berita Contoh\n{date_line}\n{LEAD}\nParagraf kedua yang cukup panjang untuk menjadi isi berita ini.\n")
    assert d.date == expected and d.date_source == "stated"
    assert date_line not in d.body


def test_weekday_that_disagrees_with_the_date_is_not_trusted():
    d = ingest_text(f"Judul Berita Contoh\nSelasa, 16 Juni 2025\n{LEAD}\n")  # 16 June 2025 was a Monday
    assert d.date is None
    assert any("weekday" in w for w in d.warnings)


def test_dates_in_captions_and_related_links_are_not_the_article_date():
    text = (f"Judul Berita Contoh\n{LEAD}\n"
            "Baca juga: Banjir melanda Jakarta, Senin (2/1/2023)\n"
            "Foto: Suasana rapat, 5 Januari 2023 (ANTARA)\n"
            "Pada tahun 2014, kedua negara menandatangani perjanjian pertama mereka di ibu kota.\n")
    d = ingest_text(text)
    assert d.date is None
    assert "Baca juga" not in d.body and "Foto:" not in d.body


def test_credit_lines_and_share_widgets_at_the_end_are_removed():
    text = (f"Judul Berita Contoh\n{LEAD}\nParagraf kedua yang cukup panjang untuk menjadi isi berita ini.\n\n"
            "Editor: Budi Santoso\nBagikan\n(ant)\n")
    d = ingest_text(text)
    assert "Budi" not in d.body and "Bagikan" not in d.body and "(ant)" not in d.body


def test_english_article_is_detected():
    text = ("China Pledges Support\nBEIJING - China said on Monday that it would support the government of "
            "Kazakhstan and that the two countries will deepen their security cooperation.\n")
    assert ingest_text(text).language == "en"


def test_markdown_characters_in_the_text_render_as_text():
    text = (f"Judul *Penting* [1]\n{LEAD}\n2001. Tahun itu *bintang* dan <b>tebal</b> muncul di teks_asli.\n"
            "# bukan judul\n")
    html = html_of(ingest_text(text).body)
    assert "<em>" not in html and "<b>" not in html and "<h1>" not in html and "<ol" not in html
    assert "*bintang*" in html and "&lt;b&gt;tebal&lt;/b&gt;" in html and "# bukan judul" in html


def test_crlf_and_bom_read_like_plain_utf8():
    text = f"Judul Berita Contoh\n{LEAD}\nParagraf kedua yang cukup panjang untuk menjadi isi berita ini.\n"
    plain = draft_from_bytes(text.encode(), "a.txt")
    windows = draft_from_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), "a.txt")
    assert (plain.title, plain.body, plain.dateline) == (windows.title, windows.body, windows.dateline)


def test_windows_1252_is_converted_with_a_warning_not_mojibake():
    text = f"Judul Berita Caf\u00e9\n{LEAD} \u201cKutipan\u201d di sini.\n"
    d = draft_from_bytes(text.encode("cp1252"), "old.txt")
    assert d.title == "Judul Berita Caf\u00e9"
    assert '"Kutipan"' in d.body
    assert any("Windows-1252" in w and "old.txt:1" in w for w in d.warnings)


@pytest.mark.parametrize("raw, words", [
    (b"", "empty"),
    (b"   \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"Hanya Judul Saja\n", "no article text"),
])
def test_unusable_seeds_raise_a_clear_error(raw, words):
    with pytest.raises(SeedError) as info:
        draft_from_bytes(raw, "seeds/bad.txt", where="seeds/bad.txt")
    assert str(info.value).startswith("seeds/bad.txt")
    assert words in str(info.value)


def test_slugs_are_ascii_and_short():
    assert slugify("Xi Berjanji Mendukung Kazakhstan Dalam Perjalanan Pertama Sejak Pandemi") == \
        "xi-berjanji-mendukung-kazakhstan-dalam-perjalanan-pertama-sejak"
    assert slugify("Kremlin: Xi's “Jaminan” — Barat") == "kremlin-xis-jaminan-barat"
    assert slugify("!!!") == "artikel"
    assert slugify("Токаев и Си Цзиньпин обсудили торговлю") == "tokaev-i-si-tszinpin-obsudili-torgovlyu"
    assert slugify("Қазақстан мен Қытай") == "qazaqstan-men-qytay"
    assert slugify("习近平同托卡耶夫举行会谈", fallback="artikel-9328cdd9") == "artikel-9328cdd9"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_seed_saved_as_utf16_is_read_not_called_binary(encoding):
    text = "Judul Berita Uji\n\nJAKARTA - Isi berita yang cukup panjang untuk menjadi sebuah paragraf pertama.\n"
    d = draft_from_bytes(text.encode(encoding), "a.txt")
    assert d.title == "Judul Berita Uji" and d.dateline == "Jakarta"
    assert "a.txt: saved as UTF-16; read as such. Seeds are best saved as UTF-8" in d.warnings


def test_direction_controls_are_removed_from_the_text_with_a_warning():
    text = "Judul \u202eatirebeb\u202c Uji\n\nJAKARTA - Isi berita \u2066yang\u2069 cukup panjang untuk menjadi paragraf.\n"
    d = draft_from_bytes(text.encode("utf-8"), "a.txt")
    assert d.title == "Judul atirebeb Uji" and "\u2066" not in d.body and "\u202e" not in d.summary
    assert any(w.startswith("a.txt:1: right-to-left or other direction controls removed (on 2 lines)")
               for w in d.warnings)
