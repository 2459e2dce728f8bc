"""The pin map on the Steckbrief's edit form in a real browser: it draws the Kreis outline
without tiles, a click fills latitude and longitude, "aus der Postleitzahl übernehmen" clears
them; no CSP violation, no request to another host, axe clean."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import Authenticator, Network, build_network, enrol_totp
from districts.geo import coordinates_for_postcode
from network.tests.factories import ProfileFactory

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, sign_in
from .test_actor_map import mayen_koblenz

pytestmark = pytest.mark.browser

# Records what the Content Security Policy blocks (page scripts cannot see the console).
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""
GERMAN_DECIMAL = re.compile(r"^\d{1,2},\d{5}$")


def open_edit_page(page: Page) -> Network:
    network = build_network(kreis=mayen_koblenz())
    Authenticator.objects.filter(user=network.coordinator).delete()
    secret = enrol_totp(network.coordinator)
    latitude, longitude = coordinates_for_postcode("56727")  # type: ignore[misc]
    ProfileFactory(
        organisation=network.office, postcode="56727", latitude=latitude, longitude=longitude
    )
    page.add_init_script(RECORD_CSP)
    sign_in(page, network.coordinator.email, totp=secret)
    page.goto(reverse("network:profile_edit", args=[network.office.pk]))
    expect(page.locator("#pin-map")).to_have_attribute("data-ready", "true")
    return network


def test_the_pin_map_renders_and_a_click_fills_the_inputs(
    page: Page, page_problems: PageProblems
) -> None:
    open_edit_page(page)
    canvas = page.locator("#pin-map")
    latitude, longitude = page.get_by_label("Breite"), page.get_by_label("Länge")

    expect(canvas).to_be_visible()
    expect(canvas.locator("path.leaflet-interactive, path")).to_have_count(1)  # the outline
    expect(canvas.locator(".leaflet-tile")).to_have_count(0)  # no tile server configured
    expect(canvas.locator(".leaflet-marker-icon")).to_have_count(1)  # the saved place
    before = (latitude.input_value(), longitude.input_value())

    box = canvas.bounding_box()
    assert box is not None
    canvas.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.4})

    expect(latitude).to_have_value(GERMAN_DECIMAL)
    expect(longitude).to_have_value(GERMAN_DECIMAL)
    assert (latitude.input_value(), longitude.input_value()) != before
    expect(canvas.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("[data-pin-map-status]")).to_contain_text("Ort gesetzt")

    page.get_by_label("Ortsangabe aus der Postleitzahl übernehmen").check()
    expect(latitude).to_have_value("")
    expect(longitude).to_have_value("")
    expect(canvas.locator(".leaflet-marker-icon")).to_have_count(0)

    assert_no_violations(page, what="profile edit page with the pin map")
    assert page.evaluate("window.__cspViolations") == []
    assert_page_clean(page_problems)


def test_typing_coordinates_moves_the_pin_and_saving_keeps_them(
    page: Page, page_problems: PageProblems
) -> None:
    network = open_edit_page(page)
    canvas = page.locator("#pin-map")

    page.get_by_label("Breite").fill("50,33000")
    longitude = page.get_by_label("Länge")
    longitude.fill("7,22000")
    longitude.press("Tab")
    expect(canvas.locator(".leaflet-marker-icon")).to_have_count(1)

    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(rf"/organisationen/{network.office.pk}/$"))
    expect(page.get_by_text("Der Steckbrief wurde gespeichert.")).to_be_visible()
    network.office.profile.refresh_from_db()
    assert network.office.profile.location_pinned
    assert page.evaluate("window.__cspViolations") == []
    assert_page_clean(page_problems)
