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
