"""Coordinates from the postcode, the pin that wins, and whether a point lies in the Kreis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from districts.geo import (
    CONFIRM_OUTSIDE,
    check_in_district,
    coordinates_for_postcode,
    has_area,
    is_in_district,
    is_near_district,
    point_in_outline,
    tile_origin,
)
from districts.models import Kreis
from districts.tests.factories import DistrictFactory
from network.models import Profile
from network.services.profiles import profile_locate

MAYEN = (50.33, 7.22)
BERLIN = (52.52, 13.40)
KOBLENZ_CITY = (50.36, 7.59)  # kreisfreie Stadt, not part of the Landkreis Mayen-Koblenz
NULL_ISLAND = (0, 0)
SYDNEY = (-33.87, 151.21)
# One kilometre west of the westernmost corner of the outline (6.97342, 50.30669).
JUST_WEST = (50.30669, 6.959)
TEN_KM_WEST = (50.30669, 6.83)


def test_postcode_of_andernach_lies_near_andernach() -> None:
    found = coordinates_for_postcode("56626")

    assert found is not None
    latitude, longitude = found
    assert isinstance(latitude, Decimal) and isinstance(longitude, Decimal)
    assert abs(latitude - Decimal("50.43")) < Decimal("0.05")
    assert abs(longitude - Decimal("7.37")) < Decimal("0.05")
    assert latitude == latitude.quantize(Decimal("0.00001"))  # fits Profile.latitude


def test_blanks_around_a_postcode_are_forgiven() -> None:
    assert coordinates_for_postcode(" 56626 ") == coordinates_for_postcode("56626")


@pytest.mark.parametrize(
    "postcode", ["", "5662", "566260", "56 626", "abcde", "5662a", "00000", "99999", None, 56626]
)
def test_invalid_or_unknown_postcodes_give_no_coordinates(postcode: Any) -> None:
    assert coordinates_for_postcode(postcode) is None


def _profile(**fields: Any) -> Profile:
    return Profile(**fields)


def test_profile_is_located_from_its_postcode() -> None:
    profile = _profile(postcode="56626")

    changed = profile_locate(profile)

    assert changed is True
    assert (profile.latitude, profile.longitude) == coordinates_for_postcode("56626")
    assert profile_locate(profile) is False  # nothing left to change


def test_a_pin_set_on_the_map_is_kept() -> None:
    pin = (Decimal("50.30000"), Decimal("7.10000"))
    profile = _profile(postcode="56626", latitude=pin[0], longitude=pin[1], location_pinned=True)

    changed = profile_locate(profile)

    assert changed is False
    assert (profile.latitude, profile.longitude) == pin


def test_an_unknown_postcode_clears_coordinates_of_the_old_one() -> None:
    profile = _profile(postcode="56626")
    profile_locate(profile)
    profile.postcode = "00000"

    assert profile_locate(profile) is True
    assert profile.latitude is None and profile.longitude is None


@pytest.fixture
def mayen_koblenz(db: Any) -> Kreis:
    return Kreis.objects.get(ags="07137")


def test_mayen_lies_inside_the_outline_of_mayen_koblenz(mayen_koblenz: Kreis) -> None:
    assert point_in_outline(mayen_koblenz.outline, *MAYEN) is True
    assert point_in_outline(mayen_koblenz.outline, Decimal("50.33"), Decimal("7.22")) is True


@pytest.mark.parametrize("point", [BERLIN, KOBLENZ_CITY])
def test_points_elsewhere_lie_outside(mayen_koblenz: Kreis, point: tuple[float, float]) -> None:
    assert point_in_outline(mayen_koblenz.outline, *point) is False


def test_is_in_district_uses_the_kreis_of_the_district(mayen_koblenz: Kreis) -> None:
    district: Any = DistrictFactory(kreis=mayen_koblenz)

    assert is_in_district(district, *MAYEN) is True
    assert is_in_district(district, *BERLIN) is False
    assert is_in_district(district, None, None) is None


def test_without_an_outline_nothing_can_be_said(db: Any) -> None:
    district: Any = DistrictFactory()  # the test Kreis of the factory has an empty polygon

    assert has_area(district.kreis.outline) is False
    assert is_in_district(district, *MAYEN) is None


SQUARE = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
HOLE = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
FAR = [[20, 20], [22, 20], [22, 22], [20, 22], [20, 20]]


@pytest.mark.parametrize(
    ("geometry", "lat", "lon", "inside"),
    [
        ({"type": "Polygon", "coordinates": [SQUARE]}, 2, 2, True),
        ({"type": "Polygon", "coordinates": [SQUARE, HOLE]}, 5, 5, False),  # in the hole
        ({"type": "Polygon", "coordinates": [SQUARE, HOLE]}, 2, 8, True),
        ({"type": "Polygon", "coordinates": [SQUARE]}, 11, 5, False),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE], [FAR]]}, 21, 21, True),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE], [FAR]]}, 15, 15, False),
        (
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
            },
            3,
            3,
            True,
        ),
        ({"type": "Polygon", "coordinates": []}, 1, 1, False),
        ({"type": "Point", "coordinates": [1, 1]}, 1, 1, False),
        (None, 1, 1, False),
    ],
)
def test_ray_casting_over_polygons_and_multipolygons(
    geometry: Any, lat: float, lon: float, inside: bool
) -> None:
    assert point_in_outline(geometry, lat, lon) is inside


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("", None),
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://localhost:8080/tiles/{z}/{x}/{y}.png", "http://localhost:8080"),
        ("ftp://tiles.example.org/{z}/{x}/{y}.png", None),
        ("javascript:alert(1)", None),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("https://tiles.{s}.example.org/{z}.png", None),
    ],
)
def test_tile_origin_is_what_the_csp_must_allow(url: str, origin: str | None) -> None:
    assert tile_origin(url) == origin


@pytest.mark.parametrize("point", [NULL_ISLAND, SYDNEY, KOBLENZ_CITY, JUST_WEST])
def test_a_point_outside_the_kreis_is_refused_unless_confirmed(
    mayen_koblenz: Kreis, point: tuple[float, float]
) -> None:
    district: Any = DistrictFactory(kreis=mayen_koblenz)

    with pytest.raises(ValidationError) as refused:
        check_in_district(district, *point, confirmed=False)
    assert CONFIRM_OUTSIDE in refused.value.message_dict
    assert "außerhalb des Kreises" in refused.value.message_dict[CONFIRM_OUTSIDE][0]
    check_in_district(district, *point, confirmed=True)  # a person said it is right


def test_a_point_inside_or_no_point_needs_no_confirmation(mayen_koblenz: Kreis) -> None:
    district: Any = DistrictFactory(kreis=mayen_koblenz)
    check_in_district(district, *MAYEN, confirmed=False)
    check_in_district(district, None, None, confirmed=False)
    without_outline: Any = DistrictFactory()
    check_in_district(without_outline, *SYDNEY, confirmed=False)  # no outline: no opinion


@pytest.mark.parametrize(
    ("point", "near"),
    [
        (MAYEN, True),
        (KOBLENZ_CITY, True),  # the city the Landkreis surrounds
        (JUST_WEST, True),
        (TEN_KM_WEST, False),
        (NULL_ISLAND, False),
        (SYDNEY, False),
        (BERLIN, False),
    ],
)
def test_imports_keep_points_near_the_kreis_only(
    mayen_koblenz: Kreis, point: tuple[float, float], near: bool
) -> None:
    district: Any = DistrictFactory(kreis=mayen_koblenz)
    assert is_near_district(district, *point) is near
    assert is_near_district(district, None, None) is None
    without_outline: Any = DistrictFactory()
    assert is_near_district(without_outline, *point) is None
