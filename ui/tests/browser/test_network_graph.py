"""The network map in a real browser: Cytoscape.js draws every organisation with its label, the
search highlights, the filters reload the graph, PNG export downloads, no CSP violation, script
error or console warning (Cytoscape.js warns about style values it does not know), and axe
finds no WCAG 2.1 A/AA violation with German or Arabic chosen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from conftest import Network, build_network
from districts.tests.factories import OrganisationFactory
from network.models import Agreement, Relation
from network.tests.factories import AgreementFactory, ProfileFactory, RelationFactory, TopicFactory

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, set_language, sign_in

pytestmark = pytest.mark.browser

# Recorded from the first script on: the page's own policy cannot block this listener.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`;
  const blocked = event.blockedURI || "inline";
  window.__cspViolations.push(`${event.violatedDirective} ${blocked} ${where}`);
});
"""


def build_map() -> tuple[Network, Any]:
    network = build_network()
    district = network.district
    topic = TopicFactory(district=district, name="Wohnen")
    amt = OrganisationFactory(
        district=district, name="Ausländerbehörde des Kreises", short_name="ABH", kind="authority"
    )
    caritas = OrganisationFactory(district=district, name="Caritas Beratung", kind="welfare")
    verein = OrganisationFactory(district=district, name="Afghanischer Kulturverein")
    OrganisationFactory(district=district, name="Moscheegemeinde", kind="religious")
    RelationFactory(source=network.office, target=amt, kind=Relation.Kind.COOPERATION)
    RelationFactory(source=amt, target=caritas, kind=Relation.Kind.REFERRAL)
    RelationFactory(source=caritas, target=verein, kind=Relation.Kind.SPONSORSHIP)
    AgreementFactory(parties=[network.office, caritas], status=Agreement.Status.SIGNED)
    ProfileFactory(organisation=amt, topics=[topic])
    ProfileFactory(organisation=caritas, topics=[topic])
    return network, topic


def record_warnings(page: Page) -> list[str]:
    """What the page logs as a warning, e.g. "The style property `line-style: double` is
    invalid"."""
    warnings: list[str] = []

    def note(message: Any) -> None:
        if message.type == "warning":
            warnings.append(message.text)

    page.on("console", note)
    return warnings


# The graph as Cytoscape.js holds it (graph.js keeps no global; Cytoscape.js registers itself on
# its container).
CY = "document.getElementById('network-graph')._cyreg.cy"


def labels(page: Page) -> list[dict[str, Any]]:
    script = f"""() => {{
      const cy = {CY};
      return cy.nodes().map((node) => ({{
        data: node.data("label"),
        label: node.style("label"),
        opacity: node.style("text-opacity"),
        onScreen: parseFloat(node.style("font-size")) * cy.zoom(),
        prominent: node.hasClass("prominent"),
      }}));
    }}"""
    found: list[dict[str, Any]] = page.evaluate(script)
    return found


def open_map(page: Page, network: Network, language: str = "de") -> None:
    page.add_init_script(RECORD_CSP)
    sign_in(page, network.staff.email)
    set_language(page, language)
    page.goto(reverse("network:graph"))


def drawn(page: Page, count: int) -> None:
    expect(page.locator("#network-graph")).to_have_attribute("data-node-count", str(count))


def csp_violations(page: Page) -> list[str]:
    violations: list[str] = page.evaluate("window.__cspViolations || []")
    return violations


@pytest.mark.parametrize("language", ["de", "ar"])
def test_map_draws_every_organisation_cleanly_and_accessibly(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems, language: str
) -> None:
    network, _topic = build_map()
    page = new_context().new_page()
    warnings = record_warnings(page)
    open_map(page, network, language)

    drawn(page, 6)  # office, the other organisation and the four above
    # Every point carries its label (the short name where there is one), readable at first
    # sight: a graph this small labels all of them.
    shown = labels(page)
    assert {"ABH", "Caritas Beratung", "Afghanischer Kulturverein"} <= {n["data"] for n in shown}
    assert all(n["label"] == n["data"] and n["opacity"] == "1" for n in shown)
    assert all(11 <= n["onScreen"] <= 13 for n in shown)
    # The agreement is a double line, drawn as a line with an outline (no `line-style: double`).
    agreement = page.evaluate(
        f"() => {CY}.edges('.double')"
        ".map((e) => [e.style('line-style'), e.style('line-outline-width')])"
    )
    assert agreement == [["solid", "2px"]]
    assert warnings == []
    # Internal pages exist only in settings.STAFF_LANGUAGES: with Arabic chosen the map is
    # shown in German (ui/languages.py), which this checks too.
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#network-graph canvas").first).to_be_attached()
    expect(page.locator("[data-graph-png]")).to_be_visible()

    assert_no_violations(page, what=f"network map ({language})")
    assert csp_violations(page) == []
    assert_page_clean(page_problems)


def test_search_highlights_and_filters_reload_the_graph(
    page: Page, page_problems: PageProblems
) -> None:
    network, topic = build_map()
    open_map(page, network)
    drawn(page, 6)

    search = page.get_by_label("Organisation in der Karte hervorheben")
    search.fill("verein")
    expect(page.locator("#graph-search-status")).to_have_text("Eine Organisation passt.")
    highlighted = page.evaluate("() => document.getElementById('network-graph').dataset.nodeCount")
    assert highlighted == "6"
    search.fill("")
    expect(page.locator("#graph-search-status")).to_have_text("")

    # Keyboard only: choose the topic and submit the filters.
    page.get_by_label("Handlungsfeld").select_option(str(topic.pk))
    page.get_by_role("button", name="Karte filtern").press("Enter")
    drawn(page, 2)
    expect(page.locator("#graph-results tbody th[scope=row]")).to_have_count(2)
    assert f"topic={topic.pk}" in page.url

    assert csp_violations(page) == []
    assert_page_clean(page_problems)


def test_png_export_downloads_an_image(page: Page, page_problems: PageProblems) -> None:
    network, _topic = build_map()
    open_map(page, network)
    drawn(page, 6)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Bild herunterladen (PNG)").click()

    download = download_info.value
    assert download.suggested_filename.endswith(".png")
    with open(download.path(), "rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"
    assert_page_clean(page_problems)


def test_a_larger_map_labels_the_best_connected_first_and_all_when_zoomed_in(
    page: Page, page_problems: PageProblems
) -> None:
    network = build_network()
    hub = OrganisationFactory(district=network.district, name="Drehscheibe", short_name="Hub")
    for number in range(14):
        spoke = OrganisationFactory(district=network.district, name=f"Verein {number:02d}")
        RelationFactory(source=hub, target=spoke, kind=Relation.Kind.COOPERATION)
    warnings = record_warnings(page)
    open_map(page, network)
    drawn(page, 17)

    first = labels(page)
    prominent = [n for n in first if n["prominent"]]
    assert len(prominent) == 12 and "Hub" in {n["data"] for n in prominent}
    assert all(n["opacity"] == "1" for n in prominent)
    assert all(n["opacity"] == "0" for n in first if not n["prominent"])

    page.evaluate(f"() => {{ const cy = {CY}; cy.zoom(cy.zoom() * 1.5); }}")
    assert all(n["opacity"] == "1" for n in labels(page))
    assert warnings == []
    assert_page_clean(page_problems)
