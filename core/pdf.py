"""HTML templates → PDF with WeasyPrint, without any network access.

WeasyPrint fetches stylesheets, fonts and images through `LocalFetcher`: URLs below STATIC_URL
on the document's own origin are read from the static files (the collected files, or the
finders in development); a few resources handed over by the caller (a logo read from storage)
are served from memory; every other URL is refused, so a PDF never makes a request.
"""

from __future__ import annotations

import posixpath
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Where a PDF's relative URLs point when there is no request (tests, background tasks).
DEFAULT_BASE_URL = "http://localhost/"

_CONTENT_TYPES = {
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


class RefusedURL(ValueError):
    """A PDF asked for something that is neither a local static file nor a given resource."""


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def static_file(name: str) -> Path | None:
    """The file behind a static name ("network/pdf.css"), or None. No way out of the folders."""
    name = posixpath.normpath(unquote(name)).lstrip("/")
    if name.startswith("..") or "\\" in name or "\x00" in name or name in ("", "."):
        return None
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except (NotImplementedError, ValueError, OSError):
        pass
    found = finders.find(name)
    if isinstance(found, list):
        found = found[0] if found else None
    return Path(found) if found else None


class LocalFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads static files and never opens a connection."""

    def __init__(
        self, base_url: str, resources: dict[str, tuple[bytes, str]] | None = None
    ) -> None:
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.base_url = base_url
        self.resources = dict(resources or {})

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url in self.resources:
            body, content_type = self.resources[url]
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        parts = urlsplit(url)
        static_url = settings.STATIC_URL or "/static/"
        if (
            _origin(url) == _origin(self.base_url)
            and parts.scheme in ("http", "https")
            and parts.path.startswith(static_url)
        ):
            path = static_file(parts.path.removeprefix(static_url))
            if path is not None and path.is_file():
                content_type = _CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        raise RefusedURL(f"not a local static file: {url[:200]}")

    def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:
        """The urllib machinery of the base class is never used."""
        raise RefusedURL("no network access while printing")


def base_url_for(request: HttpRequest | None) -> str:
    return request.build_absolute_uri("/") if request is not None else DEFAULT_BASE_URL


def render_html(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
    """The HTML that becomes the PDF (tests look at it to see what a person's PDF shows)."""
    return render_to_string(template, context, request=request)


def render_document(
    html: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    resources: dict[str, tuple[bytes, str]] | None = None,
) -> Any:
    """The laid-out WeasyPrint document (its `pages` tell how many pages the PDF has)."""
    fetcher = LocalFetcher(base_url, resources)
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        presentational_hints=True
    )


def render_pdf(
    html: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    resources: dict[str, tuple[bytes, str]] | None = None,
) -> bytes:
    pdf: bytes = render_document(html, base_url=base_url, resources=resources).write_pdf()
    return pdf


def ascii_filename(name: str, fallback: str) -> str:
    """A file name safe in any header: ASCII letters, digits and hyphens, ending in .pdf."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = slugify(ascii_name)[:80].strip("-") or slugify(fallback) or "lotse"
    return f"{stem}.pdf"


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
