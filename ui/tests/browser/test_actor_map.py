"""The actor map in a real browser: markers from the GeoJSON endpoint, clustering, the keyboard,
no CSP violation, no request to another host, and axe in German and Arabic."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import Network, build_network
from districts.geo import coordinates_for_postcode
from districts.models import Kreis
from districts.reference import read_kreise
from districts.tests.factories import OrganisationFactory
from network.tests.factories import ProfileFactory

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, set_language, sign_in

pytestmark = pytest.mark.browser

MAP = reverse("network:actor_map")
# Two in Andernach (one cluster), one each in Mayen and Mendig: 15 and 7 km apart.
PLACES = [
    ("Caritas Andernach", "56626"),
    ("Sprachcafé Andernach", "56626"),
    ("Bürgerbüro Mayen", "56727"),
    ("Begegnungsstätte Mendig", "56743"),
]


def mayen_koblenz() -> Kreis:
    """The live server's database is flushed between tests, the migration's Kreise with it."""
    kreis = Kreis.objects.filter(ags="07137").first()
    if kreis is None:
        kreis = Kreis.objects.create(ags="07137", **read_kreise()["07137"])
    return kreis


def actor_network() -> Network:
    network = build_network(kreis=mayen_koblenz())
    for name, postcode in PLACES:
        organisation = OrganisationFactory(district=network.district, name=name)
        found = coordinates_for_postcode(postcode)
        assert found is not None
        ProfileFactory(
            organisation=organisation, postcode=postcode, latitude=found[0], longitude=found[1]
        )
    return network


def open_map(page: Page, network: Any, language: str = "de") -> None:
    sign_in(page, network.staff.email)
    if language != "de":
        set_language(page, language)
    page.goto(MAP)
    expect(page.locator("#actor-map")).to_have_attribute("data-marker-count", str(len(PLACES)))


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_map_shows_the_kreis_and_the_organisations(
    page: Page, page_problems: PageProblems, language: str
) -> None:
    network = actor_network()

    open_map(page, network, language)

    canvas = page.locator("#actor-map")
    expect(canvas.locator("path")).to_have_count(1)  # the Kreis outline
    expect(canvas.locator(".marker-cluster")).to_have_count(1)  # the two in Andernach
    expect(canvas.locator(".leaflet-marker-icon:not(.marker-cluster)")).to_have_count(2)
    expect(canvas.locator(".leaflet-tile")).to_have_count(0)  # no tile server configured
    expect(page.get_by_role("status")).to_contain_text(str(len(PLACES)))
    assert_no_violations(page, what=f"actor map ({language})")
    assert_page_clean(page_problems)


def test_markers_and_clusters_work_with_the_keyboard(
    page: Page, page_problems: PageProblems
) -> None:
    network = actor_network()
    open_map(page, network)
    canvas = page.locator("#actor-map")

    marker = canvas.get_by_role("button", name="Bürgerbüro Mayen")
    marker.focus()
    page.keyboard.press("Enter")
    link = canvas.locator(".leaflet-popup").get_by_role("link", name="Steckbrief öffnen")
    expect(link).to_be_focused()
    expect(canvas.locator(".leaflet-popup")).to_contain_text("Bürgerbüro Mayen")
    close = canvas.get_by_role("button", name="Hinweisfenster schließen")
    expect(close).to_have_count(1)

    page.keyboard.press("Escape")
    expect(canvas.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()

    cluster = canvas.locator(".marker-cluster")
    cluster.focus()
    page.keyboard.press("Enter")
    expect(canvas.get_by_role("button", name="Caritas Andernach")).to_be_visible()
    assert_page_clean(page_problems)


def test_the_list_is_there_without_javascript(browser: Browser, live_server: Any) -> None:
    network = actor_network()
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    try:
        page = context.new_page()
        sign_in(page, network.staff.email)

        page.goto(MAP)

        expect(page.locator("#actor-map")).to_be_hidden()
        table = page.get_by_role("table", name="Organisationen auf der Karte")
        for name, _postcode in PLACES:
            expect(table.get_by_role("rowheader", name=name)).to_be_visible()
        unlocated = page.get_by_role("table", name="Organisationen ohne Ortsangabe")
        expect(unlocated.get_by_role("rowheader", name=network.office.name)).to_be_visible()
    finally:
        context.close()
