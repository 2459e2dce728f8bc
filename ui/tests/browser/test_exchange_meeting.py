"""Meetings in a real browser: axe finds no WCAG 2.1 A/AA violation on the meeting list and a
meeting page (German and Arabic), and a staff member registers for a meeting (the journey step
"register for a meeting"), with htmx swapping the registration box."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from conftest import build_network
from exchange.models import Audience, Meeting
from exchange.services import meetings as services
from exchange.tests.factories_meetings import in_days

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, set_language, sign_in

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "ar"]


def netzwerktreffen() -> tuple[Any, Meeting]:
    """An upcoming Netzwerktreffen with an agenda, a seat taken and a past workshop."""
    network = build_network()
    meeting = services.meeting_create(
        actor=network.coordinator,
        district=network.district,
        organisation=network.office,
        data={
            "kind": "network",
            "title": "Netzwerktreffen Integration",
            "description": "<p>Alle Organisationen des Netzwerks kommen zusammen.</p>",
            "agenda": "<ol><li>Begrüßung</li><li>Berichte aus den Arbeitsgruppen</li></ol>",
            "starts_at": in_days(14, 14),
            "ends_at": in_days(14, 17),
            "place": "Sitzungssaal, Am Beispielplatz 3, 56727 Mayen",
            "online_url": "https://video.example.org/netzwerk",
            "capacity": 30,
        },
        audience=Audience.NETWORK,
    )
    services.meeting_register(actor=network.org_admin, meeting=meeting)
    services.meeting_create(
        actor=network.coordinator,
        district=network.district,
        organisation=network.office,
        data={
            "kind": "workshop",
            "phase": "planning",
            "title": "Workshop Planung",
            "starts_at": in_days(30, 9),
            "ends_at": in_days(30, 12),
            "place": "Besprechungsraum 2",
        },
        audience=Audience.NETWORK,
    )
    return network, meeting


@pytest.mark.parametrize("language", LANGUAGES)
def test_meeting_pages_have_no_accessibility_violations(
    page: Page, page_problems: PageProblems, language: str
) -> None:
    network, meeting = netzwerktreffen()
    sign_in(page, network.staff.email)
    set_language(page, language)

    page.goto(reverse("exchange:meeting_list"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    # Internal pages come in STAFF_LANGUAGES only: with Arabic chosen they stay German (ltr).
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert_no_violations(page, what=f"meeting list ({language})")

    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_no_violations(page, what=f"meeting page ({language})")
    assert_page_clean(page_problems)


def test_staff_member_registers_for_a_meeting(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems
) -> None:
    network, meeting = netzwerktreffen()
    page = new_context().new_page()
    sign_in(page, network.staff.email)

    page.goto(reverse("exchange:meeting_list"))
    page.get_by_role("link", name=meeting.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    box = page.locator("#anmeldung")
    expect(box).to_contain_text("Noch 29 Plätze frei.")
    # The button is swapped by htmx: wait until the page's scripts have run.
    page.wait_for_load_state()

    box.get_by_role("button", name="Anmelden").click()

    expect(page.locator("#anmeldung")).to_contain_text("Sie sind angemeldet.")
    expect(page.locator("#anmeldung")).to_contain_text("Sie sind für dieses Treffen angemeldet.")
    ical = page.locator("#anmeldung").get_by_role(
        "link", name="In meinen Kalender eintragen (.ics)"
    )
    expect(ical).to_have_attribute("href", reverse("exchange:meeting_ical", args=[meeting.pk]))
    # The htmx swap kept the page: no navigation, the heading is still there once.
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert meeting.registrations.filter(person=network.staff, status="registered").exists()
    assert_page_clean(page_problems)
