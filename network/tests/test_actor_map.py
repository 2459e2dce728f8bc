"""The actor map: the GeoJSON endpoint per role, the list alternative, credits and the CSP."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from conftest import Network, build_network
from districts.geo import coordinates_for_postcode
from districts.models import Kreis, Organisation
from districts.reference import ATTRIBUTION
from districts.tests.factories import MunicipalityFactory, OrganisationFactory
from network.models import Audience, Profile
from network.tests.factories import ProfileFactory

MAP = reverse("network:actor_map")
DATA = reverse("network:actor_map_data")
TILES = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture
def myk(db: Any) -> Network:
    """A network in the Landkreis Mayen-Koblenz (real outline from the reference data)."""
    return build_network(kreis=Kreis.objects.get(ags="07137"))


def locate(
    organisation: Any, postcode: str, audience: str = Audience.PUBLIC, **fields: Any
) -> Profile:
    found = coordinates_for_postcode(postcode)
    latitude, longitude = found if found else (None, None)
    values: dict[str, Any] = {"city": "Ort", "street": "Marktplatz 1", **fields}
    return ProfileFactory.create(
        organisation=organisation,
        postcode=postcode,
        latitude=latitude,
        longitude=longitude,
        address_audience=audience,
        **values,
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def features(client: Client, role: str = "organisation") -> list[dict[str, Any]]:
    response = client.get(DATA)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    return [f for f in collection["features"] if f["properties"]["role"] == role]


def names(found: list[dict[str, Any]]) -> set[str]:
    return {f["properties"]["name"] for f in found}


def test_geojson_has_the_outline_and_the_located_organisations(myk: Network) -> None:
    andernach = MunicipalityFactory(district=myk.district, name="Andernach")
    myk.other_org.municipality = andernach
    myk.other_org.kind = Organisation.Kind.MIGRANT_ORG
    myk.other_org.save()
    locate(myk.other_org, "56626")
    OrganisationFactory(district=myk.district, name="Ohne Steckbrief")

    client = client_for(myk.coordinator)
    outline = features(client, role="outline")
    found = features(client)

    assert len(outline) == 1
    assert outline[0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert outline[0]["properties"]["ags"] == "07137"
    assert names(found) == {myk.other_org.name}
    (feature,) = found
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "Point"
    assert abs(lat - 50.43) < 0.05 and abs(lon - 7.37) < 0.05
    assert feature["properties"]["kind"] == "Migrant:innenorganisation"
    assert feature["properties"]["municipality"] == "Andernach"
    assert feature["properties"]["outside"] is False
    assert feature["properties"]["url"] == reverse("network:organisation", args=[myk.other_org.pk])


def test_volunteers_see_only_addresses_meant_for_volunteers(myk: Network) -> None:
    internal = OrganisationFactory(district=myk.district, name="Nur intern")
    for_volunteers = OrganisationFactory(district=myk.district, name="Für Ehrenamtliche")
    locate(internal, "56727", Audience.INTERNAL)
    locate(for_volunteers, "56743", Audience.VOLUNTEERS)
    locate(myk.other_org, "56626", Audience.PUBLIC)
    everyone = {"Nur intern", "Für Ehrenamtliche", myk.other_org.name}

    assert names(features(client_for(myk.volunteer))) == everyone - {"Nur intern"}
    for role in ("staff", "org_admin", "coordinator"):
        assert names(features(client_for(getattr(myk, role)))) == everyone, role


def test_volunteers_find_hidden_addresses_without_location_in_the_list(myk: Network) -> None:
    internal = OrganisationFactory(district=myk.district, name="Nur intern")
    locate(internal, "56727", Audience.INTERNAL, street="Geheimweg 7")

    page = client_for(myk.volunteer).get(MAP).content.decode()

    unlocated = page.split('id="actor-list-unlocated"')[1]
    assert "Nur intern" in unlocated
    assert "Geheimweg 7" not in page
    assert "Geheimweg 7" in client_for(myk.staff).get(MAP).content.decode()


def test_other_districts_are_never_included(myk: Network) -> None:
    away = build_network()
    locate(away.other_org, "10115")
    locate(myk.other_org, "56626")

    for client in (client_for(myk.coordinator), client_for(myk.volunteer)):
        assert away.other_org.name not in names(features(client))
        assert away.other_org.name not in client.get(MAP).content.decode()


def test_dormant_organisations_are_not_on_the_map(myk: Network) -> None:
    dormant = OrganisationFactory(district=myk.district, name="Ruht", is_active=False)
    locate(dormant, "56626")

    assert "Ruht" not in names(features(client_for(myk.coordinator)))


def test_a_location_outside_the_kreis_is_flagged(myk: Network) -> None:
    koblenz = OrganisationFactory(district=myk.district, name="In Koblenz")
    locate(koblenz, "56068")  # the city of Koblenz is a Kreis of its own

    client = client_for(myk.coordinator)
    (feature,) = [f for f in features(client) if f["properties"]["name"] == "In Koblenz"]

    assert feature["properties"]["outside"] is True
    assert "liegt außerhalb des Kreises" in client.get(MAP).content.decode()


def test_query_count_does_not_grow_with_the_organisations(myk: Network) -> None:
    client = client_for(myk.coordinator)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        municipality = MunicipalityFactory(district=myk.district)
        for organisation in OrganisationFactory.create_batch(
            n, district=myk.district, municipality=municipality
        ):
            locate(organisation, "56626")

    add(2)
    few = count(DATA), count(MAP)
    add(20)
    many = count(DATA), count(MAP)

    assert many == few


def test_the_page_lists_every_organisation_without_javascript(myk: Network) -> None:
    municipality = MunicipalityFactory(district=myk.district, name="Mayen")
    myk.other_org.municipality = municipality
    myk.other_org.save()
    locate(myk.other_org, "56727", street="Marktplatz 1")

    response = client_for(myk.coordinator).get(MAP)
    page = response.content.decode()

    assert response.status_code == 200
    located, unlocated = page.split('id="actor-list"')[1].split('id="actor-list-unlocated"')
    assert myk.other_org.name in located and "Marktplatz 1, 56727 Ort" in located
    assert "Mayen" in located and "Wohlfahrtsverband / Träger" in located
    assert myk.office.name in unlocated  # no Steckbrief, so no location
    assert f'data-source="{DATA}"' in page
    assert "<script>" not in page and "style=" not in page


def test_credits_stand_next_to_the_map(myk: Network) -> None:
    page = client_for(myk.staff).get(MAP).content.decode()

    assert ATTRIBUTION[0].text in page and ATTRIBUTION[0].url in page
    assert "© OpenStreetMap contributors, ODbL" in page


def _img_src(response: Any) -> list[str]:
    policy = response["Content-Security-Policy"]
    (directive,) = [d.strip() for d in policy.split(";") if d.strip().startswith("img-src")]
    return directive.split()[1:]


@override_settings(LOTSE_MAP_TILE_URL="", LOTSE_MAP_TILE_ATTRIBUTION="")
def test_without_a_tile_server_the_csp_and_the_page_stay_closed(myk: Network) -> None:
    response = client_for(myk.staff).get(MAP)

    assert sorted(_img_src(response)) == sorted(["'self'", "data:"])
    assert 'data-tile-url=""' in response.content.decode()
    assert "Kartenhintergrund" not in response.content.decode()


@override_settings(LOTSE_MAP_TILE_URL=TILES, LOTSE_MAP_TILE_ATTRIBUTION="© Kachel-Anbieter")
def test_a_configured_tile_server_is_allowed_on_the_map_page_only(myk: Network) -> None:
    client = client_for(myk.staff)
    response = client.get(MAP)
    page = response.content.decode()

    assert "https://*.tiles.example.org" in _img_src(response)
    assert 'data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in page
    assert "© Kachel-Anbieter" in page
    assert "https://*.tiles.example.org" not in _img_src(client.get(reverse("ui:dashboard")))


def test_coordinates_keep_five_decimals(myk: Network) -> None:
    ProfileFactory(
        organisation=myk.other_org, latitude=Decimal("50.12345"), longitude=Decimal("7.54321")
    )

    (feature,) = features(client_for(myk.coordinator))

    assert feature["geometry"]["coordinates"] == [7.54321, 50.12345]
