"""The search documents: per offer and page language the text it is found by, kept in
`OfferSearchDocument` (and its words in the district's vocabulary, `SearchWord`).

The text of an offer for page language L is L's translation, the German original (a German
word typed into the Arabic page still finds things) and the labels of its kind and topics in
German and in L ("Sprachkurs" finds a course titled "Deutschkurs A1"). `index_offer` is called
by the signals in `directory.signals` whoever saves an offer or a translation; `rebuild_index`
rebuilds in bulk, `bulk_indexing` defers the work of an import to its end.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from districts.models import District

from ..models import (
    SOURCE_LANGUAGE,
    Offer,
    OfferSearchDocument,
    OfferTranslation,
    SearchWord,
    Status,
)
from .words import distinct, words_of

MAX_WORD_LENGTH = 100  # longer "words" (pasted links, noise) stay out of the vocabulary


def search_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@lru_cache(maxsize=4096)
def _label(value: Any, language: str) -> str:
    with translation.override(language):
        return str(value.label)


@lru_cache(maxsize=8192)
def _labels_of(kind: str, german: tuple[str, ...], local: tuple[str, ...], language: str) -> str:
    # Activating a language costs more than the rest of a document: remembered per kind,
    # topic labels and language (a few dozen combinations), rebuilding 200,000 documents included.
    kinds: list[Any] = [Offer.Kind(kind)] if kind in Offer.Kind.values else []
    labels = [_label(value, SOURCE_LANGUAGE) for value in kinds] + list(german)
    if language != SOURCE_LANGUAGE:
        labels += [_label(value, language) for value in kinds] + list(local)
    return " ".join(distinct(labels))


@lru_cache(maxsize=4096)
def _topic_labels(district_id: int, stamp: str, language: str) -> dict[str, str]:
    # the district's vocabulary in one language, for its current change stamp
    from .. import topics  # noqa: PLC0415 - directory.topics reads through this package

    return topics._build(district_id, language).topic_label


def _labels(offer: Offer, language: str) -> str:
    from . import district_stamp  # noqa: PLC0415

    stamp = district_stamp(offer.district_id)
    codes = [code for code in offer.topics or () if isinstance(code, str)]
    german = _topic_labels(offer.district_id, stamp, SOURCE_LANGUAGE)
    german_names = tuple(german[code] for code in codes if code in german)
    local_names: tuple[str, ...] = ()
    if language != SOURCE_LANGUAGE:
        local = _topic_labels(offer.district_id, stamp, language)
        local_names = tuple(local[code] for code in codes if code in local)
    return _labels_of(offer.kind, german_names, local_names, language)


def _body(row: OfferTranslation | None) -> str:
    if row is None:
        return ""
    return "\n".join(part for part in (row.summary, row.eligibility, row.description) if part)


def documents_of(offer: Offer, rows: Iterable[OfferTranslation]) -> list[OfferSearchDocument]:
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
        document.words = " ".join(distinct(words_of(" ".join(texts))))
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
            documents = documents_of(current, current.translations.all())
            OfferSearchDocument.objects.bulk_create(documents)
            add_vocabulary(documents)


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
            batch += documents_of(offer, offer.translations.all())
            count += 1
            if len(batch) >= batch_size * 8:
                OfferSearchDocument.objects.bulk_create(batch)
                add_vocabulary(batch)
                batch = []
        OfferSearchDocument.objects.bulk_create(batch)
        add_vocabulary(batch)
    return count


def add_vocabulary(documents: Iterable[OfferSearchDocument]) -> None:
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
