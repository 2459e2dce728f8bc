"""Directory search: ranked full-text search over a district's published offers that forgives
typos, with filters, facet counts over the whole result and suggestions when nothing is found.

One interface, two backends chosen by the database vendor:

- PostgreSQL: a generated `tsvector` per (offer, page language) with the language's text-search
  configuration (`simple` where PostgreSQL has no stemmer) and a GIN index, prefix queries
  (`word:*`) ranked by `ts_rank`, plus `pg_trgm` word similarity for misspellings.
- SQLite: FTS5 (`unicode61 remove_diacritics 2`) with prefix queries ranked by `bm25`, plus an
  FTS5 trigram table that narrows the candidates for a trigram word similarity in Python.

The text of an offer for page language L is L's translation, the German original (a German
word typed into the Arabic page still finds things) and the labels of its kind and topics in
German and in L ("Sprachkurs" finds a course titled "Deutschkurs A1"). The documents live in
`OfferSearchDocument`, written by `index_offer` (called by the signals in `directory.signals`
whoever saves an offer or a translation) and rebuilt in bulk by `rebuild_index`.

Each search costs a fixed number of queries whatever the size of the district: one for the text
match (misspellings are looked for only when the words find fewer than `MIN_TEXT_HITS` offers),
one for the published offers' filter and facet columns (counted in Python; cached per district
and change stamp, see `district_stamp`), and three more when nothing is found (to suggest a
spelling).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation

from districts.models import District

from .models import SOURCE_LANGUAGE, Offer, OfferSearchDocument, OfferTranslation, Status, Topic

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
CACHE_TIMEOUT = 300  # seconds; bounds how long a write that sends no signal can go unnoticed
SUGGEST_THRESHOLD = 0.3  # similarity of a district word to a query word worth suggesting
MAX_QUERY_WORDS = 8
FACETS = (
    "topic",
    "language",
    "target_group",
    "municipality",
    "free_of_charge",
    "barrier_free",
    "format",
)
_BOOLEAN_FACETS = {"free_of_charge", "barrier_free"}


@dataclass(frozen=True)
class Suggestion:
    """A search worth trying instead, with the number of offers it finds."""

    query: str
    filters: dict[str, Any]
    total: int


@dataclass
class SearchResult:
    ids: list[int]  # offer ids of the requested page, best first
    total: int  # offers matching query and filters
    # per facet, value -> count; a facet's counts ignore that facet's own filter (so the other
    # values can be offered), but apply the query and every other filter.
    facets: dict[str, dict[Any, int]] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)


# --- Words ------------------------------------------------------------------------------------

# Arabic short vowels, shadda, sukun, superscript alef and tatweel: rarely typed, often written.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    return _WORD.findall(_ARABIC_MARKS.sub("", text).lower())


def _distinct(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


@lru_cache(maxsize=65536)
def _trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def word_similarity(query: str, text: str) -> float:
    """How well the query's words occur in `text`, allowing typos (0..1, like pg_trgm's
    `word_similarity`: the share of the query's trigrams found in the best-matching words)."""
    query_words = query.split()
    text_words = [_trigrams(word) for word in set(text.split())]
    if not query_words or not text_words:
        return 0.0
    found = wanted = 0
    for word in query_words:
        grams = _trigrams(word)
        wanted += len(grams)
        found += max(len(grams & other) for other in text_words)
    return found / wanted


def _alternatives(words: list[str]) -> list[list[str]]:
    """The query's words, and the same with each adjacent pair written as one word, so that
    "deutsch kurs" also finds "Deutschkurs" (German compounds)."""
    joined = [words[:i] + [words[i] + words[i + 1]] + words[i + 2 :] for i in range(len(words) - 1)]
    return [words, *joined]


# --- Documents --------------------------------------------------------------------------------


def search_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@lru_cache(maxsize=4096)
def _label(value: Any, language: str) -> str:
    with translation.override(language):
        return str(value.label)


def _labels(offer: Offer, language: str) -> str:
    values: list[Any] = [Offer.Kind(offer.kind)] if offer.kind in Offer.Kind.values else []
    values += [Topic(topic) for topic in offer.topics or [] if topic in Topic.values]
    labels = [_label(value, SOURCE_LANGUAGE) for value in values]
    if language != SOURCE_LANGUAGE:
        labels += [_label(value, language) for value in values]
    return " ".join(_distinct(labels))


def _body(row: OfferTranslation | None) -> str:
    if row is None:
        return ""
    return "\n".join(part for part in (row.summary, row.eligibility, row.description) if part)


def _documents(offer: Offer, rows: Iterable[OfferTranslation]) -> list[OfferSearchDocument]:
    by_language = {row.language: row for row in rows}
    german = by_language.get(SOURCE_LANGUAGE)
    documents = []
    for language in search_languages():
        local = by_language.get(language)
        document = OfferSearchDocument(
            offer_id=offer.pk,
            district_id=offer.district_id,
            language=language,
            local_title=local.title if local else "",
            local_body=_body(local),
            german_title=german.title if german and language != SOURCE_LANGUAGE else "",
            german_body=_body(german) if language != SOURCE_LANGUAGE else "",
            labels=_labels(offer, language),
        )
        texts = (
            document.local_title,
            document.german_title,
            document.labels,
            document.local_body,
            document.german_body,
        )
        document.words = " ".join(_distinct(words_of(" ".join(texts))))
        documents.append(document)
    return documents


_deferred = threading.local()


@contextlib.contextmanager
def bulk_indexing() -> Iterator[None]:
    """Index each touched offer once, at the end of the block (for imports and bulk edits)."""
    outer = getattr(_deferred, "offer_ids", None)
    if outer is not None:
        yield
        return
    _deferred.offer_ids = set()
    try:
        yield
        pending = sorted(_deferred.offer_ids)
    finally:
        _deferred.offer_ids = None
    for offer_id in pending:
        index_offer(offer_id)


def index_offer(offer: Offer | int) -> None:
    """Bring the search documents of one offer up to date (only published offers are found).

    Staff services call this after they change an offer or its translations; the signals in
    `directory.signals` call it too, so writes from elsewhere (admin, imports) are covered.
    """
    offer_id = offer if isinstance(offer, int) else offer.pk
    pending = getattr(_deferred, "offer_ids", None)
    if pending is not None:
        pending.add(offer_id)
        return
    with transaction.atomic():
        OfferSearchDocument.objects.filter(offer_id=offer_id).delete()
        current = (
            Offer.objects.filter(pk=offer_id, status=Status.PUBLISHED)
            .prefetch_related("translations")
            .first()
        )
        if current is not None:
            OfferSearchDocument.objects.bulk_create(_documents(current, current.translations.all()))


def unindex_offer(offer_id: int) -> None:
    OfferSearchDocument.objects.filter(offer_id=offer_id).delete()


def rebuild_index(district: District | None = None, batch_size: int = 200) -> int:
    """Rebuild the documents of every published offer (of one district); returns how many
    offers were indexed."""
    offers = Offer.objects.published().prefetch_related("translations").order_by("pk")
    stale = OfferSearchDocument.objects.all()
    if district is not None:
        offers = offers.for_district(district)
        stale = stale.filter(district=district)
    count = 0
    with transaction.atomic():
        stale.delete()
        batch: list[OfferSearchDocument] = []
        for offer in offers.iterator(chunk_size=batch_size):
            batch += _documents(offer, offer.translations.all())
            count += 1
            if len(batch) >= batch_size * 8:
                OfferSearchDocument.objects.bulk_create(batch)
                batch = []
        OfferSearchDocument.objects.bulk_create(batch)
    return count


# --- Backends ---------------------------------------------------------------------------------


class TextMatcher(Protocol):
    def match(self, *, district_id: int, language: str, words: list[str]) -> dict[int, float]:
        """Offer id -> score (higher is better) of the district's documents in `language` that
        match the words; a word match scores above 1, a typo match below."""


class PostgresMatcher:
    def match(self, *, district_id: int, language: str, words: list[str]) -> dict[int, float]:
        config = PG_CONFIGS.get(language, "simple")
        params: list[Any] = []
        alternatives = []
        for alternative in _alternatives(words):
            terms = []
            for word in alternative:
                term = "to_tsquery('german'::regconfig, %s)"
                params.append(f"{word}:*")
                if config != "german":
                    term = f"({term} || to_tsquery(%s::regconfig, %s))"
                    params += [config, f"{word}:*"]
                terms.append(term)
            alternatives.append("(" + " && ".join(terms) + ")")
        tsquery = " || ".join(alternatives)
        phrase = " ".join(words)
        # The word match alone uses the GIN index on the vector (or the district/language
        # index). The typo match runs only when that finds fewer than MIN_TEXT_HITS offers: the
        # uncorrelated count becomes a one-time filter, so otherwise no document is compared
        # trigram by trigram. It compares the documents of the district in the page language
        # only (materialised first: a trigram index on `words` was tried, and the planner then
        # often filtered all of the district's languages with the trigram operator, 8x slower).
        sql = (
            f"WITH q AS (SELECT {tsquery} AS query), "  # noqa: S608 (placeholders only)
            "hits AS MATERIALIZED (SELECT d.offer_id, ts_rank(d.vector, q.query, 32) AS rank "
            "FROM directory_offersearchdocument d CROSS JOIN q "
            "WHERE d.district_id = %s AND d.language = %s AND d.vector @@ q.query), "
            "scope AS MATERIALIZED (SELECT d.offer_id, d.words "
            "FROM directory_offersearchdocument d "
            "WHERE (SELECT count(*) FROM hits) < %s "
            "AND d.district_id = %s AND d.language = %s), "
            "typos AS MATERIALIZED (SELECT offer_id, "
            "word_similarity(%s, words) AS similarity FROM scope "
            "WHERE offer_id NOT IN (SELECT offer_id FROM hits)) "
            "SELECT offer_id, 2 + rank FROM hits UNION ALL "
            "SELECT offer_id, similarity FROM typos WHERE similarity >= %s"
        )
        params += [district_id, language, MIN_TEXT_HITS, district_id, language]
        params += [phrase, TYPO_THRESHOLD]
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
            for alternative in _alternatives(words)
        )
        grams = sorted({gram for word in words for gram in _trigrams(word) if " " not in gram})
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


# --- Filters and facets -----------------------------------------------------------------------


@dataclass
class _Row:
    pk: int
    updated_at: dt.datetime
    values: dict[str, set[Any]]


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return [item for item in value if item not in (None, "")]
    return [value]


def _wanted(filters: Mapping[str, Any] | None) -> dict[str, set[Any]]:
    """Normalise filters: several values of one facet mean "any of them"; empty, None and
    False mean "no filter"; a boolean facet filters only on True."""
    wanted: dict[str, set[Any]] = {}
    for key, value in (filters or {}).items():
        if key not in FACETS:
            raise ValueError(f"unknown search filter {key!r}")
        if value in (None, "", False) or value == []:
            continue
        if key in _BOOLEAN_FACETS:
            wanted[key] = {True}
        elif key == "municipality":
            wanted[key] = {int(v) for v in _as_list(value) if str(v).isdigit()}
        else:
            wanted[key] = {str(v) for v in _as_list(value)}
    return wanted


# --- Change stamps ------------------------------------------------------------------------------
# A random token per district in the cache, replaced (by `directory.signals`) whenever one of the
# district's offers, places or events or their texts is saved or deleted. Whatever is derived
# from the district's rows (the facet base rows here, the API's ETag) is cached under a key that
# holds the token, so a change makes the old entries unreachable. A missing token (cache
# cleared, new district) is simply made anew: the derived values are then computed again.


def _stamp_key(district_id: int) -> str:
    return f"directory:stamp:{district_id}"


def district_stamp(district_id: int) -> str:
    key = _stamp_key(district_id)
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, uuid.uuid4().hex, None)
        stamp = cache.get(key) or ""
    return str(stamp)


def bump_district(district_id: int | None) -> None:
    """The district's rows changed: now (this process sees the change at once) and again when
    the transaction commits (a reader that cached the old rows under the first new stamp meanwhile
    is then never asked again)."""
    if district_id is None:
        return
    key = _stamp_key(district_id)
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def district_cache_key(district: District, *parts: Any) -> str:
    """A cache key for something derived from the district's current rows. The district's
    creation time guards against a recycled primary key (test databases roll back)."""
    created = district.created_at.timestamp() if district.created_at else ""
    tail = ":".join(str(part) for part in parts)
    return f"directory:{district.pk}:{created}:{district_stamp(district.pk)}:{tail}"


def _published_rows(district: District) -> list[_Row]:
    today = timezone.localdate()
    key = district_cache_key(district, "facet-rows", today.isoformat())
    cached = cache.get(key)
    if cached is not None:
        return list(cached)
    rows = _load_published_rows(district, today)
    cache.set(key, rows, CACHE_TIMEOUT)
    return list(rows)


def _load_published_rows(district: District, today: dt.date) -> list[_Row]:
    rows = (
        Offer.objects.for_district(district)
        .published()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-updated_at", "-pk")
        .values_list(
            "pk",
            "updated_at",
            "topics",
            "languages",
            "target_groups",
            "place__municipality_id",
            "free_of_charge",
            "barrier_free",
            "format",
        )
    )
    return [
        _Row(
            pk=pk,
            updated_at=updated_at,
            values={
                "topic": set(topics or []),
                "language": set(languages or []),
                "target_group": set(groups or []),
                "municipality": {municipality} if municipality else set(),
                "free_of_charge": {bool(free)},
                "barrier_free": {bool(barrier_free)},
                "format": {fmt},
            },
        )
        for pk, updated_at, topics, languages, groups, municipality, free, barrier_free, fmt in rows
    ]


def _filter_and_count(
    rows: list[_Row], wanted: dict[str, set[Any]]
) -> tuple[list[_Row], dict[str, dict[Any, int]]]:
    counts: dict[str, Counter[Any]] = {facet: Counter() for facet in FACETS}
    kept = []
    for row in rows:
        failed = [facet for facet, values in wanted.items() if not values & row.values[facet]]
        if not failed:
            kept.append(row)
        if len(failed) > 1:
            continue
        for facet in failed or FACETS:
            counts[facet].update(row.values[facet])
    return kept, {facet: dict(counter) for facet, counter in counts.items()}


# --- The search -------------------------------------------------------------------------------


def search_offers(
    *,
    district: District,
    language: str,
    query: str = "",
    filters: Mapping[str, Any] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Published, still valid offers of `district` matching `query` (in the page `language`)
    and `filters`, best first; without a query, all of them, most recently changed first."""
    words = words_of(query)[:MAX_QUERY_WORDS]
    wanted = _wanted(filters)
    rows = _published_rows(district)
    scores: dict[int, float] | None = None
    if words:
        scores = matcher().match(district_id=district.pk, language=language, words=words)
        matched = [row for row in rows if row.pk in scores]
        # rows come newest first; a stable sort keeps that order among equal scores
        matched.sort(key=lambda row: scores[row.pk], reverse=True)
    else:
        matched = rows
    kept, facets = _filter_and_count(matched, wanted)
    result = SearchResult(
        ids=[row.pk for row in kept[offset : offset + limit]], total=len(kept), facets=facets
    )
    if not kept:
        result.suggestions = _suggestions(district, language, words, wanted, matched, rows)
    return result


def _suggestions(
    district: District,
    language: str,
    words: list[str],
    wanted: dict[str, set[Any]],
    matched: list[_Row],
    rows: list[_Row],
) -> list[Suggestion]:
    """What to try when nothing was found: without the filters, a spelling that exists in the
    district, or the topics with the most offers."""
    suggestions = []
    query = " ".join(words)
    if wanted and matched:
        suggestions.append(Suggestion(query=query, filters={}, total=len(matched)))
    respelt = _respell(district, language, words)
    if respelt:
        scores = matcher().match(district_id=district.pk, language=language, words=respelt.split())
        total = sum(1 for row in rows if row.pk in scores)
        if total:
            suggestions.append(Suggestion(query=respelt, filters={}, total=total))
    topics: Counter[str] = Counter()
    for row in rows:
        topics.update(row.values["topic"])
    suggestions += [
        Suggestion(query="", filters={"topic": topic}, total=count)
        for topic, count in topics.most_common(3)
    ]
    return suggestions


def _respell(district: District, language: str, words: list[str]) -> str:
    """The query with each word replaced by the most similar word of the district's offers."""
    if not words:
        return ""
    vocabulary: set[str] = set()
    for text in OfferSearchDocument.objects.filter(
        district=district, language=language
    ).values_list("words", flat=True):
        vocabulary.update(text.split())
    respelt = []
    for word in words:
        grams = _trigrams(word)
        best, best_score = word, (0.0, 0.0)
        for candidate in vocabulary:
            other = _trigrams(candidate)
            shared = len(grams & other)
            # the share of the word found (as in word_similarity), then the closest length
            score = (shared / len(grams), shared / len(grams | other))
            if score > best_score:
                best, best_score = candidate, score
        respelt.append(best if best_score[0] >= SUGGEST_THRESHOLD else word)
    return " ".join(respelt) if respelt != words else ""
