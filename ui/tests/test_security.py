"""Security headers, the Content Security Policy and the production settings, checked on real
responses and on a real `manage.py check --deploy`."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.tests.factories import DEFAULT_PASSWORD
from ui.registry import announced
from ui.views import server_error

from .helpers import csp_violations

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/rechtliches/impressum/",
    "/rechtliches/datenschutz/",
    "/rechtliches/barrierefreiheit/",
    "/gibt-es-nicht/",
]
INTERNAL_PAGES = ["/uebersicht/", *[f"/{page.path}" for page in announced()]]
ROLES = ["coordinator", "org_admin", "staff", "volunteer", "caseworker"]


def directives(response):
    policy = response["Content-Security-Policy"]
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return policy, parsed


def assert_secure_headers(response):
    policy, parsed = directives(response)
    assert parsed["script-src"] == ["'self'"]
    assert parsed["frame-ancestors"] == ["'none'"]
    assert parsed["default-src"] == ["'self'"]
    assert parsed["object-src"] == ["'none'"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers_and_nothing_inline(client, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    assert_secure_headers(response)
    assert csp_violations(response.content.decode()) == []


@pytest.mark.parametrize("role", ROLES)
def test_internal_pages_send_the_security_headers_and_nothing_inline(client, network, role):
    client.force_login(getattr(network, role))
    for path in INTERNAL_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_secure_headers(response)
        assert csp_violations(response.content.decode()) == [], path


def test_dashboard_without_membership_has_nothing_inline(client, operator):
    client.force_login(operator)
    assert csp_violations(client.get("/uebersicht/").content.decode()) == []


@pytest.mark.urls("ui.tests.error_urls")
@pytest.mark.parametrize("status", [400, 403, 500])
def test_error_pages_have_nothing_inline(network, status):
    client = Client(raise_request_exception=False)
    client.force_login(network.staff)
    response = client.get(f"/test-fehler/{status}/")
    assert response.status_code == status
    assert_secure_headers(response)
    assert csp_violations(response.content.decode()) == []


def test_server_error_page_alone_has_nothing_inline():
    response = server_error(RequestFactory().get("/"))
    assert csp_violations(response.content.decode()) == []


def test_expired_form_page_has_nothing_inline():
    response = Client(enforce_csrf_checks=True).post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert csp_violations(response.content.decode()) == []


def test_the_checker_finds_what_it_looks_for():
    # The helper must fail on each thing it forbids, or the tests above prove nothing.
    for html in [
        "<script>alert(1)</script>",
        '<button onclick="x()">x</button>',
        '<p style="color: red">x</p>',
        "<style>p {}</style>",
        '<a href="javascript:x()">x</a>',
    ]:
        assert csp_violations(html), html
    assert csp_violations('<script src="/static/ui/lotse.js" defer></script>') == []


def test_cookies_are_http_only_and_same_site(client, network):
    csrf = client.get(reverse("account_login")).cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    response = client.post(
        reverse("account_login"), {"login": network.staff.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    language = client.post(reverse("set_language"), {"language": "en"}).cookies[
        settings.LANGUAGE_COOKIE_NAME
    ]
    assert language["httponly"]
    assert language["samesite"] == "Lax"


# --- Production settings (in a fresh process, as a real deployment would start) --------------


@pytest.fixture
def production_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LOTSE_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        LOTSE_ENV="production",
        LOTSE_SECRET_KEY=secrets.token_urlsafe(64),
        LOTSE_ALLOWED_HOSTS="lotse.example.org",
        LOTSE_SITE_URL="https://lotse.example.org",
        LOTSE_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="lotse.settings",
    )
    return env


def run(args, env):
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_deploy_check_reports_nothing_in_production(production_env):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRINT_COOKIE_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in [
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME", "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DEBUG",
]}))
"""


def test_production_cookies_are_secure_http_only_and_same_site(production_env):
    result = run(["-c", PRINT_COOKIE_SETTINGS], production_env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["DEBUG"] is False
