"""The project's URLs plus views that fail, to see the error pages as a visitor would."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from lotse.urls import handler400, handler403, handler404, handler500
from lotse.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Absichtlicher Fehler für den Test")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest


urlpatterns: list[URLPattern | URLResolver] = [
    path("test-fehler/500/", broken),
    path("test-fehler/403/", forbidden),
    path("test-fehler/400/", bad),
    *project_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
