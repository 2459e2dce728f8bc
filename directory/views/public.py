"""The public directory at /<district>/<lang>/: no sign-in, every page in the URL's language.

Each view is wrapped by `shell.public_page` and answers through the response cache
(`shell.cached_page`), so a page asked for again before the district changes costs no query.
Texts come through `selectors.text_of`, which says when German stands in.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from districts.geo import has_area
from districts.models import District
from ui.kit import is_htmx

from .. import dates, event_calendar, selectors
from .. import opening_hours as hours
from .. import search as engine
from .. import topics as vocabulary
from ..models import Offer
from ..qr import qr_svg
from .shell import allow_tiles, cached_page, map_context, page_url, public_page, render, url_maker

CARD_TEMPLATE = "directory/public/_offer_card.html"


def _topic_tiles(district: District, lang: str) -> list[dict[str, Any]]:
    counts = selectors.topic_counts(district)
    search_url = page_url("search", district, lang)
    return [
        {
            "value": code,
            "label": label,
            "count": counts.get(code, 0),
            "url": f"{search_url}?thema={code}",
        }
        for code, label in vocabulary.labels(district, lang).topics
    ]


@public_page
def home(request: HttpRequest, district: District, lang: str) -> HttpResponseBase:
    def build() -> HttpResponse:
        search_url = page_url("search", district, lang)
        quick = [
            (_("kostenlos"), f"{search_url}?kostenlos=1"),
            (_("barrierefrei"), f"{search_url}?barrierefrei=1"),
            (_("online"), f"{search_url}?form=online"),
            (_("vor Ort und online"), f"{search_url}?form=hybrid"),
        ]
        context = {"tiles": lambda: _topic_tiles(district, lang), "quick_filters": quick}
        return render(request, district, lang, "directory/public/home.html", context)

    return cached_page(request, district, lang, "home-page", build)


def _result_items(offers: list[Offer], district: District, lang: str) -> list[dict[str, Any]]:
    offer_url = url_maker("offer", district, lang)
    labels = vocabulary.labels(district, lang)
    return [
        {
            "offer": offer,
            "text": selectors.text_of(offer, lang),
            "url": offer_url(offer.pk),
            "topics": labels.topic_labels(offer.topics),
        }
        for offer in offers
    ]


def _cards(district: District, lang: str, ids: list[int]) -> list[str]:
    """The result cards of the published offers `ids`, in that order. Each card is rendered
    once per offer (`search.per_offer`), address and language: a search that nobody asked
    before renders only the cards of offers not shown since the district last changed."""

    def build(missing: list[int]) -> dict[int, str]:
        offers = selectors.offers_in_order(district, lang, missing)
        return {
            item["offer"].pk: render_to_string(CARD_TEMPLATE, {"item": item})
            for item in _result_items(offers, district, lang)
        }

    cards = engine.per_offer(district, "card", ids, build, district.slug, lang)
    # Rendered by our own template, with autoescaping, from the rows above.
    return [mark_safe(card) for card in cards]  # noqa: S308


@public_page
def search(request: HttpRequest, district: District, lang: str) -> HttpResponseBase:
    """The search page, whole or as the htmx fragment of its results."""
    return cached_page(
        request, district, lang, "search-page", lambda: _search(request, district, lang)
    )


def _search(request: HttpRequest, district: District, lang: str) -> TemplateResponse:
    query = request.GET.get("q", "").strip()[:200]
    filters = selectors.parse_filters(request.GET, district)
    page_raw = request.GET.get("seite", "1")
    page = max(1, min(int(page_raw), 10_000)) if page_raw.isdigit() else 1
    results = selectors.search(district, lang, query, filters, page)
    context = {
        "query": query,
        "filters": filters,
        **selectors.search_facets(district, lang, query, filters, results.facets),
        "cards": _cards(district, lang, results.ids),
        # called only where the tiles of the district's current rows are not rendered yet
        "tiles": (lambda: _topic_tiles(district, lang)) if not results.ids else [],
        "total": results.total,
        "suggestions": selectors.suggestion_links(results, district),
        **selectors.page_links(query, filters, page, results.total),
    }
    template = "_results.html" if is_htmx(request) else "search.html"
    return render(request, district, lang, f"directory/public/{template}", context)


def _offer_context(request: HttpRequest, district: District, lang: str, pk: int) -> dict[str, Any]:
    offer = selectors.public_offer(district, pk, lang)
    place = offer.place
    labels = vocabulary.labels(district, lang)
    place_text = selectors.text_of(place, lang) if place is not None else None
    offer_url = page_url("offer", district, lang, pk=offer.pk)
    return {
        "offer": offer,
        "text": selectors.text_of(offer, lang),
        "place": place,
        "place_text": place_text,
        "place_url": page_url("place", district, lang, pk=place.pk) if place else "",
        "located": bool(place and place.latitude is not None and place.longitude is not None),
        "opening_hours": hours.of_place(place, lang) if place is not None else None,
        "topics": labels.topic_labels(offer.topics),
        "target_groups": labels.target_group_labels(offer.target_groups),
        "spoken": [selectors.language_name(code, lang) for code in offer.languages],
        "occurrences": selectors.upcoming(district, lang, offer=offer)[:10],
        "offer_url": offer_url,
        "absolute_url": request.build_absolute_uri(offer_url),
        "print_url": page_url("offer_print", district, lang, pk=offer.pk),
        "qr_url": page_url("offer_qr", district, lang, pk=offer.pk),
        "event_url_base": page_url("events", district, lang),
    }


@public_page
def offer(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponseBase:
    """The offer page: the page a poster's QR code opens."""

    def build() -> HttpResponse:
        context = {**_offer_context(request, district, lang, pk), **map_context()}
        return render(request, district, lang, "directory/public/offer.html", context)

    return allow_tiles(cached_page(request, district, lang, "offer-page", build))


@public_page
def offer_print(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponseBase:
    def build() -> HttpResponse:
        context = _offer_context(request, district, lang, pk)
        context["qr_svg"] = qr_svg(context["absolute_url"])
        return render(request, district, lang, "directory/public/offer_print.html", context)

    return cached_page(request, district, lang, "offer-print", build)


@public_page
def offer_qr(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponseBase:
    def build() -> HttpResponse:
        found = selectors.public_offer(district, pk, lang)
        url = request.build_absolute_uri(page_url("offer", district, lang, pk=found.pk))
        response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
        response["Content-Disposition"] = f'inline; filename="angebot-{found.pk}-qr.svg"'
        return response

    return cached_page(request, district, lang, "offer-qr", build)


@public_page
def place(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponseBase:
    def build() -> HttpResponse:
        found = selectors.public_place(district, pk, lang)
        context = {
            "place": found,
            "place_text": selectors.text_of(found, lang),
            "opening_hours": hours.of_place(found, lang),
            "items": _result_items(list(found.offers.all()), district, lang),
            "located": found.latitude is not None and found.longitude is not None,
            **map_context(),
        }
        return render(request, district, lang, "directory/public/place.html", context)

    return allow_tiles(cached_page(request, district, lang, "place-page", build))


@public_page
def event(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponseBase:
    def build() -> HttpResponse:
        found = selectors.public_event(district, pk, lang)
        start, end = selectors.calendar_window()
        spot = found.place
        context = {
            "event": found,
            "event_text": selectors.text_of(found, lang),
            "place_text": selectors.text_of(spot, lang) if spot else None,
            "place_url": page_url("place", district, lang, pk=spot.pk) if spot else "",
            "offer_url": (
                page_url("offer", district, lang, pk=found.offer_id) if found.offer_id else ""
            ),
            "occurrences": selectors.occurrences(found, start, end),
            "weeks": selectors.CALENDAR_WEEKS,
        }
        return render(request, district, lang, "directory/public/event.html", context)

    return cached_page(request, district, lang, "event-page", build)


def _event_entries(
    hits: list[selectors.Occurrence], district: District, lang: str
) -> list[dict[str, Any]]:
    event_url = url_maker("event", district, lang)
    return [
        {
            "hit": hit,
            "text": selectors.text_of(hit.event, lang),
            "url": event_url(hit.event.pk),
            "place_text": (selectors.text_of(hit.event.place, lang) if hit.event.place else None),
        }
        for hit in hits
    ]


def _period_links(
    period: event_calendar.Period, filters: selectors.Filters, lang: str
) -> dict[str, Any]:
    """The period's heading and the links to the neighbouring periods and the other view."""
    today = timezone.localdate()
    first, last = event_calendar.bounds(period.view, today)
    week = period.view == event_calendar.WEEK
    in_view = max(period.first, today)  # the other view opens on the same day
    return {
        "label": (
            dates.days_between(period.first, period.last, lang)
            if week
            else dates.month(period.first, lang)
        ),
        "previous_query": (
            event_calendar.calendar_query(filters, period.shifted(-1))
            if period.first > first.first
            else ""
        ),
        "next_query": (
            event_calendar.calendar_query(filters, period.shifted(1))
            if period.first < last.first
            else ""
        ),
        # back to today's period, where "previous" does not lead there already
        "current_query": (
            event_calendar.calendar_query(filters, first)
            if period.first > first.shifted(1).first
            else ""
        ),
        "week_query": event_calendar.calendar_query(
            filters, event_calendar.Period.containing(event_calendar.WEEK, in_view)
        ),
        "month_query": event_calendar.calendar_query(
            filters, event_calendar.Period.containing(event_calendar.MONTH, in_view)
        ),
    }


@public_page
def events(request: HttpRequest, district: District, lang: str) -> HttpResponseBase:
    """The events of one week or one month, day by day, filtered like the search."""
    return cached_page(
        request, district, lang, "events-page", lambda: _events(request, district, lang)
    )


def _events(request: HttpRequest, district: District, lang: str) -> TemplateResponse:
    period = event_calendar.period_of(request.GET, timezone.localdate())
    filters = selectors.parse_filters(request.GET, district)
    found = event_calendar.calendar(district, lang, period, filters)
    codes = sorted(set(found.languages) | ({filters.language} - {""}))
    days = [
        (day, _event_entries(hits_of_day, district, lang))
        for day, hits_of_day in selectors.by_day(found.hits)
    ]
    context = {
        "days": days,
        "period": period,
        "week_view": period.view == event_calendar.WEEK,
        "filters": filters,
        "topics": vocabulary.labels(district, lang).topics,
        "spoken": [(code, selectors.language_name(code, lang)) for code in codes],
        "municipality_choices": selectors.municipalities(district),
        "clear_query": event_calendar.calendar_query(selectors.Filters(), period),
        "feed_url": reverse("api:events_ics", kwargs={"slug": district.slug}) + f"?lang={lang}",
        **_period_links(period, filters, lang),
    }
    return render(request, district, lang, "directory/public/events.html", context)


@public_page
def map_page(request: HttpRequest, district: District, lang: str) -> HttpResponseBase:
    def build() -> HttpResponse:
        context = {
            "items": _result_items(selectors.located_offers(district, lang), district, lang),
            "kreis": district.kreis,
            "data_url": page_url("map_data", district, lang),
            **map_context(),
        }
        return render(request, district, lang, "directory/public/map.html", context)

    return allow_tiles(cached_page(request, district, lang, "map-page", build))


@public_page
def map_data(request: HttpRequest, district: District, lang: str) -> HttpResponseBase:
    """GeoJSON: the Kreis outline (role "outline") and the offers with a place (role "offer")."""

    def build() -> HttpResponse:
        response = _map_geojson(district, lang)
        response["Content-Language"] = lang
        return response

    response = cached_page(request, district, lang, "map-geojson", build)
    response["Cache-Control"] = "public, max-age=300"
    return response


def _map_geojson(district: District, lang: str) -> JsonResponse:
    kreis = type(district.kreis).objects.only("ags", "outline").get(pk=district.kreis_id)
    features: list[dict[str, Any]] = []
    if has_area(kreis.outline):
        features.append(
            {
                "type": "Feature",
                "id": f"kreis-{kreis.ags}",
                "geometry": kreis.outline,
                "properties": {"role": "outline", "name": district.kreis.display_name},
            }
        )
    offer_url = url_maker("offer", district, lang)
    for found in selectors.located_offers(district, lang):
        spot = found.place
        if spot is None or spot.latitude is None or spot.longitude is None:
            continue
        text = selectors.text_of(found, lang)
        features.append(
            {
                "type": "Feature",
                "id": found.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(spot.longitude), float(spot.latitude)],
                },
                "properties": {
                    "role": "offer",
                    "name": text.row.title if text else "",
                    "lang": text.language,
                    "place": spot.name,
                    "url": offer_url(found.pk),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})
