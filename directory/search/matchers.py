"""The text match, one interface and two backends chosen by the database vendor:

- PostgreSQL: a generated `tsvector` per (offer, page language) with the language's text-search
  configuration (`simple` where PostgreSQL has no stemmer) and a GIN index, prefix queries
  (`word:*`) ranked by `ts_rank`, tested only against the district's documents in the page
  language; misspelt words are first corrected against the district's vocabulary (`SearchWord`,
  `pg_trgm` word similarity) and then searched the same way (docs/adr/0009).
- SQLite: FTS5 (`unicode61 remove_diacritics 2`) with prefix queries ranked by `bm25`, plus an
  FTS5 trigram table that narrows the candidates for a trigram word similarity in Python.

Either costs one query; misspellings are looked for only when the words find fewer than
`MIN_TEXT_HITS` offers.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db import connection

from .words import alternatives, trigrams, word_similarity

# PostgreSQL text-search configuration per page language; the others use `simple`. Migration
# 0003_search_document spells the same mapping into the generated column: change both together.
PG_CONFIGS = {
    "de": "german",
    "en": "english",
    "ar": "arabic",
    "tr": "turkish",
    "ru": "russian",
}
# Trigram word similarity that still counts as a match: the share of the query's trigrams found
# in the best-matching stretch of a document (as pg_trgm's default `word_similarity_threshold`).
# 0.4 let "deutschkrus" match every text with "deutsch" in it.
TYPO_THRESHOLD = 0.6
MIN_TEXT_HITS = 5  # fewer word matches than this: look for misspellings too


class TextMatcher(Protocol):
    def match(self, *, district_id: int, language: str, words: list[str]) -> dict[int, float]:
        """Offer id -> score (higher is better) of the district's documents in `language` that
        match the words; a word match scores above 1, a typo match below."""


class PostgresMatcher:
    def match(self, *, district_id: int, language: str, words: list[str]) -> dict[int, float]:
        config = PG_CONFIGS.get(language, "simple")
        params: list[Any] = []
        options = []
        for alternative in alternatives(words):
            terms = []
            for word in alternative:
                term = "to_tsquery('german'::regconfig, %s)"
                params.append(f"{word}:*")
                if config != "german":
                    term = f"({term} || to_tsquery(%s::regconfig, %s))"
                    params += [config, f"{word}:*"]
                terms.append(term)
            options.append("(" + " && ".join(terms) + ")")
        tsquery = " || ".join(options)
        # The district's documents in the page language (a few hundred rows, through the
        # district/language index) are read once and materialised: the word match and the typo
        # match then test only them. Left to itself the planner would often combine the global
        # GIN index on the vector with the district (a common word is in documents of every
        # district: a bitmap of half a million rows, 30x slower than testing 500 vectors).
        # Only when the words find fewer than MIN_TEXT_HITS offers (the uncorrelated count
        # becomes a one-time filter) is each query word corrected against the district's
        # vocabulary (`SearchWord`, a few hundred words per language): the word itself as a
        # prefix or any vocabulary word that holds TYPO_THRESHOLD of its trigrams. The
        # corrected words then go through the same full-text match, ranked below 1.
        sql = (
            f"WITH q AS (SELECT {tsquery} AS query), "  # noqa: S608 (placeholders only)
            "scope AS MATERIALIZED (SELECT d.offer_id, d.vector "
            "FROM directory_offersearchdocument d WHERE d.district_id = %s AND d.language = %s), "
            "hits AS MATERIALIZED (SELECT s.offer_id, ts_rank(s.vector, q.query, 32) AS rank "
            "FROM scope s CROSS JOIN q WHERE s.vector @@ q.query), "
            "typed AS (SELECT t.word, t.pos "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS t(word, pos) "
            "WHERE (SELECT count(*) FROM hits) < %s), "
            "fixes AS MATERIALIZED (SELECT t.pos, quote_literal(t.word) || ':*' "
            "|| coalesce(' | ' || string_agg(quote_literal(v.word), ' | '), '') AS options "
            "FROM typed t LEFT JOIN directory_searchword v ON v.district_id = %s "
            "AND v.language = %s AND v.word <> t.word AND word_similarity(t.word, v.word) >= %s "
            "GROUP BY t.pos, t.word), "
            "typo AS MATERIALIZED (SELECT to_tsquery('german'::regconfig, f.text) "
            "|| to_tsquery(%s::regconfig, f.text) AS query FROM (SELECT string_agg("
            "'(' || options || ')', ' & ' ORDER BY pos) AS text FROM fixes) f "
            "WHERE f.text IS NOT NULL), "
            "typos AS MATERIALIZED (SELECT s.offer_id, ts_rank(s.vector, typo.query, 32) AS rank "
            "FROM scope s CROSS JOIN typo WHERE s.vector @@ typo.query "
            "AND s.offer_id NOT IN (SELECT offer_id FROM hits)) "
            "SELECT offer_id, 2 + rank FROM hits UNION ALL "
            "SELECT offer_id, rank FROM typos"
        )
        params = [*params, district_id, language, words, MIN_TEXT_HITS, district_id, language]
        params += [TYPO_THRESHOLD, config]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())


class SqliteMatcher:
    def match(self, *, district_id: int, language: str, words: list[str]) -> dict[int, float]:
        connection.ensure_connection()
        connection.connection.create_function(
            "lotse_word_similarity", 2, word_similarity, deterministic=True
        )
        fts = " OR ".join(
            "(" + " AND ".join(f'"{word}"*' for word in alternative) + ")"
            for alternative in alternatives(words)
        )
        grams = sorted({gram for word in words for gram in trigrams(word) if " " not in gram})
        phrase = " ".join(words)
        params: list[Any] = [fts, district_id, language]
        sql = (
            "WITH hits AS (SELECT d.offer_id, -f.rank AS relevance "
            "FROM directory_offersearchdocument d JOIN ("
            "SELECT rowid AS doc_id, bm25(directory_search_fts, 10.0, 10.0, 5.0, 2.0, 1.0) AS rank "
            "FROM directory_search_fts WHERE directory_search_fts MATCH %s) f ON f.doc_id = d.id "
            "WHERE d.district_id = %s AND d.language = %s) "
            # bm25() is negative, lower is better
            "SELECT offer_id, 2 + relevance / (relevance + 1) FROM hits"
        )
        if grams:
            # Misspellings, only when the word match finds fewer than MIN_TEXT_HITS offers.
            sql += (
                " UNION ALL SELECT d.offer_id, lotse_word_similarity(%s, d.words) "
                "FROM directory_offersearchdocument d "
                "WHERE (SELECT count(*) FROM hits) < %s "
                "AND d.district_id = %s AND d.language = %s "
                "AND d.id IN (SELECT rowid FROM directory_search_trigram "
                "WHERE directory_search_trigram MATCH %s) "
                "AND lotse_word_similarity(%s, d.words) >= %s "
                "AND d.offer_id NOT IN (SELECT offer_id FROM hits)"
            )
            params += [phrase, MIN_TEXT_HITS, district_id, language]
            params += [" OR ".join(f'"{gram}"' for gram in grams), phrase, TYPO_THRESHOLD]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())


def matcher() -> TextMatcher:
    return PostgresMatcher() if connection.vendor == "postgresql" else SqliteMatcher()
