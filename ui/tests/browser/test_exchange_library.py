"""The library (Werkzeugkoffer) in a real browser: axe finds no WCAG 2.1 A/AA violation on the
start page and a document page (German and Arabic), and a staff member downloads a document (the
journey step "download a document")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from conftest import build_network
from core.tests.test_uploads import minimal_pdf
from exchange.models import Document
from exchange.services import library as services
from network.tests.factories import TopicFactory

from .axe import assert_no_violations
from .conftest import PageProblems, assert_page_clean, set_language, sign_in

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "ar"]
FIRST, SECOND = minimal_pdf("Fassung 1"), minimal_pdf("Fassung 2")


def toolkit() -> tuple[Any, Document]:
    """A small library: two folders, a nested one, and the referral guide in two versions."""
    network = build_network()
    topic: Any = TopicFactory(district=network.district, name="Beratung")
    actor, district = network.coordinator, network.district
    competences = services.folder_create(
        actor=actor, district=district, name="Kompetenzen der Mitarbeitenden"
    )
    referral = services.folder_create(
        actor=actor, district=district, name="Verweisberatung", parent=competences
    )
    services.folder_create(actor=actor, district=district, name="Vernetzung")
    guide = services.document_create(
        actor=actor,
        district=district,
        folder=referral,
        title="Leitfaden Verweisberatung",
        description="Wie wir Menschen an die richtige Stelle weiterleiten.",
        topics=[topic],
        upload=ContentFile(FIRST, name="Leitfaden Verweisberatung.pdf"),
        note="Erste Fassung",
    )
    services.document_version_add(
        actor=actor,
        document=guide,
        upload=ContentFile(SECOND, name="Leitfaden Verweisberatung (März).pdf"),
        note="Kontaktliste ergänzt",
    )
    return network, guide


@pytest.mark.parametrize("language", LANGUAGES)
def test_library_pages_have_no_accessibility_violations(
    page: Page, page_problems: PageProblems, language: str
) -> None:
    network, guide = toolkit()
    sign_in(page, network.staff.email)
    set_language(page, language)

    page.goto(reverse("exchange:library"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    # Internal pages exist only in settings.STAFF_LANGUAGES: with Arabic chosen, they show in
    # German (ui/languages.py); the check still runs with the Arabic cookie set.
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_no_violations(page, what=f"library start page ({language})")

    page.goto(guide.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_no_violations(page, what=f"document page ({language})")
    assert_page_clean(page_problems)


def test_staff_member_downloads_a_document(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems
) -> None:
    network, guide = toolkit()
    page = new_context().new_page()
    sign_in(page, network.staff.email)

    page.goto(reverse("exchange:library"))
    page.get_by_role("link", name="Leitfaden Verweisberatung").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leitfaden Verweisberatung")
    expect(page.get_by_role("table")).to_contain_text("Kontaktliste ergänzt")

    with page.expect_download() as info:
        page.get_by_role("link", name="Herunterladen (PDF").click()
    download = info.value
    assert download.suggested_filename == "Leitfaden Verweisberatung (März).pdf"
    assert Path(download.path()).read_bytes() == SECOND

    with page.expect_download() as info:
        page.get_by_role("link", name="Leitfaden Verweisberatung.pdf").click()
    assert Path(info.value.path()).read_bytes() == FIRST
    assert_page_clean(page_problems)
