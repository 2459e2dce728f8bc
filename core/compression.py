"""Gzip for the pages and JSON Lotse serves, never for a response that carries a secret.

BREACH: when a compressed body holds a secret (a CSRF token, a signed-in person's data) beside
text an attacker can put into the page (a search term), the compressed length tells the
attacker, request by request, whether a guess matched the secret. So a response is compressed
only when it was built for nobody in particular: the visitor is not signed in and sends no
Authorization header, the response sets no cookie (the CSRF and session cookies included),
used no CSRF token and is not marked `private` or `no-store` (which every response to a
signed-in person is, core.middleware). Everything else goes out as it is.

nginx cannot tell these responses apart (its `gzip` is switched per location, not by a header
of the upstream answer), so the shipped deploy/nginx.conf leaves the proxied answers to this
middleware; see the comment there.

Listed right after WhiteNoise (which serves static files pre-compressed and answers before us)
and before every middleware that reads or writes the body. ETags: like Django's GZipMiddleware
(which this extends), a compressed answer's strong ETag becomes weak; the validators compare
weakly, so If-None-Match with the weak tag still gets 304, and that 304 carries the weak tag.
The same body is compressed once per process (`_Compressed`): the directory's cached lists are
the same bytes for every visitor, and compressing them again on every request would cost more
than building them from the cache.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers

# What is worth compressing; images, PDFs, archives and fonts are compressed already.
COMPRESSIBLE_TYPES = frozenset(
    {
        "text/html",
        "text/plain",
        "text/css",
        "text/csv",
        "text/calendar",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "application/problem+json",
        "application/vnd.oai.openapi+json",
        "application/xml",
        "image/svg+xml",
    }
)
MIN_LENGTH = 200  # shorter bodies gain nothing (Django's GZipMiddleware uses the same)


def is_signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _cache_directives(response: HttpResponseBase) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in header.split(",")}


def carries_secret(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response may hold something only this visitor may see (module docstring)."""
    return bool(
        response.cookies
        or response.has_header("Set-Cookie")
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.META.get("CSRF_COOKIE_USED")
        or "HTTP_AUTHORIZATION" in request.META
        or is_signed_in(request)
        or {"private", "no-store"} & _cache_directives(response)
    )


def compressible(response: HttpResponseBase) -> bool:
    media_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media_type in COMPRESSIBLE_TYPES and not response.has_header("Content-Encoding")


class _Compressed:
    """The gzip bodies of the bodies compressed lately, by digest, up to `limit` bytes in all.
    A body that is the same for everyone compresses to the same bytes (and length) each time:
    nothing for an attacker to compare."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict[bytes, bytes] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(body: bytes) -> bytes:
        return hashlib.blake2b(body, digest_size=20).digest()

    def get(self, key: bytes) -> bytes | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: bytes, compressed: bytes) -> None:
        if len(compressed) > self.limit // 4:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = compressed
            self.size += len(compressed)
            while self.size > self.limit:
                _old, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for responses without secrets, with each body compressed once."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.compressed = _Compressed(getattr(settings, "LOTSE_COMPRESSION_MEMORY", 8 << 20))

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not getattr(settings, "LOTSE_COMPRESS_RESPONSES", True):
            return response
        if response.status_code == 304:
            return _not_modified(request, response)
        if not compressible(response) or carries_secret(request, response):
            return response
        if response.streaming:
            return super().process_response(request, response)
        return self._compress(request, response)

    def _compress(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        body: bytes = response.content  # type: ignore[attr-defined]
        if len(body) < MIN_LENGTH:
            return response
        key = self.compressed.key(body)
        known = self.compressed.get(key)
        if known is None:
            response = super().process_response(request, response)
            if response.get("Content-Encoding") == "gzip":
                self.compressed.put(key, response.content)  # type: ignore[attr-defined]
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts_gzip(request):
            return response
        response.content = known  # type: ignore[attr-defined]
        response.headers["Content-Length"] = str(len(known))
        _weaken_etag(response)
        response.headers["Content-Encoding"] = "gzip"
        return response


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _weaken_etag(response: HttpResponseBase) -> None:
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag


def _not_modified(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """A 304 repeats the validator the visitor holds: the weak one of a compressed answer."""
    etag = response.get("ETag", "")
    if etag.startswith('"') and f"W/{etag}" in request.META.get("HTTP_IF_NONE_MATCH", ""):
        _weaken_etag(response)
        patch_vary_headers(response, ("Accept-Encoding",))
    return response
