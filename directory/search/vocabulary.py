"""The words of a district's offers in one language (`SearchWord`) with a trigram index, for
suggesting a spelling that finds something ("Vormttgkrs" -> "vormittag").

Built once per district change stamp and kept in the process (see `directory.search`): a
suggestion then compares the typed word only with the vocabulary words that share a trigram
with it, without a query.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..models import SearchWord
from .words import trigrams

SUGGEST_THRESHOLD = 0.3  # similarity of a district word to a query word worth suggesting


@dataclass
class Vocabulary:
    words: list[str]
    by_trigram: dict[str, list[int]] = field(default_factory=dict)  # trigram -> word positions

    def __post_init__(self) -> None:
        if self.by_trigram:
            return
        index: defaultdict[str, list[int]] = defaultdict(list)
        for position, word in enumerate(self.words):
            for gram in trigrams(word):
                index[gram].append(position)
        self.by_trigram = dict(index)

    @classmethod
    def load(cls, district_id: int, language: str) -> Vocabulary:
        rows = SearchWord.objects.filter(district_id=district_id, language=language)
        return cls(sorted(rows.values_list("word", flat=True)))

    def closest(self, word: str) -> str:
        """The vocabulary word most like `word` (the share of its trigrams found, then the
        closest length, then the alphabet), or `word` when none shares enough."""
        grams = trigrams(word)
        shared = Counter(position for gram in grams for position in self.by_trigram.get(gram, ()))
        best, best_score = word, (0.0, 0.0)
        for position, count in sorted(shared.items()):
            other = trigrams(self.words[position])
            # the share of the word found (as in word_similarity), then the closest length
            score = (count / len(grams), count / len(grams | other))
            if score > best_score:
                best, best_score = self.words[position], score
        return best if best_score[0] >= SUGGEST_THRESHOLD else word

    def respell(self, words: list[str]) -> str:
        """The query with each word replaced by the closest vocabulary word ("" when that
        changes nothing)."""
        respelt = [self.closest(word) for word in words]
        return " ".join(respelt) if words and respelt != words else ""
