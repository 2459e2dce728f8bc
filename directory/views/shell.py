"""The frame of every public page at /<district>/<lang>/: the district and language of the
address, the page's base context, its language links, the map settings and the response cache.

`public_page` finds the active district (404 otherwise), checks that the district offers the
language, activates it and marks the request as part of the public shell.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from districts.geo import tile_origin as tile_origin_of
from districts.models import District
from districts.reference import ATTRIBUTION, LICENCE_NAME, LICENCE_URL
from ui.kit import is_htmx
from ui.languages import enter_public_shell, use_language

from .. import search, selectors
from ..response_cache import cached_response

View = Callable[..., HttpResponseBase]


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
    ) -> HttpResponseBase:
        district = enter_public_page(request, district_slug, lang)
        return view(request, district, lang, *args, **kwargs)

    return require_GET(wrapper)


def cached_page(
    request: HttpRequest, district: District, lang: str, kind: str, build: View
) -> HttpResponseBase:
    """`build()`, or the page it built before (`directory.response_cache`): kept per district
    change stamp, day and address, with what the frame shows of the district (its name and
    languages) and whether htmx asked for a fragment. Only a 200 is kept, never a 404."""
    languages = ",".join(getattr(request, "public_languages", []))
    return cached_response(
        request, district, kind, build, lang, district.name, languages, is_htmx(request)
    )


def _switch_links(request: HttpRequest, lang: str) -> list[dict[str, Any]]:
    """The same page in the district's other languages."""
    match = request.resolver_match
    languages: list[str] = getattr(request, "public_languages", [])
    query = request.GET.urlencode()
    links = []
    for code in languages:
        try:
            url = reversed_url(
                f"public:{match.url_name}" if match else "public:home",
                **{**(match.kwargs if match else {}), "lang": code},
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
        "home_url": page_url("home", district, lang),
        "search_url": page_url("search", district, lang),
        "events_url": page_url("events", district, lang),
        "map_url": page_url("map", district, lang),
        # the key of what the page shows of the district's current rows (`{% cache %}` parts)
        "frame_key": search.district_cache_key(district, "frame", lang, timezone.localdate()),
    }
    response = TemplateResponse(request, template, {**base, **context})
    response["Content-Language"] = lang
    return response


def page_url(name: str, district: District, lang: str, **kwargs: Any) -> str:
    return reversed_url(f"public:{name}", district_slug=district.slug, lang=lang, **kwargs)


def reversed_url(name: str, **kwargs: Any) -> str:
    """`reverse(name, kwargs=kwargs)`, worked out once per process: a public page names its
    own address, the three sections' and each of its languages' (some fifteen reverses)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(name, tuple(sorted(kwargs.items())), get_script_prefix(), urlconf)


@lru_cache(maxsize=8192)
def _reversed(name: str, kwargs: tuple[tuple[str, Any], ...], _prefix: str, urlconf: str) -> str:
    # The script prefix and the URLconf are part of the key: reverse() reads both.
    return reverse(name, kwargs=dict(kwargs), urlconf=urlconf)


def url_maker(name: str, district: District, lang: str) -> Callable[[int], str]:
    """pk -> the address of that object's page: one reverse() for a whole list."""
    head, _zero, tail = page_url(name, district, lang, pk=0).rpartition("/0/")
    return lambda pk: f"{head}/{pk}/{tail}"


# --- Maps ----------------------------------------------------------------------------------------


def _tile_settings() -> tuple[str, str, str | None]:
    url: str = getattr(settings, "LOTSE_MAP_TILE_URL", "") or ""
    attribution: str = getattr(settings, "LOTSE_MAP_TILE_ATTRIBUTION", "") or ""
    origin = tile_origin_of(url)
    if origin is None:
        return "", "", None
    return url, attribution, origin


def map_context() -> dict[str, Any]:
    tile_url, tile_attribution, _origin = _tile_settings()
    return {
        "tile_url": tile_url,
        "tile_attribution": tile_attribution,
        "outline_credit": ATTRIBUTION[0],
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
    }


def allow_tiles(response: HttpResponseBase) -> HttpResponseBase:
    """The page shows a map: its tile server may send images (CSP)."""
    _url, _attribution, origin = _tile_settings()
    if origin:
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response
