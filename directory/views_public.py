"""The public directory at /<district>/<lang>/: no sign-in, every page in the URL's language.

Each view is wrapped by `public_page`: it finds the active district (404 otherwise), checks that
the district offers the language, activates it and marks the request as part of the public
shell. Texts come through `selectors.text_of`, which says when German stands in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from districts.models import District
from districts.reference import ATTRIBUTION, LICENCE_NAME, LICENCE_URL
from network.geo import has_area
from network.geo import tile_origin as tile_origin_of
from ui.languages import enter_public_shell, use_language

from . import dates, event_calendar, selectors
from . import opening_hours as hours
from . import search as engine
from .models import Offer, TargetGroup, Topic
from .qr import qr_svg

View = Callable[..., HttpResponse]


def enter_public_page(request: HttpRequest, district_slug: str, lang: str) -> District:
    """The district of a public page in one of its directory's languages (else 404), with the
    request set up for the public shell in that language."""
    district, languages = selectors.public_directory(district_slug)
    if lang not in languages:
        raise Http404
    enter_public_shell(request)
    use_language(request, lang)
    request.public_district = district  # type: ignore[attr-defined]
    request.public_languages = languages  # type: ignore[attr-defined]
    return district


def public_page(view: View) -> View:
    @wraps(view)
    def wrapper(
        request: HttpRequest, district_slug: str, lang: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        district = enter_public_page(request, district_slug, lang)
        return view(request, district, lang, *args, **kwargs)

    return require_GET(wrapper)


def _switch_links(request: HttpRequest, lang: str) -> list[dict[str, Any]]:
    """The same page in the district's other languages."""
    match = request.resolver_match
    languages: list[str] = getattr(request, "public_languages", [])
    query = request.GET.urlencode()
    links = []
    for code in languages:
        try:
            url = reverse(
                f"public:{match.url_name}" if match else "public:home",
                kwargs={**(match.kwargs if match else {}), "lang": code},
            )
        except NoReverseMatch:
            continue
        links.append(
            {
                "code": code,
                "name": selectors.language_name(code, code),
                "url": f"{url}?{query}" if query else url,
                "current": code == lang,
            }
        )
    return links


def render(
    request: HttpRequest,
    district: District,
    lang: str,
    template: str,
    context: dict[str, Any],
) -> TemplateResponse:
    base = {
        "district": district,
        "lang": lang,
        "switch_links": _switch_links(request, lang),
        "home_url": reverse("public:home", kwargs={"district_slug": district.slug, "lang": lang}),
        "search_url": reverse(
            "public:search", kwargs={"district_slug": district.slug, "lang": lang}
        ),
        "events_url": reverse(
            "public:events", kwargs={"district_slug": district.slug, "lang": lang}
        ),
        "map_url": reverse("public:map", kwargs={"district_slug": district.slug, "lang": lang}),
    }
    response = TemplateResponse(request, template, {**base, **context})
    response["Content-Language"] = lang
    return response


def _url(name: str, district: District, lang: str, **kwargs: Any) -> str:
    return reverse(
        f"public:{name}", kwargs={"district_slug": district.slug, "lang": lang, **kwargs}
    )


def _topic_tiles(district: District, lang: str, counts: Any) -> list[dict[str, Any]]:
    search_url = _url("search", district, lang)
    return [
        {
            "value": topic.value,
            "label": topic.label,
            "count": counts.get(topic.value, 0),
            "url": f"{search_url}?thema={topic.value}",
        }
        for topic in Topic
    ]


@public_page
def home(request: HttpRequest, district: District, lang: str) -> HttpResponse:
    counts = selectors.topic_counts(district)
    search_url = _url("search", district, lang)
    quick = [
        (_("kostenlos"), f"{search_url}?kostenlos=1"),
        (_("barrierefrei"), f"{search_url}?barrierefrei=1"),
        (_("online"), f"{search_url}?form=online"),
        (_("vor Ort und online"), f"{search_url}?form=hybrid"),
    ]
    return render(
        request,
        district,
        lang,
        "directory/public/home.html",
        {"tiles": _topic_tiles(district, lang, counts), "quick_filters": quick},
    )


def _option_list(
    choices: list[tuple[str, Any]], counts: Any, selected: str, query: str, filters: Any, key: str
) -> list[dict[str, Any]]:
    return [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "selected": value == selected,
            "query": selectors.filter_query(query, filters, **{key: value}),
        }
        for value, label in choices
    ]


def _result_items(offers: list[Offer], district: District, lang: str) -> list[dict[str, Any]]:
    # one reverse() for the list; each offer's pk is put into its place
    head, _zero, tail = _url("offer", district, lang, pk=0).rpartition("/0/")
    return [
        {
            "offer": offer,
            "text": selectors.text_of(offer, lang),
            "url": f"{head}/{offer.pk}/{tail}",
            "topics": [Topic(value).label for value in offer.topics if value in Topic.values],
        }
        for offer in offers
    ]


CARD_TEMPLATE = "directory/public/_offer_card.html"


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


def _cached(
    request: HttpRequest,
    district: District,
    lang: str,
    kind: str,
    build: Callable[[], HttpResponse],
    *parts: Any,
) -> HttpResponse:
    """`build()`, or the body it rendered before: kept per district change stamp, language, day,
    address (host and query string included) and `parts`, see `search.response_cache_key`.
    Only answers with status 200 are kept; a 404 raised by `build` is never cached."""
    key = engine.response_cache_key(
        district,
        kind,
        lang,
        request.build_absolute_uri(),
        district.name,
        ",".join(getattr(request, "public_languages", [])),
        *parts,
    )
    body = cache.get(key) if key else None
    if body is None:
        response = build()
        if isinstance(response, TemplateResponse):
            response.render()
        if key and response.status_code == 200:
            cache.set(key, response.content, engine.CACHE_TIMEOUT)
        return response
    cached = HttpResponse(body)
    cached["Content-Language"] = lang
    return cached


@public_page
def search(request: HttpRequest, district: District, lang: str) -> HttpResponse:
    """The search page, whole or as the htmx fragment of its results (cached, see `_cached`)."""
    partial = request.headers.get("HX-Request") == "true" and (
        request.headers.get("HX-History-Restore-Request") != "true"
    )
    return _cached(
        request,
        district,
        lang,
        "search-page",
        lambda: _search(request, district, lang, partial),
        partial,
    )


def _search(request: HttpRequest, district: District, lang: str, partial: bool) -> TemplateResponse:
    query = request.GET.get("q", "").strip()[:200]
    filters = selectors.parse_filters(request.GET)
    page_raw = request.GET.get("seite", "1")
    page = max(1, min(int(page_raw), 10_000)) if page_raw.isdigit() else 1
    results = selectors.search(district, lang, query, filters, page)
    facets = results.facets
    places = selectors.municipalities(district)
    municipality_names = {m.pk: m.name for m in places}
    language_codes = sorted(set(facets.language) | ({filters.language} - {""}))
    spoken = [(code, selectors.language_name(code, lang)) for code in language_codes]
    facet_groups = [
        {
            "key": "thema",
            "label": _("Thema"),
            "options": _option_list(
                list(Topic.choices), facets.topic, filters.topic, query, filters, "thema"
            ),
        },
        {
            "key": "sprache",
            "label": _("Sprache im Angebot"),
            "options": _option_list(
                spoken, facets.language, filters.language, query, filters, "sprache"
            ),
        },
        {
            "key": "zielgruppe",
            "label": _("Für wen"),
            "options": _option_list(
                list(TargetGroup.choices),
                facets.target_group,
                filters.target_group,
                query,
                filters,
                "zielgruppe",
            ),
        },
        {
            "key": "gemeinde",
            "label": _("Gemeinde"),
            "options": _option_list(
                [(str(pk), name) for pk, name in municipality_names.items()],
                {str(pk): n for pk, n in facets.municipality.items()},
                str(filters.municipality or ""),
                query,
                filters,
                "gemeinde",
            ),
        },
        {
            "key": "form",
            "label": _("Form"),
            "options": _option_list(
                [(value, str(Offer.Format(value).label)) for value in selectors.FORMATS],
                facets.format,
                filters.format,
                query,
                filters,
                "form",
            ),
        },
    ]
    base_query = selectors.filter_query(query, filters)
    active = _active_filters(query, filters, municipality_names, lang)
    context = {
        "query": query,
        "filters": filters,
        "facet_groups": facet_groups,
        "free_count": facets.free,
        "barrier_free_count": facets.barrier_free,
        "free_query": selectors.filter_query(query, filters, kostenlos=not filters.free),
        "barrier_free_query": selectors.filter_query(
            query, filters, barrierefrei=not filters.barrier_free
        ),
        "cards": _cards(district, lang, results.ids),
        "active_filters": active,
        "clear_query": selectors.filter_query(query, selectors.Filters()),
        "base_query": base_query,
        "topics": list(Topic.choices),
        "target_groups": list(TargetGroup.choices),
        "spoken": spoken,
        "municipality_choices": places,
        "formats": [(v, Offer.Format(v).label) for v in selectors.FORMATS],
        "tiles": (
            _topic_tiles(district, lang, selectors.topic_counts(district))
            if not results.ids
            else []
        ),
        "total": results.total,
        "suggestions": [
            {
                "label": hint.query
                or (str(Topic(hint.filters.topic).label) if hint.filters.topic else ""),
                "query": selectors.filter_query(hint.query, hint.filters),
                "total": hint.total,
            }
            for hint in results.suggestions
            if hint.query or hint.filters.topic
        ],
        "previous_query": (
            selectors.filter_query(query, filters, seite=page - 1 if page > 2 else "")
            if page > 1
            else None
        ),
        "next_query": (
            selectors.filter_query(query, filters, seite=page + 1)
            if page * selectors.PAGE_SIZE < results.total
            else None
        ),
    }
    if partial:
        return render(request, district, lang, "directory/public/_results.html", context)
    return render(request, district, lang, "directory/public/search.html", context)


def _active_filters(
    query: str, filters: selectors.Filters, municipality_names: dict[int, str], lang: str
) -> list[dict[str, str]]:
    """Chips for the active filters, each with the query string that removes it."""
    found: list[dict[str, str]] = []

    def add(label: str, **change: Any) -> None:
        found.append({"label": label, "query": selectors.filter_query(query, filters, **change)})

    if filters.topic:
        add(str(Topic(filters.topic).label), thema="")
    if filters.language:
        add(selectors.language_name(filters.language, lang), sprache="")
    if filters.target_group:
        add(str(TargetGroup(filters.target_group).label), zielgruppe="")
    if filters.municipality:
        add(municipality_names.get(filters.municipality, "?"), gemeinde="")
    if filters.free:
        add(_("kostenlos"), kostenlos="")
    if filters.barrier_free:
        add(_("barrierefrei"), barrierefrei="")
    if filters.format:
        add(str(Offer.Format(filters.format).label), form="")
    return found


def _offer_context(request: HttpRequest, district: District, lang: str, pk: int) -> dict[str, Any]:
    offer = selectors.public_offer(district, pk, lang)
    place = offer.place
    place_text = selectors.text_of(place, lang) if place is not None else None
    offer_url = _url("offer", district, lang, pk=offer.pk)
    return {
        "offer": offer,
        "text": selectors.text_of(offer, lang),
        "place": place,
        "place_text": place_text,
        "place_url": _url("place", district, lang, pk=place.pk) if place else "",
        "located": bool(place and place.latitude is not None and place.longitude is not None),
        "opening_hours": hours.of_place(place, lang) if place is not None else None,
        "topics": [Topic(value).label for value in offer.topics if value in Topic.values],
        "target_groups": [
            TargetGroup(value).label for value in offer.target_groups if value in TargetGroup.values
        ],
        "spoken": [selectors.language_name(code, lang) for code in offer.languages],
        "occurrences": selectors.upcoming(district, lang, offer=offer)[:10],
        "offer_url": offer_url,
        "absolute_url": request.build_absolute_uri(offer_url),
        "print_url": _url("offer_print", district, lang, pk=offer.pk),
        "qr_url": _url("offer_qr", district, lang, pk=offer.pk),
        "event_url_base": _url("events", district, lang),
    }


def _tile_settings() -> tuple[str, str, str | None]:
    url: str = getattr(settings, "LOTSE_MAP_TILE_URL", "") or ""
    attribution: str = getattr(settings, "LOTSE_MAP_TILE_ATTRIBUTION", "") or ""
    origin = tile_origin_of(url)
    if origin is None:
        return "", "", None
    return url, attribution, origin


def _map_context() -> dict[str, Any]:
    tile_url, tile_attribution, _origin = _tile_settings()
    return {
        "tile_url": tile_url,
        "tile_attribution": tile_attribution,
        "outline_credit": ATTRIBUTION[0],
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
    }


def _allow_tiles(response: HttpResponse) -> HttpResponse:
    _url_, _attribution, origin = _tile_settings()
    if origin:
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


@public_page
def offer(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponse:
    """The offer page (cached, see `_cached`): the page a poster's QR code opens."""

    def build() -> HttpResponse:
        context = _offer_context(request, district, lang, pk)
        context.update(_map_context())
        return render(request, district, lang, "directory/public/offer.html", context)

    return _allow_tiles(_cached(request, district, lang, "offer-page", build))


@public_page
def offer_print(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponse:
    context = _offer_context(request, district, lang, pk)
    context["qr_svg"] = qr_svg(context["absolute_url"])
    return render(request, district, lang, "directory/public/offer_print.html", context)


@public_page
def offer_qr(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponse:
    found = selectors.public_offer(district, pk, lang)
    url = request.build_absolute_uri(_url("offer", district, lang, pk=found.pk))
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="angebot-{found.pk}-qr.svg"'
    return response


@public_page
def place(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponse:
    found = selectors.public_place(district, pk, lang)
    offers = list(found.offers.all())
    context = {
        "place": found,
        "place_text": selectors.text_of(found, lang),
        "opening_hours": hours.of_place(found, lang),
        "items": _result_items(offers, district, lang),
        "located": found.latitude is not None and found.longitude is not None,
        **_map_context(),
    }
    response = render(request, district, lang, "directory/public/place.html", context)
    return _allow_tiles(response)


@public_page
def event(request: HttpRequest, district: District, lang: str, pk: int) -> HttpResponse:
    found = selectors.public_event(district, pk, lang)
    start, end = selectors.calendar_window()
    context = {
        "event": found,
        "event_text": selectors.text_of(found, lang),
        "place_text": selectors.text_of(found.place, lang) if found.place else None,
        "place_url": _url("place", district, lang, pk=found.place.pk) if found.place else "",
        "offer_url": (_url("offer", district, lang, pk=found.offer_id) if found.offer_id else ""),
        "occurrences": selectors.occurrences(found, start, end),
        "weeks": selectors.CALENDAR_WEEKS,
    }
    return render(request, district, lang, "directory/public/event.html", context)


def _event_entries(
    hits: list[selectors.Occurrence], district: District, lang: str
) -> list[dict[str, Any]]:
    head, _zero, tail = _url("event", district, lang, pk=0).rpartition("/0/")
    return [
        {
            "hit": hit,
            "text": selectors.text_of(hit.event, lang),
            "url": f"{head}/{hit.event.pk}/{tail}",
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
def events(request: HttpRequest, district: District, lang: str) -> HttpResponse:
    """The events of one week or one month, day by day, filtered like the search."""
    period = event_calendar.period_of(request.GET, timezone.localdate())
    filters = selectors.parse_filters(request.GET)
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
        "topics": list(Topic.choices),
        "spoken": [(code, selectors.language_name(code, lang)) for code in codes],
        "municipality_choices": selectors.municipalities(district),
        "clear_query": event_calendar.calendar_query(selectors.Filters(), period),
        "feed_url": reverse("api:events_ics", kwargs={"slug": district.slug}) + f"?lang={lang}",
        **_period_links(period, filters, lang),
    }
    return render(request, district, lang, "directory/public/events.html", context)


@public_page
def map_page(request: HttpRequest, district: District, lang: str) -> HttpResponse:
    items = _result_items(selectors.located_offers(district, lang), district, lang)
    context = {
        "items": items,
        "kreis": district.kreis,
        "data_url": _url("map_data", district, lang),
        **_map_context(),
    }
    response = render(request, district, lang, "directory/public/map.html", context)
    return _allow_tiles(response)


@public_page
def map_data(request: HttpRequest, district: District, lang: str) -> HttpResponse:
    """GeoJSON: the Kreis outline (role "outline") and the offers with a place (role "offer").

    The body is cached per district change stamp, language and day (validity ends daily)."""
    key = engine.district_cache_key(district, "map-geojson", lang, timezone.localdate())
    body = cache.get(key)
    if body is None:
        body = _map_geojson(district, lang).content
        cache.set(key, body, engine.CACHE_TIMEOUT)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "public, max-age=300"
    response["Content-Language"] = lang
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
                    "url": _url("offer", district, lang, pk=found.pk),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})
