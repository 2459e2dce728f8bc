"""A coordinator's first steps in a real browser, and the keyboard on the sign-in page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from districts.models import Membership, Role

from .conftest import (
    PageProblems,
    assert_page_clean,
    coordinator_with_totp,
    sign_in,
    submit_totp,
)

pytestmark = pytest.mark.browser

INVITATION_LINK = re.compile(r"https?://\S+?(/einladung/[^/\s]+/)")
NEW_PASSWORD = "Lotsen-bringen-Schiffe-sicher-2026"
ENROLMENT = re.compile(r"/konto/2fa/totp/activate/$")
# allauth may first ask for the password again ("Zugriff bestätigen") before enrolment.
ENROLMENT_OR_PASSWORD_CHECK = re.compile(
    r"/konto/(2fa/totp/activate/$|reauthenticate/\?next=[^&]*activate)"
)


def invite(page: Page, network: Any, email: str, role: str) -> str:
    """The signed-in coordinator invites `email` through Verwaltung; returns the link's path."""
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    navigation.get_by_role("link", name="Verwaltung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwaltung")

    page.get_by_role("link", name="Jemanden einladen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jemanden einladen")
    page.get_by_label("E-Mail-Adresse", exact=True).fill(email)
    page.get_by_label("Organisation", exact=True).select_option(label=network.other_org.name)
    page.get_by_label("Rolle", exact=True).select_option(label=role)
    page.get_by_role("button", name="Einladung verschicken").click()

    invitation_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=email))
    expect(invitation_row).to_contain_text(network.other_org.name)
    expect(invitation_row).to_contain_text("offen")
    assert [message.to for message in mail.outbox] == [[email]]
    body = str(mail.outbox[0].body)
    link = INVITATION_LINK.search(body)
    assert link, body
    return link.group(1)


def accept(page: Page, path: str, name: str) -> None:
    """The invited person opens the link and chooses a name and a password."""
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Einladung annehmen")
    page.get_by_label("Ihr Name").fill(name)
    page.get_by_label("Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Konto anlegen und Einladung annehmen").click()


def test_coordinator_invites_a_colleague_who_joins_through_the_link(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems
) -> None:
    network, secret = coordinator_with_totp()
    page = new_context().new_page()
    sign_in(page, network.coordinator.email, totp=secret)
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Übersicht")

    link = invite(page, network, "neue.kollegin@example.org", "Fachkraft")

    colleague = new_context().new_page()
    accept(colleague, link, "Mira Neumann")

    colleague.wait_for_url(re.compile(r"/uebersicht/$"))
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Meine Übersicht")
    assert urlsplit(colleague.url).path == reverse("ui:dashboard")
    person = User.objects.get(email="neue.kollegin@example.org")
    assert person.name == "Mira Neumann"
    assert Membership.objects.filter(
        user=person, organisation=network.other_org, role=Role.STAFF, is_active=True
    ).exists()
    assert_page_clean(page_problems)


def test_an_invited_coordinator_sets_up_a_second_factor_before_anything_else(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems
) -> None:
    network, secret = coordinator_with_totp()
    page = new_context().new_page()
    sign_in(page, network.coordinator.email, totp=secret)
    link = invite(page, network, "zweite.koordination@example.org", "Koordination")

    colleague = new_context().new_page()
    accept(colleague, link, "Jonas Weber")
    colleague.wait_for_url(ENROLMENT_OR_PASSWORD_CHECK)
    colleague.goto(reverse("ui:dashboard"))
    colleague.wait_for_url(ENROLMENT_OR_PASSWORD_CHECK)
    if "/reauthenticate/" in colleague.url:
        colleague.get_by_label("Passwort", exact=True).fill(NEW_PASSWORD)
        colleague.get_by_label("Passwort", exact=True).press("Enter")
    colleague.wait_for_url(ENROLMENT)

    shown_secret = colleague.get_by_label("Authentifizierungsgeheimnis").input_value()
    submit_totp(colleague, shown_secret)
    expect(colleague.get_by_text("Authenticator-App aktiviert")).to_be_visible()
    colleague.goto(reverse("ui:dashboard"))

    expect(colleague.get_by_role("heading", level=1)).to_have_text("Meine Übersicht")
    assert Membership.objects.filter(
        user__email="zweite.koordination@example.org", role=Role.COORDINATOR
    ).exists()
    assert_page_clean(page_problems)


def test_first_tab_on_the_sign_in_page_reaches_a_visibly_focused_skip_link(page: Page) -> None:
    page.goto(reverse("account_login"))
    page.wait_for_load_state("load")

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text("Zum Inhalt springen")
    expect(focused).to_be_visible()
    outline_style, outline_width, box_shadow = focused.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
    )
    has_outline = outline_style != "none" and outline_width not in ("0px", "")
    assert has_outline or box_shadow != "none", (outline_style, outline_width, box_shadow)

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_the_language_switch_turns_the_sign_in_page_arabic_and_right_to_left(page: Page) -> None:
    page.goto(reverse("account_login"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.get_by_label("Sprache").select_option("ar")
    page.get_by_role("button", name=re.compile(r"^Wechseln")).click()

    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert urlsplit(page.url).path == reverse("account_login")
