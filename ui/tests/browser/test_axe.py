"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on the main kinds of pages, in German
and in Arabic (right to left).

Signed-in pages are reached through the real sign-in (password and TOTP code) in German; the
language is switched afterwards, the way the language switch does it (Django's language cookie).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from accounts.tests.factories import DEFAULT_PASSWORD
from districts.models import Invitation, Membership, Role
from districts.tests.factories import InvitationFactory, MembershipFactory

from .axe import assert_no_violations
from .conftest import (
    PageProblems,
    assert_page_clean,
    coordinator_with_totp,
    set_language,
    sign_in,
    submit_password,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "ar"]


def check(page: Page, problems: PageProblems, what: str) -> None:
    assert_no_violations(page, what=what)
    assert_page_clean(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_page(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems, language: str
) -> None:
    page = new_context(language).new_page()
    page.goto(reverse("account_login"))

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    check(page, page_problems, f"sign-in page ({language})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_totp_code_step_of_the_sign_in(
    page: Page, page_problems: PageProblems, language: str
) -> None:
    network, _secret = coordinator_with_totp()
    submit_password(page, network.coordinator.email)
    expect(page.get_by_label(re.compile(r"code", re.IGNORECASE))).to_be_visible()

    set_language(page, language)
    page.reload()

    check(page, page_problems, f"TOTP code step ({language})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard(page: Page, page_problems: PageProblems, language: str) -> None:
    network, secret = coordinator_with_totp()
    sign_in(page, network.coordinator.email, totp=secret)
    set_language(page, language)

    page.goto(reverse("ui:dashboard"))

    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    check(page, page_problems, f"dashboard ({language})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_organisation_list(page: Page, page_problems: PageProblems, language: str) -> None:
    network, secret = coordinator_with_totp()
    sign_in(page, network.coordinator.email, totp=secret)
    set_language(page, language)

    page.goto(reverse("districts:organisation_list"))

    expect(page.get_by_role("table")).to_contain_text(network.other_org.name)
    check(page, page_problems, f"organisation list ({language})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitation_acceptance_page(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems, language: str
) -> None:
    invitation = cast(Invitation, InvitationFactory(email="neu@example.org"))
    page = new_context(language).new_page()

    page.goto(reverse("districts:invitation_accept", args=[invitation.token]))

    expect(page.locator("input[type=password]")).to_have_count(2)
    check(page, page_problems, f"invitation acceptance ({language})")


@pytest.mark.parametrize("language", LANGUAGES)
def test_totp_enrolment_page(page: Page, page_problems: PageProblems, language: str) -> None:
    network, _secret = coordinator_with_totp()
    membership = cast(
        Membership, MembershipFactory(organisation=network.office, role=Role.COORDINATOR)
    )
    newcomer = membership.user
    submit_password(page, newcomer.email)
    page.wait_for_url(re.compile(r"/konto/(reauthenticate|2fa/totp/activate)/"))
    if "/reauthenticate/" in page.url:
        # allauth asks for the password again before a second factor is added.
        page.get_by_label("Passwort", exact=True).fill(DEFAULT_PASSWORD)
        page.get_by_label("Passwort", exact=True).press("Enter")
    page.wait_for_url(re.compile(r"/konto/2fa/totp/activate/$"))

    set_language(page, language)
    page.reload()

    check(page, page_problems, f"TOTP enrolment ({language})")
