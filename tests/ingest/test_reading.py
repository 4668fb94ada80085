"""Reading pages never seen before: each fixture is a page of our own,
written in the shapes real news sites give copied text (menus, clocks,
captions, related links, credits), with what a careful editor would record.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from builder.ingest.draft import draft_from_bytes
from builder.ingest.outlets import Outlet, Outlets, load_outlets

WIB = dt.timezone(dt.timedelta(hours=7))

PARAGRAPH = ("Para menteri membahas jalur kereta baru yang akan menghubungkan kedua negara, serta kerja sama di "
             "bidang energi dan pertanian yang disepakati tahun lalu.")
CLOSING = "Pertemuan berikutnya dijadwalkan berlangsung di ibu kota pada akhir tahun ini, kata juru bicara itu."


def read(*lines: str, outlets: Outlets | None = None):
    return draft_from_bytes("\n".join(lines).encode("utf-8"), "page.txt", outlets=outlets)


def nothing_lost(draft, *lines: str) -> None:
    """Every non-empty line is the title, in the body, or listed as removed
    with its line number (a prefix such as 'JAKARTA -' goes to the front matter)."""
    plain = re.sub(r"\\(.)", r"\1", draft.body)
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text == draft.title:
            continue
        listed = any(item.startswith(f"line {number}: ") for item in draft.removed)
        after_prefix = (text.split(dash, 1)[-1] for dash in (" - ", " – ", " — ", ": "))
        assert listed or text in plain or any(rest in plain for rest in after_prefix), f"line {number} lost: {text!r}"


# ---------------------------------------------------------------- headlines

def test_headline_under_breadcrumbs_weather_and_section_labels():
    lines = ("Home News china", "12.9 C", "Kompas TV internasional kompas dunia",
             "China dan Kazakhstan Sepakati Jalur Kereta Baru", "Kompas.tv - 3 Juli 2024, 19:41 WIB",
             f"ASTANA, KOMPAS.TV – {PARAGRAPH}", CLOSING)
    d = read(*lines)
    assert d.title == "China dan Kazakhstan Sepakati Jalur Kereta Baru" and d.title_source == "headline"
    assert d.date == dt.datetime(2024, 7, 3, 19, 41, tzinfo=WIB) and d.date_source == "stated"
    assert d.publisher == "Kompas TV" and d.dateline == "Astana"
    assert d.body.startswith("Para menteri membahas")
    nothing_lost(d, *lines)


def test_published_and_updated_line_is_a_date_not_the_headline():
    lines = ("Skip to main content", "Kazakh Rail Link to China Opens for Freight",
             "Published: 12:55, January 3, 2022 | Updated: 16:40, January 4, 2022",
             "ASTANA (Reuters) - The first freight train crossed the new border station on Monday, officials said, "
             "opening a route that halves the journey to European markets.",
             "The line was built in two years with loans from Chinese state banks.")
    d = read(*lines)
    assert d.title == "Kazakh Rail Link to China Opens for Freight"
    assert d.date == dt.datetime(2022, 1, 3, 12, 55)  # published, not updated
    assert d.publisher == "Reuters" and d.dateline == "Astana" and d.language == "en"
    nothing_lost(d, *lines)


@pytest.mark.parametrize("widget", ["3 minute read", "5 min read", "Waktu baca 2 menit", "Listen to this article",
                                    "Dengarkan berita ini"])
def test_reading_time_and_audio_widgets_are_not_the_headline(widget):
    lines = ("Rail Freight Between the Two Countries Doubles", "By Dana Example", widget,
             "June 3, 2024 4:12 PM GMT+5",
             "ASTANA, June 3 (Newswire) - Freight trains between the two countries carried twice as much cargo "
             "this spring as a year ago, the railway operator said on Monday.",
             "The operator expects the new border terminal to raise that again next year.")
    d = read(*lines)
    assert d.title == "Rail Freight Between the Two Countries Doubles" and d.title_source == "headline"
    assert d.date == dt.datetime(2024, 6, 3, 16, 12, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    assert any(r.startswith("line 3: ") and widget in r for r in d.removed)
    nothing_lost(d, *lines)


@pytest.mark.parametrize("standfirst", [
    "Leaders agree to expand rail and energy links during two days of talks in the capital",
    "Voters head to the polls a year after unrest shook the country.",
    "Analysis: the new railway's growing traffic worries rival ports",
])
def test_a_headline_over_its_standfirst_and_byline(standfirst):
    lines = ("World news", "Central Asia", "Neighbours pledge deeper trade ties", standfirst, "By Nama Contoh",
             "Published: 9:00pm, 3 Jul 2024",
             "The two governments agreed on Wednesday to double the capacity of the border crossing by 2027, "
             "officials said after the talks.", "Both sides also signed a customs agreement.")
    d = read(*lines)
    assert d.title == "Neighbours pledge deeper trade ties" and d.title_source == "headline"
    assert d.date == dt.datetime(2024, 7, 3, 21, 0) and d.date_source == "stated"
    nothing_lost(d, *lines)


def test_a_kicker_over_a_title_case_headline_is_not_its_headline():
    # The headline is longer than the line above it, but in title case: a headline, not a standfirst.
    d = read("Laporan khusus soal energi kawasan", "Kazakhstan Dan Tiongkok Sepakati Jalur Pipa Gas Baru",
             "Senin, 3 Juni 2024 14:05 WIB", f"ASTANA - {PARAGRAPH}", CLOSING)
    assert d.title == "Kazakhstan Dan Tiongkok Sepakati Jalur Pipa Gas Baru"


@pytest.mark.parametrize("reporters", ["Nama Contoh in Almaty", "Nama Contoh and Ana Ruiz in Almaty",
                                       "Nama Contoh, Central Asia correspondent"])
def test_reporters_and_where_they_filed_from_are_a_byline(reporters):
    lines = ("Why the capital is courting the steppe", reporters, "Tue 14 May 2024 06.00 BST",
             "When officials arrived in the city last spring, they brought promises of railways and roads and "
             "a new airport.", "The region has welcomed the investment.")
    d = read(*lines)
    assert d.title == "Why the capital is courting the steppe"
    assert any(r.startswith("line 2: ") and "a byline" in r for r in d.removed)


def test_the_sites_name_alone_over_a_date_is_not_the_headline():
    lines = ("kumparanNEWS", "3 Juni 2024 14:05 WIB", "Kazakhstan Larang Ekspor Gandum Sementara",
             f"Jakarta - {PARAGRAPH}", CLOSING)
    d = read(*lines)
    assert d.title == "Kazakhstan Larang Ekspor Gandum Sementara"
    assert d.publisher == "kumparan"


def test_headline_printed_twice_around_page_furniture():
    lines = ("Berita", "Menlu Bertemu Mitra dari Asia Tengah", "Bagikan", "Menlu Bertemu Mitra dari Asia Tengah",
             f"JAKARTA - {PARAGRAPH}", CLOSING)
    d = read(*lines)
    assert d.title == "Menlu Bertemu Mitra dari Asia Tengah" and d.title_source == "headline"
    assert "(headline repeated)" in " ".join(d.removed)
    nothing_lost(d, *lines)


def test_headline_above_a_summary_and_a_date_line():
    lines = ("Support independent journalism. Donate today!", "Border Town Waits for the Trade Boom",
             "Traders say paperwork, not distance, keeps the goods away.", "9 January 2018",
             "The free trade zone on the border was meant to be a hub for goods moving between the two countries, "
             "but its warehouses stand half empty.", "Officials blame the slow customs process.")
    d = read(*lines)
    assert d.title == "Border Town Waits for the Trade Boom"
    assert d.date == dt.date(2018, 1, 9) and d.date_source == "stated"


def test_a_page_without_headline_gets_a_provisional_title_never_furniture():
    lines = ("ARTICLE AD BOX", "Baca juga: Harga cabai naik lagi di pasar induk",
             "Harga beras di pasar induk turun sejak pekan lalu, kata para pedagang yang ditemui pada pagi hari.",
             "Penurunan terjadi pada beras medium maupun premium.")
    d = read(*lines)
    assert d.title_source == "provisional"
    assert d.title == "Harga beras di pasar induk turun sejak pekan lalu"
    assert any(r.startswith("title:") for r in d.review)
    nothing_lost(d, *lines)


def test_photo_captions_and_their_credits_are_not_headlines():
    lines = ("Petugas memeriksa rel di stasiun perbatasan pada 5 Januari 2023. (ANTARA/Fulan Hakim)",
             "Xinhua",
             "Suasana stasiun perbatasan yang baru diresmikan pada awal tahun, dengan kereta barang menunggu di jalur "
             "dua. Foto: Dokumentasi",
             f"Jakarta (ANTARA) - {PARAGRAPH}", CLOSING)
    d = read(*lines)
    assert d.title_source == "provisional" and d.publisher == "ANTARA" and d.dateline == "Jakarta"
    assert d.date is None  # the caption's date is a photo's
    assert any("photo caption" in r for r in d.review)
    assert "Petugas memeriksa" not in d.body and "Dokumentasi" not in d.body
    nothing_lost(d, *lines)


# -------------------------------------------------------------------- dates

def test_a_header_clock_above_the_page_is_not_the_date():
    lines = ("Rabu, 29/05/2024 - 03:53 WIB", "IndonesianEnglishArabicRussianFrenchJapanese", "TERBARU",
             "INTERNASIONALASIA", "Lima Negara Bahas Jalur Kereta Lintas Batas", f"BEIJING — {PARAGRAPH}", CLOSING)
    d = read(*lines)
    assert d.title == "Lima Negara Bahas Jalur Kereta Lintas Batas"
    assert d.date is None and d.date_source is None
    note = next(r for r in d.review if r.startswith("date:"))
    assert "29/05/2024" in note and "clock" in note
    assert any("no publication date" in w for w in d.warnings)


def test_a_date_widget_in_english_on_an_indonesian_page_is_not_the_date():
    lines = ("Saturday, 29 June 2024", "Pelatih Timnas Bawa Tim ke Babak Ketiga",
             "Keberhasilan pelatih asal Korea Selatan membawa tim nasional ke babak ketiga kualifikasi disambut "
             "media di negaranya.", "Tim itu menang 2-0 pada laga terakhir, Selasa (11/6/2024) malam.")
    d = read(*lines)
    assert d.date is None  # the widget and the match day disagree: no guess
    note = next(r for r in d.review if r.startswith("date:"))
    assert "29 June 2024" in note and "2024-06-11" in note


def test_a_byline_on_the_date_line_is_not_more_text():
    d = read("Militer Soroti Pengaruh di Kawasan", "SELASA, 08 JUNI 2021 | 11:35 WIB | LAPORAN: NAMA WARTAWAN",
             PARAGRAPH, CLOSING)
    assert d.date == dt.datetime(2021, 6, 8, 11, 35, tzinfo=WIB) and d.title == "Militer Soroti Pengaruh di Kawasan"


def test_dates_in_related_stories_are_not_the_date():
    lines = ("Banjir Rendam 17 RT di Jakarta Timur", f"JAKARTA - {PARAGRAPH}", CLOSING, "Berita Terkait",
             "Hujan Deras, Warga Diminta Waspada", "Senin, 13 Oktober 2025 | 08:10",
             "Sungai Meluap di Tiga Kelurahan")
    d = read(*lines)
    assert d.date is None
    assert "Hujan Deras" not in d.body and "Senin, 13 Oktober" not in d.body
    assert any("list of other stories" in r for r in d.review)
    nothing_lost(d, *lines)


def test_two_stated_dates_that_disagree_leave_no_date():
    lines = ("Menteri Tinjau Pelabuhan Baru", "Diterbitkan: 13 Juni 2025", "Kamis, 19 Juni 2025 10:00 WIB",
             f"SURABAYA - {PARAGRAPH}", CLOSING)
    d = read(*lines)
    assert d.date is None
    assert any("different dates" in r for r in d.review)


def test_updated_and_published_on_one_line():
    d = read("Harga Emas Naik Tajam", "diperbarui 22 Nov 2018, 14:36 WIB / Diterbitkan 22 Nov 2018, 10:00 WIB",
             f"Liputan6.com, Jakarta - {PARAGRAPH}", CLOSING)
    assert d.date == dt.datetime(2018, 11, 22, 10, 0, tzinfo=WIB)
    assert d.publisher == "Liputan6.com" and d.dateline == "Jakarta"


def test_a_page_giving_only_its_last_update_is_dated_by_it_for_review():
    lines = ("Skip to main content", "Farmers Protest Rising Fuel Prices", "By NAMA CONTOH",
             "Updated 9:41 AM GMT+6, January 4, 2022",
             "ALMATY, Kazakhstan (AP) — Hundreds of farmers gathered outside the regional office on Tuesday to "
             "protest a sharp rise in diesel prices, witnesses said.",
             "Related coverage", "Government reviews price cap  January 5, 2022",
             "The ministry said it would answer within a week.")
    d = read(*lines)
    assert d.title == "Farmers Protest Rising Fuel Prices"
    assert d.date == dt.datetime(2022, 1, 4, 9, 41, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    assert d.date_source == "inferred"  # the story may be older than its last update: the editor checks
    assert any(r.startswith("date: the page says only when it was updated, line 4") for r in d.review)
    nothing_lost(d, *lines)


@pytest.mark.parametrize("printed, dateline, expected", [
    ("08/06/2024 09:15 PM", "8 Jun", dt.datetime(2024, 6, 8, 21, 15)),
    ("06/08/2024 09:15 PM", "8 Jun", dt.datetime(2024, 6, 8, 21, 15)),  # month first: the dateline tells
    ("08/06/2024 09:15 PM", "6 Ogos", dt.datetime(2024, 8, 6, 21, 15)),
    ("08/06/2024 09:15 PM", "9 Jun", None),  # neither reading is the dateline's day: no date
])
def test_a_date_reading_both_ways_is_settled_by_the_datelines_day_and_month(printed, dateline, expected):
    lines = ("Utama > Dunia", "Dua negara tingkatkan perdagangan", printed,
             f"ASTANA, {dateline} (Bernama) -- Kedua-dua negara bersetuju meningkatkan perdagangan dua hala "
             "sebanyak 20 peratus, kata menteri hari ini.", "Mereka juga membincangkan projek kereta api baharu.")
    d = read(*lines)
    assert d.date == expected and d.date_source == ("stated" if expected else None)
    assert d.dateline == "Astana" and d.publisher == "Bernama"
    if expected is None:
        assert any("it reads as 8/6 or 6/8" in r for r in d.review)


@pytest.mark.parametrize("clock, expected", [
    ("9:15 PM MYT", dt.datetime(2024, 6, 3, 21, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))),
    ("14:05 WIB", dt.datetime(2024, 6, 3, 14, 5, tzinfo=WIB)),
])
def test_a_date_lines_time_on_the_next_line(clock, expected):
    lines = ("Nation", "Two Neighbours to Boost Palm Oil Trade", "By NAMA CONTOH", "Monday, 03 Jun 2024", clock,
             "KUALA LUMPUR: The two countries have agreed to explore new ways to raise palm oil exports, says the "
             "minister.", "He said the matter was discussed on Monday.")
    d = read(*lines)
    assert d.title == "Two Neighbours to Boost Palm Oil Trade" and d.date == expected
    assert any(r.startswith("line 5: ") and "the time of the date line above" in r for r in d.removed)
    nothing_lost(d, *lines)


def test_a_date_its_time_and_its_source_each_on_a_line_between_bars():
    lines = ("Dua negara tingkatkan perdagangan", "Bernama", "|", "Jun 5 2024", "|", "14:05 MYT",
             "KUALA LUMPUR: Kedua-dua negara bersetuju meningkatkan perdagangan dua hala sebanyak 20 peratus, kata "
             "menteri hari ini.", "Mereka juga membincangkan projek kereta api baharu.")
    d = read(*lines)
    assert d.title == "Dua negara tingkatkan perdagangan"
    assert d.date == dt.datetime(2024, 6, 5, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    nothing_lost(d, *lines)


def test_a_time_after_an_at_sign():
    d = read("Dua negara tingkatkan perdagangan", "Oleh Nama Contoh - Jun 5, 2024 @ 2:05pm",
             "KUALA LUMPUR: Kedua-dua negara bersetuju meningkatkan perdagangan dua hala sebanyak 20 peratus, kata "
             "menteri hari ini.", "Mereka juga membincangkan projek kereta api baharu.")
    assert d.date == dt.datetime(2024, 6, 5, 14, 5)


def test_shortened_reporter_and_editor_labels_are_a_byline():
    lines = ("Berita", "Kazakhstan-Indonesia Perluas Kerja Sama Pertanian", "Rabu 05 Jun 2024 14:05 WIB",
             "Rep: Nama Contoh/ Red: Nama Lain", f"REPUBLIKA.CO.ID, JAKARTA -- {PARAGRAPH}", CLOSING)
    d = read(*lines)
    assert d.title == "Kazakhstan-Indonesia Perluas Kerja Sama Pertanian"
    assert d.date == dt.datetime(2024, 6, 5, 14, 5, tzinfo=WIB) and d.publisher == "Republika"
    assert any(r.startswith("line 4: ") and "a byline" in r for r in d.removed)


def test_date_line_with_the_publisher_then_a_byline():
    d = read("Gempa Guncang Pesisir Selatan", "CNN Indonesia | Sabtu, 29/12/2018 12:47 WIB",
             "Oleh: Nama Wartawan",
             f"Jakarta, CNN Indonesia -- {PARAGRAPH}", CLOSING)
    assert d.date == dt.datetime(2018, 12, 29, 12, 47, tzinfo=WIB)
    assert d.publisher == "CNN Indonesia" and d.dateline == "Jakarta"
    assert "Nama Wartawan" not in d.body


def test_a_date_in_the_dateline_is_stated():
    d = read("Leaders Meet Ahead of Summit",
             "Astana, Kazakhstan (AFP) June 16, 2025 - Chinese and Kazakh leaders met on Monday ahead of a summit "
             "that will bring together six heads of state.", "They signed twelve agreements.")
    assert d.date == dt.date(2025, 6, 16) and d.date_source == "stated"
    assert d.publisher == "AFP" and d.dateline == "Astana"
    d = read("Xi meets Tokayev", "BEIJING, June 16, 2025 Chinese President Xi Jinping met on Monday with the "
             "Kazakh president in Astana, state media said.", "The two sides signed documents.")
    assert d.date == dt.date(2025, 6, 16) and d.dateline == "Beijing" and d.publisher is None


def test_a_date_closing_the_text_is_taken_and_taken_out():
    d = read(f"KUALA LUMPUR – {PARAGRAPH}", f"{CLOSING} – 22 Oktober 2025")
    assert d.date == dt.date(2025, 10, 22) and d.date_source == "stated"
    assert "22 Oktober 2025" not in d.body and d.body.rstrip().endswith("kata juru bicara itu.")
    assert any("end of the text" in r for r in d.review)


@pytest.mark.parametrize("where", [0, 2])
def test_the_events_weekday_date_in_the_first_paragraphs_is_inferred(where):
    paragraphs = [f"JAKARTA - {PARAGRAPH}", CLOSING, "Harga naik sejak bulan lalu, menurut para pedagang di pasar."]
    paragraphs[where] = paragraphs[where].rstrip(".") + ", Kamis (29/2/2024)."  # 29 Feb 2024 was a Thursday
    d = read("Harga Beras Turun di Pasar Induk", *paragraphs)
    assert d.date == dt.date(2024, 2, 29) and d.date_source == "inferred"
    assert any("inferred" in r for r in d.review)


def test_a_yearless_date_gives_no_date():
    d = read("MOSKWA - Presiden tiba di ibu kota pada Senin (20/3) untuk kunjungan kenegaraan selama tiga hari.",
             CLOSING)
    assert d.date is None and d.dateline == "Moskwa"


# -------------------------------------------------------- datelines and publishers

@pytest.mark.parametrize("lead, publisher, dateline", [
    ("KUALA LUMPUR: Hujan lebat sejak petang menyebabkan beberapa kawasan dilanda banjir kilat.", None,
     "Kuala Lumpur"),
    ("KUCHING, 7 Mac : Hujan lebat sejak pukul dua petang menyebabkan banjir kilat di beberapa kawasan.", None,
     "Kuching"),
    ("ALMATY (Kazakhstan), May 24 — Ties between the two countries will grow, a deputy minister said today.", None,
     "Almaty"),
    ("By Sam Reporter ASTANA (Kazakhstan), July 14 (Bernama) -- The expo here is set to lift ties between the "
     "two countries, the envoy said.", "Bernama", "Astana"),
    ("ASTANA. KAZINFORM - The president arrived in the capital for a state visit on Wednesday evening.", "Kazinform",
     "Astana"),
    ("BEIJING/ASTANA, 2 Juli (Xinhua) -- Seekor elang yang terbang tinggi menghiasi tanda kehormatan itu.", "Xinhua",
     "Beijing/Astana"),
    ("ALMATY, Kazakhstan - The president this week invited the leaders of the region to a summit.", None, "Almaty"),
    ("HARIAN MERAPI - Badan penanggulangan bencana menyatakan 28 RT terendam banjir pada pagi ini.", "Harian Merapi",
     None),
    ("jpnn.com - JAKARTA - Badan penanggulangan bencana melaporkan 17 RT terendam banjir pagi ini.", "JPNN.com",
     "Jakarta"),
    ("ASTANA, June 3 /Kazinform/ – The two countries agreed on Monday to expand the rail corridor, officials said.",
     "Kazinform", "Astana"),
    ("KONTAN.CO.ID - JAKARTA. Pemerintah kedua negara menandatangani nota kesepahaman kerja sama energi.", "Kontan",
     "Jakarta"),
    ("ASTANA, June 3 (Steppe Newswire) - The two countries agreed on Monday to expand the corridor, officials said.",
     "Steppe Newswire", "Astana"),  # an agency not in outlets.yaml, known by its kind
    ("新华社阿斯塔纳6月3日电（记者 某某）两国元首同意加强铁路和能源领域合作，双方签署了多项合作文件。", "Xinhua", "阿斯塔纳"),
])
def test_dateline_and_publisher_forms(lead, publisher, dateline):
    d = read("Judul Berita Contoh", lead, CLOSING)
    assert (d.publisher, d.dateline) == (publisher, dateline)
    assert not d.body.startswith(("-", "–", ":", "KUALA", "By "))


def test_a_companys_abbreviation_after_the_dateline_stays_in_the_lead():
    d = read("Judul Berita Contoh", "JAKARTA - PT. Kereta Api Contoh menambah jadwal perjalanan selama libur panjang "
             "akhir pekan ini.", CLOSING)
    assert d.dateline == "Jakarta" and d.body.startswith("PT. Kereta Api Contoh menambah")


def test_dateline_on_a_line_of_its_own():
    d = read("Jakarta –", "Harga beras di pasar induk turun sejak kemarin, kata para pedagang yang ditemui.", CLOSING)
    assert d.dateline == "Jakarta" and d.body.startswith("Harga beras")
    assert any("dateline, on a line of its own" in r for r in d.removed)


@pytest.mark.parametrize("tail, publisher", [
    (("Copyright © ANTARA 2022",), "ANTARA"),
    (("Editor: Fulan", "© 2024 Tempo.co. All rights reserved"), "Tempo.co"),
])
def test_publisher_from_a_copyright_line(tail, publisher):
    d = read("Judul Berita Contoh", PARAGRAPH, CLOSING, *tail)
    assert d.publisher == publisher


def test_publisher_from_a_byline_naming_an_agency():
    d = read("China, Central Asia Sign Treaty", "By Xinhua",
             "The six leaders signed a treaty of permanent good-neighbourliness at the summit on Tuesday.",
             "They also agreed on new cooperation centres.")
    assert d.publisher == "Xinhua" and d.language == "en"


def test_publisher_credited_at_the_end():
    d = read("Kuala Lumpur Dilanda Banjir Kilat", f"KUCHING, 7 Mac : {PARAGRAPH}", f"{CLOSING} -TVS")
    assert d.publisher == "TV Sarawak"


def test_publisher_from_the_pages_own_address_is_marked_for_review():
    d = read("Judul Berita Contoh", "https://p.dw.com/p/4AbCd", PARAGRAPH, CLOSING)
    assert d.publisher == "DW Indonesia"
    assert any(r.startswith("publisher:") for r in d.review)


def test_a_caption_credit_is_not_the_publisher():
    d = read("Judul Berita Contoh", "REUTERS/Nama Fotografer", PARAGRAPH, CLOSING)
    assert d.publisher is None


def test_the_archive_can_name_its_own_outlets():
    outlets = Outlets([Outlet("Warta Kota Contoh", ("WARTAKOTA",), ("wartakota-contoh.id",))] +
                      list(load_outlets().outlets))
    d = read("Judul Berita Contoh", f"BANDUNG, WARTAKOTA - {PARAGRAPH}", CLOSING, outlets=outlets)
    assert d.publisher == "Warta Kota Contoh" and d.dateline == "Bandung"


# ------------------------------------------------------------------ language

def test_malay_is_told_from_indonesian():
    malay = read("Banjir kilat landa ibu negara",
                 "KUALA LUMPUR: Hujan lebat sejak petang menyebabkan beberapa kawasan dilanda banjir kilat, kata "
                 "pihak berkuasa tempatan yang memantau keadaan.",
                 "Bagaimanapun, kerajaan berkata keadaan terkawal selepas air surut kerana hujan berhenti.")
    indonesian = read("Banjir rendam ibu kota",
                      "JAKARTA - Hujan deras sejak sore menyebabkan sejumlah kawasan terendam banjir, kata pihak "
                      "berwenang yang memantau keadaan.",
                      "Namun, pemerintah mengatakan keadaan terkendali setelah air surut karena hujan berhenti.")
    assert (malay.language, indonesian.language) == ("ms", "id")


@pytest.mark.parametrize("language, headline, lead, closing", [
    ("ru", "Стороны обсудили новую дорогу",
     "АСТАНА, 3 июня — Президент Казахстана и председатель КНР обсудили строительство новой железной дороги "
     "между двумя странами, сообщила пресс-служба.", "Стороны также подписали соглашение об энергетике."),
    ("kk", "Екі ел жаңа жолды талқылады",
     "АСТАНА, 3 маусым — Қазақстан Президенті мен Қытай төрағасы екі ел арасындағы жаңа теміржол құрылысын "
     "талқылады, деп хабарлады баспасөз қызметі.", "Тараптар энергетика туралы келісімге қол қойды."),
    ("zh", "两国元首举行会谈",
     "新华社阿斯塔纳6月3日电 国家主席习近平3日在阿斯塔纳同哈萨克斯坦总统举行会谈，两国元首同意加强铁路和能源领域合作。",
     "双方签署了多项合作文件。"),
    ("fr", "Les deux pays parlent de rail",
     "ASTANA, 3 juin — Le président du Kazakhstan et le dirigeant chinois ont discuté de la construction d'une "
     "nouvelle ligne ferroviaire entre les deux pays, selon la présidence.",
     "Les deux pays ont aussi signé un accord sur l'énergie."),
    ("de", "Beide Länder sprechen über die Bahn",
     "ASTANA, 3. Juni — Der Präsident Kasachstans und der chinesische Staatschef haben über den Bau einer neuen "
     "Eisenbahnlinie zwischen den beiden Ländern gesprochen, sagte ein Sprecher.",
     "Die beiden Länder unterzeichneten auch ein Abkommen über Energie."),
])
def test_articles_in_other_languages_are_not_taken_for_indonesian(language, headline, lead, closing):
    assert read(headline, lead, closing).language == language


def test_malay_trade_news_without_the_commonest_markers():
    # None of kerajaan, selepas, kerana, boleh...: Malay by projek, dua hala, kedua-dua, bersetuju, peratus.
    malay = read("Dua negara tingkatkan perdagangan",
                 "ASTANA, 8 Jun (Bernama) -- Kedua-dua negara bersetuju meningkatkan perdagangan dua hala sebanyak "
                 "20 peratus, kata menteri hari ini.", "Mereka juga membincangkan projek kereta api rentas sempadan.")
    indonesian = read("Dua negara perkuat perdagangan",
                      "ASTANA - Kedua negara sepakat meningkatkan perdagangan bilateral sebesar 20 persen, kata "
                      "menteri hari ini.", "Mereka juga membahas proyek kereta api lintas batas.")
    assert (malay.language, indonesian.language) == ("ms", "id")


# ---------------------------------------------- credits around the headline

def test_a_byline_naming_the_site_under_the_headline_is_not_the_headline():
    lines = ("Harga Cabai Melonjak Jelang Lebaran", "Oleh Nama Penulis - detikNews",
             "Senin, 16 Jun 2025 14:00 WIB", f"Jakarta - {PARAGRAPH}", CLOSING)
    d = read(*lines)
    assert d.title == "Harga Cabai Melonjak Jelang Lebaran"
    assert d.date == dt.datetime(2025, 6, 16, 14, 0, tzinfo=WIB) and d.dateline == "Jakarta"
    nothing_lost(d, *lines)
    d = read("Harga Cabai Melonjak Jelang Lebaran", "News - Nama Penulis, CNBC Indonesia", "16 June 2025 14:00",
             f"Jakarta, CNBC Indonesia - {PARAGRAPH}", CLOSING)
    assert d.title == "Harga Cabai Melonjak Jelang Lebaran" and d.publisher == "CNBC Indonesia"


def test_a_place_before_the_date_is_not_the_publisher():
    d = read("Jakarta Braces for Floods", "Jakarta ● Mon, June 16, 2025",
             "Heavy rain is expected to fall on the capital for the rest of the week, the weather agency said.",
             "Residents were told to stay alert.")
    assert d.date == dt.date(2025, 6, 16) and d.publisher is None


def test_the_sites_name_after_a_copied_headline_is_taken_off():
    d = read("Xi Tiba di Astana untuk KTT | Republika Online", f"ASTANA - {PARAGRAPH}", CLOSING)
    assert d.title == "Xi Tiba di Astana untuk KTT" and d.publisher == "Republika"
    assert any("the site's name after the headline" in r for r in d.removed)


def test_an_agency_dateline_with_a_country():
    d = read("China's Xi visits Kazakhstan", "NUR-SULTAN, Kazakhstan (AP) — Chinese President Xi Jinping on "
             "Wednesday started his first foreign trip since the outbreak of the pandemic.", "He met the president.")
    assert (d.publisher, d.dateline) == ("AP", "Nur-Sultan")
