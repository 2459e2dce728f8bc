"""The directory's one response cache, shared by the public pages and the API.

A response built from a district's published rows is kept whole (body and the headers that
belong to it) under a key that holds the district's change stamp (`search.district_stamp`,
renewed on every write, see `directory.signals`), today's date (validity and "upcoming" move
daily), the address asked for (host and query string) and what the view adds (`parts`). A write
makes every entry of the district unreachable at once; an entry expires after
`search.CACHE_TIMEOUT` in any case. LOTSE_DIRECTORY_RESPONSE_CACHE = False builds every
response afresh.

With `sources` (the API) the answer also carries an ETag and a Last-Modified header: the version
of the rows it is built from (their latest change and their count, so that deletions show),
read in the same round trip as the body. A matching If-None-Match or If-Modified-Since gets 304.

Only what was built for nobody in particular is kept: a 200 for a visitor who is not signed in
(the API authenticates nobody, so each of its answers is), that sets no cookie, holds no CSRF
token and is not marked private. The views that use this cache render nothing per person, so
what is kept may be served to anyone; `core.middleware` still tells the browsers and proxies of
signed-in people not to store it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Subquery, Value
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from districts.models import District

from . import search

Sources = Callable[[District], list[QuerySet[Any]]]
Build = Callable[[], HttpResponseBase]
Version = tuple[dt.datetime, str]  # (latest change, fingerprint)

# The headers a kept response is served with again; the view sets the others each time.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
API_CACHE_CONTROL = "public, max-age=60"


@dataclass(frozen=True)
class Kept:
    """A response as the cache holds it."""

    content: bytes
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, response: HttpResponseBase) -> Kept:
        headers = tuple((name, response[name]) for name in KEPT_HEADERS if name in response)
        return cls(response.content, headers)  # type: ignore[attr-defined]

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


def cached_response(
    request: HttpRequest,
    district: District,
    kind: str,
    build: Build,
    *parts: Any,
    sources: Sources | None = None,
    variant: str = "",
) -> HttpResponseBase:
    """`build()`, or the response it built before for this address and `parts` while the
    district is unchanged. With `sources`: ETag and Last-Modified of those rows (`variant` is
    what else the representation depends on, e.g. its language), and 304 where they match."""
    http_request: HttpRequest = getattr(request, "_request", request)  # a DRF request too
    key = search.response_cache_key(district, kind, http_request.build_absolute_uri(), *parts)
    version_key = _version_key(district, sources) if sources is not None else None
    found = cache.get_many([k for k in (key, version_key) if k])
    validators = None
    if sources is not None and version_key is not None:
        version = found.get(version_key) or _fresh_version(district, sources, version_key)
        validators = _validators(http_request, version, variant)
        etag, modified = validators
        not_modified = get_conditional_response(http_request, etag=etag, last_modified=modified)
        if not_modified is not None:
            return _with_validators(not_modified, validators)
    kept = found.get(key) if key else None
    if isinstance(kept, Kept):
        response: HttpResponseBase = kept.response()
    else:
        response = _built(build)
        if key and storable(http_request, response):
            cache.set(key, Kept.of(response), search.CACHE_TIMEOUT)
    return _with_validators(response, validators) if validators else response


def _built(build: Build) -> HttpResponseBase:
    response = build()
    if isinstance(response, SimpleTemplateResponse):
        response.render()
    return response


def storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether `response` was built for nobody in particular (see the module's docstring)."""
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
    )


# --- Versions: ETag and Last-Modified ------------------------------------------------------------


def _validators(request: HttpRequest, version: Version, variant: str) -> tuple[str, int]:
    latest, fingerprint = version
    query = urlencode(sorted(request.GET.items()))
    # Today is part of it: validity, "stale" flags and the default event window move daily.
    seed = f"v1|{request.path}|{query}|{variant}|{timezone.localdate()}|{fingerprint}"
    return f'"{hashlib.sha256(seed.encode()).hexdigest()[:32]}"', int(latest.timestamp())


def _with_validators(response: HttpResponseBase, validators: tuple[str, int]) -> HttpResponseBase:
    etag, modified = validators
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = API_CACHE_CONTROL
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _version_key(district: District, sources: Sources) -> str:
    return search.district_cache_key(district, "api-version", sources.__name__)


def _fresh_version(district: District, sources: Sources, key: str) -> Version:
    version = _compute_version(district, sources(district))
    cache.set(key, version, search.CACHE_TIMEOUT)
    return version


def _aggregate(queryset: QuerySet[Any], expression: Any) -> Subquery:
    """One value over the whole queryset, usable as a scalar subquery."""
    grouped = queryset.order_by().annotate(_all=Value(1)).values("_all")
    return Subquery(grouped.annotate(value=expression).values("value")[:1])


def _compute_version(district: District, sources: list[QuerySet[Any]]) -> Version:
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
