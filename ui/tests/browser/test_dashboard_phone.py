""" "Meine Übersicht" and the members list on a phone (390 px): no table runs past the edge of its
card, every cell names its column, the activity list has no bullets beside its badges, the
audit log speaks in words, and axe finds no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from core.models import AuditEvent
from exchange.tests.factories_news import NewsPostFactory

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, coordinator_with_totp, sign_in

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390

# Per table: how much wider its content is than the box it sits in (0: nothing hidden).
OVERFLOW = """() => [...document.querySelectorAll("table")].map((table) => {
  const box = table.closest(".table-scroll, .kern-table-responsive") || table.parentElement;
  return box.scrollWidth - box.clientWidth;
})"""


def test_dashboard_and_members_list_fit_a_phone(page: Page, page_problems: PageProblems) -> None:
    network, secret = coordinator_with_totp()
    NewsPostFactory(author_organisation=network.office, title="Neue Sprechzeiten")
    AuditEvent.objects.create(
        actor=network.coordinator, district=network.district, action="thread.close"
    )
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    sign_in(page, network.coordinator.email, totp=secret)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    overflow = page.evaluate(OVERFLOW)
    assert overflow and all(extra <= 0 for extra in overflow), overflow
    role = page.locator("#memberships-heading ~ .table-scroll td[data-label='Rolle']").first
    assert role.evaluate("cell => getComputedStyle(cell, '::before').content").startswith(
        '"Rolle: "'
    )
    bullets = page.locator(".activity-list").evaluate(
        "list => getComputedStyle(list).listStyleType"
    )
    assert bullets == "none"
    assert page.get_by_text("Diskussion geschlossen").is_visible()
    assert page.get_by_text("thread.close").count() == 0
    assert_no_violations(page, what="dashboard on a phone")

    page.goto(reverse("districts:member_list"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    overflow = page.evaluate(OVERFLOW)
    assert overflow and all(extra <= 0 for extra in overflow), overflow
    assert_no_violations(page, what="members list on a phone")
    assert_page_clean(page_problems)
