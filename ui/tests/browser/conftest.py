"""Fixtures of the browser tests: one headless Chromium per test session, a fresh context and
page per test, against pytest-django's `live_server`.

Chromium comes from Debian (`/usr/bin/chromium`, installed by `make browser-deps`); Playwright
never downloads a browser of its own. Without Chromium the tests are skipped on a developer
machine and fail in CI.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect, sync_playwright

from accounts.tests.factories import DEFAULT_PASSWORD
from conftest import Authenticator, Network, build_network, enrol_totp

# Playwright's sync API keeps an event loop in the main thread, so Django would refuse database
# access from the test code ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# The background-networking flags matter: on a closed network Chromium misbehaves without them.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (`make browser-deps` installs it)."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class PageProblems:
    """What a page must never do: script errors, CSP violations, requests to other hosts."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def console(self, message: Any) -> None:
        if message.type == "error":
            self.items.append(f"console error: {message.text}")

    def page_error(self, error: Any) -> None:
        self.items.append(f"script error: {error}")


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def new_context(
    browser: Browser, live_server: Any, page_problems: PageProblems
) -> Iterator[Callable[..., BrowserContext]]:
    """Makes a fresh, isolated browser context (its own cookies) for `live_server`."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name):
        # Each request thread of the live server has a connection of its own; on SQLite's
        # shared-cache memory database they fail on each other's table locks (lotse/settings.py).
        pytest.fail("The browser tests need a file as SQLite test database (DATABASES TEST NAME).")
    contexts: list[BrowserContext] = []
    origin = live_server.url.rstrip("/")

    def only_this_site(route: Route) -> None:
        url = route.request.url
        if url.startswith((origin + "/", "data:", "blob:")) or url == origin:
            route.continue_()
        else:
            page_problems.items.append(f"request to another host: {url}")
            route.abort()

    def make(language: str | None = None) -> BrowserContext:
        context = browser.new_context(
            base_url=origin, locale="de-DE", service_workers="block", color_scheme="light"
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.route("**/*", only_this_site)
        context.on("console", page_problems.console)
        context.on("weberror", lambda error: page_problems.page_error(error.error))
        if language:
            context.add_cookies([{"name": "lotse_language", "value": language, "url": origin}])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # allauth remembers used TOTP codes per user id in the cache; ids restart after a flush.
    cache.clear()
    yield
    cache.clear()


def coordinator_with_totp() -> tuple[Network, str]:
    """A district network whose coordinator has a TOTP secret the test knows."""
    network = build_network()
    Authenticator.objects.filter(user=network.coordinator).delete()
    return network, enrol_totp(network.coordinator)


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now.

    allauth accepts only the current 30-second window (MFA_TOTP_TOLERANCE is 0), so a code
    taken in the last two seconds of a window could expire on its way to the server: then the
    next window's code is taken instead, after waiting for it.
    """
    totp = pyotp.TOTP(secret)
    remaining = totp.interval - time.time() % totp.interval
    if remaining < 2:
        time.sleep(remaining + 0.05)
    return totp.now()


def submit_password(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """The first sign-in step: e-mail address and password on the German sign-in page."""
    page.goto(reverse("account_login"))
    page.get_by_label("E-Mail").fill(email)
    password_field = page.get_by_label("Passwort", exact=True)
    password_field.fill(password)
    password_field.press("Enter")


def submit_totp(page: Page, secret: str) -> None:
    """The second sign-in step, or the confirmation of a new authenticator: the current code."""
    code_field = page.get_by_label(re.compile(r"code", re.IGNORECASE))
    code_field.fill(totp_code(secret))
    code_field.press("Enter")


def sign_in(page: Page, email: str, *, password: str = DEFAULT_PASSWORD, totp: str = "") -> None:
    """Signs in through the real sign-in page; with `totp` (a secret) also the code step."""
    submit_password(page, email, password)
    if totp:
        submit_totp(page, totp)
    page.wait_for_url(re.compile(r"/uebersicht/$"))
    page.wait_for_load_state("load")


def set_language(page: Page, language: str) -> None:
    """Stores what the language switch stores, Django's language cookie, for the next request."""
    page.context.add_cookies([{"name": "lotse_language", "value": language, "url": page.url}])


def assert_page_clean(problems: PageProblems) -> None:
    assert not problems.items, "The browser reported problems:\n" + "\n".join(problems.items)
