"""The pin on the edit form: coordinates sent from the form (typed or set on the map) pin the
place, "Ortsangabe aus der Postleitzahl übernehmen" returns to the postcode, a place outside the
Kreis is saved with a warning; the page carries the map for pin_map.js, CSP-safe."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from conftest import Network, build_network
from districts.geo import coordinates_for_postcode
from districts.models import Kreis
from network.models import Profile

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db

MAYEN = "56727"  # in the Landkreis Mayen-Koblenz
KOBLENZ = "56068"  # the city of Koblenz, a Kreis of its own
WARNING = "Der Ort liegt außerhalb des Kreises"


@pytest.fixture
def myk(db: Any) -> Network:
    return build_network(kreis=Kreis.objects.get(ags="07137"))


def edit_url(profile: Profile) -> str:
    return reverse("network:profile_edit", args=[profile.organisation_id])


def located_profile(network: Network, postcode: str = MAYEN) -> Profile:
    latitude, longitude = coordinates_for_postcode(postcode)  # type: ignore[misc]
    return ProfileFactory.create(
        organisation=network.office, postcode=postcode, latitude=latitude, longitude=longitude
    )


def form_values(profile: Profile, **changes: Any) -> dict[str, Any]:
    """What the browser sends back for an unchanged form (German number format)."""
    values = model_to_dict(
        profile, exclude=["id", "logo", "organisation", "district", "location_pinned"]
    )
    values["topics"] = [t.pk for t in values["topics"]]
    values["target_groups"] = [t.pk for t in values["target_groups"]]
    for name in ("latitude", "longitude"):
        values[name] = "" if values[name] is None else str(values[name]).replace(".", ",")
    values.update(changes)
    return values


def post(client: Client, profile: Profile, **changes: Any) -> Any:
    return client.post(edit_url(profile), form_values(profile, **changes), follow=True)


@pytest.fixture
def client(myk: Network) -> Client:
    client = Client()
    client.force_login(myk.coordinator)
    return client


def test_coordinates_from_the_map_pin_the_place(myk, client):
    profile = located_profile(myk)

    response = post(client, profile, latitude="50,33000", longitude="7,22000")

    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.location_pinned
    assert (profile.latitude, profile.longitude) == (Decimal("50.33000"), Decimal("7.22000"))
    assert WARNING not in response.content.decode()


def test_a_pin_survives_a_new_postcode(myk, client):
    profile = located_profile(myk)
    post(client, profile, latitude="50,33000", longitude="7,22000")
    profile.refresh_from_db()

    post(client, profile, postcode=KOBLENZ)

    profile.refresh_from_db()
    assert profile.location_pinned
    assert profile.latitude == Decimal("50.33000")


def test_use_postcode_clears_the_pin(myk, client):
    profile = located_profile(myk)
    post(client, profile, latitude="50,33000", longitude="7,22000")
    profile.refresh_from_db()

    response = post(client, profile, use_postcode="on")

    assert response.status_code == 200
    profile.refresh_from_db()
    assert not profile.location_pinned
    assert (profile.latitude, profile.longitude) == coordinates_for_postcode(MAYEN)


def test_empty_coordinates_also_return_to_the_postcode(myk, client):
    profile = located_profile(myk)
    post(client, profile, latitude="50,33000", longitude="7,22000")
    profile.refresh_from_db()

    post(client, profile, latitude="", longitude="")

    profile.refresh_from_db()
    assert not profile.location_pinned
    assert (profile.latitude, profile.longitude) == coordinates_for_postcode(MAYEN)


QUESTION = "Der Punkt liegt außerhalb des Kreises. Trotzdem speichern?"


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("0", "0"), ("-33,87", "151,21"), ("50,36", "7,59"), ("50,30669", "6,959")],
    ids=["null-island", "sydney", "koblenz-city", "just-west"],
)
def test_a_pin_outside_the_kreis_needs_a_confirmation(myk, client, latitude, longitude):
    in_germany = latitude.startswith("50")
    profile = located_profile(myk)
    before = (profile.latitude, profile.longitude)

    refused = post(client, profile, latitude=latitude, longitude=longitude)

    page = refused.content.decode()
    assert "Der Steckbrief wurde gespeichert." not in page
    assert QUESTION in page and 'name="confirm_outside"' in page
    profile.refresh_from_db()
    assert (profile.latitude, profile.longitude) == before and not profile.location_pinned

    accepted = post(client, profile, latitude=latitude, longitude=longitude, confirm_outside="on")

    page = accepted.content.decode()
    if not in_germany:  # no confirmation helps there
        assert "muss in Deutschland liegen" in page
        profile.refresh_from_db()
        assert (profile.latitude, profile.longitude) == before
        return
    assert "Der Steckbrief wurde gespeichert." in page
    assert WARNING not in page  # confirmed a moment ago: no second warning
    profile.refresh_from_db()
    assert profile.location_pinned
    assert profile.latitude == Decimal(latitude.replace(",", "."))


def test_the_profile_service_refuses_a_pin_outside_without_confirmation(myk):
    from django.core.exceptions import ValidationError

    from network.services.profiles import profile_update

    profile = located_profile(myk)
    koblenz = {"latitude": Decimal("50.36"), "longitude": Decimal("7.59")}
    with pytest.raises(ValidationError, match="außerhalb des Kreises"):
        profile_update(actor=myk.coordinator, profile=profile, data=koblenz)
    profile_update(actor=myk.coordinator, profile=profile, data=koblenz, confirm_outside=True)
    profile.refresh_from_db()
    assert profile.location_pinned
    # Sent back unchanged, the confirmed pin is not questioned again.
    profile_update(actor=myk.coordinator, profile=profile, data={**koblenz, "description": "x"})


def test_a_postcode_outside_the_kreis_warns_too(myk, client):
    profile = located_profile(myk)
    response = post(client, profile, postcode=KOBLENZ)
    assert WARNING in response.content.decode()


def test_no_warning_without_an_outline(network):
    """Test Kreise of the factory have no outline: nothing can be said, so nothing is said."""
    profile = ProfileFactory.create(organisation=network.office, postcode=MAYEN)
    client = Client()
    client.force_login(network.coordinator)
    response = post(client, profile, latitude="50,33000", longitude="7,22000")
    assert "Der Steckbrief wurde gespeichert." in response.content.decode()
    assert WARNING not in response.content.decode()


@override_settings(LOTSE_MAP_TILE_URL="", LOTSE_MAP_TILE_ATTRIBUTION="")
def test_the_edit_page_carries_the_pin_map_without_tiles(myk, client):
    profile = located_profile(myk)
    response = client.get(edit_url(profile))
    page = response.content.decode()

    assert 'id="pin-map"' in page
    assert f'data-source="{reverse("network:actor_map_data")}"' in page
    assert 'data-tile-url=""' in page
    assert "network/pin_map.js" in page and "vendor/leaflet/leaflet.js" in page
    assert "Ortsangabe aus der Postleitzahl übernehmen" in page
    assert "style=" not in page
    assert "<script>" not in page
    policy = response["Content-Security-Policy"]
    img_src = next(p for p in policy.split(";") if p.strip().startswith("img-src"))
    assert sorted(img_src.split()[1:]) == sorted(["'self'", "data:"])


@override_settings(
    LOTSE_MAP_TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
    LOTSE_MAP_TILE_ATTRIBUTION="© Kachel-Anbieter",
)
def test_a_configured_tile_server_is_allowed_on_the_edit_page(myk, client):
    profile = located_profile(myk)
    response = client.get(edit_url(profile))
    assert "https://*.tiles.example.org" in response["Content-Security-Policy"]
    assert "© Kachel-Anbieter" in response.content.decode()


def test_the_coordinate_inputs_show_german_decimals(myk, client):
    """A type="number" input would show "50,32630" as empty and lose the pin on the next save."""
    profile = located_profile(myk)
    page = client.get(edit_url(profile)).content.decode()
    latitude = str(profile.latitude).replace(".", ",")
    assert f'type="text" name="latitude" value="{latitude}" inputmode="decimal"' in page


@pytest.mark.parametrize("field", ["topics", "target_groups"])
def test_huge_ids_are_refused_not_a_500(myk, client, field):
    profile = located_profile(myk)
    response = client.post(
        edit_url(profile), form_values(profile, **{field: "9223372036854775808"})
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
