"""The API's reads: the published rows of a district with what an item shows, prefetched for the
requested language and the German original only, the offer filters and search, the event window,
and the rows each answer's version (ETag) is computed from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils import timezone

from districts.models import District

from .. import ical, search
from ..models import (
    SOURCE_LANGUAGE,
    DirectorySettings,
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
)

MAX_SEARCH_RESULTS = 100_000


# --- The rows of each answer's version (`response_cache`: ETag, Last-Modified) ------------------


def offer_sources(district: District) -> list[QuerySet[Any]]:
    return [
        Offer.objects.for_district(district),
        OfferTranslation.objects.filter(offer__district=district),
        Place.objects.for_district(district),
        PlaceTranslation.objects.filter(place__district=district),
    ]


def place_sources(district: District) -> list[QuerySet[Any]]:
    return [
        Place.objects.for_district(district),
        PlaceTranslation.objects.filter(place__district=district),
    ]


def event_sources(district: District) -> list[QuerySet[Any]]:
    return [
        Event.objects.for_district(district),
        # An event of an offer is shown only while the offer is published.
        Offer.objects.for_district(district),
        EventTranslation.objects.filter(event__district=district),
        Place.objects.for_district(district),
        PlaceTranslation.objects.filter(place__district=district),
    ]


def all_sources(district: District) -> list[QuerySet[Any]]:
    return [
        *offer_sources(district),
        Event.objects.for_district(district),
        EventTranslation.objects.filter(event__district=district),
    ]


# --- Districts ---------------------------------------------------------------------------------


def active_districts(
    offset: int, size: int
) -> tuple[int, list[tuple[District, DirectorySettings | None]]]:
    """(how many, the page of them by name with their directory settings) of the active
    districts."""
    districts = District.objects.filter(is_active=True).select_related("kreis")
    total = districts.count()
    page = list(districts.defer("kreis__outline").order_by("name")[offset : offset + size])
    own = {
        row.district_id: row
        for row in DirectorySettings.objects.filter(district__in=[d.pk for d in page])
    }
    return total, [(district, own.get(district.pk)) for district in page]


# --- Published rows ----------------------------------------------------------------------------


def storable_id(model: type[Model], pk: int) -> bool:
    """Whether the model's id column can hold `pk`. A larger id names nothing, but SQLite
    raises OverflowError on it in `pk__in` instead of finding nothing."""
    low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
    return (low is None or low <= pk) and (high is None or pk <= high)


def translations_prefetch(
    lookup: str, model: type[Model], language: str, to_attr: str = "api_translations"
) -> Prefetch:
    """Only the requested language and the German original."""
    languages = {language, SOURCE_LANGUAGE}
    return Prefetch(
        lookup, queryset=model._default_manager.filter(language__in=languages), to_attr=to_attr
    )


def offer_queryset(district: District, language: str) -> QuerySet[Offer]:
    today = timezone.localdate()
    return (
        Offer.objects.for_district(district)
        .published()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("organisation", "place", "place__municipality")
        .prefetch_related(
            translations_prefetch("translations", OfferTranslation, language),
            translations_prefetch("place__translations", PlaceTranslation, language),
        )
    )


def place_queryset(district: District, language: str) -> QuerySet[Place]:
    return (
        Place.objects.for_district(district)
        .published()
        .select_related("municipality")
        .prefetch_related(translations_prefetch("translations", PlaceTranslation, language))
    )


def event_queryset(district: District, language: str) -> QuerySet[Event]:
    return (
        Event.objects.for_district(district)
        .published()
        .filter(Q(offer__isnull=True) | Q(offer__status=Status.PUBLISHED))
        .select_related("place", "place__municipality")
        .prefetch_related(
            translations_prefetch("translations", EventTranslation, language),
            translations_prefetch("place__translations", PlaceTranslation, language),
        )
    )


# --- Offer filters and search -------------------------------------------------------------------


def _list_contains(field: str, value: str) -> Q:
    """Rows whose JSON list `field` holds `value`."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    # SQLite keeps the list as JSON text; a quoted code matches one whole element.
    return Q(**{f"{field}__icontains": f'"{value}"'})


def filter_offers(queryset: QuerySet[Offer], params: dict[str, Any]) -> QuerySet[Offer]:
    if params.get("topic"):
        queryset = queryset.filter(_list_contains("topics", params["topic"]))
    if params.get("target_group"):
        queryset = queryset.filter(_list_contains("target_groups", params["target_group"]))
    if params.get("language"):
        queryset = queryset.filter(_list_contains("languages", params["language"]))
    if params.get("municipality"):
        queryset = queryset.filter(place__municipality_id=params["municipality"])
    if params.get("free_of_charge") is not None:
        queryset = queryset.filter(free_of_charge=params["free_of_charge"])
    if params.get("barrier_free") is not None:
        queryset = queryset.filter(barrier_free=params["barrier_free"])
    if params.get("format"):
        queryset = queryset.filter(format=params["format"])
    return queryset


def offer_page_ids(
    district: District, language: str, params: dict[str, Any], offset: int, size: int
) -> tuple[list[int], int]:
    """The page of offer ids without `?q=`, latest change first, and the total."""
    queryset = filter_offers(offer_queryset(district, language), params)
    total = queryset.count()
    # The page's ids first (the district's offers alone), then the rows with their joins, only
    # for the items not cached: joining organisation and place for every offer of a large
    # district only to keep twenty made the planner hash whole tables.
    window = queryset.order_by("-updated_at", "pk")[offset : offset + size]
    return list(window.values_list("pk", flat=True)), total


def search_offer_ids(
    district: District, language: str, params: dict[str, Any], limit: int, offset: int
) -> tuple[list[int], int]:
    """The page of offer ids for `?q=`, best first, and the total, through directory.search.

    The search filters a yes/no facet only on "yes"; an explicit `false` is applied here, on
    the whole ranked list, before the page is cut.
    """
    facets = {key: params[key] for key in search.FACETS if params.get(key) not in (None, "")}
    negative = {key for key in ("free_of_charge", "barrier_free") if facets.get(key) is False}
    if not negative:
        result = search.search_offers(
            district=district,
            language=language,
            query=params["q"],
            filters=facets,
            limit=limit,
            offset=offset,
            suggest=False,
        )
        return result.ids, result.total
    result = search.search_offers(
        district=district,
        language=language,
        query=params["q"],
        filters={key: value for key, value in facets.items() if key not in negative},
        limit=MAX_SEARCH_RESULTS,
        offset=0,
        suggest=False,
    )
    keep = set(
        Offer.objects.filter(pk__in=result.ids, **{key: False for key in negative}).values_list(
            "pk", flat=True
        )
    )
    ranked = [pk for pk in result.ids if pk in keep]
    return ranked[offset : offset + limit], len(ranked)


# --- Events in a window ------------------------------------------------------------------------


def window_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time.min, tzinfo=ical.BERLIN)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=ical.BERLIN)
    return start, end


def events_in_window(
    queryset: QuerySet[Event], start: dt.datetime, end: dt.datetime
) -> QuerySet[Event]:
    """Candidates: one-off events overlapping the window and recurring ones begun before its end."""
    one_off = Q(rrule="", starts_at__lt=end) & (
        Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start)
    )
    recurring = ~Q(rrule="") & Q(starts_at__lt=end)
    return queryset.filter(one_off | recurring)
