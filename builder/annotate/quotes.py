"""Direct quotations and who said them, from the cues of Indonesian,
Malay and English news copy: '"...," kata Xi', 'Xi mengatakan "..."',
'tambahnya', '"...," Xi said', '"...," he told reporters'."""
from __future__ import annotations

import bisect
import re

from ..models import Mention, Quote
from .matcher import Matcher, normalise

# Verbs that attribute speech when they follow the quotation: '"...," kata Xi'.
_AFTER_VERB = re.compile(
    r"^[\s,]*(?:(?P<verb>kata|tutur|ujar|ucap|tambah|imbuh|jelas|tegas|lanjut|lapor|sebut|menurut)(?P<nya>nya)?\b"
    r"|(?P<pronoun>dia|ia|beliau)\s+(?:berkata|menambahkan|mengatakan|menegaskan)\b"
    r"|(?P<en>said|says|added|wrote|according\s+to))(?P<rest>[^.!?]*)",
    re.I,
)
# English names the speaker first after a quotation: '"...," Xi said',
# '"...," he told reporters'; up to four words before the verb.
_EN_SPEECH = r"(?:said|says|told|tells|added|wrote|stated|explained|warned)"
_AFTER_SUBJECT = re.compile(r"^[\s,]*(?P<subject>(?:[^\W\d][\w'.-]*\s+){1,4}?)" + _EN_SPEECH + r"\b", re.I)
# Reported speech naming its speaker: 'Tokayev told reporters that ...'
# (the verb is found first: trying names before every word is slow).
_REPORTED_EN = re.compile(r"\b" + _EN_SPEECH + r"\b", re.I)
_SUBJECT_REACH = 60  # characters before the verb where its subject is named
# Verbs that introduce speech before the quotation: 'Xi mengatakan "..."'.
_BEFORE_VERB = re.compile(
    r"\b(mengatakan|menyatakan|menulis|menyebut|menegaskan|menambahkan|berjanji|berkata|menuturkan|"
    r"mengungkapkan|menjelaskan|menekankan|memperingatkan|said|says|told|wrote|added|stated)\b",
    re.I,
)
# Where the naming of a speaker ends: '..., kata Xi seperti dikutip CCTV'.
_CLAUSE_END = re.compile(r",?\s+\b(seperti|menurut|dalam|saat|ketika|pada|usai|setelah|kepada|melalui|as|according|in|on)\b", re.I)
_PRONOUN_SUBJECT = re.compile(r"^\W*(dia|ia|beliau|he|she)\b", re.I)
_QUOTED = re.compile(r'"([^"\n]+)"')
_SENTENCE_END = re.compile(r"[.!?]+['\"]?(?=\s|$)")

# A quotation shorter than this is a term or a scare quote ("tanpa batas"), not a statement.
MIN_QUOTE_WORDS = 3
SPEAKER_TYPES = ("person", "organisation")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each prose paragraph; headings and footnote definitions skipped."""
    spans = []
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        block = match.group().lstrip()
        if block.startswith(("#", "[^", "*[")):
            continue
        spans.append(match.span())
    return spans


def _mask_quotes(text: str) -> str:
    """Quoted words replaced by 'x', so punctuation inside quotes does not end sentences."""
    return _QUOTED.sub(lambda m: '"' + "x" * len(m.group(1)) + '"', text)


def find_quotes(body: str, mentions: tuple[Mention, ...], matcher: Matcher) -> tuple[Quote, ...]:
    """Direct quotations with their speakers.

    The speaker is named by an attribution in the same sentence ('..., kata
    Xi', 'Xi mengatakan "..."'); a pronoun ('tambahnya', 'dia berkata') refers
    to the last speaker named in this or the previous paragraph. Otherwise the
    quote is kept without a speaker: we never guess.
    """
    text = normalise(body)
    speakers = _Speakers([(m, matcher.entities[m.entity].type) for m in mentions
                          if matcher.entities[m.entity].type in SPEAKER_TYPES])
    quotes: list[Quote] = []
    last_speaker: tuple[str, int] | None = None  # (entity, paragraph number)
    for number, (p_start, p_end) in enumerate(_paragraphs(text)):
        paragraph = text[p_start:p_end]
        masked = _mask_quotes(paragraph)
        # (position, speaker named there, quote, whether the quote's pronoun refers back)
        events: list[tuple[int, str | None, Quote | None, bool]] = []
        for match in _QUOTED.finditer(paragraph):
            words = len(match.group(1).split())
            if words < MIN_QUOTE_WORDS:
                continue
            speaker, cue, pronoun = _attribute(masked, match.start(), match.end(), p_start, speakers)
            if speaker is None and not cue:
                continue  # no speech verb near it: a title, a term, a scare quote
            # The comma before ', kata Xi' belongs to the attribution, not to the quote.
            spoken = match.group(1).rstrip().rstrip(",")
            quote = Quote(spoken.strip(), speaker, p_start + match.start(1), p_start + match.start(1) + len(spoken), cue)
            events.append((match.start(), speaker, quote, speaker is None and pronoun))
        # Reported speech without quotation marks ('..., kata Wang.') also
        # names the speaker a later 'tambahnya' refers to, and a 'tambahnya'
        # keeps that speaker current for the next paragraph.
        for match in re.finditer(r"\b(kata|tutur|ujar|ucap|tambah)(?:\s+(?P<rest>[^.!?]*)|(?P<nya>nya)\b)", masked, re.I):
            if match.group("nya"):
                if last_speaker and number - last_speaker[1] <= 1:
                    events.append((match.start(), last_speaker[0], None, False))
                continue
            rest = p_start + match.start("rest")
            who = _speaker_in(rest, rest + _clause_length(match.group("rest")), speakers, last=True)
            if who:
                events.append((match.start(), who.entity, None, False))
        for match in _REPORTED_EN.finditer(masked):
            # Within the sentence, and not inside a quotation: a name quoted is not the one speaking.
            start = max(_sentence_start(masked, match.start()), match.start() - _SUBJECT_REACH,
                        masked.rfind('"', 0, match.start()) + 1)
            who = _speaker_in(p_start + start, p_start + match.start(), speakers, last=True)
            if who:
                events.append((start, who.entity, None, False))
        # In text order: a pronoun refers to the speaker named last before it,
        # in this paragraph or the one before.
        for position, speaker, quote, refers_back in sorted(events, key=lambda e: e[0]):
            if refers_back and last_speaker and number - last_speaker[1] <= 1:
                speaker = last_speaker[0]
                quote = quote._replace(speaker=speaker) if quote is not None else None
            if quote is not None:
                quotes.append(quote)
            if speaker:
                last_speaker = (speaker, number)
    return tuple(quotes)


def _clause_length(rest: str) -> int:
    end = _CLAUSE_END.search(rest)
    return end.start() if end else len(rest)


class _Speakers:
    """The mentions of people and organisations, in body order, found by
    position in the time of a bisection (a long body has thousands)."""

    def __init__(self, mentions: list[tuple[Mention, str]]):
        self.mentions = mentions
        self.starts = [m.start for m, _ in mentions]

    def within(self, start: int, end: int) -> list[tuple[Mention, str]]:
        low, high = bisect.bisect_left(self.starts, start), bisect.bisect_right(self.starts, end)
        return [(m, kind) for m, kind in self.mentions[low:high] if m.end <= end]


def _speaker_in(start: int, end: int, speakers: _Speakers, last: bool) -> Mention | None:
    """The mention of the person (else organisation) named between start and end."""
    inside = speakers.within(start, end)
    pool = [m for m, kind in inside if kind == "person"] or [m for m, _ in inside]
    if not pool:
        return None
    return pool[-1] if last else pool[0]


def _attribute(masked: str, q_start: int, q_end: int, offset: int,
               speakers: _Speakers) -> tuple[str | None, str, bool]:
    """(speaker, cue, refers back by pronoun) for the quote at [q_start, q_end)."""
    # 1. After the quote, within this sentence (and a short tail such as ', dia berkata.').
    after_end = _sentence_end(masked, q_end)
    tail_end = _sentence_end(masked, after_end)
    if len(masked[after_end:tail_end].split()) <= 4:
        after_end = tail_end
    after = masked[q_end:after_end]
    match = _AFTER_VERB.match(after)
    if not match:
        pronoun_tail = re.search(r"[,.]\s*(?P<pronoun>dia|ia|beliau)\s+(berkata|menambahkan)\b", after, re.I)
        if pronoun_tail:
            return None, pronoun_tail.group().strip(" ,."), True
        english = _AFTER_SUBJECT.match(after)
        if english:
            cue = english.group().strip(" ,")
            if _PRONOUN_SUBJECT.match(english.group("subject")):
                return None, cue, True
            who = _speaker_in(offset + q_end + english.start("subject"), offset + q_end + english.end("subject"),
                              speakers, last=True)
            return (who.entity if who else None), cue, False
    if match:
        cue = (after[match.start(): match.start("rest")] + after[match.start("rest"):][:_clause_length(match.group("rest"))]).strip(" ,")
        if match.group("nya") or match.group("pronoun"):
            return None, cue, True
        rest_start = q_end + match.start("rest")
        rest_end = rest_start + _clause_length(match.group("rest"))
        who = _speaker_in(offset + rest_start, offset + rest_end, speakers, last=True)
        return (who.entity if who else None), cue, False
    # 2. Before the quote, in the same sentence: the subject of the last speech verb.
    sentence_start = _sentence_start(masked, q_start)
    before = masked[sentence_start:q_start]
    verbs = list(_BEFORE_VERB.finditer(before))
    if not verbs:
        return None, "", False
    verb = verbs[-1]
    clause_start = sentence_start
    for bahwa in re.finditer(r"\b(bahwa|that)\b", before[: verb.start()], re.I):
        clause_start = sentence_start + bahwa.end()
    subject = masked[clause_start: sentence_start + verb.start()]
    who = _speaker_in(offset + clause_start, offset + sentence_start + verb.start(), speakers, last=False)
    if who is None and _PRONOUN_SUBJECT.match(subject):
        return None, f"{_PRONOUN_SUBJECT.match(subject).group(1)} {verb.group()}", True
    return (who.entity if who else None), (f"{who.text} {verb.group()}" if who else verb.group()), False


def _sentence_start(masked: str, position: int) -> int:
    start = 0
    for match in _SENTENCE_END.finditer(masked, 0, position):
        start = match.end()
    return start


def _sentence_end(masked: str, position: int) -> int:
    match = _SENTENCE_END.search(masked, position)
    return match.end() if match else len(masked)
