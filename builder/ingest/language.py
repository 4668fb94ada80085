"""Which language an article is in: Indonesian, Malay or English, by the
function words each uses and the others do not; a text mostly in another
script (Cyrillic, Chinese, Arabic...) by its script, and a few other
languages written in Latin letters by their function words too.

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
# Function words of other languages written in Latin letters, none of them
# a word of English, Indonesian or Malay: an archive on one region gathers
# stories from its neighbours' and the world's press.
_OTHER_LATIN = {
    "fr": {"le", "les", "des", "du", "une", "est", "dans", "pour", "qui", "avec", "sur", "aux", "été", "selon",
           "mais", "ont", "cette", "leur", "entre", "après"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "dem", "sich", "auch", "auf", "eine", "einer",
           "wurde", "nach", "zwischen", "sagte", "für", "über"},
    "es": {"el", "los", "las", "del", "que", "una", "por", "con", "para", "según", "entre", "tras", "sus", "como",
           "pero", "fue", "más", "este", "esta", "dijo"},
    "pt": {"os", "das", "dos", "que", "uma", "não", "com", "para", "pelo", "pela", "segundo", "entre", "após", "seu",
           "sua", "foi", "mais", "este", "esta", "disse"},
    "tr": {"ve", "bir", "bu", "ile", "için", "olarak", "daha", "çok", "olan", "gibi", "kadar", "ancak", "sonra",
           "göre", "arasında", "dedi"},
}
# Scripts that tell a language at once: (language, pattern of its letters).
_SCRIPTS = (("ko", re.compile(r"[\uac00-\ud7af]")), ("ru", re.compile(r"[\u0400-\u04ff]")),
            ("ar", re.compile(r"[\u0600-\u06ff]")), ("th", re.compile(r"[\u0e00-\u0e7f]")))
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")  # Japanese writes it among its Chinese characters
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһ]", re.I)  # Cyrillic letters Kazakh writes and Russian does not
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_ANY_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """A language code: English by its function words; then Malay or
    Indonesian by the words only one of them writes (Indonesian when the
    text does not tell). A text mostly in another script is in its
    script's language (Cyrillic: Kazakh by its own letters, else Russian;
    Han without kana: Chinese); one whose function words are French,
    German, Spanish, Portuguese or Turkish more than English or Indonesian
    ones is in that language."""
    half = sum(1 for c in text if c.isalpha()) / 2
    han, kana = len(_HAN.findall(text)), len(_KANA.findall(text))
    if han + kana > half:
        return "ja" if kana else "zh"
    for language, script in _SCRIPTS:
        in_script = len(script.findall(text))
        if in_script > half:
            return "kk" if language == "ru" and len(_KAZAKH_LETTERS.findall(text)) * 100 >= in_script else language
    lowered = text.lower()
    words = _WORD.findall(lowered)
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:])}
    english = sum(w in _ENGLISH for w in words)
    malay_indonesian = sum(w in _SHARED_MALAY_INDONESIAN for w in words)
    every_word = _ANY_WORD.findall(lowered)
    other = max(((sum(w in listed for w in every_word), code) for code, listed in sorted(_OTHER_LATIN.items())),
                default=(0, ""))
    if other[0] > max(english, malay_indonesian):
        return other[1]
    if english > malay_indonesian:
        return "en"
    counted = words + list(pairs)
    malay = sum(w in _MALAY for w in counted)
    indonesian = sum(w in _INDONESIAN for w in counted)
    return "ms" if malay > indonesian else "id"
