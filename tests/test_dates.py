"""Dates as news pages print them: every form below was checked by hand
against the calendar (weekdays included)."""
from __future__ import annotations

import datetime as dt

import pytest

from builder import dates

WIB = dt.timezone(dt.timedelta(hours=7))
MYT = dt.timezone(dt.timedelta(hours=8))
GMT6 = dt.timezone(dt.timedelta(hours=6))
EDT = dt.timezone(dt.timedelta(hours=-4))


@pytest.mark.parametrize("text, value", [
    ("Senin, 16 Juni 2025 10:30 WIB", dt.datetime(2025, 6, 16, 10, 30, tzinfo=WIB)),
    ("SELASA, 10 JUNI 2025 | 11:35 WIB", dt.datetime(2025, 6, 10, 11, 35, tzinfo=WIB)),
    ("16 June 2025, 09:04 WIB", dt.datetime(2025, 6, 16, 9, 4, tzinfo=WIB)),
    ("Rabu, 03 Juli 2024 | 14:00 WIB", dt.datetime(2024, 7, 3, 14, 0, tzinfo=WIB)),
    ("Jun 18, 2025", dt.date(2025, 6, 18)),
    ("May 10th, 2026", dt.date(2026, 5, 10)),
    ("Oktober 10, 2023 11:17 MYT", dt.datetime(2023, 10, 10, 11, 17, tzinfo=MYT)),
    ("21:10, 07 June 2017 | GMT +6", dt.datetime(2017, 6, 7, 21, 10, tzinfo=GMT6)),
    ("2024-07-02 19:43:58", dt.datetime(2024, 7, 2, 19, 43, 58)),
    ("Fri, 07/14/2017 - 13:08", dt.datetime(2017, 7, 14, 13, 8)),  # month first: there is no month 14
    ("Published Mar 21, 2023 01:16 pm", dt.datetime(2023, 3, 21, 13, 16)),
    ("Sabtu, 29/12/2018 12:47 WIB", dt.datetime(2018, 12, 29, 12, 47, tzinfo=WIB)),
    ("7 Mac 2022", dt.date(2022, 3, 7)),  # Malay months
    ("Isnin, 3 Ogos 2020", dt.date(2020, 8, 3)),
    ("Kamis, 8 September 2022, 10:57 WITA", dt.datetime(2022, 9, 8, 10, 57, tzinfo=MYT)),
    ("3 июня 2024, 14:05", dt.datetime(2024, 6, 3, 14, 5)),  # Russian
    ("12 марта 2023 года", dt.date(2023, 3, 12)),
    ("3 маусым 2024 ж.", dt.date(2024, 6, 3)),  # Kazakh
    ("2024年06月03日 14:05 来源：新华社", dt.datetime(2024, 6, 3, 14, 5)),  # Chinese
    ("2024年6月3日", dt.date(2024, 6, 3)),
    ("Jun 5, 2024 @ 2:05pm", dt.datetime(2024, 6, 5, 14, 5)),
    ("Rabu, 05 Juni 2024 / 14:05 WIB", dt.datetime(2024, 6, 5, 14, 5, tzinfo=WIB)),
    ("Tue 14 May 2024 06.00 BST", dt.datetime(2024, 5, 14, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ("Updated 3:12 AM EDT, Mon June 3, 2024", dt.datetime(2024, 6, 3, 3, 12, tzinfo=EDT)),
    ("3 июня 2024, 14:05 мск", dt.datetime(2024, 6, 3, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=3)))),
])
def test_dates_as_pages_print_them(text, value):
    found = dates.find_dates(text)
    assert len(found) == 1 and found[0].value == value and found[0].weekday_agrees


def test_a_numeric_date_that_reads_both_ways_is_marked_unless_its_weekday_settles_it():
    (plain,) = dates.find_dates("03/07/2024")
    assert plain.ambiguous and plain.value == dt.date(2024, 7, 3)  # read day first, as Indonesian writes
    (settled,) = dates.find_dates("Rabu, 03/07/2024")  # 3 July 2024 was a Wednesday; 7 March a Thursday
    assert not settled.ambiguous and settled.value == dt.date(2024, 7, 3)
    (swapped,) = dates.find_dates("Thursday, 03/07/2024")
    assert not swapped.ambiguous and swapped.value == dt.date(2024, 3, 7)


def test_a_weekday_that_is_not_the_dates_is_seen():
    (match,) = dates.find_dates("Selasa, 16 Juni 2025")  # a Monday
    assert not match.weekday_agrees


def test_english_names_are_told_apart():
    assert dates.find_dates("Saturday, 29 June 2024")[0].english_names
    assert not dates.find_dates("Sabtu, 29 Juni 2024")[0].english_names


@pytest.mark.parametrize("text, value", [
    ("kata Beijing, Senin (16/6/2025).", dt.date(2025, 6, 16)),
    ("pada Kamis, 6 Januari 2022, telah", dt.date(2022, 1, 6)),
    ("di Uzbekistan pada Kamis sore ini, 15 September 2022.", dt.date(2022, 9, 15)),
])
def test_event_dates_with_their_weekday_in_running_text(text, value):
    assert dates.find_weekday_date(text).value == value


def test_a_year_alone_or_a_day_without_a_year_is_no_date():
    assert dates.find_dates("pada tahun 2014 dan pada 2 Juli, Senin (7/6)") == []


def test_dates_print_in_the_articles_language():
    stamp = dt.datetime(2023, 10, 10, 11, 17, tzinfo=MYT)
    assert dates.format_date(stamp, "ms") == "10 Oktober 2023 pukul 11.17 MYT"
    assert dates.format_date(dt.date(2022, 3, 7), "ms") == "7 Mac 2022"
    assert dates.format_date(dt.datetime(2022, 9, 14, 20, 17, tzinfo=WIB), "id") == "14 September 2022 pukul 20.17 WIB"
    assert dates.format_date(dt.datetime(2022, 9, 14, 20, 17, tzinfo=WIB), "en") == "14 September 2022, 20:17 WIB"
