"""Directory search: ranked full-text search over a district's published offers that forgives
typos, with filters, facet counts over the whole result and suggestions when nothing is found.

The parts, one module each: `words` (normalising, trigrams), `documents` (what an offer is
found by, written on every change), `matchers` (the text match on PostgreSQL or SQLite),
`facets` (filters and counts as bit masks) and `vocabulary` (a district's words, for respelling).
This module holds the district's change stamps, the caches keyed by them, and the search.

Each search costs a fixed number of queries whatever the size of the district: one for the text
match (misspellings are looked for only when the words find fewer than `MIN_TEXT_HITS` offers),
and, only when the district changed since this process last looked, one for the published
offers' filter and facet columns (the facet index) and, for a suggestion, one for the
vocabulary. A query nobody asked before therefore costs one query: what it is compared with
(the facet index, the vocabulary and how many offers a suggested spelling finds) is kept per
district change stamp in the process and in the shared cache. `suggest=False` leaves the
suggestions out.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from districts.models import District

from .documents import _labels, bulk_indexing, index_offer, rebuild_index, unindex_offer
from .facets import FACETS, FacetIndex, filter_and_count, load_facet_index, wanted_values
from .matchers import matcher
from .vocabulary import Vocabulary
from .words import words_of

# What callers elsewhere use (`search.X`); the parts are imported from their modules.
__all__ = [
    "CACHE_TIMEOUT",
    "FACETS",
    "SearchResult",
    "Suggestion",
    "_labels",
    "bulk_indexing",
    "bump_district",
    "close_stamp_memo",
    "district_cache_key",
    "district_stamp",
    "index_offer",
    "kept",
    "open_stamp_memo",
    "per_offer",
    "remember_stamp",
    "rebuild_index",
    "response_cache_key",
    "search_offers",
    "stamp_key",
    "topic_counts",
    "unindex_offer",
]

CACHE_TIMEOUT = 300  # seconds; bounds how long a write that sends no signal can go unnoticed
MAX_QUERY_WORDS = 8


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


def stamp_key(district_id: int) -> str:
    return f"directory:stamp:{district_id}"


def remember_stamp(district_id: int, stamp: Any) -> None:
    """The district's stamp as a caller read it from the shared cache together with something
    else (`selectors.public_directory`): kept for the rest of the request."""
    memo = _stamp_memo()
    if memo is not None and stamp is not None:
        memo.setdefault(district_id, str(stamp))


def district_stamp(district_id: int) -> str:
    memo = _stamp_memo()
    if memo is not None and district_id in memo:
        return memo[district_id]
    key = stamp_key(district_id)
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, uuid.uuid4().hex, None)
        stamp = cache.get(key) or ""
    if memo is not None:
        memo[district_id] = str(stamp)
    return str(stamp)


def _renew_stamp(district_id: int) -> None:
    stamp = uuid.uuid4().hex
    cache.set(stamp_key(district_id), stamp, None)
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


# --- Kept in the process --------------------------------------------------------------------------
# What this process derived lately from a district's rows, by cache key (the key holds the
# district's change stamp, so a write elsewhere makes the entry unreachable here too): a search
# then reads the stamp from the shared cache but neither unpickles nor queries again.

T = TypeVar("T")
_RECENT: dict[str, Any] = {}
_RECENT_LIMIT = 1024
_recent_lock = threading.Lock()


def kept(key: str, build: Callable[[], T], shared: bool = True) -> T:
    """The value under `key`: from this process, else the shared cache (`shared`), else
    `build()` (then kept in both for CACHE_TIMEOUT)."""
    found = _RECENT.get(key)
    if found is not None:
        return found
    value = cache.get(key) if shared else None
    if value is None:
        value = build()
        if shared:
            cache.set(key, value, CACHE_TIMEOUT)
    with _recent_lock:
        if len(_RECENT) >= _RECENT_LIMIT:
            _RECENT.clear()
        _RECENT[key] = value
    return value


def _facet_index(district: District) -> FacetIndex:
    today = timezone.localdate()
    # "facets", not the "facet-index" of the single-module search, whose pickles name a class
    # this package no longer has (and the other way round while a release is rolled back)
    key = district_cache_key(district, "facets", today.isoformat())
    return kept(key, lambda: load_facet_index(district, today))


def topic_counts(district: District) -> dict[str, int]:
    """Topic -> number of the district's published, still valid offers with it."""
    masks = _facet_index(district).masks["topic"]
    return {topic: mask.bit_count() for topic, mask in masks.items() if mask}


def _vocabulary(district: District, language: str) -> Vocabulary:
    key = district_cache_key(district, "vocabulary", language)
    # the shared cache holds the words; each process builds its trigram index from them
    words = kept(key + ":words", lambda: Vocabulary.load(district.pk, language).words)
    return kept(key, lambda: Vocabulary(words), shared=False)


def _found_by(district: District, language: str, query: str, index: FacetIndex) -> int:
    """How many of the district's offers (still valid today) `query` finds."""
    today = timezone.localdate().isoformat()
    key = district_cache_key(district, "found-by", language, today, query)

    def count() -> int:
        scores = matcher().match(district_id=district.pk, language=language, words=query.split())
        return sum(1 for pk in scores if pk in index.position)

    return kept(key, count)


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
    `suggest=False` leaves out the suggestions for an empty result."""
    words = words_of(query)[:MAX_QUERY_WORDS]
    wanted = wanted_values(filters)
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
    kept, facets = filter_and_count(index, matched, wanted)
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
    index: FacetIndex,
) -> list[Suggestion]:
    """What to try when nothing was found: without the filters, a spelling that exists in the
    district, or the topics with the most offers."""
    suggestions = []
    query = " ".join(words)
    if wanted and matched:
        suggestions.append(Suggestion(query=query, filters={}, total=matched.bit_count()))
    respelt = _vocabulary(district, language).respell(words) if words else ""
    if respelt:
        total = _found_by(district, language, respelt, index)
        if total:
            suggestions.append(Suggestion(query=respelt, filters={}, total=total))
    topics = Counter({topic: mask.bit_count() for topic, mask in index.masks["topic"].items()})
    suggestions += [
        Suggestion(query="", filters={"topic": topic}, total=count)
        for topic, count in topics.most_common(3)
    ]
    return suggestions
