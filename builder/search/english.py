"""The English search pipeline: lunr's own, so that the browser runs it as
lunr.js ships it (stop words, then the Porter stemmer), and the build
makes the same terms with lunr.py's."""
from __future__ import annotations

from functools import lru_cache

from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS

STOP_WORDS = tuple(sorted(WORDS))  # lunr.js's stopWordFilter holds the same words


class _LunrJsPorter(PorterStemmer):
    """lunr.py's Porter stemmer, stemming as lunr.js does. lunr.py keeps
    Porter's first step 1c (y -> i after any vowel in the stem: "always" ->
    "alwai"); lunr.js turns y into i only after a consonant that is not the
    word's first letter ("alway", "cri"). On 160,000 English words the two
    disagreed on 1.1%, and a query typed in the browser missed those words.
    tests/search/test_index.py compares the two on every word it can find."""

    def step1c(self):
        if self.b[self.k] == "y" and self.k >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[:self.k] + "i" + self.b[self.k + 1:]


# Words that are a whole suffix, where lunr.js's rules (which need a letter
# before the suffix) leave what Porter's remove: the only other disagreements
# on every word of up to four letters of a varied alphabet.
_LUNR_JS_WHOLE_SUFFIX = {"eed": "e", "eeds": "e", "ies": "ie", "sses": "sse"}
_porter = _LunrJsPorter()


@lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    """lunr.js's English stem of a normalised word."""
    return _LUNR_JS_WHOLE_SUFFIX.get(word) or _porter.stem(word)


_STOP = frozenset(STOP_WORDS)


def english_terms(word: str) -> tuple[str, ...]:
    """The terms of one normalised English word: no possessive "'s", no
    stop word, stemmed (search-core.js: englishTerms)."""
    if word.endswith("'s"):
        word = word[:-2].rstrip("'")
    if not word or word in _STOP:
        return ()
    return (english_stem(word),)
