"""A discussion thread in a real browser: axe finds no WCAG 2.1 A/AA violation (German and
Arabic), and a staff member answers a thread (the journey step "answer a thread")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from conftest import build_network
from exchange.models import Thread
from exchange.services import discussions as services

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, set_language, sign_in

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "ar"]


def discussion() -> tuple[Any, Thread]:
    """A thread with a mention, two replies and a marked solution."""
    network = build_network()
    thread = services.thread_create(
        actor=network.org_admin,
        district=network.district,
        title="Anerkennung ausländischer Abschlüsse",
        body="<p>Wer hat <strong>Erfahrung</strong> mit der Anerkennung?</p>",
        mentioned_organisations=[network.office],
    )
    answer = services.reply_create(
        actor=network.coordinator,
        thread=thread,
        body="<p>Die Beratungsstelle hilft weiter.</p><ul><li>Termin vereinbaren</li></ul>",
        mentioned_people=[network.org_admin],
    )
    services.reply_create(actor=network.caseworker, thread=thread, body="Danke für den Tipp.")
    services.reply_mark_solution(actor=network.org_admin, thread=thread, reply=answer)
    return network, thread


@pytest.mark.parametrize("language", LANGUAGES)
def test_thread_page_has_no_accessibility_violations(
    page: Page, page_problems: PageProblems, language: str
) -> None:
    network, thread = discussion()
    sign_in(page, network.staff.email)
    set_language(page, language)

    page.goto(thread.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    # Internal pages exist in the staff languages only (ui.languages): with Arabic chosen the
    # thread is shown in German, the choice stays for the public pages.
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_no_violations(page, what=f"thread page ({language})")
    # The list with its filters and the form with the mention lists, while we are here.
    page.goto(reverse("exchange:thread_list"))
    assert_no_violations(page, what=f"thread list ({language})")
    page.goto(reverse("exchange:thread_create"))
    expect(page.get_by_label("Liste filtern: Personen erwähnen")).to_be_visible()
    assert_no_violations(page, what=f"new thread form ({language})")
    assert_page_clean(page_problems)


def test_staff_member_answers_a_thread(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems
) -> None:
    network, thread = discussion()
    page = new_context().new_page()
    sign_in(page, network.staff.email)

    page.goto("/austausch/diskussionen/")
    page.get_by_role("link", name=thread.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(thread.title)
    expect(page.get_by_role("region", name="Lösung")).to_contain_text(
        "Die Beratungsstelle hilft weiter."
    )

    page.wait_for_load_state()
    page.get_by_label("Ihre Antwort").fill("Wir haben gute Erfahrungen mit dem Jobcenter gemacht.")
    page.get_by_role("button", name="Antwort senden").click()

    expect(page.get_by_role("status")).to_contain_text("Ihre Antwort ist veröffentlicht.")
    replies = page.locator(".reply-list > li")
    expect(replies).to_have_count(3)
    expect(replies.last).to_contain_text("Wir haben gute Erfahrungen mit dem Jobcenter gemacht.")
    expect(page.get_by_label("Ihre Antwort")).to_have_value("")
    # The answer is stored, not only shown: it is there after a reload too.
    page.reload()
    expect(page.locator(".reply-list > li").last).to_contain_text("gute Erfahrungen")
    assert_page_clean(page_problems)
