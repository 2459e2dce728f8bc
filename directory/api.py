"""The open directory API, version 1: read-only JSON for districts, topics, offers, places and
events (published data only), the iCalendar feeds and the open-data export.

Every district-level response carries an ETag and a Last-Modified header derived from the latest
change to the district's rows (and the count of rows, so that deletions show) plus the request's
query and language; a matching If-None-Match or If-Modified-Since gets 304.

Each list costs a fixed number of queries whatever the district's size: translation rows are
prefetched for the requested language and the German original only. The serializers below
describe the output (they drive the OpenAPI document); the items themselves are built as plain
dicts from the prefetched rows, which keeps a page of 20 fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Model, Prefetch, Q, QuerySet, Subquery, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_supported_language_variant, override
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from districts.models import District

from . import export, ical, search, selectors
from .models import (
    SOURCE_LANGUAGE,
    DirectorySettings,
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    TargetGroup,
    Topic,
    pick_translation,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
SPOKEN_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
# Events: the default window after `from`, and the longest window one request may ask for.
DEFAULT_WINDOW_DAYS = 90
MAX_WINDOW_DAYS = 366
MAX_OCCURRENCES = 1000
MAX_SEARCH_RESULTS = 100_000
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)


# --- Language, district, conditional responses ----------------------------------------------


def requested_language(request: Request) -> str:
    """`?lang=` if given (must be one of Lotse's languages), else the best match of the
    Accept-Language header, else German."""
    wanted = request.query_params.get("lang")
    if wanted is not None:
        if wanted in LANGUAGE_CODES:
            return wanted
        raise ValidationError(
            {"lang": [_("Unbekannte Sprache. Möglich: %s") % ", ".join(LANGUAGE_CODES)]}
        )
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            continue
        code = code.lower()
        if code in LANGUAGE_CODES:
            return code
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return SOURCE_LANGUAGE


def public_district(slug: str) -> District:
    """The active district (`selectors.public_district`, cached), else 404 with a message."""
    try:
        return selectors.public_district(slug)
    except Http404:
        raise NotFound(_("Diesen Kreis gibt es nicht.")) from None


def _aggregate(queryset: QuerySet[Any], expression: Any) -> Subquery:
    """One value over the whole queryset, usable as a scalar subquery."""
    grouped = queryset.order_by().annotate(_all=Value(1)).values("_all")
    return Subquery(grouped.annotate(value=expression).values("value")[:1])


Sources = Callable[[District], list[QuerySet[Any]]]


def _version_key(district: District, sources: Sources) -> str:
    return search.district_cache_key(district, "api-version", sources.__name__)


def district_version(district: District, sources: Sources) -> tuple[dt.datetime, str]:
    """(latest change, fingerprint) of the querysets `sources(district)`: from the cache while
    the district's change stamp (`directory.search.district_stamp`, renewed on every write) is
    the same, else in one query (and the querysets are only built then)."""
    key = _version_key(district, sources)
    cached = cache.get(key)
    return cached if cached is not None else _fresh_version(district, sources, key)


def _fresh_version(district: District, sources: Sources, key: str) -> tuple[dt.datetime, str]:
    version = _compute_version(district, sources(district))
    cache.set(key, version, search.CACHE_TIMEOUT)
    return version


def _compute_version(district: District, sources: list[QuerySet[Any]]) -> tuple[dt.datetime, str]:
    annotations: dict[str, Any] = {}
    for index, queryset in enumerate(sources):
        annotations[f"m{index}"] = _aggregate(queryset, Max("updated_at"))
        annotations[f"c{index}"] = _aggregate(queryset, Count("pk"))
    row: dict[str, Any] = dict(District.objects.filter(pk=district.pk).values(**annotations).get())
    changes: list[dt.datetime] = [
        value for key, value in row.items() if key.startswith("m") and value is not None
    ]
    latest = max(changes, default=district.created_at)
    fingerprint = "|".join(f"{key}={row[key]}" for key in sorted(row))
    return latest, fingerprint


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


def conditional(
    request: Request,
    district: District,
    sources: Sources,
    build: Callable[[], HttpResponse],
    language: str = "",
    body_key: str | None = None,
) -> HttpResponse:
    """304 when the client's copy is current, else `build()` with ETag and Last-Modified.

    With `body_key` (see `search.response_cache_key`) the rendered body is kept in the cache
    under it and read in the same round trip as the version."""
    version_key = _version_key(district, sources)
    found = cache.get_many([version_key, body_key] if body_key else [version_key])
    version = found.get(version_key) or _fresh_version(district, sources, version_key)
    latest, fingerprint = version
    query = urlencode(sorted(request.query_params.items()))
    # Today is part of it: validity, "stale" flags and the default event window move daily.
    seed = f"v1|{request.path}|{query}|{language}|{timezone.localdate()}|{fingerprint}"
    etag = f'"{hashlib.sha256(seed.encode()).hexdigest()[:32]}"'
    timestamp = int(latest.timestamp())
    response = get_conditional_response(request._request, etag=etag, last_modified=timestamp)
    if response is None and body_key is not None and body_key in found:
        response = HttpResponse(found[body_key], content_type=JSON_TYPE)
    elif response is None:
        response = build()
        if body_key is not None and response.status_code == 200:
            cache.set(body_key, response.content, search.CACHE_TIMEOUT)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "public, max-age=60"
    patch_vary_headers(response, ["Accept-Language"])
    return response


JSON_TYPE = "application/json"


def json_response(data: Any) -> HttpResponse:
    """A body rendered here (as DRF's JSONRenderer renders it), so that it can be cached."""
    return HttpResponse(JSONRenderer().render(data), content_type=JSON_TYPE)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The answer to an address under /api/ that no route matches (an id that is no number,
    say): JSON like the API's own 404s, not the site's HTML page. See `lotse.urls`."""
    body = JSONRenderer().render({"detail": NotFound.default_detail})
    return HttpResponse(body, content_type=JSON_TYPE, status=404)


def storable_id(model: type[Model], pk: int) -> bool:
    """Whether the model's id column can hold `pk`. A larger id names nothing, but SQLite
    raises OverflowError on it in `pk__in` instead of finding nothing."""
    low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
    return (low is None or low <= pk) and (high is None or pk <= high)


# --- Query parameters ------------------------------------------------------------------------


class LanguageQuerySerializer(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=LANGUAGE_CODES,
        required=False,
        help_text="Language of the texts; without it the Accept-Language header decides.",
    )


class PageQuerySerializer(LanguageQuerySerializer):
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    page_size = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, help_text="20 by default, at most 100."
    )


class OfferQuerySerializer(PageQuerySerializer):
    q = serializers.CharField(
        required=False, max_length=200, help_text="Search words (typos are forgiven)."
    )
    topic = serializers.ChoiceField(choices=Topic.choices, required=False)
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False)
    language = serializers.RegexField(
        SPOKEN_LANGUAGE,
        required=False,
        max_length=12,
        help_text="A language help is given in (CLDR code, e.g. ar, uk, fa-af).",
    )
    municipality = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Id of a municipality."
    )
    free_of_charge = serializers.BooleanField(required=False, allow_null=True, default=None)
    barrier_free = serializers.BooleanField(required=False, allow_null=True, default=None)
    format = serializers.ChoiceField(choices=Offer.Format.choices, required=False)


class PlaceQuerySerializer(PageQuerySerializer):
    municipality = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Id of a municipality."
    )


class EventQuerySerializer(PageQuerySerializer):
    to = serializers.DateField(
        required=False, help_text=f"Last day (inclusive); at most {MAX_WINDOW_DAYS} days on."
    )
    offer = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # `from` is a Python keyword, hence declared here.
        fields["from"] = serializers.DateField(
            required=False, help_text="First day (inclusive); today by default."
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first = attrs.get("from") or timezone.localdate()
        last = attrs.get("to") or first + dt.timedelta(days=DEFAULT_WINDOW_DAYS)
        if not (EARLIEST <= first <= LATEST and EARLIEST <= last <= LATEST):
            raise ValidationError(_("Das Datum liegt außerhalb des möglichen Bereichs."))
        if last < first:
            raise ValidationError({"to": [_("Das Ende liegt vor dem Anfang.")]})
        if (last - first).days > MAX_WINDOW_DAYS:
            raise ValidationError({"to": [_("Höchstens %d Tage auf einmal.") % MAX_WINDOW_DAYS]})
        attrs["from"], attrs["to"] = first, last
        return attrs


def parse(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- Pagination -------------------------------------------------------------------------------


class DirectoryPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def page_window(request: Request, params: dict[str, Any]) -> tuple[int, int]:
    """(offset, size) of the requested page."""
    size = min(params.get("page_size") or DirectoryPagination.page_size, 100)
    page = params.get("page") or 1
    return (page - 1) * size, size


def page_envelope(
    request: Request, total: int, offset: int, size: int, results: list[dict[str, Any]]
) -> dict[str, Any]:
    if offset and offset >= total:
        raise NotFound(_("Diese Seite gibt es nicht."))
    page = offset // size + 1
    url = request.build_absolute_uri()
    following = replace_query_param(url, "page", page + 1) if offset + size < total else None
    if page <= 1:
        previous = None
    elif page == 2:
        previous = remove_query_param(url, "page")
    else:
        previous = replace_query_param(url, "page", page - 1)
    return {"count": total, "next": following, "previous": previous, "results": results}


# --- Output: schema serializers and the item builders -------------------------------------------


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TextStateMixin(serializers.Serializer):
    language = serializers.CharField(help_text="Language of the texts in this item.")
    translation_state = serializers.ChoiceField(
        choices=["original", "machine", "reviewed", "outdated"], allow_null=True
    )
    fallback = serializers.BooleanField(
        help_text="True when the German original stands in for the requested language."
    )


class PlaceBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    municipality = NamedRefSerializer(allow_null=True)
    barrier_free = serializers.BooleanField(allow_null=True)
    url = serializers.URLField()


class PlaceSerializer(TextStateMixin, PlaceBriefSerializer):
    description = serializers.CharField()
    directions = serializers.CharField()
    opening_hours = serializers.CharField()
    updated_at = serializers.DateTimeField()


class OfferSerializer(TextStateMixin):
    id = serializers.IntegerField()
    url = serializers.URLField()
    kind = serializers.ChoiceField(choices=Offer.Kind.choices)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices))
    target_groups = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="Languages help is given in (CLDR codes)."
    )
    format = serializers.ChoiceField(choices=Offer.Format.choices)
    free_of_charge = serializers.BooleanField()
    barrier_free = serializers.BooleanField(allow_null=True)
    childcare = serializers.BooleanField()
    meeting_link = serializers.CharField()
    booking_link = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    is_stale = serializers.BooleanField(help_text="Past its review date.")
    organisation = NamedRefSerializer(allow_null=True)
    place = PlaceBriefSerializer(allow_null=True)
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    eligibility = serializers.CharField()
    cost_note = serializers.CharField()
    accessibility_note = serializers.CharField()
    easy_language = serializers.CharField(help_text="Leichte Sprache (German), if written.")
    updated_at = serializers.DateTimeField()


class EventSerializer(TextStateMixin):
    id = serializers.IntegerField()
    url = serializers.URLField()
    starts_at = serializers.DateTimeField(help_text="Start of this occurrence.")
    ends_at = serializers.DateTimeField(allow_null=True)
    all_day = serializers.BooleanField()
    recurring = serializers.BooleanField()
    rrule = serializers.CharField(help_text="iCalendar RRULE as stored, empty if one-off.")
    exdates = serializers.ListField(child=serializers.CharField())
    free_of_charge = serializers.BooleanField()
    offer = serializers.IntegerField(allow_null=True)
    place = PlaceBriefSerializer(allow_null=True)
    title = serializers.CharField()
    description = serializers.CharField()
    updated_at = serializers.DateTimeField()


class OccurrenceSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)


class EventDetailSerializer(EventSerializer):
    occurrences = OccurrenceSerializer(many=True, help_text="The next dates (up to 20, 1 year).")


class DistrictSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    ags = serializers.CharField(help_text="Amtlicher Gemeindeschlüssel of the Kreis (5 digits).")
    languages = serializers.ListField(child=serializers.CharField())
    data_licence = serializers.CharField()
    url = serializers.URLField()


class TopicSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Topic.choices)
    label = serializers.CharField()


class TopicListSerializer(serializers.Serializer):
    language = serializers.CharField()
    results = TopicSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _coordinate(value: Any) -> float | None:
    return float(value) if value is not None else None


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


class Builder:
    """Turns prefetched rows into the API's items."""

    def __init__(self, request: Request, district: District, language: str) -> None:
        self.request = request
        self.district = district
        self.language = language
        self.base = request.build_absolute_uri("/").rstrip("/")
        self._by_pk: dict[str, tuple[str, str]] = {}

    def url(self, name: str, **kwargs: Any) -> str:
        if set(kwargs) == {"pk"}:
            # One reverse() per route and response; the pk is put into its place (a page of
            # offers names a hundred URLs).
            parts = self._by_pk.get(name)
            if parts is None:
                sample = reverse(f"api:{name}", kwargs={"slug": self.district.slug, "pk": 0})
                head, _zero, tail = sample.rpartition("/0/")
                parts = self._by_pk[name] = (f"{self.base}{head}/", f"/{tail}")
            return f"{parts[0]}{int(kwargs['pk'])}{parts[1]}"
        return self.base + reverse(f"api:{name}", kwargs={"slug": self.district.slug, **kwargs})

    def text_state(self, row: Any, fallback: bool) -> dict[str, Any]:
        return {
            "language": row.language if row is not None else self.language,
            "translation_state": row.state if row is not None else None,
            "fallback": fallback,
        }

    def place_brief(self, place: Place | None) -> dict[str, Any] | None:
        if place is None or place.status != Status.PUBLISHED:
            return None
        row, _fallback = pick_translation(getattr(place, "api_translations", []), self.language)
        municipality = place.municipality
        return {
            "id": place.pk,
            "name": row.name if row is not None else place.name,
            "street": place.street,
            "postcode": place.postcode,
            "city": place.city,
            "latitude": _coordinate(place.latitude),
            "longitude": _coordinate(place.longitude),
            "municipality": {"id": municipality.pk, "name": municipality.name}
            if municipality
            else None,
            "barrier_free": place.barrier_free,
            "url": self.url("place_detail", pk=place.pk),
        }

    def place(self, place: Place) -> dict[str, Any]:
        row, fallback = pick_translation(place.api_translations, self.language)  # type: ignore[attr-defined]
        item = self.place_brief(place) or {}
        item.update(self.text_state(row, fallback))
        item.update(
            {
                "description": row.description if row is not None else "",
                "directions": row.directions if row is not None else "",
                "opening_hours": row.opening_hours if row is not None else "",
                "updated_at": _iso(place.updated_at),
            }
        )
        return item

    def offer(self, offer: Offer) -> dict[str, Any]:
        rows = offer.api_translations  # type: ignore[attr-defined]
        row, fallback = pick_translation(rows, self.language)
        german = next((r for r in rows if r.language == SOURCE_LANGUAGE), None)
        organisation = offer.organisation

        def text(field: str) -> str:
            return getattr(row, field) if row is not None else ""

        return {
            "id": offer.pk,
            "url": self.url("offer_detail", pk=offer.pk),
            "kind": offer.kind,
            "topics": list(offer.topics or []),
            "target_groups": list(offer.target_groups or []),
            "languages": list(offer.languages or []),
            "format": offer.format,
            "free_of_charge": offer.free_of_charge,
            "barrier_free": offer.barrier_free,
            "childcare": offer.childcare,
            "meeting_link": offer.meeting_link,
            "booking_link": offer.booking_link,
            "contact_email": offer.contact_email,
            "contact_phone": offer.contact_phone,
            "valid_from": _iso(offer.valid_from),
            "valid_until": _iso(offer.valid_until),
            "is_stale": offer.is_stale,
            "organisation": {"id": organisation.pk, "name": organisation.name}
            if organisation
            else None,
            "place": self.place_brief(offer.place),
            **self.text_state(row, fallback),
            "title": text("title"),
            "summary": text("summary"),
            "description": text("description"),
            "eligibility": text("eligibility"),
            "cost_note": text("cost_note"),
            "accessibility_note": text("accessibility_note"),
            "easy_language": german.easy_language if german is not None else "",
            "updated_at": _iso(offer.updated_at),
        }

    def event(
        self, event: Event, starts_at: dt.datetime | None = None, ends_at: dt.datetime | None = None
    ) -> dict[str, Any]:
        row, fallback = pick_translation(event.api_translations, self.language)  # type: ignore[attr-defined]
        start = starts_at or event.starts_at
        end = ends_at if starts_at is not None else event.ends_at
        return {
            "id": event.pk,
            "url": self.url("event_detail", pk=event.pk),
            "starts_at": _iso(timezone.localtime(start, ical.BERLIN)),
            "ends_at": _iso(timezone.localtime(end, ical.BERLIN)) if end else None,
            "all_day": event.all_day,
            "recurring": bool(event.rrule),
            "rrule": event.rrule,
            "exdates": [str(value) for value in event.exdates or []],
            "free_of_charge": event.free_of_charge,
            "offer": event.offer_id,
            "place": self.place_brief(event.place),
            **self.text_state(row, fallback),
            "title": row.title if row is not None else "",
            "description": row.description if row is not None else "",
            "updated_at": _iso(event.updated_at),
        }


def offer_items(builder: Builder, ids: list[int]) -> list[dict[str, Any]]:
    """The API items of the published offers `ids`, in that order (ids no longer published
    are left out). Each item is kept per offer (`search.per_offer`), language and host: a new
    search or page over offers already served builds only those not seen yet."""
    district, language = builder.district, builder.language

    def build(missing: list[int]) -> dict[int, Any]:
        offers = offer_queryset(district, language).filter(pk__in=missing)
        return {offer.pk: builder.offer(offer) for offer in offers}

    return search.per_offer(district, "api-offer", ids, build, language, builder.base)


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


# --- Views --------------------------------------------------------------------------------------


class IgnoreAcceptNegotiation(BaseContentNegotiation):
    """For the file feeds (iCalendar, CSV): the format is in the address, not the Accept header;
    errors still come as JSON."""

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)


class ApiView(GenericAPIView):
    permission_classes = [AllowAny]
    pagination_class = DirectoryPagination


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Unknown district or object.")
BAD_REQUEST = OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid parameter.")
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Used when `lang` is not given.",
)


class DistrictListView(ApiView):
    @extend_schema(
        summary="Districts with a public directory",
        parameters=[PageQuerySerializer],
        responses={200: DistrictSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request) -> Response:
        params = parse(PageQuerySerializer, request)
        offset, size = page_window(request, params)
        districts = District.objects.filter(is_active=True).select_related("kreis")
        total = districts.count()
        page = list(districts.defer("kreis__outline").order_by("name")[offset : offset + size])
        settings_by_district = {
            row.district_id: row
            for row in DirectorySettings.objects.filter(district__in=[d.pk for d in page])
        }
        base = request.build_absolute_uri("/").rstrip("/")
        results = []
        for district in page:
            own = settings_by_district.get(district.pk)
            languages = own.languages if own and own.languages else LANGUAGE_CODES
            results.append(
                {
                    "slug": district.slug,
                    "name": district.name,
                    "ags": district.kreis_id,
                    "languages": [code for code in LANGUAGE_CODES if code in set(languages)],
                    "data_licence": own.data_licence if own else "CC BY 4.0",
                    "url": base + reverse("api:offer_list", kwargs={"slug": district.slug}),
                }
            )
        return Response(page_envelope(request, total, offset, size, results))


class TopicListView(ApiView):
    @extend_schema(
        summary="The fixed topics, labelled in the requested language",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: TopicListSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        public_district(slug)
        language = requested_language(request)
        with override(language):
            topics = [{"code": value, "label": str(label)} for value, label in Topic.choices]
        response = Response({"language": language, "results": topics})
        patch_vary_headers(response, ["Accept-Language"])
        return response


class OfferListView(ApiView):
    @extend_schema(
        summary="Published offers of a district",
        parameters=[OfferQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: OfferSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            return json_response(page_data())

        def page_data() -> dict[str, Any]:
            # Parsed only when the page is computed: a cached body was stored for a 200, so its
            # query string was valid (and a cache hit skips the serializer's work).
            params = parse(OfferQuerySerializer, request)
            offset, size = page_window(request, params)
            query = (params.get("q") or "").strip()
            if query:
                ids, total = search_offer_ids(district, language, params, size, offset)
            else:
                queryset = filter_offers(offer_queryset(district, language), params)
                total = queryset.count()
                # The page's ids first (the district's offers alone), then the rows with their
                # joins, only for the items not cached: joining organisation and place for
                # every offer of a large district only to keep twenty made the planner hash
                # whole tables.
                window = queryset.order_by("-updated_at", "pk")[offset : offset + size]
                ids = list(window.values_list("pk", flat=True))
            results = offer_items(Builder(request, district, language), ids)
            return page_envelope(request, total, offset, size, results)

        # The rendered page is kept per change stamp (setting LOTSE_DIRECTORY_RESPONSE_CACHE).
        key = search.response_cache_key(
            district,
            "api-offers",
            language,
            request.build_absolute_uri(),  # next/previous links repeat it
        )
        return conditional(request, district, offer_sources, build, language, body_key=key)


class OfferDetailView(ApiView):
    @extend_schema(
        summary="One published offer",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: OfferSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> Response:
            builder = Builder(request, district, language)
            found = offer_items(builder, [pk]) if storable_id(Offer, pk) else []
            if not found:
                raise NotFound(_("Dieses Angebot gibt es nicht."))
            return Response(found[0])

        return conditional(request, district, offer_sources, build, language)


class PlaceListView(ApiView):
    @extend_schema(
        summary="Published places of a district",
        parameters=[PlaceQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: PlaceSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)
        params = parse(PlaceQuerySerializer, request)

        def build() -> Response:
            offset, size = page_window(request, params)
            queryset = place_queryset(district, language)
            if params.get("municipality"):
                queryset = queryset.filter(municipality_id=params["municipality"])
            total = queryset.count()
            places = list(queryset.order_by("name", "pk")[offset : offset + size])
            builder = Builder(request, district, language)
            results = [builder.place(place) for place in places]
            return Response(page_envelope(request, total, offset, size, results))

        return conditional(request, district, place_sources, build, language)


class PlaceDetailView(ApiView):
    @extend_schema(
        summary="One published place",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: PlaceSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> Response:
            place = place_queryset(district, language).filter(pk=pk).first()
            if place is None:
                raise NotFound(_("Diesen Ort gibt es nicht."))
            return Response(Builder(request, district, language).place(place))

        return conditional(request, district, place_sources, build, language)


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


class EventListView(ApiView):
    @extend_schema(
        summary="Dates of published events in a window (recurring events expanded)",
        parameters=[EventQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: EventSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)
        params = parse(EventQuerySerializer, request)

        def build() -> Response:
            offset, size = page_window(request, params)
            start, end = window_bounds(params["from"], params["to"])
            queryset = events_in_window(event_queryset(district, language), start, end)
            if params.get("offer"):
                queryset = queryset.filter(offer_id=params["offer"])
            found = ical.expand(queryset, start, end, MAX_OCCURRENCES)
            builder = Builder(request, district, language)
            results = [
                builder.event(occ.event, occ.starts_at, occ.ends_at)
                for occ in found[offset : offset + size]
            ]
            return Response(page_envelope(request, len(found), offset, size, results))

        return conditional(request, district, event_sources, build, language)


class EventDetailView(ApiView):
    @extend_schema(
        summary="One published event with its next dates",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: EventDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> Response:
            event = event_queryset(district, language).filter(pk=pk).first()
            if event is None:
                raise NotFound(_("Diese Veranstaltung gibt es nicht."))
            item = Builder(request, district, language).event(event)
            now = timezone.now()
            upcoming = ical.occurrences(event, now, now + dt.timedelta(days=365))[:20]
            item["occurrences"] = [
                {"starts_at": _iso(occ.starts_at), "ends_at": _iso(occ.ends_at)} for occ in upcoming
            ]
            return Response(item)

        return conditional(request, district, event_sources, build, language)


ICS = OpenApiResponse(OpenApiTypes.STR, description="text/calendar (RFC 5545)")


class FileFeedView(ApiView):
    content_negotiation_class = IgnoreAcceptNegotiation


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class DistrictCalendarView(FileFeedView):
    @extend_schema(
        summary="iCalendar feed of the district's published events",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={(200, "text/calendar"): ICS, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            events = event_queryset(district, language).order_by("starts_at", "pk")
            body = ical.build_calendar(events, language, district.name)
            return calendar_response(body, f"{district.slug}.ics")

        return conditional(request, district, event_sources, build, language)


class OfferCalendarView(FileFeedView):
    @extend_schema(
        summary="iCalendar feed of one offer's published events",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={(200, "text/calendar"): ICS, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            offer = offer_queryset(district, language).filter(pk=pk).first()
            if offer is None:
                raise NotFound(_("Dieses Angebot gibt es nicht."))
            events = event_queryset(district, language).filter(offer=offer)
            title, _fallback = pick_translation(offer.api_translations, language)  # type: ignore[attr-defined]
            name = f"{title.title if title else offer} – {district.name}"
            body = ical.build_calendar(events.order_by("starts_at", "pk"), language, name)
            return calendar_response(body, f"{district.slug}-offer-{offer.pk}.ics")

        return conditional(request, district, event_sources, build, language)


class ExportJsonView(FileFeedView):
    @extend_schema(
        summary="Open-data export of the published directory (all languages), JSON",
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        district = public_district(slug)
        requested_language(request)  # all languages are in it; a wrong `lang` is still refused
        # The licence is part of the export: a change of it is a new version.
        licence = export.licence_of(district)
        return conditional(
            request,
            district,
            all_sources,
            lambda: export.export_json(district),
            language=f"licence={licence}",
        )


class ExportCsvView(FileFeedView):
    @extend_schema(
        summary="Open-data export: one row per offer and language, CSV",
        responses={(200, "text/csv"): OpenApiTypes.STR, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        district = public_district(slug)
        requested_language(request)  # all languages are in it; a wrong `lang` is still refused
        # The licence is part of the export: a change of it is a new version.
        licence = export.licence_of(district)
        return conditional(
            request,
            district,
            all_sources,
            lambda: export.export_csv(district),
            language=f"licence={licence}",
        )


# --- The human-readable page at /api/ -----------------------------------------------------------


class Endpoint:
    def __init__(
        self, path: str, summary: Any, parameters: tuple[str, ...] = (), fmt: str = "JSON"
    ) -> None:
        self.path = path
        self.summary = summary
        self.parameters = parameters
        self.format = fmt


COMMON = ("lang", "page", "page_size")
ENDPOINTS = (
    Endpoint("/api/v1/districts/", _("Kreise mit öffentlichem Verzeichnis"), ("page", "page_size")),
    Endpoint("/api/v1/districts/{slug}/topics/", _("Die festen Themen mit Bezeichnung"), ("lang",)),
    Endpoint(
        "/api/v1/districts/{slug}/offers/",
        _("Veröffentlichte Angebote, mit Suche und Filtern"),
        (
            *COMMON,
            "q",
            "topic",
            "target_group",
            "language",
            "municipality",
            "free_of_charge",
            "barrier_free",
            "format",
        ),
    ),
    Endpoint("/api/v1/districts/{slug}/offers/{id}/", _("Ein Angebot"), ("lang",)),
    Endpoint(
        "/api/v1/districts/{slug}/offers/{id}/events.ics",
        _("Termine eines Angebots als Kalender"),
        ("lang",),
        "iCalendar",
    ),
    Endpoint(
        "/api/v1/districts/{slug}/places/", _("Veröffentlichte Orte"), (*COMMON, "municipality")
    ),
    Endpoint("/api/v1/districts/{slug}/places/{id}/", _("Ein Ort"), ("lang",)),
    Endpoint(
        "/api/v1/districts/{slug}/events/",
        _("Termine in einem Zeitraum; Wiederholungen sind aufgelöst"),
        (*COMMON, "from", "to", "offer"),
    ),
    Endpoint(
        "/api/v1/districts/{slug}/events/{id}/",
        _("Eine Veranstaltung mit ihren nächsten Terminen"),
        ("lang",),
    ),
    Endpoint(
        "/api/v1/districts/{slug}/events.ics",
        _("Alle Veranstaltungen als Kalender"),
        ("lang",),
        "iCalendar",
    ),
    Endpoint(
        "/api/v1/districts/{slug}/export.json",
        _("Offene Daten: das ganze Verzeichnis in allen Sprachen"),
        (),
    ),
    Endpoint(
        "/api/v1/districts/{slug}/export.csv",
        _("Offene Daten: eine Zeile je Angebot und Sprache"),
        (),
        "CSV",
    ),
)

PARAMETERS = (
    ("lang", _("Sprache der Texte: %s. Ohne Angabe entscheidet der Accept-Language-Header.")),
    ("page", _("Seite, ab 1.")),
    ("page_size", _("Einträge je Seite: 20, höchstens 100.")),
    ("q", _("Suchwörter; Tippfehler werden verziehen.")),
    ("topic", _("Thema: %s.")),
    ("target_group", _("Zielgruppe: %s.")),
    ("language", _("Sprache, in der geholfen wird (CLDR-Code, z. B. ar, uk, fa-af).")),
    ("municipality", _("Kennung einer Gemeinde.")),
    ("free_of_charge", _("kostenlos: true oder false.")),
    ("barrier_free", _("barrierefrei: true oder false.")),
    ("format", _("Form: %s.")),
    ("from", _("Erster Tag (JJJJ-MM-TT), sonst heute.")),
    ("to", _("Letzter Tag (JJJJ-MM-TT), sonst 90 Tage später; höchstens 366 Tage.")),
    ("offer", _("Nur Termine dieses Angebots.")),
)

EXAMPLE_OFFER = {
    "count": 1,
    "next": None,
    "previous": None,
    "results": [
        {
            "id": 17,
            "kind": "language_course",
            "topics": ["language"],
            "languages": ["de", "ar"],
            "free_of_charge": True,
            "language": "de",
            "translation_state": "original",
            "fallback": True,
            "title": "Sprachcafé",
            "summary": "Deutsch üben bei Kaffee und Tee",
        }
    ],
}


class ApiDocsView(TemplateView):
    template_name = "directory/api_docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        example = District.objects.filter(is_active=True).order_by("name").first()
        slug = example.slug if example else "beispielkreis"
        values = {
            "lang": ", ".join(LANGUAGE_CODES),
            "topic": ", ".join(Topic.values),
            "target_group": ", ".join(TargetGroup.values),
            "format": ", ".join(Offer.Format.values),
        }
        context.update(
            {
                "endpoints": ENDPOINTS,
                "parameters": [
                    (name, text % values[name] if name in values else text)
                    for name, text in PARAMETERS
                ],
                "example_slug": slug,
                "example_request": f"/api/v1/districts/{slug}/offers/?lang=ar&topic=language",
                "example_response": json.dumps(EXAMPLE_OFFER, ensure_ascii=False, indent=2),
                "default_licence": export.DEFAULT_LICENCE,
            }
        )
        return context
