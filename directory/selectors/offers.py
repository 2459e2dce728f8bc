"""Published offers and places as the public pages show them, with their texts prefetched
(the page's language and the German original only), and the district's municipalities."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from districts.models import District, Municipality

from ..models import Offer, Place, Status
from .texts import offer_translations, place_translations


def published_offers(district: District, language: str) -> QuerySet[Offer]:
    """Published, still valid offers of the district with what a list shows, in 3 queries."""
    today = timezone.localdate()
    return (
        Offer.objects.for_district(district)
        .published()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("place", "place__municipality", "organisation")
        .prefetch_related(offer_translations(language))
    )


def public_offer(district: District, pk: int, language: str) -> Offer:
    offer = (
        published_offers(district, language)
        .prefetch_related(place_translations(language, "place__"))
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404
    if offer.place is not None and offer.place.status != Status.PUBLISHED:
        offer.place = None  # an unpublished place is not shown; the offer is never saved here
    return offer


def public_place(district: District, pk: int, language: str) -> Place:
    place = (
        Place.objects.for_district(district)
        .published()
        .select_related("municipality")
        .prefetch_related(
            place_translations(language),
            Prefetch(
                "offers",
                queryset=Offer.objects.published()
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
                .prefetch_related(offer_translations(language)),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if place is None:
        raise Http404
    return place


class MunicipalityChoice(NamedTuple):
    pk: int
    name: str


def municipalities(district: District) -> list[MunicipalityChoice]:
    """The district's municipalities by name, for the search filter: cached per district
    change stamp in the process and the shared cache (saving a municipality renews it, see
    `directory.signals`)."""
    from .. import search as engine  # noqa: PLC0415 - it imports the models this module serves

    def build() -> list[MunicipalityChoice]:
        rows = Municipality.objects.for_district(district).order_by("name", "pk")
        return [MunicipalityChoice(pk, name) for pk, name in rows.values_list("pk", "name")]

    return engine.kept(engine.district_cache_key(district, "municipalities"), build)


def offers_in_order(district: District, language: str, ids: list[int]) -> list[Offer]:
    """The published offers `ids` with their texts, in that order (one query and a prefetch)."""
    by_id = {offer.pk: offer for offer in published_offers(district, language).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def topic_counts(district: District) -> Counter[str]:
    """How many published, still valid offers each topic tile leads to: popcounts of the
    district's facet index (`directory.search`, cached per change stamp), no query."""
    from .. import search as engine  # noqa: PLC0415 - it imports the models this module serves

    return Counter(engine.topic_counts(district))


# --- Map -------------------------------------------------------------------------------------


def located_offers(district: District, language: str) -> list[Offer]:
    """Published offers at a published place with coordinates."""
    return [
        offer
        for offer in published_offers(district, language).filter(
            place__status=Status.PUBLISHED,
            place__latitude__isnull=False,
            place__longitude__isnull=False,
        )
    ]
