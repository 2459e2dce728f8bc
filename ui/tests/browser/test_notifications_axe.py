"""Accessibility of the notification pages: the list (with the unread badge loaded by htmx in
the header), the e-mail settings and the public unsubscribe page (German and Arabic)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from exchange.notify import Category
from notifications.tests.factories import notify_about
from notifications.tokens import make_token

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, coordinator_with_totp, sign_in

pytestmark = pytest.mark.browser


def check(page: Page, problems: PageProblems, what: str) -> None:
    assert_no_violations(page, what=what)
    assert_page_clean(problems)


def test_notification_list_and_settings(page: Page, page_problems: PageProblems) -> None:
    network, secret = coordinator_with_totp()
    notify_about(network.other_org, [network.coordinator])
    notify_about(network.office, [network.coordinator], category=Category.MEETINGS)
    sign_in(page, network.coordinator.email, totp=secret)

    page.goto(reverse("notifications:list"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator(".site-header .notification-badge")).to_contain_text("2")
    check(page, page_problems, "notification list")

    page.goto(reverse("notifications:settings"))
    expect(page.get_by_role("checkbox")).to_have_count(7)
    check(page, page_problems, "notification settings")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_unsubscribe_page(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems, language: str
) -> None:
    network, _secret = coordinator_with_totp()
    page = new_context(language).new_page()

    page.goto(reverse("notifications:unsubscribe", args=[make_token(network.staff.pk, "digest")]))
    check(page, page_problems, f"unsubscribe page ({language})")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()
    check(page, page_problems, f"unsubscribe confirmation ({language})")
