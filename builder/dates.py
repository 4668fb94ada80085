"""Dates as Indonesian, Malay and English news text writes them, and as we print them.

`find_dates` finds every full date (with its year) in a text, with the
weekday, time of day and time zone written next to it: "Senin, 16 Juni 2025
10:30 WIB", "SELASA, 08 JUNI 2021 | 11:35 WIB", "Jun 18, 2025", "May 10th,
2026", "Oktober 10, 2023 11:17 MYT", "21:10, 07 June 2017 | GMT +6",
"2024-07-02 19:43:58", "Fri, 07/14/2017 - 13:08", "Published Mar 21, 2023
01:16 pm". Which of them is the publication date is for ingest to weigh
(news pages carry many other dates: captions, widgets, related links).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    # Indonesian
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5,
    "juni": 6, "juli": 7, "agustus": 8, "september": 9, "oktober": 10,
    "november": 11, "nopember": 11, "desember": 12,
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "agu": 8, "agt": 8, "ags": 8, "agust": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "nop": 11, "des": 12,
    # Malay (those not spelled as in Indonesian)
    "mac": 3, "julai": 7, "ogos": 8, "disember": 12, "dis": 12, "ogo": 8,
    # English (those not already spelled the same)
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12, "aug": 8, "oct": 10, "dec": 12,
    # Russian (as dates write them, "3 июня", and as months are named, "июнь") and Kazakh
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12, "январь": 1, "февраль": 2, "март": 3,
    "апрель": 4, "май": 5, "июнь": 6, "июль": 7, "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11,
    "декабрь": 12, "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}

# Weekday numbers as datetime.date.weekday() gives them (Monday = 0).
WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
    "isnin": 0, "khamis": 3, "jumaat": 4,  # Malay
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}

# The names only English writes: a date in them on an Indonesian or Malay
# page is usually the site's own furniture (a widget in the theme's locale).
ENGLISH_ONLY = {"january", "february", "march", "may", "june", "july", "august", "october", "december", "aug",
                "oct", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
                "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}

# Time zones news copy names; a date line saying WIB pins the time to UTC+7.
ZONES = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0, "myt": 8, "sgt": 8,
         # abroad, where a name means one offset only ("CST", "IST" mean several: left out)
         "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "msk": 3, "мск": 3, "hkt": 8, "jst": 9, "kst": 9,
         "aest": 10, "aedt": 11, "edt": -4, "est": -5, "pdt": -7, "pst": -8}

MONTH_NAMES = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
           "Agustus", "September", "Oktober", "November", "Desember"],
    "ms": ["Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai",
           "Ogos", "September", "Oktober", "November", "Disember"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_PATTERN = _MONTH  # any month name or abbreviation, for patterns elsewhere (use with re.I)
_WEEKDAY = "|".join(sorted((re.escape(d) for d in WEEKDAYS), key=len, reverse=True))
_ZONE = "|".join(sorted(ZONES, key=len, reverse=True))
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"

_ISO = re.compile(rf"(?<!\d)(?P<y>(?:19|20)\d{{2}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?!\d)")
_DAY_MONTH_YEAR = re.compile(rf"(?<![\w/]){_DAY}\.?\s+(?P<mon>{_MONTH})\.?,?\s+{_YEAR}", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}", re.I)
_CJK_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")  # 2024年6月3日
_NUMERIC = re.compile(rf"(?<![\d/.-])(?P<a>\d{{1,2}})[/.-](?P<b>\d{{1,2}})[/.-]{_YEAR}")
_WEEKDAY_BEFORE = re.compile(rf"\b(?P<wd>{_WEEKDAY})\b\.?,?\s*\(?\s*$", re.I)
_WEEKDAY_AFTER = re.compile(rf"\s*\)?\s*,?\s*(?P<wd>{_WEEKDAY})\b\.?", re.I)
_TIME = (r"(?:pukul\s+|jam\s+|at\s+)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?"
         r"(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
         rf"(?:\s*(?P<zone>{_ZONE})\b)?(?:\s*(?P<offset>[+-]\s?\d{{1,2}})(?!\d))?")
_TIME_AFTER = re.compile(rf"[\s,|–—@/-]*(?:pukul\s+|jam\s+)?{_TIME}", re.I)
# (Used with match(text, position): no "^", which matches only at the text's start.)
_TIME_BEFORE = re.compile(rf"(?:^|(?<=\s)){_TIME}\s*[,|–—-]*\s*$", re.I)
_CLOCK_ALONE = re.compile(rf"^\s*{_TIME}\s*$", re.I)
_ZONE_AFTER = re.compile(rf"\s*[|,]?\s*(?P<zone>{_ZONE})\s*(?P<offset>[+-]\s?\d{{1,2}})?(?!\w)", re.I)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: the value, where it was (with its weekday and
    time), the weekday named, and whether the date is certain."""

    value: dt.date | dt.datetime
    span: tuple[int, int]
    weekday: int | None = None
    has_time: bool = False
    ambiguous: bool = False  # a numeric date both day-month and month-day can read, no weekday to tell
    names: tuple[str, ...] = ()  # the month and weekday names as written, lower case

    @property
    def day(self) -> dt.date:
        return self.value.date() if isinstance(self.value, dt.datetime) else self.value

    @property
    def weekday_agrees(self) -> bool:
        """False when the text names a weekday the date does not fall on."""
        return self.weekday is None or self.weekday == self.day.weekday()

    @property
    def english_names(self) -> bool:
        return any(name in ENGLISH_ONLY for name in self.names)


_DAY_MONTH = re.compile(rf"(?<![\w/]){_DAY}\.?\s+(?P<mon>{_MONTH})\b|\b(?P<mon_first>{_MONTH})\.?\s+"
                        rf"(?P<d_after>\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)


def is_clock(text: str) -> bool:
    """A time and nothing else ('9:15 PM MYT', '14:05 WIB'): some pages
    print a date line's time on a line of its own."""
    return bool(_CLOCK_ALONE.match(text))


def day_and_month(text: str) -> tuple[int, int] | None:
    """(day, month) of a date printed without its year ('8 Jun', 'June 16'),
    as a wire dateline gives it; None if there is none."""
    match = _DAY_MONTH.search(text)
    if match is None:
        return None
    day, month = (match["d"], match["mon"]) if match["mon"] else (match["d_after"], match["mon_first"])
    return (int(day), MONTHS[month.lower()]) if 1 <= int(day) <= 31 else None


def settle(match: DateMatch, day: int, month: int) -> DateMatch:
    """A numeric date that reads both ways, read the way the same date
    with its month named reads ('08/06/2024' on a page whose dateline says
    '8 Jun'); as it was when neither reading is that day."""
    first = match.day
    if not match.ambiguous or (first.day, first.month) not in ((day, month), (month, day)):
        return match
    value = match.value if (first.day, first.month) == (day, month) else match.value.replace(month=month, day=day)
    return DateMatch(value, match.span, match.weekday, match.has_time, False, match.names)


def _make_date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _calendar_dates(text: str) -> list[tuple[dt.date, int, int, bool, tuple[str, ...]]]:
    """(date, start, end, ambiguous, month names) of every full date, by position."""
    found: list[tuple[dt.date, int, int, bool, tuple[str, ...]]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for pattern in (_ISO, _CJK_DATE, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC):
        for match in pattern.finditer(text):
            if not free(*match.span()):
                continue
            groups = match.groupdict()
            ambiguous, names = False, ()
            if groups.get("mon"):
                day = _make_date(groups["y"], MONTHS[groups["mon"].lower()], groups["d"])
                names = (groups["mon"].lower(),)
            elif "a" in groups:
                a, b = int(groups["a"]), int(groups["b"])
                if a > 12:
                    day = _make_date(groups["y"], b, a)
                elif b > 12:
                    day = _make_date(groups["y"], a, b)  # month first, as US pages write it
                else:
                    day, ambiguous = _make_date(groups["y"], b, a), a != b  # day first, as Indonesian does
            else:
                day = _make_date(groups["y"], groups["m"], groups["d"])
            if day:
                found.append((day, match.start(), match.end(), ambiguous, names))
                taken.append(match.span())
    return sorted(found, key=lambda f: f[1])


def find_dates(text: str) -> list[DateMatch]:
    """Every full date in text, in order, each with the weekday, time and
    zone written beside it. A numeric date that reads both ways (03/07/2024)
    is read day first unless its weekday says otherwise, and then marked
    ambiguous if the weekday does not settle it."""
    matches = []
    for day, start, end, ambiguous, names in _calendar_dates(text):
        weekday = None
        before = _WEEKDAY_BEFORE.search(text[max(0, start - 16):start])
        if before:
            weekday = WEEKDAYS[before.group("wd").lower()]
            names += (before.group("wd").lower(),)
            start -= len(text[max(0, start - 16):start]) - before.start()
        else:
            after = _WEEKDAY_AFTER.match(text, end)
            if after:
                weekday = WEEKDAYS[after.group("wd").lower()]
                names += (after.group("wd").lower(),)
                end = after.end()
        if ambiguous and weekday is not None:
            swapped = _make_date(day.year, day.day, day.month)
            if weekday != day.weekday() and swapped is not None and swapped.weekday() == weekday:
                day = swapped
            ambiguous = weekday != day.weekday()
        value: dt.date | dt.datetime = day
        has_time = False
        time = _TIME_AFTER.match(text, end) or None
        time_before = None if time else _TIME_BEFORE.search(text[max(0, start - 24):start])
        for found, after_date in ((time, True), (time_before, False)):
            if not found or not found.group("H"):
                continue
            stamp = _clock(day, found)
            if stamp is None:
                continue
            value, has_time = stamp, True
            if after_date:
                end = found.end()
                zone = _ZONE_AFTER.match(text, end)
                if zone and not found.group("zone"):
                    value = _zoned(value, zone.group("zone"), zone.group("offset"))
                    end = zone.end()
            else:
                start -= len(text[max(0, start - 24):start]) - found.start()
                zone = _ZONE_AFTER.match(text, end)
                if zone:
                    value = _zoned(value, zone.group("zone"), zone.group("offset"))
                    end = zone.end()
            break
        matches.append(DateMatch(value, (start, end), weekday, has_time, ambiguous, names))
    return matches


def _clock(day: dt.date, found: re.Match[str]) -> dt.datetime | None:
    hour, minute, second = int(found["H"]), int(found["M"]), int(found["S"] or 0)
    ampm = (found["ampm"] or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    value = dt.datetime(day.year, day.month, day.day, hour, minute, second)
    return _zoned(value, found["zone"], found["offset"]) if found["zone"] else value


def _zoned(value: dt.datetime, zone: str | None, offset: str | None) -> dt.datetime:
    hours = ZONES[zone.lower()] if zone else 0
    if offset:
        hours += int(offset.replace(" ", ""))
    return value.replace(tzinfo=dt.timezone(dt.timedelta(hours=hours)))


_WEEKDAY_THEN_DATE = re.compile(
    rf"\b(?P<wd>{_WEEKDAY})\b(?:\s+(?:sore|pagi|siang|malam|dini|hari|ini|lalu|kemarin|tadi)){{0,3}},?\s*\(?\s*"
    rf"(?=\d)", re.I)


def find_weekday_date(text: str) -> DateMatch | None:
    """A date stated with its weekday in running text: "Senin (16/6/2025)",
    "pada Kamis, 6 Januari 2022", "Kamis sore ini, 15 September 2022".

    Indonesian leads name the day of the event this way; the weekday makes
    it unlikely to be some other date the sentence mentions."""
    dates = find_dates(text)
    for weekday in _WEEKDAY_THEN_DATE.finditer(text):
        for match in dates:
            if match.span[0] <= weekday.end() + 2 and match.span[1] > weekday.end():
                number = WEEKDAYS[weekday.group("wd").lower()]
                if match.weekday is None or match.span[0] > weekday.start():
                    match = DateMatch(match.value, (weekday.start(), match.span[1]), number, match.has_time,
                                      match.ambiguous and number != match.day.weekday(),
                                      match.names + (weekday.group("wd").lower(),))
                return match
    return None


def format_date(value: dt.date | dt.datetime, language: str) -> str:
    """'14 September 2022', with the time as Indonesian and Malay write it
    ('pukul 20.17 WIB', 'pukul 20.17 MYT') or English ('20:17 WIB')."""
    months = MONTH_NAMES.get(language, MONTH_NAMES["id"])
    text = f"{value.day} {months[value.month - 1]} {value.year}"
    if isinstance(value, dt.datetime):
        malay_indonesian = language in ("id", "ms")
        clock = f"{value.hour:02d}{'.' if malay_indonesian else ':'}{value.minute:02d}"
        zone = ""
        if value.tzinfo is not None:
            offset = value.utcoffset()
            hours = int(offset.total_seconds() // 3600) if offset is not None else 0
            names = {7: "WIB", 8: "MYT" if language == "ms" else "WITA", 9: "WIT", 0: "UTC"}
            zone = " " + names.get(hours, f"UTC{hours:+d}")
        text += (" pukul " if malay_indonesian else ", ") + clock + zone
    return text


def format_month(year: int, month: int, language: str) -> str:
    """'September 2022'."""
    return f"{MONTH_NAMES.get(language, MONTH_NAMES['id'])[month - 1]} {year}"
