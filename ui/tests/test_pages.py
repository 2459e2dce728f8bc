import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from ui.views import server_error

from .helpers import parse

pytestmark = pytest.mark.django_db

OPERATOR = {
    "name": "Kreisverwaltung Musterkreis",
    "address": "Musterstraße 1\n12345 Musterstadt",
    "email": "integration@musterkreis.example",
    "phone": "+49 123 4567-0",
    "privacy_contact": "datenschutz@musterkreis.example",
}

LEGAL = ["ui:imprint", "ui:privacy", "ui:accessibility"]


@pytest.mark.parametrize("name", LEGAL)
def test_legal_pages_are_public(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(parse(response).find_all("h1")) == 1


@pytest.mark.parametrize("name", LEGAL)
def test_legal_pages_are_linked_from_every_footer(client, network, name):
    client.force_login(network.staff)
    assert f'href="{reverse(name)}"' in client.get("/uebersicht/").content.decode()
    assert f'href="{reverse(name)}"' in Client().get("/").content.decode()


@override_settings(LOTSE_OPERATOR=OPERATOR)
def test_imprint_names_the_operator(client):
    html = client.get(reverse("ui:imprint")).content.decode()
    assert "Kreisverwaltung Musterkreis" in html
    assert "Musterstraße 1<br>12345 Musterstadt" in html
    assert 'href="mailto:integration@musterkreis.example"' in html
    assert "+49 123 4567-0" in html
    assert "noch nicht alle Angaben" not in html


@override_settings(LOTSE_OPERATOR=OPERATOR)
def test_privacy_page_says_what_is_stored_and_who_to_ask(client):
    html = client.get(reverse("ui:privacy")).content.decode()
    assert "datenschutz@musterkreis.example" in html
    assert "lotse_language" in html
    assert "Sitzungs-Cookie" in html
    assert "Protokoll" in html
    assert "keine Analyse- oder Tracking-Werkzeuge" in html


def test_missing_operator_details_are_named_not_invented(client):
    html = client.get(reverse("ui:imprint")).content.decode()
    assert "noch nicht alle Angaben" in html
    assert "LOTSE_OPERATOR_ADDRESS" in html


def test_accessibility_statement_has_a_feedback_contact(client):
    with override_settings(LOTSE_OPERATOR=OPERATOR):
        html = client.get(reverse("ui:accessibility")).content.decode()
    assert "WCAG 2.1" in html
    assert "integration@musterkreis.example" in html


def test_start_page_for_visitors_leads_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert f'href="{reverse("account_login")}"' in response.content.decode()


def test_start_page_sends_signed_in_people_to_their_overview(client, network):
    client.force_login(network.volunteer)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:dashboard")


def test_shell_landmarks_and_skip_link(client, network):
    client.force_login(network.staff)
    page = parse(client.get("/uebersicht/"))
    assert page.first("a", class_="skip-link").attrs["href"] == "#main"
    assert page.first("main").attrs["id"] == "main"
    assert page.find_all("header")
    assert page.find_all("footer")
    labels = [nav.attrs.get("aria-label") for nav in page.find_all("nav")]
    assert labels == ["Hauptnavigation", "Rechtliches"]
    assert 'href="/konto/profil/"' in client.get("/uebersicht/").content.decode()
    logout = page.first("form", action=reverse("account_logout"))
    assert logout.attrs["method"] == "post"


def test_header_names_the_current_district(client, network):
    client.force_login(network.staff)
    html = client.get("/uebersicht/").content.decode()
    assert f"</span> {network.district.name}</span>" in html


# --- Error pages ----------------------------------------------------------------------------


def test_not_found_page(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'href="/"' in html
    assert len(parse(response).find_all("h1")) == 1


@pytest.mark.urls("ui.tests.error_urls")
def test_forbidden_page(client, network):
    client.force_login(network.staff)
    response = client.get("/test-fehler/403/")
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()
    assert 'href="/"' in response.content.decode()


@pytest.mark.urls("ui.tests.error_urls")
def test_bad_request_page(client):
    response = client.get("/test-fehler/400/")
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()


@pytest.mark.urls("ui.tests.error_urls")
def test_server_error_page(network):
    client = Client(raise_request_exception=False)
    client.force_login(network.staff)
    response = client.get("/test-fehler/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Etwas ist schiefgegangen" in html
    assert 'href="/"' in html
    assert f'href="{reverse("ui:imprint")}"' in html
    # Rendered without the request: no personal data, no forms that would need a token.
    assert network.staff.name not in html
    assert "<form" not in html


def test_server_error_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Etwas ist schiefgegangen" in response.content.decode()


def test_expired_form_explains_what_to_do(network):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.content.decode()
