"""Netzwerkkarte: the page (graph, lists and the table alternative), its JSON data and exports.

Everybody who belongs to the current district sees the map; volunteers see organisations and
relations but no agreements. The page works without JavaScript (filters, lists, table and the
CSV/GraphML exports); graph.js draws the graph from `network:graph_data`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from districts.models import District, Topic
from ui.kit import current_district

from ..forms.graph import GraphFilterForm
from ..graph import (
    NetworkGraph,
    graph_csv,
    graph_graphml,
    legend,
    network_graph,
)
from ..permissions import ALL_AUDIENCES, audiences_for

View = Callable[..., HttpResponse]


class MapRequest:
    """What one request asks of the map: the district, what the viewer reads, the filters."""

    def __init__(self, request: HttpRequest) -> None:
        district = current_district(request)
        self.audiences = audiences_for(request.user, district) if district else frozenset()
        if not district or not self.audiences:
            raise PermissionDenied
        self.user = request.user
        self.district: District = district
        self.with_agreements = self.audiences >= ALL_AUDIENCES
        topics = (
            Topic.objects.visible_to(request.user).for_district(district).filter(is_active=True)
        )
        self.form = GraphFilterForm(
            request.GET or None, topics=topics, with_agreements=self.with_agreements
        )
        self.valid = self.form.is_bound and self.form.is_valid()
        self.topic: Topic | None = self.form.cleaned_data.get("topic") if self.valid else None
        self.kinds: list[str] = self.form.cleaned_data.get("kind", []) if self.valid else []

    @property
    def query(self) -> str:
        """The valid filters as a query string (for the data and export addresses)."""
        pairs: list[tuple[str, Any]] = []
        if self.topic is not None:
            pairs.append(("topic", self.topic.pk))
        pairs.extend(("kind", kind) for kind in self.kinds)
        return f"?{urlencode(pairs)}" if pairs else ""

    def graph(self) -> NetworkGraph:
        return network_graph(
            user=self.user,
            district=self.district,
            audiences=self.audiences,
            topic=self.topic,
            kinds=self.kinds,
        )

    def filename(self, extension: str) -> str:
        return f"netzwerkkarte-{self.district.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def map_view(view: Callable[[HttpRequest, MapRequest], HttpResponse]) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        return view(request, MapRequest(request))

    return login_required(require_GET(wrapper))


@map_view
def graph_page(request: HttpRequest, wanted: MapRequest) -> HttpResponse:
    network = wanted.graph()
    query = wanted.query
    context = {
        "form": wanted.form,
        "network": network,
        "topic": wanted.topic,
        "legend": legend(with_agreements=wanted.with_agreements),
        "data_url": reverse("network:graph_data") + query,
        "csv_url": reverse("network:graph_export_csv") + query,
        "graphml_url": reverse("network:graph_export_graphml") + query,
        "png_name": wanted.filename("png"),
    }
    return TemplateResponse(request, "network/graph.html", context)


@map_view
def graph_data(request: HttpRequest, wanted: MapRequest) -> HttpResponse:
    if wanted.form.is_bound and not wanted.valid:
        errors = {name: [str(e) for e in errs] for name, errs in wanted.form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    response = JsonResponse(wanted.graph().as_json(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


def _download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _bad_filter(wanted: MapRequest) -> HttpResponse | None:
    if wanted.form.is_bound and not wanted.valid:
        messages = [str(e) for errs in wanted.form.errors.values() for e in errs]
        return HttpResponse(
            "\n".join(messages), status=400, content_type="text/plain; charset=utf-8"
        )
    return None


@map_view
def graph_export_csv(request: HttpRequest, wanted: MapRequest) -> HttpResponse:
    bad = _bad_filter(wanted)
    if bad is not None:
        return bad
    # The byte-order mark makes spreadsheet programs read the file as UTF-8.
    content = "\ufeff" + graph_csv(wanted.graph())
    return _download(content, "text/csv; charset=utf-8", wanted.filename("csv"))


@map_view
def graph_export_graphml(request: HttpRequest, wanted: MapRequest) -> HttpResponse:
    bad = _bad_filter(wanted)
    if bad is not None:
        return bad
    content = graph_graphml(wanted.graph())
    return _download(content, "application/graphml+xml", wanted.filename("graphml"))


urlpatterns: list[URLPattern] = [
    path("karte/", graph_page, name="graph"),
    path("karte/daten.json", graph_data, name="graph_data"),
    path("karte/export.csv", graph_export_csv, name="graph_export_csv"),
    path("karte/export.graphml", graph_export_graphml, name="graph_export_graphml"),
]
