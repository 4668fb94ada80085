"""Raw article text as copied from a news site -> an ArticleDraft for review.

Pure functions only: `draft_from_bytes` reads nothing from disk, so the same
seed always gives the same draft. The rules aim at the general shapes of
Indonesian and English news copy (headline, date line, "KOTA, PENERBIT -"
lead prefixes, trailing credits and widgets), not at particular files.
When the text does not say something plainly (above all the date), the draft
leaves it empty and asks a person, rather than guessing.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .. import dates
from ..content.articles import BIDI_CONTROLS
from ..errors import SeedError, too_large
from ..models import ArticleDraft

MAX_SEED_BYTES = 5 * 1024 * 1024  # the longest real article is well under 1 MB

# ---------------------------------------------------------------- decoding


def decode_seed(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes -> text, refusing what is not text; returns (text, warnings)."""
    warnings: list[str] = []
    if len(raw) > MAX_SEED_BYTES:
        raise SeedError(name, None, f"{too_large(len(raw), MAX_SEED_BYTES)}: a news article is far smaller. "
                        "Split it or remove it from seeds/")
    utf16 = _utf16(raw)
    if utf16 is not None:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(f"{name}: saved as UTF-16; read as such. Seeds are best saved as UTF-8")
            return _checked_text(text.removeprefix("\ufeff"), name, warnings)
    if b"\x00" in raw[:8192] or raw[:8].startswith((b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04")):
        raise SeedError(name, None, "this is a binary file, not text; seeds must be plain text (.txt) copied from the article")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
            encoding = "Latin-1"
        warnings.append(f"{name}:{line}: not UTF-8; read as {encoding}. Check the accents in the imported text")
    return _checked_text(text, name, warnings)


def _utf16(raw: bytes) -> str | None:
    """'utf-16' (with a byte-order mark), 'utf-16-le' or 'utf-16-be' for
    text saved that way (Notepad's 'Unicode'), else None. Without a mark,
    UTF-16 text is told by its zero bytes: every other byte of Latin text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = raw[:4096]
    if len(sample) >= 16 and len(sample) % 2 == 0:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 0.4 * len(sample) / 2 and even == 0:
            return "utf-16-le"
        if even > 0.4 * len(sample) / 2 and odd == 0:
            return "utf-16-be"
    return None


def _checked_text(text: str, name: str, warnings: list[str]) -> tuple[str, list[str]]:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > max(8, len(text) // 200):
        raise SeedError(name, None, "too many control characters for text; is this a binary file? Save the article as plain text")
    if not text.strip():
        raise SeedError(name, None, "file is empty (or only whitespace); paste the article's text into it or delete it")
    return text, warnings


# ------------------------------------------------------------ normalising

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u2033": '"'})


def normalise_line(line: str) -> str:
    """One spelling for quotes and spaces, so the text is consistent to edit and
    search: straight quotes (the renderer makes them typographic again),
    plain spaces, no invisible characters. Leading indentation is kept because
    it carries list structure."""
    line = unicodedata.normalize("NFC", line)
    line = BIDI_CONTROLS.sub("", _INVISIBLE.sub("", line)).translate(_QUOTES)
    indent = len(line) - len(line.lstrip(" \t"))
    return line[:indent].replace("\t", "    ") + _SPACES.sub(" ", line[indent:]).rstrip()


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the seed
    text: str  # normalised, indentation kept

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())


# ------------------------------------------------------ recognising lines

_SENTENCE_END = re.compile(r"[.!?:;,]['\")\]]*$")
_WORD = re.compile(r"\w[\w'’.-]*", re.U)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _looks_like_prose(text: str) -> bool:
    return word_count(text) >= 12 or bool(_SENTENCE_END.search(text)) and word_count(text) >= 6


# Lines that belong to the page around the article, not to the article.
_TRAILING_BOILERPLATE = re.compile(
    r"^(komentar|comments?|tulis komentar|berikan komentar|bagikan|share( this)?|tags?\s*:.*|"
    r"topik\s*:.*|posted by\s*:?.*|diposting oleh\s*:?.*|penulis\s*:.*|reporter\s*:.*|editor\s*:.*|"
    r"redaktur\s*:.*|pewarta\s*:.*|sumber\s*:.*|source\s*:.*|writer\s*:.*|copyright\b.*|©.*|"
    r"\(?[a-z]{2,5}/[a-z]{2,5}\)?|\((ant|ant/.*|rls|dtk|red|\w{2,4})\)|"
    r"ikuti (berita|kami).*|simak (berita|video).*|baca (juga|selengkapnya)\b.*|"
    r"lihat juga\b.*|read more\b.*|\*+|-{3,}|_{3,}|advertisement|iklan|scroll to continue.*)$",
    re.I,
)
_ANYWHERE_BOILERPLATE = re.compile(
    r"^(baca juga|lihat juga|simak juga|read also|related|berita terkait|artikel terkait)\s*[:\-–].*$"
    r"|^\(?(foto|photo|ilustrasi|sumber foto|caption|gambar|video)\s*[:\-–].*$"
    r"|^(advertisement|iklan|scroll to continue( with content)?)$",
    re.I,
)
_TRAILING_MARKS = re.compile(r"\s*(\*{3,}|-{3,}|_{3,}|\(\w{2,5}(/\w{2,5})?\))\s*$")

# "1. Item", "2) Item"; bullets "- Item", "• Item".
_NUMBERED = re.compile(r"^(?P<n>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^[-•*·▪●]\s+(?P<text>\S.*)$")

# ------------------------------------------------ lead prefix (dateline)

_SEPARATOR = re.compile(r"\s+(?:-{1,2}|–|—)\s+")
_DOMAIN = re.compile(r"\b[\w-]+(\.[a-z]{2,6})+\b", re.I)
KNOWN_PUBLISHERS = {
    "antara", "antaranews", "afp", "ap", "reuters", "xinhua", "bernama", "kompas", "tempo", "viva",
    "detik", "detikcom", "okezone", "sindonews", "tribunnews", "republika", "liputan6", "bisnis",
    "kontan", "katadata", "kumparan", "suara", "inews", "metrotvnews", "cnn indonesia",
    "cnbc indonesia", "jpnn", "merdeka", "idn times", "the jakarta post", "bbc", "voa", "sputnik",
    "tass", "ria novosti", "cgtn", "global times", "china daily", "nhk", "bloomberg", "aa",
}


def _is_publisher_like(segment: str) -> bool:
    plain = segment.strip("() ")
    return (
        segment.startswith("(")
        or bool(_DOMAIN.search(plain))
        or plain.lower() in KNOWN_PUBLISHERS
        or bool(re.search(r"[a-z][A-Z]", plain))  # JurnalPatroliNews
        or bool(re.search(r"\d", plain))
        or bool(re.search(r"\b(news|post|times|daily|pos|online|media|tv|radio)\b", plain, re.I))
    )


def _is_prefix_segment(segment: str) -> bool:
    """A dateline or publisher: a few capitalised words, a domain, or '(AGENCY)'."""
    words = segment.replace("(", " ").replace(")", " ").replace(",", " ").split()
    if not 1 <= len(words) <= 5 or len(segment) > 60:
        return False
    return all(w[0].isupper() or w[0].isdigit() or _DOMAIN.fullmatch(w) for w in words)


def _city(segment: str) -> str:
    """'BEIJING' -> 'Beijing'; mixed-case names are kept as written."""
    return segment.title() if segment.isupper() else segment


def split_lead_prefix(lead: str) -> tuple[str | None, str | None, str]:
    """'RIAU24.COM - Presiden ...' -> (publisher, dateline, rest of the lead).

    Handles 'KOTA -', 'PENERBIT -', 'PENERBIT – Kota –', 'KOTA, PENERBIT -',
    'Kota (PENERBIT) -', 'Penerbit.com, Kota -'.
    """
    segments: list[str] = []
    rest = lead
    for _ in range(2):
        match = _SEPARATOR.search(rest)
        if not match or not _is_prefix_segment(rest[: match.start()]):
            break
        segments.append(rest[: match.start()].strip())
        rest = rest[match.end():]
    if not segments:
        return None, None, lead
    parts: list[str] = []
    for segment in segments:
        inner = re.match(r"^(?P<before>[^()]+?)\s*\((?P<pub>[^()]+)\)$", segment)
        before, agency = (inner["before"], [f"({inner['pub']})"]) if inner else (segment, [])
        parts += [p.strip() for p in before.split(",") if p.strip()] + agency
    # A Reuters-style "BEIJING, June 16 (Reuters)" carries a date without a year: not ours to use.
    parts = [p for p in parts if not re.fullmatch(rf"({dates._MONTH})\.? \d{{1,2}}|\d{{1,2}} ({dates._MONTH})", p, re.I)]
    publisher = dateline = None
    for part in parts:
        if _is_publisher_like(part) and publisher is None:
            publisher = part.strip("() ")
        elif dateline is None:
            dateline = _city(part)
        elif publisher is None:
            publisher = part
    return publisher, dateline, rest


# ------------------------------------------------------------- sentences

_ABBREVIATIONS = {"dr", "drs", "ir", "prof", "h", "hj", "st", "no", "tn", "ny", "sdr", "bpk", "dll",
                  "dsb", "dkk", "mr", "mrs", "ms", "jr", "sr", "u.s", "a.s", "vs", "jl", "kab", "kec"}


def first_sentence(paragraph: str) -> str:
    """The lead sentence: up to the first full stop that ends a sentence."""
    for match in re.finditer(r"[.!?]['\")]*(?=\s+['\"(]?[A-Z0-9])", paragraph):
        before = paragraph[: match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        return paragraph[: match.end()].strip()
    return paragraph.strip()


def provisional_title(lead: str) -> str:
    """A stand-in headline from the lead: its first clause, at most 12 words
    (the lead's first words, when punctuation leaves no clause before it)."""
    clause = re.split(r"[,;:]\s", first_sentence(lead), maxsplit=1)[0].rstrip(".!? ")  # "... ." leaves no space
    if not any(c.isalnum() for c in clause):
        clause = " ".join(re.findall(r"\w[\w'-]*", lead)[:13]) or lead.strip()
    words = clause.split()
    if len(words) > 12:
        return " ".join(words[:12]) + " …"
    return clause


# -------------------------------------------------------------- language

_ID_WORDS = {"yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "tidak", "akan", "pada",
             "dalam", "kepada", "telah", "bahwa", "adalah", "juga", "oleh", "ke", "atau", "kata"}
_EN_WORDS = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "said",
             "by", "as", "at", "from", "has", "have", "it", "be", "are", "will"}


def detect_language(text: str) -> str:
    """'id' or 'en', by counting each language's commonest function words."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    indonesian = sum(w in _ID_WORDS for w in words)
    english = sum(w in _EN_WORDS for w in words)
    return "en" if english > indonesian else "id"


# -------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def escape_markdown(text: str) -> str:
    """Make plain text render as itself: no accidental emphasis, links, HTML,
    headings, lists or rules from characters that happen to be in the article."""
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)  # '&ap;' in the text is not the entity ≈
    text = _MD_SPECIAL.sub(lambda m: "&lt;" if m.group(1) == "<" else "&gt;" if m.group(1) == ">" else "\\" + m.group(1), text)
    text = re.sub(r"^(#+)", lambda m: "\\" + m.group(1), text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    text = re.sub(r"^([-+])(\s)", r"\\\1\2", text)
    text = re.sub(r"^-(?=[-\s]*$)", r"\\-", text)  # a line of dashes ('---', '-- -') is a rule
    return text


# ------------------------------------------------------------------ draft


@dataclass
class _Reading:
    """Working state while one seed is read; becomes an ArticleDraft."""

    title: str | None = None
    title_line: int | None = None
    date_match: dates.DateMatch | None = None
    date_line: int | None = None


def _header(lines: list[Line], reading: _Reading, removed: list[str]) -> int:
    """Read headline, date line and page furniture above the lead; returns
    the index of the first body line. The header ends at the first line that
    is none of these, so importing ingest's own output removes nothing more."""
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.stripped
        if not text:
            index += 1
            continue
        date_line = dates.parse_date_line(text)
        if date_line:
            if reading.date_match is None:
                reading.date_match, reading.date_line = date_line, line.number
            else:
                removed.append(f"line {line.number}: {text} (second date line)")
            index += 1
            continue
        if reading.title is None and not _looks_like_lead(text):
            reading.title, reading.title_line = text, line.number
            index += 1
            continue
        if reading.title is not None and _same_text(text, reading.title):
            removed.append(f"line {line.number}: {text} (headline repeated)")
            index += 1
            continue
        if reading.title is not None and _ANYWHERE_BOILERPLATE.match(text):
            # Removed anywhere; here too, so a repeated headline after it is
            # still seen as one (else re-importing the output would remove it).
            removed.append(f"line {line.number}: {text} (link or caption)")
            index += 1
            continue
        if not _looks_like_prose(text) and word_count(text) <= 4 and not _NUMBERED.match(text):
            removed.append(f"line {line.number}: {text} (category or page label)")
            index += 1
            continue
        break
    return index


def _looks_like_lead(text: str) -> bool:
    """A first line that is the lead rather than a headline: it opens with a
    publisher or dateline and says more than a headline-sized clause."""
    publisher, dateline, rest = split_lead_prefix(text)
    if word_count(text) > 40:
        return True
    return (publisher or dateline) is not None and word_count(rest) >= 8 and not _same_text(provisional_title(rest), rest)


def _would_be_furniture(text: str, title: str | None) -> bool:
    """Would this lead, once its prefix is gone, read as page furniture or
    carry yet another prefix? Then the prefix reading is not safe."""
    if dates.parse_date_line(text) or (title is not None and _same_text(text, title)):
        return True
    if not _looks_like_prose(text) and word_count(text) <= 4:
        return True
    publisher, dateline, _ = split_lead_prefix(text)
    return (publisher or dateline) is not None


def _same_text(a: str, b: str) -> bool:
    squash = lambda s: re.sub(r"\W+", "", s).lower()  # noqa: E731
    return squash(a) == squash(b)


def _strip_trailing(body: list[Line], removed: list[str]) -> list[Line]:
    """Drop comment widgets, credit lines and separators after the story."""
    while body:
        last = body[-1]
        text = last.stripped
        if not text:
            body.pop()
        elif _TRAILING_BOILERPLATE.match(text):
            removed.append(f"line {last.number}: {text} (trailing page furniture)")
            body.pop()
        else:
            mark = _TRAILING_MARKS.search(text)
            if mark and mark.start() > 0:
                removed.append(f"line {last.number}: {mark.group(0).strip()} (trailing mark)")
                body[-1] = Line(last.number, last.text[: len(last.text) - len(mark.group(0))].rstrip())
                continue  # what is left may be furniture too ("Komentar ***")
            break
    return body


def _blocks(body: list[Line]) -> list[tuple[str, list[Line]]]:
    """Group body lines into ('p'|'ol'|'ul', lines) blocks.

    Copied news text puts one paragraph per line, with or without blank lines
    between; a list item may carry indented continuation lines.
    """
    blocks: list[tuple[str, list[Line]]] = []
    index = 0
    while index < len(body):
        line = body[index]
        text = line.stripped
        if not text:
            index += 1
            continue
        kind = "ol" if _NUMBERED.match(text) else "ul" if _BULLET.match(text) else None
        if kind:
            items = [line]
            index += 1
            while index < len(body):
                nxt = body[index]
                if not nxt.stripped:
                    # a blank line ends the list unless another item follows
                    peek = index + 1
                    while peek < len(body) and not body[peek].stripped:
                        peek += 1
                    if peek < len(body) and _list_kind(body[peek].stripped) == kind and body[peek].indent <= line.indent + 1:
                        index = peek
                        continue
                    break
                if _list_kind(nxt.stripped) == kind and nxt.indent <= line.indent + 1:
                    items.append(nxt)
                elif nxt.indent > line.indent:
                    items.append(nxt)  # continuation of the current item
                else:
                    break
                index += 1
            blocks.append((kind, items))
            continue
        blocks.append(("p", [line]))
        index += 1
    return blocks


def _list_kind(text: str) -> str | None:
    return "ol" if _NUMBERED.match(text) else "ul" if _BULLET.match(text) else None


def _is_subheading(text: str, following: str | None) -> bool:
    """A short line standing alone between paragraphs, without a sentence's
    final punctuation: the crossheads news sites put in long stories."""
    if following is None or word_count(text) > 10 or len(text) > 90:
        return False
    if re.search(r"[.,;:]$", text.rstrip("'\"")):
        return False
    return _looks_like_prose(following)


def _render_markdown(blocks: list[tuple[str, list[Line]]]) -> str:
    out: list[str] = []
    for position, (kind, lines) in enumerate(blocks):
        if kind == "p":
            text = lines[0].stripped
            following = None
            if position + 1 < len(blocks):
                following = " ".join(line.stripped for line in blocks[position + 1][1])
            if position > 0 and _is_subheading(text, following):
                out.append("## " + escape_markdown(text))
            else:
                out.append(escape_markdown(text))
            continue
        items: list[list[str]] = []
        base = lines[0].indent
        numbers: list[int] = []
        for line in lines:
            match = (_NUMBERED if kind == "ol" else _BULLET).match(line.stripped)
            if match and line.indent <= base + 1:
                items.append([match["text"]])
                if kind == "ol":
                    numbers.append(int(match["n"]))
            else:
                items[-1].append(line.stripped)
        if kind == "ol" and len(items) < 2:
            out.append(escape_markdown(lines[0].stripped))  # a lone "1." is not a list
            continue
        rendered = []
        for number, item in enumerate(items, start=numbers[0] if numbers else 1):
            marker = f"{number}." if kind == "ol" else "-"
            pad = " " * 4
            chunk = f"{marker} {escape_markdown(item[0])}"
            for extra in item[1:]:
                chunk += f"\n\n{pad}{escape_markdown(extra)}"
            rendered.append(chunk)
        # A blank line between items keeps continuation paragraphs inside them.
        out.append("\n\n".join(rendered))
    return "\n\n".join(out) + "\n"


def draft_from_bytes(raw: bytes, name: str, where: str | None = None) -> ArticleDraft:
    """Read one seed (its bytes and file name) into a draft for review.

    `where` is how messages name the file (e.g. 'seeds/x.txt'); default: name.
    """
    label = where or name
    text, warnings = decode_seed(raw, label)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [Line(n, normalise_line(t)) for n, t in enumerate(raw_lines, 1)]
    overridden = [n for n, t in enumerate(raw_lines, 1) if BIDI_CONTROLS.search(t)]
    if overridden:
        warnings.append(f"{label}:{overridden[0]}: right-to-left or other direction controls removed (on "
                        f"{len(overridden)} line{'s' if len(overridden) > 1 else ''}); they make text display in "
                        "another order than it is written. Check the imported text reads as the page did")
    removed: list[str] = []
    review: list[str] = []
    reading = _Reading()
    start = _header(lines, reading, removed)
    body = [line for line in lines[start:]]
    body = _strip_trailing(body, removed)
    kept: list[Line] = []
    for line in body:
        if line.stripped and _ANYWHERE_BOILERPLATE.match(line.stripped):
            removed.append(f"line {line.number}: {line.stripped} (link or caption)")
        else:
            kept.append(line)
    body = kept
    first = next((i for i, line in enumerate(body) if line.stripped), None)
    if first is None:
        raise SeedError(label, reading.title_line, "no article text after the headline; paste the whole article, or delete this seed")

    lead_line = body[first]
    publisher, dateline, lead_rest = split_lead_prefix(lead_line.stripped)
    if (publisher or dateline) and _would_be_furniture(lead_rest, reading.title):
        publisher = dateline = None  # ambiguous: keep the lead as written
    if publisher or dateline:
        body[first] = Line(lead_line.number, lead_rest)
    lead = body[first].stripped

    title_source = "headline"
    title = reading.title
    if title is None:
        title = provisional_title(lead)
        title_source = "provisional"
        review.append("title: the text has no headline; this one is taken from the lead. Write a real headline "
                      "and set title_source: editor")

    date_value = None
    date_source = None
    if reading.date_match is not None:
        date_value, date_source = reading.date_match.value, "stated"
        if not reading.date_match.weekday_agrees:
            date_value = date_source = None
            warnings.append(f"{label}:{reading.date_line}: the date line names a weekday the date does not fall on; "
                            "date left empty. Set it in the front matter")
    else:
        stated = dates.find_weekday_date(lead)
        if stated and stated.weekday_agrees:
            date_value, date_source = stated.value, "inferred"
            review.append(f"date: inferred from the lead ('{lead[stated.span[0]:stated.span[1]]}'); "
                          "check it is the publication date")
    if date_value is None:
        review.append("date: the text states no publication date. Set date: YYYY-MM-DD and date_source: editor")
        warnings.append(f"{label}: no publication date in the text; set `date:` in the front matter of the imported article")

    markdown = _render_markdown(_blocks(body))
    return ArticleDraft(
        title=title,
        title_source=title_source,
        date=date_value,
        date_source=date_source,
        publisher=publisher,
        dateline=dateline,
        language=detect_language(title + " " + " ".join(line.stripped for line in body)),
        summary=first_sentence(lead),
        body=markdown,
        seed=name,
        seed_sha256=hashlib.sha256(raw).hexdigest(),
        review=tuple(review),
        removed=tuple(removed),
        warnings=tuple(warnings),
    )


# ------------------------------------------------------------------ slugs

