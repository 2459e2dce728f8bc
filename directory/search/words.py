"""Words as the search sees them: lower case, Arabic vowel marks dropped, and their trigrams
(for the typo tolerance)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Arabic short vowels, shadda, sukun, superscript alef and tatweel: rarely typed, often written.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    return _WORD.findall(_ARABIC_MARKS.sub("", text).lower())


def distinct(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


@lru_cache(maxsize=65536)
def trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def word_similarity(query: str, text: str) -> float:
    """How well the query's words occur in `text`, allowing typos (0..1, like pg_trgm's
    `word_similarity`: the share of the query's trigrams found in the best-matching words)."""
    query_words = query.split()
    text_words = [trigrams(word) for word in set(text.split())]
    if not query_words or not text_words:
        return 0.0
    found = wanted = 0
    for word in query_words:
        grams = trigrams(word)
        wanted += len(grams)
        found += max(len(grams & other) for other in text_words)
    return found / wanted


def alternatives(words: list[str]) -> list[list[str]]:
    """The query's words, and the same with each adjacent pair written as one word, so that
    "deutsch kurs" also finds "Deutschkurs" (German compounds)."""
    joined = [words[:i] + [words[i] + words[i + 1]] + words[i + 2 :] for i in range(len(words) - 1)]
    return [words, *joined]
