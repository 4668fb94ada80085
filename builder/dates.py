"""Dates as Indonesian and English news text writes them, and as we print them.

Parsing is deliberately narrow: a line counts as a date line only when the
whole line is a date (with optional day name, time and time zone), because
news pages carry many other dates (captions, "Baca juga" links, widgets).
"""
from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    # Indonesian
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5,
    "juni": 6, "juli": 7, "agustus": 8, "september": 9, "oktober": 10,
    "november": 11, "nopember": 11, "desember": 12,
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "agu": 8, "agt": 8, "ags": 8, "agust": 8, "sep": 9, "sept": 9, "okt": 10,
    "nov": 11, "nop": 11, "des": 12,
    # English (those not already spelled the same)
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12, "aug": 8, "oct": 10, "dec": 12,
}

# Weekday numbers as datetime.date.weekday() gives them (Monday = 0).
WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}

# Indonesian time zones; a date line saying WIB pins the time to UTC+7.
ZONES = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0}

MONTH_NAMES = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
           "Agustus", "September", "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted((re.escape(d) for d in WEEKDAYS), key=len, reverse=True))
_ZONE = "|".join(ZONES)

_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_DAY_MONTH_YEAR = re.compile(rf"(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}})", re.I)
_MONTH_DAY_YEAR = re.compile(rf"(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", re.I)
_NUMERIC = re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})")
_TIME = re.compile(
    rf"(?:pukul\s+|jam\s+|at\s+)?(?P<H>\d{{1,2}})[:.](?P<M>\d{{2}})(?:[:.](?P<S>\d{{2}}))?"
    rf"(?:\s*(?P<zone>{_ZONE})\b)?",
    re.I,
)
_WEEKDAY_WORD = re.compile(rf"\b(?P<wd>{_WEEKDAY})\b", re.I)
# Labels a date line may carry in front of the date itself.
_LABEL = re.compile(
    r"\b(diterbitkan|dipublikasikan|terbit|published|posted|tanggal|date|pada)\b\s*:?", re.I
)
# What may be left over on a pure date line once the date parts are removed.
_LEFTOVER = re.compile(r"^[\s,|/\-–—:()\[\]·•.]*$")


class DateMatch:
    """A date found in text: the value, where it was, and the weekday named."""

    def __init__(self, value: dt.date | dt.datetime, span: tuple[int, int], weekday: int | None):
        self.value = value
        self.span = span
        self.weekday = weekday

    @property
    def weekday_agrees(self) -> bool:
        """False when the text names a weekday the date does not fall on."""
        day = self.value.date() if isinstance(self.value, dt.datetime) else self.value
        return self.weekday is None or self.weekday == day.weekday()


def _make_date(year: str, month: int | str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_calendar_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first full calendar date (with a year) in text, and its span."""
    for pattern in (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC):
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = MONTHS[groups["mon"].lower()] if groups.get("mon") else groups["m"]
        day = _make_date(groups["y"], month, groups["d"])
        if day:
            return day, match.span()
    return None


def parse_date_line(line: str) -> DateMatch | None:
    """The date of a line that is nothing but a date, else None.

    Accepts "12 Januari 2022", "2024-07-03 20:17:40", "Senin, 16 Juni 2025
    10:30 WIB", "June 16, 2025", "16/06/2025 | 08.15 WIB", "Diterbitkan: ...".
    """
    found = find_calendar_date(line)
    if not found:
        return None
    day, (start, end) = found
    rest = line[:start] + " " + line[end:]
    weekday = None
    wd = _WEEKDAY_WORD.search(rest)
    if wd:
        weekday = WEEKDAYS[wd.group("wd").lower()]
        rest = rest[: wd.start()] + " " + rest[wd.end():]
    value: dt.date | dt.datetime = day
    time = _TIME.search(rest)
    if time:
        hour, minute, second = int(time["H"]), int(time["M"]), int(time["S"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return None
        tz = None
        if time["zone"]:
            tz = dt.timezone(dt.timedelta(hours=ZONES[time["zone"].lower()]))
        value = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
        rest = rest[: time.start()] + " " + rest[time.end():]
    rest = _LABEL.sub(" ", rest)
    if not _LEFTOVER.match(rest):
        return None
    return DateMatch(value, (0, len(line)), weekday)


_WEEKDAY_THEN_NUMERIC = re.compile(
    rf"\b(?P<wd>{_WEEKDAY})\b,?\s*\(\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}})\s*\)", re.I
)
_WEEKDAY_THEN_WORDS = re.compile(
    rf"\b(?P<wd>{_WEEKDAY})\b,?\s*\(?(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\s+(?P<y>\d{{4}})\)?", re.I
)


def find_weekday_date(text: str) -> DateMatch | None:
    """A date stated with its weekday in running text: "Senin (16/6/2025)".

    Indonesian leads name the day of the event this way; the weekday makes
    it unlikely to be some other date the sentence mentions.
    """
    for pattern in (_WEEKDAY_THEN_NUMERIC, _WEEKDAY_THEN_WORDS):
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = MONTHS[groups["mon"].lower()] if groups.get("mon") else groups["m"]
        day = _make_date(groups["y"], month, groups["d"])
        if day:
            return DateMatch(day, match.span(), WEEKDAYS[groups["wd"].lower()])
    return None


def format_date(value: dt.date | dt.datetime, language: str) -> str:
    """'14 September 2022' in Indonesian, '14 September 2022' in English too,
    with the time as '20.17' (Indonesian) or '20:17' (English) when known."""
    months = MONTH_NAMES.get(language, MONTH_NAMES["id"])
    text = f"{value.day} {months[value.month - 1]} {value.year}"
    if isinstance(value, dt.datetime):
        sep = "." if language == "id" else ":"
        clock = f"{value.hour:02d}{sep}{value.minute:02d}"
        zone = ""
        if value.tzinfo is not None:
            offset = value.utcoffset()
            hours = int(offset.total_seconds() // 3600) if offset is not None else 0
            names = {7: "WIB", 8: "WITA", 9: "WIT", 0: "UTC"}
            zone = " " + names.get(hours, f"UTC{hours:+d}")
        text += (" pukul " if language == "id" else ", ") + clock + zone
    return text


def format_month(year: int, month: int, language: str) -> str:
    """'September 2022'."""
    return f"{MONTH_NAMES.get(language, MONTH_NAMES['id'])[month - 1]} {year}"
