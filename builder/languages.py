"""What the builder knows of the archive's languages as words: the
function words that mean nothing on their own."""
from __future__ import annotations

# True function words only: Sastrawi's long list drops kerja, sama, bekerja, bersama.
INDONESIAN_STOP_WORDS = ("yang", "dan", "di", "ke", "dari", "ini", "itu", "pada", "untuk", "dengan", "dalam", "atau", "juga",
              "akan", "oleh", "sebagai", "bahwa", "adalah", "para", "pun", "lah", "kah", "nya", "si", "sang")

# Words common enough in Indonesian or English news that a name spelled like
# one would mark most sentences (registry.risky_names warns of them).
COMMON_WORDS = frozenset(INDONESIAN_STOP_WORDS) | {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "it",
    "he", "she", "we", "they", "that", "this", "said", "ada", "tidak", "ia", "dia", "kami", "kita", "mereka",
    "saat", "kata", "ujar", "tahun", "hari",
}

# English words of institutions', events' and programmes' names, in Indonesian
# (and Malay), so `suggest` can tell that an English name is an entry's name
# in other words: "Shanghai Cooperation Organisation" is "Organisasi Kerja
# Sama Shanghai". A word may have several translations, or none that is
# written ("affairs" in "Ministry of Foreign Affairs": "Kementerian Luar Negeri").
ENGLISH_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "ministry": ("kementerian",), "minister": ("menteri",), "foreign": ("luar negeri",), "affairs": ("",),
    "home": ("dalam negeri",), "organisation": ("organisasi",), "organization": ("organisasi",),
    "cooperation": ("kerja sama", "kerjasama"), "summit": ("ktt", "konferensi tingkat tinggi", "sidang kemuncak"),
    "conference": ("konferensi", "persidangan"), "council": ("dewan", "majlis"), "development": ("pembangunan",),
    "investment": ("investasi", "pelaburan"), "infrastructure": ("infrastruktur",), "national": ("nasional",),
    "people's": ("rakyat",), "republic": ("republik",), "nations": ("bangsa-bangsa",), "security": ("keamanan",),
    "committee": ("komite", "jawatankuasa"), "parliament": ("parlemen", "parlimen"), "central": ("tengah",),
    "economic": ("ekonomi",), "union": ("uni", "kesatuan"), "party": ("partai", "parti"), "communist": ("komunis",),
    "defence": ("pertahanan",), "defense": ("pertahanan",), "trade": ("perdagangan",), "energy": ("energi", "tenaga"),
    "embassy": ("kedutaan besar", "kedutaan"), "agency": ("badan", "agensi"), "bank": ("bank",),
    "initiative": ("inisiatif",), "belt": ("sabuk",), "road": ("jalan",), "silk": ("sutra",), "forum": ("forum",),
    "army": ("tentara",), "liberation": ("pembebasan",), "government": ("pemerintah", "kerajaan"),
    "south": ("selatan",), "north": ("utara",), "east": ("timur",), "west": ("barat",), "sea": ("laut",),
    "world": ("dunia",), "international": ("internasional", "antarabangsa"), "monetary": ("moneter", "kewangan"),
    "fund": ("dana",), "health": ("kesehatan", "kesihatan"), "court": ("mahkamah", "pengadilan"),
    "supreme": ("agung",), "assembly": ("majelis", "perhimpunan"), "general": ("umum", "agung"),
    "treaty": ("perjanjian",), "agreement": ("perjanjian", "kesepakatan"), "palace": ("istana",),
    "office": ("kantor", "pejabat"), "news": ("berita",), "crisis": ("krisis",), "war": ("perang",),
    "pipeline": ("pipa", "saluran paip"), "railway": ("kereta api",), "corridor": ("koridor",),
}
