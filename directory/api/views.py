"""The open directory API, version 1: read-only JSON for districts, topics, offers, places and
events (published data only), the iCalendar feeds and the open-data export.

Every district-level answer goes through the directory's response cache
(`directory.response_cache`): it carries an ETag and a Last-Modified header derived from the
rows it is built from plus the request's query and language (a matching If-None-Match or
If-Modified-Since gets 304), and its body is kept per district change stamp.

Each list costs a fixed number of queries whatever the district's size (`selectors`); the items
are built by `serializers.Builder`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
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

from .. import export, ical, selectors
from .. import topics as vocabulary
from ..models import SOURCE_LANGUAGE, Offer, pick_translation
from ..response_cache import Sources, cached_response
from . import selectors as rows
from .serializers import (
    LANGUAGE_CODES,
    Builder,
    DistrictSerializer,
    ErrorSerializer,
    EventDetailSerializer,
    EventQuerySerializer,
    EventSerializer,
    LanguageQuerySerializer,
    OfferQuerySerializer,
    OfferSerializer,
    PageQuerySerializer,
    PlaceQuerySerializer,
    PlaceSerializer,
    TopicListSerializer,
    iso,
    offer_items,
    parse,
)

MAX_OCCURRENCES = 1000

# --- Language and district ------------------------------------------------------------------


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


JSON_TYPE = "application/json"


def json_response(data: Any) -> HttpResponse:
    """A body rendered here (as DRF's JSONRenderer renders it), so that it can be cached."""
    return HttpResponse(JSONRenderer().render(data), content_type=JSON_TYPE)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The answer to an address under /api/ that no route matches (an id that is no number,
    say): JSON like the API's own 404s, not the site's HTML page. See `lotse.urls`."""
    body = JSONRenderer().render({"detail": NotFound.default_detail})
    return HttpResponse(body, content_type=JSON_TYPE, status=404)


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


def cached(
    request: Request,
    district: District,
    kind: str,
    sources: Sources,
    build: Callable[[], HttpResponseBase],
    variant: str,
) -> HttpResponseBase:
    """`build()` through the response cache: kept per change stamp, address and `variant` (the
    language, or what else the body depends on), with ETag and Last-Modified of `sources`."""
    return cached_response(
        request, district, kind, build, variant, sources=sources, variant=variant
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
        total, page = rows.active_districts(offset, size)
        base = request.build_absolute_uri("/").rstrip("/")
        results = []
        for district, own in page:
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
        summary="The district's topics in its directory, labelled in the requested language",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: TopicListSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        district = public_district(slug)
        language = requested_language(request)
        topics = [
            {"code": code, "label": label}
            for code, label in vocabulary.labels(district, language).topics
        ]
        response = Response({"language": language, "results": topics})
        patch_vary_headers(response, ["Accept-Language"])
        return response


class OfferListView(ApiView):
    @extend_schema(
        summary="Published offers of a district",
        parameters=[OfferQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: OfferSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            # Parsed only when the page is computed: a kept body was stored for a 200, so its
            # query string was valid (and a cache hit skips the serializer's work).
            params = parse(OfferQuerySerializer, request, district)
            offset, size = page_window(request, params)
            query = (params.get("q") or "").strip()
            if query:
                ids, total = rows.search_offer_ids(district, language, params, size, offset)
            else:
                ids, total = rows.offer_page_ids(district, language, params, offset, size)
            results = offer_items(Builder(request, district, language), ids)
            return json_response(page_envelope(request, total, offset, size, results))

        return cached(request, district, "api-offers", rows.offer_sources, build, language)


class OfferDetailView(ApiView):
    @extend_schema(
        summary="One published offer",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: OfferSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponseBase:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            builder = Builder(request, district, language)
            found = offer_items(builder, [pk]) if rows.storable_id(Offer, pk) else []
            if not found:
                raise NotFound(_("Dieses Angebot gibt es nicht."))
            return json_response(found[0])

        return cached(request, district, "api-offer", rows.offer_sources, build, language)


class PlaceListView(ApiView):
    @extend_schema(
        summary="Published places of a district",
        parameters=[PlaceQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: PlaceSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        district = public_district(slug)
        language = requested_language(request)
        params = parse(PlaceQuerySerializer, request)

        def build() -> HttpResponse:
            offset, size = page_window(request, params)
            queryset = rows.place_queryset(district, language)
            if params.get("municipality"):
                queryset = queryset.filter(municipality_id=params["municipality"])
            total = queryset.count()
            places = list(queryset.order_by("name", "pk")[offset : offset + size])
            builder = Builder(request, district, language)
            results = [builder.place(place) for place in places]
            return json_response(page_envelope(request, total, offset, size, results))

        return cached(request, district, "api-places", rows.place_sources, build, language)


class PlaceDetailView(ApiView):
    @extend_schema(
        summary="One published place",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: PlaceSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponseBase:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            place = rows.place_queryset(district, language).filter(pk=pk).first()
            if place is None:
                raise NotFound(_("Diesen Ort gibt es nicht."))
            return json_response(Builder(request, district, language).place(place))

        return cached(request, district, "api-place", rows.place_sources, build, language)


class EventListView(ApiView):
    @extend_schema(
        summary="Dates of published events in a window (recurring events expanded)",
        parameters=[EventQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: EventSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        district = public_district(slug)
        language = requested_language(request)
        params = parse(EventQuerySerializer, request)

        def build() -> HttpResponse:
            offset, size = page_window(request, params)
            start, end = rows.window_bounds(params["from"], params["to"])
            queryset = rows.events_in_window(rows.event_queryset(district, language), start, end)
            if params.get("offer"):
                queryset = queryset.filter(offer_id=params["offer"])
            found = ical.expand(queryset, start, end, MAX_OCCURRENCES)
            builder = Builder(request, district, language)
            results = [
                builder.event(occ.event, occ.starts_at, occ.ends_at)
                for occ in found[offset : offset + size]
            ]
            return json_response(page_envelope(request, len(found), offset, size, results))

        return cached(request, district, "api-events", rows.event_sources, build, language)


class EventDetailView(ApiView):
    @extend_schema(
        summary="One published event with its next dates",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={200: EventDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponseBase:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            event = rows.event_queryset(district, language).filter(pk=pk).first()
            if event is None:
                raise NotFound(_("Diese Veranstaltung gibt es nicht."))
            item = Builder(request, district, language).event(event)
            now = timezone.now()
            upcoming = ical.occurrences(event, now, now + dt.timedelta(days=365))[:20]
            item["occurrences"] = [
                {"starts_at": iso(occ.starts_at), "ends_at": iso(occ.ends_at)} for occ in upcoming
            ]
            return json_response(item)

        return cached(request, district, "api-event", rows.event_sources, build, language)


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
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            events = rows.event_queryset(district, language).order_by("starts_at", "pk")
            body = ical.build_calendar(events, language, district.name)
            return calendar_response(body, f"{district.slug}.ics")

        return cached(request, district, "api-ics", rows.event_sources, build, language)


class OfferCalendarView(FileFeedView):
    @extend_schema(
        summary="iCalendar feed of one offer's published events",
        parameters=[LanguageQuerySerializer, ACCEPT_LANGUAGE],
        responses={(200, "text/calendar"): ICS, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponseBase:
        district = public_district(slug)
        language = requested_language(request)

        def build() -> HttpResponse:
            offer = rows.offer_queryset(district, language).filter(pk=pk).first()
            if offer is None:
                raise NotFound(_("Dieses Angebot gibt es nicht."))
            events = rows.event_queryset(district, language).filter(offer=offer)
            title, _fallback = pick_translation(offer.api_translations, language)  # type: ignore[attr-defined]
            name = f"{title.title if title else offer} – {district.name}"
            body = ical.build_calendar(events.order_by("starts_at", "pk"), language, name)
            return calendar_response(body, f"{district.slug}-offer-{offer.pk}.ics")

        # An offer's feed shows the offer's title too.
        return cached(request, district, "api-offer-ics", rows.all_sources, build, language)


class ExportJsonView(FileFeedView):
    @extend_schema(
        summary="Open-data export of the published directory (all languages), JSON",
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        district = public_district(slug)
        requested_language(request)  # all languages are in it; a wrong `lang` is still refused
        # The licence is part of the export: a change of it is a new version.
        licence = f"licence={export.licence_of(district)}"
        return cached(
            request,
            district,
            "api-export-json",
            rows.all_sources,
            lambda: export.export_json(district),
            licence,
        )


class ExportCsvView(FileFeedView):
    @extend_schema(
        summary="Open-data export: one row per offer and language, CSV",
        responses={(200, "text/csv"): OpenApiTypes.STR, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        district = public_district(slug)
        requested_language(request)  # all languages are in it; a wrong `lang` is still refused
        # The licence is part of the export: a change of it is a new version.
        licence = f"licence={export.licence_of(district)}"
        return cached(
            request,
            district,
            "api-export-csv",
            rows.all_sources,
            lambda: export.export_csv(district),
            licence,
        )
