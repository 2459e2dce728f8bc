"""The start page of the exchange: what is new, and the way into the four areas."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from ui.kit import current_district

from ..selectors.activity import exchange_activity
from .common import member_required


@member_required
def index(request: HttpRequest) -> HttpResponse:
    activity = exchange_activity(request.user, current_district(request), limit=20)
    return TemplateResponse(request, "exchange/index.html", {"activity": activity})


urlpatterns: list[URLPattern] = [path("", index, name="index")]
