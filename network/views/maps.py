"""The actor map (Akteurslandkarte): the organisations of the district on a map of the Kreis.

The page renders the list alternative on the server (it works without JavaScript and is the
accessible equivalent of the map); `network/static/network/actor_map.js` draws the map from the
GeoJSON endpoint. Coordinates are part of the address: a volunteer sees an organisation on the
map only where its address is visible to volunteers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET

from districts.geo import POSTCODE_CREDIT_TEXT, POSTCODE_CREDIT_URL, has_area, point_in_outline
from districts.geo import tile_origin as tile_origin_of
from districts.models import District, Organisation
from districts.permissions import is_member_of_district
from districts.reference import ATTRIBUTION, LICENCE_NAME, LICENCE_URL
from network.permissions import audiences_for
from ui.kit import guarded, request_district

# The BKG line of the reference data: it must stand next to any map drawn from the outlines.
OUTLINE_CREDIT = ATTRIBUTION[0]


# Signed-in members of the current district; anyone else (the operator too) 403.
district_member = guarded(is_member_of_district)


@dataclass(frozen=True)
class Place:
    """One organisation as the actor map shows it to one person."""

    pk: int
    name: str
    kind: str
    municipality: str
    street: str
    postcode: str
    city: str
    latitude: Decimal | None
    longitude: Decimal | None
    url: str
    outside: bool  # has coordinates that lie outside the Kreis

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def address(self) -> str:
        town = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, town) if part)


def _profile_url(pk: int) -> str:
    """The Steckbrief, once the profile pages exist; until then no link."""
    try:
        return reverse("network:organisation", args=[pk])
    except NoReverseMatch:
        return ""


def places(user: Any, district: District) -> list[Place]:
    """The district's active organisations in name order, with what `user` may see of where
    they are. One query for the organisations, one for the viewer's memberships."""
    audiences = audiences_for(user, district)
    outline = district.kreis.outline
    can_test = has_area(outline)
    organisations = (
        Organisation.objects.for_district(district)
        .active()
        .select_related("municipality", "profile")
        .only(
            "pk",
            "name",
            "kind",
            "municipality__name",
            "profile__street",
            "profile__postcode",
            "profile__city",
            "profile__latitude",
            "profile__longitude",
            "profile__address_audience",
        )
        .order_by("name", "pk")
    )
    found = []
    for organisation in organisations:
        profile = getattr(organisation, "profile", None)
        shown = profile is not None and profile.address_audience in audiences
        latitude = profile.latitude if shown and profile else None
        longitude = profile.longitude if shown and profile else None
        outside = (
            can_test
            and latitude is not None
            and longitude is not None
            and not point_in_outline(outline, latitude, longitude)
        )
        found.append(
            Place(
                pk=organisation.pk,
                name=organisation.name,
                kind=organisation.get_kind_display(),
                municipality=organisation.municipality.name if organisation.municipality else "",
                street=profile.street if shown and profile else "",
                postcode=profile.postcode if shown and profile else "",
                city=profile.city if shown and profile else "",
                latitude=latitude,
                longitude=longitude,
                url=_profile_url(organisation.pk),
                outside=outside,
            )
        )
    return found


def _tile_settings() -> tuple[str, str, str | None]:
    url: str = getattr(settings, "LOTSE_MAP_TILE_URL", "") or ""
    attribution: str = getattr(settings, "LOTSE_MAP_TILE_ATTRIBUTION", "") or ""
    origin = tile_origin_of(url)
    if origin is None:
        return "", "", None
    return url, attribution, origin


@require_GET
@district_member
def actor_map(request: HttpRequest) -> HttpResponse:
    district = request_district(request)
    found = places(request.user, district)
    tile_url, tile_attribution, origin = _tile_settings()
    response = TemplateResponse(
        request,
        "network/actor_map.html",
        {
            "district": district,
            "kreis": district.kreis,
            "located": [place for place in found if place.located],
            "unlocated": [place for place in found if not place.located],
            "tile_url": tile_url,
            "tile_attribution": tile_attribution,
            "outline_credit": OUTLINE_CREDIT,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "postcode_credit_text": POSTCODE_CREDIT_TEXT,
            "postcode_credit_url": POSTCODE_CREDIT_URL,
        },
    )
    if origin:
        # Only this page may load images from the tile server.
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


@require_GET
@district_member
def actor_map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON FeatureCollection: the Kreis outline (role "outline", if the reference data have
    one) and the organisations the viewer may see on the map (role "organisation")."""
    district = request_district(request)
    kreis = district.kreis
    features: list[dict[str, Any]] = []
    if has_area(kreis.outline):
        features.append(
            {
                "type": "Feature",
                "id": f"kreis-{kreis.ags}",
                "geometry": kreis.outline,
                "properties": {
                    "role": "outline",
                    "name": kreis.display_name,
                    "ags": kreis.ags,
                },
            }
        )
    for place in places(request.user, district):
        if place.latitude is None or place.longitude is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": place.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(place.longitude), float(place.latitude)],
                },
                "properties": {
                    "role": "organisation",
                    "name": place.name,
                    "kind": place.kind,
                    "municipality": place.municipality,
                    "url": place.url,
                    "outside": place.outside,
                },
            }
        )
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("akteurslandkarte/", actor_map, name="actor_map"),
    path("akteurslandkarte/daten.json", actor_map_data, name="actor_map_data"),
]
