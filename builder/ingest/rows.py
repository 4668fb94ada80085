"""What each line of a copied news page is: the article's own text, or the
page around it.

Text copied from a news site carries the site along with the story: menus
and breadcrumbs, language pickers, clock and weather widgets, photo captions
with their credits, bylines, "Baca juga" links, lists of related stories,
share buttons, subscription offers. Each non-empty line becomes a Row with a
kind and, for anything but TEXT, the reason in words (it goes to the
article's `removed:` list when the line is dropped). Which TEXT row is the
headline and which the lead is for reading.py to weigh; this module only
says what each line looks like on its own and next to its neighbours.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import dates
from ..text import CJK
from .decode import Line

TEXT = "text"
DATE = "date line"
BYLINE = "byline"
CAPTION = "caption"
RELATED = "related link"
FURNITURE = "page furniture"
ADDRESS = "web address"

WORD = re.compile(r"\w[\w'’.-]*", re.U)
_SENTENCE_END = re.compile(r"[.!?:;,。！？：；，]['\")\]”」]*$")
CJK_CHARACTER = re.compile(f"[{CJK}]")


def word_count(text: str) -> int:
    """Words as spaces and punctuation part them; Chinese and Japanese,
    which write none, about two characters a word."""
    if text.isascii() or not CJK_CHARACTER.search(text):
        return len(WORD.findall(text))
    characters = len(CJK_CHARACTER.findall(text))
    return len(WORD.findall(CJK_CHARACTER.sub(" ", text))) + (characters + 1) // 2


def looks_like_prose(text: str) -> bool:
    """A sentence rather than a label: long, or with its stop."""
    return word_count(text) >= 12 or bool(_SENTENCE_END.search(text)) and word_count(text) >= 6


def is_paragraph(text: str) -> bool:
    """Surely a paragraph, not a headline (which may run to 15 words, or end in '?')."""
    return word_count(text) >= 20 or bool(re.search(r"[.!。！]['\")\]”」]*$", text)) and word_count(text) >= 8


@dataclass(frozen=True)
class Row:
    """One non-empty line and what it is."""

    line: Line
    kind: str
    why: str = ""  # for anything but TEXT: what it is, in words
    dates: tuple[dates.DateMatch, ...] = ()  # a DATE row's dates

    @property
    def number(self) -> int:
        return self.line.number

    @property
    def text(self) -> str:
        return self.line.stripped

    @property
    def words(self) -> int:
        return word_count(self.text)

    def as_(self, kind: str, why: str) -> Row:
        return Row(self.line, kind, why, self.dates)


# ------------------------------------------------------------ page furniture

_BULLET = r"^[•·▪●*×>\-–]?\s*"
# A line that is nothing but one of these is the site's interface.
_INTERFACE = re.compile(_BULLET + r"(?:"
    r"search|cari|close( this)?( search box)?|skip to (main )?content|(main )?menu|home|beranda|log ?in|masuk|"
    r"daftar|register|sign ?(in|up)|subscribe|langganan|berlangganan|share( this( article| story)?)?|bagikan|"
    r"tweet|print|cetak|e-?mail|font|ukuran font\b.*|text size\b.*|advertisements?|iklan|ads?|article ad box|"
    r"sponsored|scroll (to|untuk) \w+.*|banner|image|gambar|video|foto|photo|radio_button_\w+|light_mode\b.*|"
    r"dark_mode\b.*|categories|kategori|tags?|topik|terbaru|terkini|popular|trending|headlines?|berita|news|"
    r"latest( news)?|back|kembali|next|previous|sebelumnya|selanjutnya|clear icon|recommended( videos?| for you)?|"
    r"comments?|komentar|tulis komentar|-->|<!--|loading\W*|follow( us)?|ikuti( kami)?|support|the website|"
    r"learn more|no,? thanks\b.*|selengkapnya|lihat (semua|selengkapnya)|grafis|infografis|google news|"
    r"uncategori[sz]ed|tanpa kategori|x|en|id|ms|my|zh|ru|"
    # section names, alone on a line above the headline
    r"nasional|internasional|dunia|ekonomi|bisnis|keuangan|finansial|olahraga|sport|sports|politik|hukum|"
    r"megapolitan|metro|daerah|regional|nusantara|teknologi|tekno|sains|otomotif|hiburan|seleb|lifestyle|"
    r"gaya hidup|kesehatan|pendidikan|humaniora|opini|opinion|kolom|analisis|analysis|world|politics|business|"
    r"economy|markets|asia|asia pacific|global|local|technology|science|culture|budaya|wisata|travel|"
    r"entertainment|editorial|features?|berita utama|top news|breaking news|nation|international|domestic|"
    r"\d+ (jam|menit|hari) (yang )?lalu|\d+ (hours?|minutes?|days?) ago|"
    # how long the story takes to read, and its audio player ("3 minute read", "Listen to this article")
    r"\d+\s*-?\s*(?:min(?:ute)?s?|menit)\.?\s+(?:read|reading|baca|bacaan|membaca)|(?:reading time|read time|"
    r"waktu baca|waktu membaca|lama baca|estimasi baca)\s*:?\s*\d+\s*(?:min(?:ute)?s?|menit)|"
    r"baca dalam \d+ menit|listen( to (this|the) (article|story))?(\s*[(|•·-]?\s*\d+\s*(?:min(?:ute)?s?|:\d\d)\)?)?|"
    r"dengarkan( (artikel|berita) ini)?|play audio|putar audio"
    r")\s*[:.!]?$", re.I)
_WEATHER = re.compile(r"^-?\d{1,3}(?:[.,]\d+)?\s*(?:[°º]\s*[CF]?|[CF])$")
_LANGUAGE_NAMES = re.compile(
    r"Indonesian|Indonesia|English|Arabic|Russian|German|French|Chinese(?: \((?:Simplified|Traditional)\))?|"
    r"Japanese|Malay|Hindi|Korean|Spanish|Portuguese|Italian|Dutch|Turkish|Thai|Vietnamese|Sanskrit|Latina|"
    r"Русский(?: язык)?|Français|Deutsch|Português|Español|español|Italiano|Suomalainen|Ελληνικά|日本語|한국어|한어|"
    r"中文|简体中文|繁體中文|العربية|Bahasa(?: Indonesia| Melayu)?|Melayu")
_PROMO = re.compile(
    r"\b(tanpa iklan|langganan|berlangganan|gabung|subscribe|newsletter|unduh aplikasi|download (our|the) app|"
    r"ikuti (kami|berita|update|akun)|follow us|support (independent|our) journalism|donate|grup telegram|"
    r"saluran whatsapp|whatsapp channel|google news|install aplikasi|your email address will not be published|"
    r"required fields are marked|leave a (reply|comment))\b", re.I)
_SOCIAL = re.compile(r"^(facebook|twitter|x|instagram|telegram|tiktok|youtube|whatsapp|threads|linkedin)\s*:", re.I)
_SERVER_ERROR = re.compile(r"^(fatal error|warning|notice|parse error|deprecated)\s*:", re.I)
_COPYRIGHT = re.compile(r"^(copyright|hak cipta)\b|©|^\(c\)\s", re.I)
_BREADCRUMB_START = re.compile(r"^(home|beranda|homepage|index)\b", re.I)
_CRUMB_SEPARATOR = re.compile(r"\s(?:>|»|›|/)\s")
_MENU_SEPARATOR = re.compile(r"\s+\|\s+|\s*\|\s*$|^\s*\|\s*")
_GLUED_WORDS = re.compile(r"[a-z\u00e0-\u024f][A-Z]")
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/[^/\s][^/]*)+/?", re.I)


def _furniture(text: str) -> str | None:
    """Why this line is the site's furniture, or None."""
    words = word_count(text)
    if _INTERFACE.match(text):
        return "page furniture"
    if not re.search(r"[^\W\d_]", text):
        return "page furniture (no words)"
    if _WEATHER.match(text):
        return "a weather widget"
    names = _LANGUAGE_NAMES.findall(text)
    if len(names) >= 3 and sum(map(len, names)) >= 0.6 * len(re.sub(r"\W", "", text)):
        return "a language menu"
    if _SOCIAL.match(text) or _SERVER_ERROR.match(text):
        return "page furniture"
    if re.fullmatch(r"(#\w[^#]*){2,}|#\w+", text):
        return "tags"
    if words <= 25 and _PROMO.search(text):
        return "an advertisement for the site"
    if words <= 25 and _COPYRIGHT.search(text):
        return "a copyright line"
    if words <= 8 and not _SENTENCE_END.search(text) and (_BREADCRUMB_START.match(text) or
                                                         len(_CRUMB_SEPARATOR.findall(text)) >= 2):
        return "breadcrumbs"
    if "|" in text:
        segments = [s for s in _MENU_SEPARATOR.split(text) if s.strip()]
        if len(segments) >= 2 and all(word_count(s) <= 3 for s in segments) and not dates.find_dates(text):
            return "a menu"
    if words == 1 and len(text) >= 12 and text.isupper():
        return "section labels, run together"
    if words <= 2 and len(text) >= 12 and len(_GLUED_WORDS.findall(text)) >= 2:
        return "a menu, run together"
    return None


# ------------------------------------------------------------------ captions

_PHOTO_WORDS = re.compile(r"(?:\b|(?<=[a-z]))(foto|photo|gambar|ilustrasi|image|picture|credit|kredit)\s*:|"
                          r"\((?:foto|photo|ilustrasi)\b|\bANTARA FOTO\b|/\s*foto\s*:|^\(?(foto|photo)\b|"
                          r"^in this (file )?(photo|image|picture)\b|\bfile photo\b|\bphoto taken\b", re.I)
# A credit at the end: "Tempo/Irsyan", "(Xinhua/Yao Dawei)", "- Gambar/ Sinar Harian", "REUTERS/Florence Lo".
_CREDIT = re.compile(r"(?:^|[.)]\s+|\s[-–]\s?|\()\(?[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,3}\s?/\s?[A-Z][\w.&-]*"
                     r"(?:[ /][A-Za-z][\w.&-]*){0,6}\)?\.?$")


def _caption(text: str) -> str | None:
    if _PHOTO_WORDS.search(text):
        return "a photo caption"
    if _CREDIT.search(text):
        return "a photo caption (it ends with a credit)"
    return None


# --------------------------------------------------------- related links

# A line that opens a list of other stories; "Baca juga: <title>" is one link.
_RELATED_INLINE = re.compile(r"^(baca juga|baca|lihat juga|simak juga|simak|read also|also read|read more|"
                             r"related|baca (berita|artikel)\b[^:]{0,40}|artikel ini bisa dilihat di|"
                             r"berita terkait|artikel terkait)\s*[:\-–—]\s*\S", re.I)
_RELATED_HEADER = re.compile(r"^(baca juga|lihat juga|simak juga|read also|also read|read more|related"
                             r"( stories| articles| news| posts)?|berita terkait|artikel terkait|berita lainnya|"
                             r"berita berkaitan|more from\b.*|more stories|populer|terpopuler|most read|"
                             r"most popular|baca berikutnya|rekomendasi|pilihan editor|editor'?s picks?|"
                             r"you may also like|you might also like)\s*:?$", re.I)
# Headers after which the page has nothing of the article's (end-of-page sections).
END_OF_PAGE = re.compile(r"^(berita terkait|artikel terkait|berita lainnya|berita berkaitan|related"
                         r"( stories| articles| news| posts)?|more from\b.*|more stories|populer|terpopuler|"
                         r"most read|most popular|lihat juga|leave a reply|komentar|comments?|"
                         r"you may also like|you might also like|rekomendasi|pilihan editor)\s*:?$", re.I)


# ------------------------------------------------------------------ bylines

_BYLINE_LABEL = r"(?:by|oleh|penulis|reporter|editor|pewarta|laporan|wartawan|kontributor|redaktur|writer|" \
                r"author|auther|posted by|diposting oleh|penyunting|fotografer|photographer)"
_BYLINE = re.compile(rf"^{_BYLINE_LABEL}\b\s*(?P<colon>:?)\s*(?P<name>.*)$", re.I)
_SHORT_LABELS = re.compile(r"^(?:rep|red|pen|ed)\s*:\s*[A-Z][\w.' -]*(?:/\s*(?:rep|red|pen|ed)\s*:.*)?$",
                           re.I)  # "Rep: Nama Contoh/ Red: Nama Lain": reporter and editor, shortened
_GLUED_BY = re.compile(r"^By(?=[A-Z])\S+(?: \S+){0,3}$|^By[a-z]{3,}$")
_LABEL_ONLY = re.compile(rf"^{_BYLINE_LABEL}\s*:?$", re.I)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|bin|binti|van|de|al|el)$")
# Capitalised function words of title-case headlines ("Putin Dan Xi"); "Yang" is also a surname.
_NOT_NAMES = {"Dan", "Di", "Ke", "Dari", "Untuk", "Dengan", "Akan", "The", "Of", "And", "In", "To", "For", "On",
              "With", "At", "Is", "Says"}


def _is_byline(name: str, colon: bool) -> bool:
    """After 'Oleh', 'By', 'Penulis'...: names and credits ('Nama Penulis -
    detikNews', 'Nama | Editor: Nama'), not a sentence ('By the end of...')."""
    words = name.split()
    if not words or word_count(name) > 10 or re.search(r"\w{3,}[.!?]$", name):
        return False
    return colon or bool(_NAME_WORD.match(words[0]))


# "Peter Lang in Almaty", "Ana Ruiz and Li Wei in Beijing": the reporters and where they filed from.
_FILED_FROM = re.compile(r"^(?P<names>.+?) in (?P<place>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})$")
# "Peter Lang, Central Asia correspondent"
_CORRESPONDENT = re.compile(r"^(?P<name>[^,]+?),? (?:[A-Z][\w'’.-]* ){0,3}(?:correspondent|reporter|koresponden)$",
                            re.I)


def _reporters(text: str) -> bool:
    """A line naming reporters with their post: 'Peter Lang in Almaty',
    'Peter Lang, Central Asia correspondent'."""
    filed = _FILED_FROM.match(text)
    if filed:
        return all(is_name(name) for name in re.split(r",\s*|\s+and\s+", filed["names"]))
    post = _CORRESPONDENT.match(text)
    return post is not None and is_name(post["name"])


def is_name(text: str) -> bool:
    """A person's name alone on a line ('William Yang', 'Clara Maria Tjandra
    Dewi H.'): two to five capitalised words, no function words."""
    words = text.split()
    return (2 <= len(words) <= 5 and len(text) <= 45 and all(_NAME_WORD.match(w) for w in words)
            and not any(w in _NOT_NAMES for w in words) and not re.search(r"\d", text))


# ------------------------------------------------------------------ dates

_DATE_LABELS = re.compile(
    r"\b(diterbitkan|dipublikasikan|dipublish|terbit|published|posted|tanggal|date|pada|diperbarui|"
    r"diperbaharui|updated?|last updated|dibuat|modified|on|at|pukul|jam|follow)\b\s*:?", re.I)
_DATE_TAIL = re.compile(rf"(?:^|[|/·•–—-])\s*{_BYLINE_LABEL}\b\s*:?.*$|(?:来源|來源|source|sumber)\s*[:：].*$", re.I)


def date_row(text: str) -> list[dates.DateMatch]:
    """The dates of a line that is a date line: dates, their labels and little
    else (a publisher before them, a byline after them). [] when the line
    says more than that: a date in a sentence is not a date line."""
    found = dates.find_dates(text)
    if not found:
        return []
    leftover, position = [], 0
    for match in found:
        leftover.append(text[position:match.span[0]])
        position = match.span[1]
    leftover.append(text[position:])
    rest = _DATE_TAIL.sub(" ", _DATE_LABELS.sub(" ", " ".join(leftover)))
    if word_count(rest) > 4 or re.search(r"\w[.!?]\s+\w", rest):
        return []
    return found


def publisher_before_date(text: str, match: dates.DateMatch) -> str | None:
    """'Kompas.com - 18/05/2023, 16:00 WIB' -> 'Kompas.com' (the part of a
    date line before its date, when a name stands there)."""
    before = _DATE_LABELS.sub(" ", text[:match.span[0]])
    before = re.sub(r"[\s|/·•,:–—-]+$", "", before).strip(" |/·•,:–—-")
    if before and word_count(before) <= 4 and before[0].isalnum() and not _INTERFACE.match(before):
        return before
    return None


# -------------------------------------------------------------- one line

@functools.lru_cache(maxsize=2048)
def classify(text: str) -> tuple[str, str]:
    """(kind, why) of one line read on its own. Remembered: a saved page's
    paragraphs are classified when its text is read and again when its main
    text is cleaned."""
    found = date_row(text)
    if found:
        return DATE, "a date line"
    if _LABEL_ONLY.match(text):
        return BYLINE, "a byline label"
    byline = _BYLINE.match(text)
    if byline and _is_byline(byline["name"].strip(), bool(byline["colon"])):
        return BYLINE, "a byline"
    if _GLUED_BY.match(text) or _SHORT_LABELS.match(text):
        return BYLINE, "a byline"
    if _RELATED_HEADER.match(text):
        return RELATED, "a list of other stories"
    if _RELATED_INLINE.match(text):
        return RELATED, "a link to another story"
    if _ADDRESS.match(text):
        return ADDRESS, "a web address"
    why = _furniture(text)
    if why:
        return FURNITURE, why
    why = _caption(text)
    if why:
        return CAPTION, why
    return TEXT, ""


def read_rows(lines: list[Line]) -> list[Row]:
    """Every non-empty line as a Row, its kind settled by its neighbours too:
    the stories listed under "Berita Terkait", the line after "Baca juga:",
    names next to byline labels, the ad under "ADVERTISEMENT", a photo
    caption the page printed twice."""
    rows = []
    for line in lines:
        text = line.stripped
        if not text:
            continue
        kind, why = classify(text)
        rows.append(Row(line, kind, why, tuple(date_row(text)) if kind == DATE else ()))
    for index, row in enumerate(rows):
        before = rows[index - 1] if index else None
        after = rows[index + 1] if index + 1 < len(rows) else None
        if row.kind == TEXT and is_name(row.text) and any(
                r is not None and r.kind == BYLINE and _LABEL_ONLY.match(r.text) for r in (before, after)):
            rows[index] = row.as_(BYLINE, "a byline")
        elif row.kind == TEXT and after is not None and after.kind == DATE and _reporters(row.text) and \
                any(r.kind == TEXT and r.words >= 4 for r in rows[:index]):  # under a headline, over the date
            rows[index] = row.as_(BYLINE, "a byline")
        twin = next((i for i in range(index + 1, len(rows)) if rows[i].kind != FURNITURE), None)
        if row.kind == TEXT and twin is not None and rows[twin].text == row.text and is_paragraph(row.text):
            rows[index] = row.as_(CAPTION, "a photo caption (printed twice)")
            rows[twin] = rows[twin].as_(CAPTION, "a photo caption (printed twice)")
    for index, row in enumerate(rows):  # "Monday, 03 Jun 2024", then "9:15 PM MYT" (past a "|"): one date line
        if row.kind != DATE or row.dates[-1].has_time:
            continue
        after = range(index + 1, min(index + 3, len(rows)))
        at = next((i for i in after if rows[i].why != "page furniture (no words)"), None)
        clock = rows[at] if at is not None else None
        if clock is not None and clock.kind in (TEXT, FURNITURE) and dates.is_clock(clock.text):
            joined = dates.find_dates(f"{row.text} {clock.text}")
            if len(joined) == len(row.dates) and joined[-1].has_time:
                rows[index] = Row(row.line, row.kind, row.why, tuple(joined))
                rows[at] = clock.as_(FURNITURE, "the time of the date line above")
    for index, row in enumerate(rows):  # "Xinhua" alone beside a caption is its credit
        neighbours = rows[max(0, index - 1):index] + rows[index + 1:index + 2]
        if row.kind == TEXT and row.words <= 3 and not is_paragraph(row.text) and \
                any(r.kind == CAPTION for r in neighbours) and not any(r.kind == TEXT for r in neighbours):
            rows[index] = row.as_(CAPTION, "a photo credit")
    index = 0
    while index < len(rows):
        row = rows[index]
        index += 1
        if row.kind == FURNITURE and re.match(r"^(advertisements?|iklan|sponsored)$", row.text, re.I):
            sandwiched = index + 1 < len(rows) and rows[index + 1].kind == TEXT and is_paragraph(rows[index + 1].text)
            if sandwiched and rows[index].kind == TEXT and not looks_like_prose(rows[index].text):
                rows[index] = rows[index].as_(FURNITURE, "an advertisement")
                index += 1
        elif row.kind == RELATED and _RELATED_HEADER.match(row.text):
            if re.match(r"^(baca juga|lihat juga|simak juga|read also|also read)\s*:?$", row.text, re.I):
                if index < len(rows) and rows[index].kind == TEXT:  # "Baca juga:" then the one title
                    rows[index] = rows[index].as_(RELATED, "a link to another story")
                    index += 1
                continue
            while index < len(rows) and (rows[index].kind != TEXT or not is_paragraph(rows[index].text)):
                if rows[index].kind in (TEXT, DATE, CAPTION):
                    rows[index] = rows[index].as_(RELATED, "a link to another story")
                index += 1
    return rows
