"""Proposals for the entity registry: names the articles use that no entry
covers, and other spellings of entries it has, so the registry can grow with
the archive without an editor reading every article.

A name is a run of capitalised words ("Shin Tae-yong", "Belt and Road",
"Badan Penanggulangan Bencana Daerah") or an acronym, outside every mention
the registry already finds. What is not a name is left out: titles before a
name ("Presiden"), currencies, units, time zones, pronouns, months and days,
upper-case datelines and bylines, possessive endings, and a lone word seen
only at the start of sentences. Each proposal says why: a spelling, short
form, demonym or part of an existing entry is proposed as an alias of it; a
new name comes with a type guessed from its words and the words around it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import product
from math import prod

from .. import dates
from ..languages import ENGLISH_NAME_WORDS
from ..models import Article, Entity
from ..text import WORD, slugify
from .matcher import Matcher, normalise
from .mentions import sentence_at

# One capitalised word: internal hyphens and apostrophes belong to it (Tae-yong, Xi'an, O'Brien).
_CAPITALISED = r"[A-Z][^\W_]*(?:['\u2019-][^\W_]+)*"
# Lower-case words that stay inside a name between capitalised ones.
_JOINER_WORDS = {"and", "dan", "of", "bin", "binti", "van", "von", "de", "da", "del", "der", "la", "el", "al"}
_JOINERS = "(?:" + "|".join(sorted(_JOINER_WORDS)) + ")"
_RUN = re.compile(rf"(?<![\w'\u2019-]){_CAPITALISED}(?:[ ]+(?:{_JOINERS}[ ]+)?{_CAPITALISED})*")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]*[A-Z0-9]$")
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]*[A-Z0-9])\s*\)")

# Words before a name that are a person's title or role, not the name.
TITLES = {
    "presiden", "wakil", "menteri", "perdana", "luar", "negeri", "dalam", "koordinator", "sekretaris", "jenderal",
    "juru", "bicara", "duta", "besar", "gubernur", "bupati", "wali", "kota", "kepala", "ketua", "direktur",
    "utama", "raja", "ratu", "pangeran", "sultan", "syekh", "dr", "prof", "ir", "h", "hj", "bapak", "ibu", "pak",
    "bu", "kolonel", "mayor", "letnan", "laksamana", "marsekal", "brigjen", "irjen", "kapolri", "panglima",
    "senator", "anggota", "pelatih", "penasihat", "asisten", "president", "vice", "prime", "minister",
    "foreign", "secretary", "general", "spokesperson", "spokesman", "spokeswoman", "ambassador", "governor",
    "mayor", "chairman", "chairwoman", "chief", "executive", "king", "queen", "prince", "princess", "sir", "mr",
    "mrs", "ms", "lord", "coach", "deputy", "datuk", "dato", "tan", "sri", "tun", "yang", "berhormat", "affairs",
    "state", "director", "counsellor", "adviser", "advisor",
}
# Role words that end a run before the name they belong to ("Chinese President [Xi Jinping]").
ROLES = {"presiden", "president", "menteri", "minister", "sekretaris", "secretary", "spokesperson", "spokesman",
         "ambassador", "gubernur", "governor", "mayor", "ketua", "chairman", "raja", "king", "queen", "prince",
         "pelatih", "coach", "direktur", "director", "premier", "chancellor"}
# Capitalised only because a sentence starts with them.
FUNCTION_WORDS = {
    "dalam", "namun", "menurut", "sementara", "selain", "kemudian", "saat", "ketika", "di", "ke", "dari", "pada",
    "untuk", "dengan", "oleh", "bagi", "sejak", "setelah", "sebelum", "meski", "meskipun", "walaupun", "jika",
    "bila", "karena", "sebab", "adapun", "sedangkan", "bahkan", "selama", "hingga", "sampai", "tahun", "para",
    "sang", "itu", "ini", "hal", "pihak", "kedua", "ketiga", "pertama", "the", "a", "an", "in", "on", "at", "but",
    "and", "however", "while", "after", "before", "when", "this", "that", "these", "those", "as", "for", "with",
    "from", "by", "if", "since", "during", "also", "yet", "meanwhile", "of", "to", "its", "his", "her", "their",
    "our", "we", "they", "he", "she", "it", "i", "you", "there", "here", "selepas", "kerana", "bagaimanapun",
}
ADDRESS_WORDS = {"rt", "rw", "jl", "jln", "no", "kel", "kec", "kab", "gg"}  # RT 05/RW 03, Jl. Sudirman No. 5
CURRENCIES = {"rp", "rm", "usd", "idr", "cny", "rmb", "eur", "myr", "sgd", "jpy", "gbp", "kzt", "tenge", "yuan",
              "us", "s", "hk", "a", "nz"}  # the last ones as in US$, S$, HK$, A$, NZ$
UNITS = {"km", "kg", "mw", "gw", "kw", "kwh", "mwh", "gwh", "tb", "gb", "mb", "cm", "mm", "ha", "bbl", "bpd",
         "ton", "mt", "ppm", "pct"}
TIME_ZONES = {"wib", "wita", "wit", "gmt", "utc", "cet", "cest", "est", "edt", "pst", "pdt", "myt", "sgt", "jst",
              "kst", "bst", "ist", "almt", "msk", "cst"}
PRONOUNS = {"anda", "kami", "saya", "aku", "dia", "ia", "mereka", "kita", "beliau", "engkau", "kalian",
            "kamu", "i", "we", "he", "she", "they", "it", "you", "me", "us", "him", "them"}
NOT_NAMES = CURRENCIES | UNITS | TIME_ZONES | PRONOUNS | ADDRESS_WORDS | set(dates.MONTHS) | set(dates.WEEKDAYS)
BYLINE_LABELS = re.compile(r"(?:^|\n)[ \t]*(?:oleh|by|reporter|penulis|editor|pewarta|laporan|foto)\s*:?\s*$", re.I)

# Words inside a name, or around it, that say what kind of thing it is.
TYPE_WORDS = {
    "organisation": {"badan", "dana", "kementerian", "organisasi", "komisi", "dewan", "partai", "bank", "universitas",
                     "institut", "lembaga", "asosiasi", "perusahaan", "pt", "tbk", "kantor", "pasukan", "angkatan",
                     "kepolisian", "polda", "polres", "persatuan", "perhimpunan", "ikatan", "yayasan", "majelis",
                     "ministry", "organization", "organisation", "council", "committee", "commission", "agency",
                     "company", "corporation", "corp", "inc", "ltd", "university", "institute", "party",
                     "association", "union", "forces", "group", "bureau", "office", "fund", "federation"},
    "event": {"ktt", "konferensi", "forum", "summit", "olimpiade", "olympics", "pemilu", "pilpres", "pilkada",
              "festival", "perang", "war", "games", "piala", "cup", "kongres", "congress", "expo", "pekan",
              "sidang", "conference", "pertemuan", "championship", "kejuaraan", "tragedi", "insiden",
              "kerusuhan", "gempa", "banjir"},
    "place": {"kota", "provinsi", "kabupaten", "kecamatan", "desa", "pulau", "gunung", "sungai", "danau", "laut",
              "selat", "teluk", "pelabuhan", "bandara", "city", "province", "island", "islands", "sea", "river",
              "lake", "mount", "port", "airport", "region", "county", "district", "bay", "strait", "valley"},
}
_TYPE_MARKERS = TYPE_WORDS["organisation"] | TYPE_WORDS["event"] | TYPE_WORDS["place"]
_PERSON_BEFORE = TITLES - {"dalam", "luar", "negeri", "kota", "besar", "utama", "general", "executive", "yang",
                           "tan", "sri", "tun", "dato", "berhormat", "h", "hj", "ir", "anggota", "ibu", "bu"}
_PERSON_AFTER = {"kata", "ujar", "ucap", "tutur", "jelas", "tegas", "mengatakan", "menegaskan", "menjelaskan",
                 "said", "says", "told", "added"}
_PLACE_BEFORE = {"di", "ke", "dari", "in", "to", "from", "near", "dekat", "kawasan", "wilayah"}
_DEMONYM_ENDINGS = (("stan", ""), ("istan", ""), ("", "n"), ("", "an"), ("", "ian"), ("", "i"), ("a", "ese"),
                    ("", "ese"), ("a", "an"))


@dataclass
class Proposal:
    """A name for the registry: new (alias_of None) or another name of an entry."""

    name: str
    count: int = 0  # times the archive uses it (its aliases included)
    articles: set[str] = field(default_factory=set)  # slugs
    example: tuple[str, str] = ("", "")  # (slug, the sentence around its first use)
    type: str = "concept"
    why: str = ""  # the reason for the type, or for the alias
    aliases: list[str] = field(default_factory=list)
    alias_of: str | None = None  # an entry's id
    evidence: Counter = field(default_factory=Counter)  # (type, reason) -> times seen
    mid_sentence: bool = False  # seen other than at the start of a sentence

    @property
    def id(self) -> str:
        return slugify(self.name)


def propose(articles: tuple[Article, ...], matcher: Matcher, abbreviations: dict[str, str] | None = None
            ) -> list[Proposal]:
    """Every proposal, aliases of existing entries first, then new names,
    each group by how often the archive uses it."""
    entities = tuple(matcher.entities.values())
    lowercase = {w for a in articles for w in WORD.findall(a.body) if w.islower()}
    explained = set(abbreviations or {}) | set((abbreviations or {}).values())
    known = {_folded(name) for entity in entities for name in entity.all_names}
    runs: list[_Run] = []
    defined: dict[str, str] = {}  # acronym -> the name it abbreviates, as the text defines it
    for article in sorted(articles, key=lambda a: a.slug):
        runs.extend(_runs(article, matcher, lowercase, defined, known))
    _drop_sentence_openers(runs)
    seen_alone = Counter(run.name for run in runs)
    found: dict[str, Proposal] = {}
    for run in runs:
        name, article, offset, before, after = run.name, run.article, run.offset, run.before, run.after
        parts = _split_fused(name, seen_alone)
        for index, part in enumerate(parts):
            if part in explained or part.lower() in NOT_NAMES:
                continue
            item = found.setdefault(part, Proposal(part, example=(article.slug, sentence_at(article.body, offset))))
            item.count += 1
            item.articles.add(article.slug)
            last = index == len(parts) - 1  # "Presiden Azerbaijan Ilham Aliyev": the title is Aliyev's
            item.evidence.update(_type_evidence(part, before if last else "", after if last else ""))
            item.mid_sentence |= before not in ("", ".") or index > 0
    # "China's", "ASTANA": a name the registry has, which the matcher passes
    # over in a possessive or in capitals, is no proposal.
    registered = {name.lower() for entity in entities for name in entity.all_names + entity.short}
    for name in [n for n in found if n.lower() in registered]:
        del found[name]
    _merge_definitions(found, defined)
    _merge_short_forms(found)
    _merge_spellings(found)
    for item in found.values():
        item.type, item.why = _guess_type(item)
    for item in found.values():
        _tie_to_entry(item, entities)
    # A lone word seen only at the start of sentences is an ordinary word.
    kept = [p for p in found.values()
            if p.alias_of or len(p.name.split()) > 1 or _ACRONYM.match(p.name) or p.mid_sentence]
    return sorted(kept, key=lambda p: (p.alias_of is None, -p.count, p.name))


# ---------------------------------------------------------------- reading

@dataclass
class _Run:
    """One candidate name where the text uses it."""

    name: str
    article: Article
    offset: int
    before: str  # the word before it ('.' at the start of a sentence)
    after: str  # the word right after it
    opens_sentence: bool


def _runs(article: Article, matcher: Matcher, lowercase: set[str], defined: dict[str, str],
          known: set[str]) -> list[_Run]:
    """The candidate names of one article, outside the registry's mentions."""
    text = normalise(article.body)
    masked = list(text)
    mention_at: dict[int, int] = {}  # end -> start of each mention
    for mention in matcher.find(article.body):
        masked[mention.start:mention.end] = "\0" * (mention.end - mention.start)
        mention_at[mention.end] = mention.start
    masked_text = "".join(masked)
    found = []
    for match in _RUN.finditer(masked_text):
        start, words = match.start(), match.group().split(" ")
        words = [w for w in words if w]
        if start - 1 in mention_at and masked_text[start - 1] == " ":
            joined = text[mention_at[start - 1]:match.end()]  # "Washington DC" beside "Washington"
            if _folded(joined) in known:
                found.append(_Run(joined, article, mention_at[start - 1], "", "", False))
                continue
        line_start = masked_text.rfind("\n", 0, start) + 1
        lead_in = masked_text[line_start:start]
        if start < _dateline_end(masked_text, line_start):
            continue  # "TASHKENT, (Warta) -": the dateline and the outlet's credit
        if len(words) > 1 and all(w.isupper() for w in words):
            continue  # shouted: a heading, a dateline ("KUALA LUMPUR:"), a credit ("ASTANA, WARTA CONTOH -")
        if not lead_in.strip() and match.group().isupper() and len(match.group()) >= 4 and \
                re.match(r"[ ,.(\u2013\u2014-]", masked_text[match.end():match.end() + 1] or "."):
            continue  # an upper-case dateline: "ASTANA, ..." or "JAKARTA -"
        if BYLINE_LABELS.search(masked_text[max(0, start - 30):start]) or lead_in.rstrip().endswith("[^") or \
                (not lead_in.strip() and words[0].lower() in ("oleh", "by", "reporter", "penulis", "editor")):
            continue  # a byline ("Oleh Nama") or a footnote label
        before_text = masked_text[:start].rstrip(" \t\"'(")
        sentence_start = not before_text or before_text[-1] in ".!?:\n" or _heading(masked_text, line_start)
        previous = re.search(r"([^\W\d_]+)\W*$", before_text[-40:])
        before = "." if sentence_start else (previous.group(1).lower() if previous else "")
        following = re.match(r"[ ]+([^\W\d_]+)", masked_text[match.end():match.end() + 40])  # "X, kata Y": Y speaks
        after = following.group(1).lower() if following else ""
        # Titles and sentence-opening words before the name are not the name.
        while words and (words[0].lower() in TITLES or words[0].lower() in FUNCTION_WORDS or
                         (sentence_start and len(words) > 1 and words[0].lower() in lowercase and
                          words[0].lower() not in _TYPE_MARKERS)):
            before = words[0].lower()  # "Presiden X": a person; "Di X": a place
            start += len(words[0]) + 1
            words.pop(0)
        words = _strip_noise(words, masked_text, match.end())
        if not words:
            continue
        name = " ".join(words)
        name = re.sub(r"['\u2019]s$", "", name)  # Xi's, Beijing's
        if len(words) == 1 and (name.lower() in lowercase or len(name) < 2):
            continue  # an ordinary word, capitalised
        definition = _DEFINED.match(masked_text, match.end() + 1 if masked_text[match.end():match.end() + 1] == " "
                                    else match.end())
        if definition and _abbreviates(definition.group(1), name):
            defined[definition.group(1)] = name
        found.append(_Run(name, article, start, before, after, sentence_start and before == "."))
    return found


def _dateline_end(text: str, line_start: int) -> int:
    """Where a paragraph's upper-case dateline ends ("ALMATY, WARTA -"), or 0."""
    head = text[line_start:line_start + 80]
    if not re.match(r"[A-Z][A-Z]{2,}", head):
        return 0
    cut = re.search(r"\s[-\u2013\u2014]{1,2}\s|:\s", head)
    return line_start + cut.end() if cut else 0


def _drop_sentence_openers(runs: list[_Run]) -> None:
    """'Investor Chinese' at the start of a sentence: a word the archive
    never capitalises inside a sentence is not part of the name after it."""
    inside = {word for run in runs for index, word in enumerate(run.name.split())
              if index > 0 or not run.opens_sentence}
    for run in runs:
        words = run.name.split()
        while run.opens_sentence and len(words) > 1 and words[0] not in inside and not words[0].isupper() \
                and words[0].lower() not in _TYPE_MARKERS:  # "KTT Iklim Baku", "Badan Pusat Statistik"
            run.offset += len(words[0]) + 1
            words.pop(0)
        run.name = " ".join(words)


def _heading(text: str, line_start: int) -> bool:
    """A short line of mostly capitalised words ("Kerja Sama Jalur Sutra yang
    Berkualitas") is a heading: its capitals say nothing of names."""
    end = text.find("\n", line_start)
    words = re.findall(r"[^\W\d_]+", text[line_start:end if end >= 0 else len(text)])
    return 0 < len(words) <= 12 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _strip_noise(words: list[str], text: str, end: int) -> list[str]:
    """Currencies (Rp, US$), units, time zones, pronouns, months and days at
    either end of a run are not part of a name."""
    if words and text[end:end + 1] == "$":
        words = words[:-1]  # US$ 5 juta
    while words and (words[-1].lower() in NOT_NAMES or words[-1].lower() in _JOINER_WORDS
                     or words[-1].lower() in ROLES or words[-1].lower() in _ROLE_QUALIFIERS):
        words = words[:-1]
    while words and (words[0].lower() in NOT_NAMES or words[0].lower() in _JOINER_WORDS):
        words = words[1:]
    return words


_ROLE_QUALIFIERS = {"foreign", "affairs", "vice", "prime", "deputy", "state", "defence", "defense", "trade"}


def _abbreviates(acronym: str, name: str) -> bool:
    """Whether `acronym` can stand for `name`: its letters are initials of
    the name's words, in order (BPBD, BRI for Belt and Road Initiative)."""
    initials = "".join(w[0] for w in name.split() if w[0].isupper())
    letters = [c for c in acronym if c.isalpha()]
    if len(name.split()) < 2 or not letters:
        return False
    if acronym.isupper() and all(w[0].isupper() or w in _JOINER_WORDS for w in name.split()):
        return True  # also an acronym of the name in another language: Dana Moneter Internasional (IMF)
    if letters[0] != initials[:1]:
        return False
    position = 0
    for letter in letters:
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _split_fused(name: str, seen_alone: Counter) -> list[str]:
    """Names run together ("Azerbaijan Ilham Aliyev", "Rusia dan Ukraina")
    split where a name the archive also uses on its own ends. A part that
    says what kind of thing it is ("Shanghai Cooperation Organisation")
    keeps the name whole."""
    words = name.split()
    if any(w.lower() in _TYPE_MARKERS for w in words):
        return [name]
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), words[cut:]
        if tail[0].lower() in ("dan", "and") and len(tail) > 1:
            rest = " ".join(tail[1:])
            if seen_alone[head] and seen_alone[rest]:
                return [head, *_split_fused(rest, seen_alone)]
        elif len(tail) >= 2 and not any(w.lower() in _JOINER_WORDS for w in words[cut - 1:cut + 1]) and (
                seen_alone[head] or (cut == 1 and len(tail) == 2 and seen_alone[tail[-1]])):
            # the head is a name of its own, or the tail a person's whole name whose surname stands alone too
            return [head, *_split_fused(" ".join(tail), seen_alone)]
    return [name]


def _type_evidence(name: str, before: str, after: str) -> Counter:
    evidence: Counter = Counter()
    words = {w.lower() for w in re.split(r"[\s-]+", name)}
    for kind, markers in TYPE_WORDS.items():
        hit = sorted(words & markers)
        if hit:
            evidence[(kind, f"'{hit[0]}' in the name")] += 3
    single = len(name.split()) == 1  # "Presiden Kyrgyzstan, Sadyr Japarov": a lone word after a title may be a place
    if before in _PERSON_BEFORE:
        evidence[("person", f"after '{before}'")] += 1 if single else 2
    placed = before in _PLACE_BEFORE or before in TYPE_WORDS["place"]  # "di X", "Kota X"
    if after in _PERSON_AFTER and not placed:  # "di Almaty mengatakan": who spoke is before it
        evidence[("person", f"before '{after}'")] += 1 if single else 2
    if placed:
        evidence[("place", f"after '{before}'")] += 1
    if _ACRONYM.match(name) and len(name) >= 2:
        evidence[("organisation", "an acronym")] += 1
    return evidence


# ---------------------------------------------------------------- merging

def _merge(found: dict[str, Proposal], alias: str, into: str) -> None:
    item, target = found.pop(alias), found[into]
    target.count += item.count
    target.articles |= item.articles
    target.evidence.update(item.evidence)
    target.mid_sentence |= item.mid_sentence
    if alias not in target.aliases:
        target.aliases.append(alias)


def _merge_definitions(found: dict[str, Proposal], defined: dict[str, str]) -> None:
    """'Badan Penanggulangan Bencana Daerah (BPBD)': one entry, the acronym its alias."""
    for acronym, name in sorted(defined.items()):
        if name in found:
            if acronym in found:
                _merge(found, acronym, name)
            elif acronym not in found[name].aliases:
                found[name].aliases.append(acronym)


def _merge_short_forms(found: dict[str, Proposal]) -> None:
    """'Lin' in articles that name 'Lin Jian': the same person, said shorter."""
    longer = [p for p in found.values() if len(p.name.split()) > 1 
              and not any(k in ("place", "organisation", "event") for k, _ in p.evidence)
              and not any(w.lower() in _TYPE_MARKERS for w in p.name.split())]
    for name in sorted(n for n in found if len(n.split()) == 1 and not _ACRONYM.match(n)):
        owners = [p for p in longer if name in (p.name.split()[0], p.name.split()[-1])
                  and found[name].articles <= p.articles]
        if len(owners) == 1:
            _merge(found, name, owners[0].name)


def _merge_spellings(found: dict[str, Proposal]) -> None:
    """'Nur Sultan' and 'Nur-Sultan', 'Xi'an' and 'Xi’an': one name, the
    commoner spelling first."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in found:
        by_key[_folded(name)].append(name)
    for names in by_key.values():
        if len(names) > 1:
            names.sort(key=lambda n: (-found[n].count, n))
            for other in names[1:]:
                _merge(found, other, names[0])
    singles = sorted(n for n in found if " " not in n)
    for name in singles:  # "Tajik" beside "Tajikistan", "Malaysian" beside "Malaysia"
        place = next((other for other in singles if other in found and _demonym(name, other)), None)
        if place is not None and name in found:
            _merge(found, name, place)


def _folded(name: str) -> str:
    """A name with case, accents, apostrophes, hyphens and spaces taken out."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[\s'\u2019\u2018`\-\u2010\u2011.]+", "", plain).lower()


def _guess_type(item: Proposal) -> tuple[str, str]:
    if not item.evidence:
        return "concept", "a guess: nothing in or around the name says otherwise"
    totals: Counter = Counter()
    for (kind, _), weight in item.evidence.items():
        totals[kind] += weight
    kind = max(sorted(totals), key=lambda k: totals[k])
    reasons = sorted(((reason, times) for (k, reason), times in item.evidence.items() if k == kind),
                     key=lambda rt: -rt[1])
    return kind, "a guess: " + ", ".join(reason for reason, _ in reasons[:2])


def _tie_to_entry(item: Proposal, entities: tuple[Entity, ...]) -> None:
    """Make `item` an alias proposal when it is another name of an entry:
    a spelling, a short form, an adjective or demonym, or part of a name."""
    key = _folded(item.name)
    for entity in entities:
        for known in entity.all_names + entity.short:
            if _folded(known) == key:
                item.alias_of, item.why = entity.id, f"a spelling of '{known}' (accents, apostrophes, hyphens, spaces)"
                return
    words = item.name.split()
    for entity in entities:
        for known in entity.all_names:
            known_words = known.split()
            if entity.type == "person" and len(words) == 1 and len(known_words) > 1 and \
                    words[0] in (known_words[0], known_words[-1]):
                item.alias_of, item.why = entity.id, f"a short form of '{known}'"
                return
            if 1 < len(words) == len(known_words) - 1 and known_words[0] not in _JOINER_WORDS and \
                    words in (known_words[1:], known_words[:-1]):
                item.alias_of, item.why = entity.id, f"part of '{known}'"
                return
            if words[:-1] == known_words[:-1] and _demonym(words[-1], known_words[-1]):
                item.alias_of, item.why = entity.id, f"an adjective or demonym of '{known}'"
                return
    # In English, word for word: "Shanghai Cooperation Organisation" for "Organisasi Kerja Sama Shanghai".
    translations = _translations(words)
    for entity in entities if translations else ():
        for known in entity.all_names:
            if len(known.split()) > 1 and _name_words(known.lower().split()) in translations:
                item.alias_of, item.why = entity.id, f"'{known}' in English, word for word"
                return


def _name_words(words: list[str]) -> Counter:
    """A name's words as a bag, joiners ('dan', 'of') left out: word order differs between languages."""
    return Counter(w for word in words for w in word.split() if w not in _JOINER_WORDS and w != "the")


def _translations(words: list[str]) -> list[Counter]:
    """The bags of Indonesian or Malay words an English name of several words
    can be, word for word (ENGLISH_NAME_WORDS). (A registered name inside it
    would have cut the name there: the matcher found it.)"""
    options = []
    for word in (w.lower() for w in words):
        if word in _JOINER_WORDS or word == "the":
            continue
        options.append(sorted({word, *ENGLISH_NAME_WORDS.get(word, ())}))
    if len(options) < 2 or all(len(o) == 1 for o in options) or prod(map(len, options)) > 256:
        return []
    return [_name_words(list(combination)) for combination in product(*options)]


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _demonym(word: str, name: str) -> bool:
    """Kazakh/Kazakhstan, Chinese/China, Russian/Russia, Indonesian/Indonesia."""
    if len(word) < 4 or word == name:
        return False
    for name_end, word_end in _DEMONYM_ENDINGS:
        if name.endswith(name_end) and word.endswith(word_end):
            stem = name[:len(name) - len(name_end)] if name_end else name
            if word == stem + word_end and len(stem) >= 4:
                return True
    return False


# ---------------------------------------------------------------- output

def as_yaml(proposals: list[Proposal], entities: dict[str, Entity]) -> str:
    """Proposals in the registry's own format: new entities as entries to
    copy into content/entities.yaml (each with its evidence as comments),
    other names of existing entries as the line to put in that entry."""
    new = [p for p in proposals if p.alias_of is None]
    known = [p for p in proposals if p.alias_of is not None]
    out = [f"# From `news-archive suggest`: {len(new)} new entities and {len(known)} other names of entries the",
           "# registry has. Copy the ones worth annotating into content/entities.yaml and write",
           "# each new entity's description (one sentence); the build asks for it until you do.", ""]
    if known:
        out += ["# ---- Other names of entries you have: put the line shown in that entry", ""]
        for item in known:
            entity = entities[item.alias_of]  # type: ignore[index]
            short = item.why.startswith("a short form")
            current = list(entity.short if short else entity.aliases)
            out += [f"# {entity.id} ({entity.name}): {_flow(item.name)}, {item.why}; {_times(item)}",
                    f"#   e.g. ({item.example[0]}) {_flow(_brief(item.example[1]))}",
                    f"#   {'short' if short else 'aliases'}: {_flow(current + [item.name, *item.aliases])}", ""]
    if new:
        out += ["# ---- New entities", ""]
        for item in new:
            short = [a for a in item.aliases if a in (item.name.split()[0], item.name.split()[-1])]
            aliases = [a for a in item.aliases if a not in short]
            out += [f"# {_times(item)}; type {item.type} ({item.why})",
                    f"# e.g. ({item.example[0]}) {_flow(_brief(item.example[1]))}",
                    f"- id: {item.id}", f"  name: {_flow(item.name)}", f"  type: {item.type}"]
            if aliases:
                out.append(f"  aliases: {_flow(aliases)}")
            if short:
                out.append(f"  short: {_flow(short)}")
            out += ['  description: ""', ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _times(item: Proposal) -> str:
    count, articles = item.count, len(item.articles)
    return f"{count} time{'s' if count != 1 else ''} in {articles} article{'s' if articles != 1 else ''}"


def _brief(sentence: str, limit: int = 160) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[:limit - 1].rstrip() + "\u2026"


def _flow(value: object) -> str:
    """One YAML value on one line, quoted where YAML needs it."""
    import yaml

    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()
