"""Which language an article is in: Indonesian, Malay or English, by the
function words each uses and the others do not.

Malay and Indonesian share most of their words; news copy tells them apart
by a few common ones: Malay selepas, kerana, boleh, ialah, iaitu, kerajaan,
bagaimanapun, daripada (far more often), Mac, Ogos; Indonesian setelah,
karena, bisa, adalah, yaitu, pemerintah, namun, Maret, Agustus.
"""
from __future__ import annotations

import re

LANGUAGES = ("id", "ms", "en")

_SHARED_MALAY_INDONESIAN = {
    "yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "tidak", "akan", "pada", "dalam", "kepada",
    "telah", "juga", "oleh", "ke", "atau", "kata", "berkata", "beliau", "mereka", "sebagai", "bahawa", "bahwa",
}
_MALAY = {
    "selepas", "kerana", "boleh", "ialah", "iaitu", "kerajaan", "bagaimanapun", "manakala", "mahupun", "menerusi",
    "semasa", "sekiranya", "bahawa", "antarabangsa", "serantau", "mesyuarat", "kemuncak", "pertubuhan", "baharu",
    "dijangka", "mac", "julai", "ogos", "disember", "setakat", "sahaja", "hendaklah", "dagangan", "tempatan",
    "bomba", "pihak berkuasa", "lawatan", "wang", "isnin", "khamis", "jumaat", "beberapa kawasan", "ringgit",
    "bersetuju", "projek", "dua hala", "kedua-dua", "membincangkan", "perbincangan", "rentas", "satu kenyataan",
    "polis", "bilion", "peratus", "syarikat", "perniagaan", "pengangkutan", "kesihatan", "kenderaan",
    "pelancongan", "sebarang", "tahun lepas", "minggu lepas", "memaklumkan", "dimaklumkan",
}
_INDONESIAN = {
    "setelah", "karena", "bisa", "yaitu", "pemerintah", "maret", "agustus", "desember", "bahwa", "sejumlah",
    "kerja sama", "mengatakan", "diketahui", "ujarnya", "tuturnya", "dilansir", "baca juga", "wib", "rp",
    "berwenang", "kunjungan", "uang", "sore", "senin", "kamis", "jumat", "sedangkan", "terhadap", "tahun lalu",
    "proyek", "bilateral", "membahas", "membicarakan", "lintas", "pernyataan", "polisi", "miliar", "persen",
    "perusahaan", "kesehatan", "kendaraan", "pariwisata", "sembarang", "minggu lalu", "mengungkapkan",
}
_ENGLISH = {
    "the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "said", "by", "as", "at", "from",
    "has", "have", "it", "be", "are", "will", "his", "her", "their", "which", "who", "would", "after", "its",
}
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def detect_language(text: str) -> str:
    """'id', 'ms' or 'en': English by its function words; then Malay or
    Indonesian by the words only one of them writes (Indonesian when the
    text does not tell)."""
    lowered = text.lower()
    words = _WORD.findall(lowered)
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:])}
    english = sum(w in _ENGLISH for w in words)
    malay_indonesian = sum(w in _SHARED_MALAY_INDONESIAN for w in words)
    if english > malay_indonesian:
        return "en"
    counted = words + list(pairs)
    malay = sum(w in _MALAY for w in counted)
    indonesian = sum(w in _INDONESIAN for w in counted)
    return "ms" if malay > indonesian else "id"
