"""Directory search: ranked full-text search over a district's published offers that forgives
typos, with filters, facet counts over the whole result and suggestions when nothing is found.

One interface, two backends chosen by the database vendor:

- PostgreSQL: a generated `tsvector` per (offer, page language) with the language's text-search
  configuration (`simple` where PostgreSQL has no stemmer) and a GIN index, prefix queries
  (`word:*`) ranked by `ts_rank`, tested only against the district's documents in the page
  language; misspelt words are first corrected against the district's vocabulary (`SearchWord`,
  `pg_trgm` word similarity) and then searched the same way (docs/adr/0009).
- SQLite: FTS5 (`unicode61 remove_diacritics 2`) with prefix queries ranked by `bm25`, plus an
  FTS5 trigram table that narrows the candidates for a trigram word similarity in Python.

The text of an offer for page language L is L's translation, the German original (a German
word typed into the Arabic page still finds things) and the labels of its kind and topics in
German and in L ("Sprachkurs" finds a course titled "Deutschkurs A1"). The documents live in
`OfferSearchDocument`, written by `index_offer` (called by the signals in `directory.signals`
whoever saves an offer or a translation) and rebuilt in bulk by `rebuild_index`.

Each search costs a fixed number of queries whatever the size of the district: one for the text
match (misspellings are looked for only when the words find fewer than `MIN_TEXT_HITS` offers),
one for the published offers' filter and facet columns (as bit masks, `_FacetIndex`; cached per
district and change stamp, see `district_stamp`), and two more when nothing is found (to
suggest a spelling; `suggest=False` leaves them out).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation

from districts.models import District

from .models import (
    SOURCE_LANGUAGE,
    Offer,
    OfferSearchDocument,
    OfferTranslation,
    SearchWord,
    Status,
    Topic,
)

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
            documents = _documents(current, current.translations.all())
            OfferSearchDocument.objects.bulk_create(documents)
            _add_vocabulary(documents)


def unindex_offer(offer_id: int) -> None:
    OfferSearchDocument.objects.filter(offer_id=offer_id).delete()


def rebuild_index(district: District | None = None, batch_size: int = 200) -> int:
    """Rebuild the documents of every published offer (of one district); returns how many
    offers were indexed."""
    offers = Offer.objects.published().prefetch_related("translations").order_by("pk")
    stale = OfferSearchDocument.objects.all()
    stale_words = SearchWord.objects.all()
    if district is not None:
        offers = offers.for_district(district)
        stale = stale.filter(district=district)
        stale_words = stale_words.filter(district=district)
    count = 0
    with transaction.atomic():
        stale.delete()
        stale_words.delete()
        batch: list[OfferSearchDocument] = []
        for offer in offers.iterator(chunk_size=batch_size):
            batch += _documents(offer, offer.translations.all())
            count += 1
            if len(batch) >= batch_size * 8:
                OfferSearchDocument.objects.bulk_create(batch)
                _add_vocabulary(batch)
                batch = []
        OfferSearchDocument.objects.bulk_create(batch)
        _add_vocabulary(batch)
    return count


MAX_WORD_LENGTH = 100  # longer "words" (pasted links, noise) stay out of the vocabulary


def _add_vocabulary(documents: Iterable[OfferSearchDocument]) -> None:
    """Add the documents' words that the vocabulary of their district and language lacks."""
    entries = {
        (document.district_id, document.language, word)
        for document in documents
        for word in document.words.split()
        if len(word) <= MAX_WORD_LENGTH
    }
    SearchWord.objects.bulk_create(
        [
            SearchWord(district_id=district_id, language=language, word=word)
            for district_id, language, word in sorted(entries)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


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
            "typo AS (SELECT to_tsquery('german'::regconfig, f.text) "
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
class _FacetIndex:
    """The district's published, still valid offers (newest first) as bit positions, and per
    facet and value the bit mask of the offers that have it: filtering is an AND of masks and
    a facet count a popcount, and the whole index pickles as a few integers (cheap to cache)."""

    pks: list[int]  # position -> offer id, most recently changed first
    masks: dict[str, dict[Any, int]]  # facet -> value -> offers with that value
    position: dict[int, int] = field(default_factory=dict)  # offer id -> position

    def __post_init__(self) -> None:
        if not self.position:
            self.position = {pk: index for index, pk in enumerate(self.pks)}

    @property
    def everything(self) -> int:
        return (1 << len(self.pks)) - 1

    def __getstate__(self) -> dict[str, Any]:
        return {"pks": self.pks, "masks": self.masks}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.pks = state["pks"]
        self.masks = state["masks"]
        self.position = {pk: index for index, pk in enumerate(self.pks)}


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


# Within one request a district's stamp is read from the shared cache once (a search reads it
# for the facet rows, the API for its version and the response): `request_started` opens the
# memo of the thread, `request_finished` closes it. Outside a request (tasks, commands) there
# is no memo, so a long-running process never keeps an old stamp.
_request_scope = threading.local()


def open_stamp_memo(**_kwargs: Any) -> None:
    _request_scope.stamps = {}


def close_stamp_memo(**_kwargs: Any) -> None:
    _request_scope.stamps = None


def _stamp_memo() -> dict[int, str] | None:
    return getattr(_request_scope, "stamps", None)


def _stamp_key(district_id: int) -> str:
    return f"directory:stamp:{district_id}"


def district_stamp(district_id: int) -> str:
    memo = _stamp_memo()
    if memo is not None and district_id in memo:
        return memo[district_id]
    key = _stamp_key(district_id)
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, uuid.uuid4().hex, None)
        stamp = cache.get(key) or ""
    if memo is not None:
        memo[district_id] = str(stamp)
    return str(stamp)


def _renew_stamp(district_id: int) -> None:
    stamp = uuid.uuid4().hex
    cache.set(_stamp_key(district_id), stamp, None)
    memo = _stamp_memo()
    if memo is not None:
        memo[district_id] = stamp


def bump_district(district_id: int | None) -> None:
    """The district's rows changed: now (this process sees the change at once) and again when
    the transaction commits (a reader that cached the old rows under the first new stamp meanwhile
    is then never asked again)."""
    if district_id is None:
        return
    _renew_stamp(district_id)
    transaction.on_commit(lambda: _renew_stamp(district_id))


def district_cache_key(district: District, *parts: Any) -> str:
    """A cache key for something derived from the district's current rows. The district's
    creation time guards against a recycled primary key (test databases roll back)."""
    created = district.created_at.timestamp() if district.created_at else ""
    tail = ":".join(str(part) for part in parts)
    return f"directory:{district.pk}:{created}:{district_stamp(district.pk)}:{tail}"


def response_cache_key(district: District, kind: str, *parts: Any) -> str | None:
    """A cache key for a whole response derived from the district's rows and `parts` (the
    request's language, query string …), valid for today; None when the response cache is off
    (setting LOTSE_DIRECTORY_RESPONSE_CACHE)."""
    if not getattr(settings, "LOTSE_DIRECTORY_RESPONSE_CACHE", True):
        return None
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return district_cache_key(district, kind, timezone.localdate().isoformat(), digest[:40])


def per_offer(
    district: District,
    kind: str,
    ids: list[int],
    build: Callable[[list[int]], dict[int, Any]],
    *parts: Any,
) -> list[Any]:
    """Something derived from each offer of `ids` (a rendered card, an API item), in that
    order: kept per district change stamp, day, `kind` and `parts`, read in one round trip.
    `build(missing ids)` makes the others (offer id -> value); ids it leaves out (no longer
    published) are left out of the answer too."""
    today = timezone.localdate().isoformat()
    keys = {pk: district_cache_key(district, kind, *parts, today, pk) for pk in ids}
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        fresh = {keys[pk]: value for pk, value in build(missing).items()}
        cache.set_many(fresh, CACHE_TIMEOUT)
        found.update(fresh)
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


# The facet indexes this process has read lately, by cache key (the key holds the district's
# change stamp, so a write elsewhere makes the entry unreachable here too): a search then reads
# the stamp from the shared cache but does not unpickle the index again.
_LOCAL_INDEXES: dict[str, _FacetIndex] = {}
_LOCAL_LIMIT = 256
_local_lock = threading.Lock()


def _facet_index(district: District) -> _FacetIndex:
    today = timezone.localdate()
    key = district_cache_key(district, "facet-index", today.isoformat())
    index = _LOCAL_INDEXES.get(key)
    if index is not None:
        return index
    index = cache.get(key)
    if index is None:
        index = _load_facet_index(district, today)
        cache.set(key, index, CACHE_TIMEOUT)
    with _local_lock:
        if len(_LOCAL_INDEXES) >= _LOCAL_LIMIT:
            _LOCAL_INDEXES.clear()
        _LOCAL_INDEXES[key] = index
    return index


def topic_counts(district: District) -> dict[str, int]:
    """Topic -> number of the district's published, still valid offers with it."""
    masks = _facet_index(district).masks["topic"]
    return {topic: mask.bit_count() for topic, mask in masks.items() if mask}


def _load_facet_index(district: District, today: dt.date) -> _FacetIndex:
    rows = (
        Offer.objects.for_district(district)
        .published()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-updated_at", "-pk")
        .values_list(
            "pk",
            "topics",
            "languages",
            "target_groups",
            "place__municipality_id",
            "free_of_charge",
            "barrier_free",
            "format",
        )
    )
    pks: list[int] = []
    masks: dict[str, dict[Any, int]] = {facet: {} for facet in FACETS}
    for position, row in enumerate(rows):
        pk, topics, languages, groups, municipality, free, barrier_free, fmt = row
        pks.append(pk)
        bit = 1 << position
        values = {
            "topic": set(topics or []),
            "language": set(languages or []),
            "target_group": set(groups or []),
            "municipality": {municipality} if municipality else set(),
            "free_of_charge": {bool(free)},
            "barrier_free": {bool(barrier_free)},
            "format": {fmt},
        }
        for facet, found in values.items():
            facet_masks = masks[facet]
            for value in found:
                facet_masks[value] = facet_masks.get(value, 0) | bit
    return _FacetIndex(pks=pks, masks=masks)


def _filter_and_count(
    index: _FacetIndex, matched: int, wanted: dict[str, set[Any]]
) -> tuple[int, dict[str, dict[Any, int]]]:
    """The offers of `matched` (a mask) that pass every filter, and per facet the counts of its
    values among the offers that pass every other filter."""
    passing: dict[str, int] = {}
    for facet, values in wanted.items():
        mask = 0
        for value in values:
            mask |= index.masks[facet].get(value, 0)
        passing[facet] = mask
    kept = matched
    for mask in passing.values():
        kept &= mask
    counts: dict[str, dict[Any, int]] = {}
    for facet in FACETS:
        base = matched
        for other, mask in passing.items():
            if other != facet:
                base &= mask
        counts[facet] = {
            value: number
            for value, mask in index.masks[facet].items()
            if (number := (base & mask).bit_count())
        }
    return kept, counts


# --- The search -------------------------------------------------------------------------------


def search_offers(
    *,
    district: District,
    language: str,
    query: str = "",
    filters: Mapping[str, Any] | None = None,
    limit: int = 20,
    offset: int = 0,
    suggest: bool = True,
) -> SearchResult:
    """Published, still valid offers of `district` matching `query` (in the page `language`)
    and `filters`, best first; without a query, all of them, most recently changed first.
    `suggest=False` leaves out the suggestions for an empty result (two queries fewer)."""
    words = words_of(query)[:MAX_QUERY_WORDS]
    wanted = _wanted(filters)
    index = _facet_index(district)
    if words:
        scores = matcher().match(district_id=district.pk, language=language, words=words)
        positions = [index.position[pk] for pk in scores if pk in index.position]
        # newest first among equal scores
        positions.sort(key=lambda position: (-scores[index.pks[position]], position))
        matched = 0
        for position in positions:
            matched |= 1 << position
    else:
        positions = list(range(len(index.pks)))
        matched = index.everything
    kept, facets = _filter_and_count(index, matched, wanted)
    total = kept.bit_count()
    ids: list[int] = []
    if total:
        wanted_until = offset + limit
        seen = 0
        for position in positions:
            if kept >> position & 1:
                if seen >= offset:
                    ids.append(index.pks[position])
                seen += 1
                if seen >= wanted_until:
                    break
    result = SearchResult(ids=ids, total=total, facets=facets)
    if not total and suggest:
        result.suggestions = _suggestions(district, language, words, wanted, matched, index)
    return result


def _suggestions(
    district: District,
    language: str,
    words: list[str],
    wanted: dict[str, set[Any]],
    matched: int,
    index: _FacetIndex,
) -> list[Suggestion]:
    """What to try when nothing was found: without the filters, a spelling that exists in the
    district, or the topics with the most offers."""
    suggestions = []
    query = " ".join(words)
    if wanted and matched:
        suggestions.append(Suggestion(query=query, filters={}, total=matched.bit_count()))
    respelt = _respell(district, language, words)
    if respelt:
        scores = matcher().match(district_id=district.pk, language=language, words=respelt.split())
        total = sum(1 for pk in scores if pk in index.position)
        if total:
            suggestions.append(Suggestion(query=respelt, filters={}, total=total))
    topics = Counter({topic: mask.bit_count() for topic, mask in index.masks["topic"].items()})
    suggestions += [
        Suggestion(query="", filters={"topic": topic}, total=count)
        for topic, count in topics.most_common(3)
    ]
    return suggestions


def _respell(district: District, language: str, words: list[str]) -> str:
    """The query with each word replaced by the most similar word of the district's offers."""
    if not words:
        return ""
    vocabulary = set(
        SearchWord.objects.filter(district=district, language=language).values_list(
            "word", flat=True
        )
    )
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
