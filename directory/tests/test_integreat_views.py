"""The coordinator's Integreat page: upload, report, import — and refusals."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from directory.models import Event, Offer, Place
from directory.views.integreat import store_upload

DATA = Path(__file__).parent / "data" / "integreat"
NAMES = ("locations-de.json", "locations-ar.json", "events-de.json", "events-ar.json")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def uploads(*names):
    return [SimpleUploadedFile(n, (DATA / n).read_bytes()) for n in names or NAMES]


def test_coordinator_uploads_sees_the_report_and_imports(network):
    client = client_for(network.coordinator)
    assert client.get(reverse("directory:integreat_upload")).status_code == 200

    response = client.post(
        reverse("directory:integreat_upload"), {"region": "kreis1", "uploads": uploads()}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Jetzt importieren" in page and "geprüft" in page
    assert not Offer.objects.exists()  # the report writes nothing

    token = preview.context["token"]
    done = client.post(reverse("directory:integreat_run", args=[token]), follow=True)
    assert "importiert" in done.content.decode()
    assert Offer.objects.for_district(network.district).count() == 12
    assert Event.objects.for_district(network.district).count() == 9


def test_broken_upload_shows_each_problem_and_offers_no_import(network):
    client = client_for(network.coordinator)
    broken = SimpleUploadedFile("locations-ar.json", b'[{"id": 3, "title": "x"')
    response = client.post(
        reverse("directory:integreat_upload"),
        {"region": "kreis1", "uploads": [broken]},
        follow=True,
    )
    page = response.content.decode()
    assert "Kein gültiges JSON" in page and "locations-ar.json" in page
    assert "Die deutsche Datei fehlt" in page
    assert "Jetzt importieren" not in page
    token = response.context["token"]
    again = client.post(reverse("directory:integreat_run", args=[token]))
    assert again.status_code == 200 and "Kein gültiges JSON" in again.content.decode()
    assert not Place.objects.exists()


def test_form_refuses_a_bad_region_and_too_much_data(network, settings):
    client = client_for(network.coordinator)
    response = client.post(
        reverse("directory:integreat_upload"), {"region": "Kreis 1!", "uploads": uploads()}
    )
    assert response.status_code == 200 and "Kleinbuchstaben" in response.content.decode()

    big = SimpleUploadedFile("events-de.json", b" " * (20 * 1024 * 1024 + 1))
    response = client.post(
        reverse("directory:integreat_upload"), {"region": "kreis1", "uploads": [big]}
    )
    assert response.status_code == 200 and "20 MB" in response.content.decode()


def test_preview_of_another_district_is_not_found(network, other_network):
    token = store_upload(
        district=other_network.district,
        region="kreis1",
        files=[(n, (DATA / n).read_bytes()) for n in NAMES],
    )
    client = client_for(network.coordinator)
    assert client.get(reverse("directory:integreat_preview", args=[token])).status_code == 404
    assert client.post(reverse("directory:integreat_run", args=[token])).status_code == 404
    assert client.get(reverse("directory:integreat_preview", args=["weg"])).status_code == 404
    assert not Offer.objects.exists()


def test_only_coordinators_reach_the_page(network):
    for user in (network.staff, network.org_admin, network.volunteer):
        assert client_for(user).get(reverse("directory:integreat_upload")).status_code == 403
    assert Client().get(reverse("directory:integreat_upload")).status_code == 302
