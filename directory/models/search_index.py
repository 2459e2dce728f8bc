"""The search index of the public directory (derived data): the searchable text of each
published offer per page language, and each district's vocabulary for correcting typos."""

from __future__ import annotations

from django.db import models

from .offers import Offer


class OfferSearchDocument(models.Model):
    """The searchable text of one published offer for one page language (derived data).

    Written only by `directory.search.index_offer`; the database keeps the index beside it:
    a generated, GIN-indexed `tsvector` column on PostgreSQL, FTS5 tables fed by triggers on
    SQLite (migration 0003_search_document). "local" is the page language's translation,
    "german" the original (empty for the German document itself).
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    # No index of its own: "offer_search_scope" (district, language) serves the district too.
    # With both, PostgreSQL often read all eight languages of a district through the single
    # column index and filtered seven away (three times the work per search).
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    language = models.CharField(max_length=10)
    local_title = models.TextField(blank=True)
    german_title = models.TextField(blank=True)
    labels = models.TextField(blank=True)  # kind and topics, in German and the page language
    local_body = models.TextField(blank=True)
    german_body = models.TextField(blank=True)
    words = models.TextField(blank=True)  # distinct lower-case words, for typo matching

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="offer_search_unique")
        ]
        indexes = [models.Index(fields=["district", "language"], name="offer_search_scope")]

    def __str__(self) -> str:
        return f"{self.offer_id} [{self.language}]"


class SearchWord(models.Model):
    """One word of a district's search documents in one page language (derived data): the
    vocabulary a misspelt query word is corrected against before the full-text search
    (`directory.search`), so a typo costs a look-up among a few hundred words, not a trigram
    comparison with every document. Written by `directory.search.index_offer` (new words only)
    and rebuilt exactly by `rebuild_index`; a word that no document holds any more only makes
    a correction that finds nothing."""

    # No index of its own: the unique (district, language, word) serves the district too.
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    language = models.CharField(max_length=10)
    word = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "language", "word"], name="search_word_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.word} [{self.language}]"
