"""The story of the exchange issue, on the demo data, in a real browser.

A staff member of the job centre signs in and sees on "Meine Übersicht" what is new for them:
the integration office's news about appointments at the foreigners' authority, the question
"Anerkennung ausländischer Abschlüsse" that mentions their organisation, the new version of the
referral guide, and the next Netzwerktreffen with a "register" button. They answer the question,
register for the meeting and download the guide. A volunteer sees only what is open to
volunteers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, expect

from districts.demo import DEMO_PASSWORD
from districts.management.commands.seed_demo import demo_seed
from districts.reference import load_kreise
from exchange.demo.discussions import RECOGNITION
from exchange.demo.meetings import NETWORK_MEETING
from exchange.demo.news import APPOINTMENTS
from exchange.models import Registration

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, sign_in

pytestmark = pytest.mark.browser

JOB_CENTRE_STAFF = "fachkraft@mayen-koblenz.example.org"
VOLUNTEER = "lotsin@mayen-koblenz.example.org"
GUIDE = "Leitfaden Verweisberatung"


def test_job_centre_staff_answers_registers_and_downloads_volunteer_sees_less(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems
) -> None:
    # The live server's database is flushed between tests, the migration's Kreise with it.
    load_kreise()
    demo_seed()
    page = new_context().new_page()
    sign_in(page, JOB_CENTRE_STAFF, password=DEMO_PASSWORD)

    page.goto(reverse("ui:dashboard"))
    news = page.get_by_role("region", name="Neu für mich im Austausch")
    for title in (APPOINTMENTS, RECOGNITION, GUIDE, NETWORK_MEETING):
        expect(news.get_by_role("link", name=title)).to_be_visible()
    # The mention of the job centre reached its staff: the header counts unread notifications.
    expect(page.locator(".site-header__notifications")).to_contain_text("1")
    assert_no_violations(page, what="dashboard with exchange activity")

    # Answer the question.
    news.get_by_role("link", name=RECOGNITION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RECOGNITION)
    page.wait_for_load_state()
    page.get_by_label("Ihre Antwort").fill(
        "Bei uns beraten die Kolleginnen der Arbeitsvermittlung schon während der Anerkennung."
    )
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Antwort ist veröffentlicht.")
    expect(page.locator(".reply-list > li").last).to_contain_text("Arbeitsvermittlung")

    # Register for the Netzwerktreffen, straight from "Meine Übersicht".
    page.goto(reverse("ui:dashboard"))
    page.get_by_role("region", name="Neu für mich im Austausch").get_by_role(
        "link", name=NETWORK_MEETING
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NETWORK_MEETING)
    # The button is swapped by htmx: wait until the page's scripts have run.
    page.wait_for_load_state()
    page.locator("#anmeldung").get_by_role("button", name="Anmelden").click()
    expect(page.locator("#anmeldung")).to_contain_text("Sie sind angemeldet.")
    expect(
        page.locator("#anmeldung").get_by_role("link", name="In meinen Kalender eintragen (.ics)")
    ).to_be_visible()
    assert Registration.objects.filter(
        meeting__title=NETWORK_MEETING, person__email=JOB_CENTRE_STAFF, status="registered"
    ).exists()

    # Download the newest version of the referral guide.
    page.goto(reverse("ui:dashboard"))
    page.get_by_role("region", name="Neu für mich im Austausch").get_by_role(
        "link", name=GUIDE
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GUIDE)
    with page.expect_download() as info:
        page.get_by_role("link", name="Herunterladen (PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    assert_page_clean(page_problems)

    # A volunteer of the same district sees only what is open to volunteers.
    page = new_context().new_page()
    sign_in(page, VOLUNTEER, password=DEMO_PASSWORD)
    page.goto(reverse("exchange:index"))
    activity = page.get_by_role("region", name="Neu für mich")
    expect(activity.get_by_role("listitem").first).to_be_visible()
    for title in (APPOINTMENTS, RECOGNITION, NETWORK_MEETING):
        expect(activity.get_by_role("link", name=title)).to_have_count(0)
    page.goto(reverse("exchange:library"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("link", name=GUIDE)).to_have_count(0)
    assert_page_clean(page_problems)
