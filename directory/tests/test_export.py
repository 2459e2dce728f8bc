"""The open-data export: JSON and CSV of the published directory with licence and attribution."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from directory.models import DirectorySettings, Status, Submission, TranslationState
from directory.tests.factories import EventFactory, OfferFactory, OfferTranslationFactory
from districts.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def csv_export(district):
    response = Client().get(reverse("api:export_csv", kwargs={"slug": district.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_offer_and_language_with_the_licence():
    district = DistrictFactory(name="Landkreis Beispiel")
    offer = OfferFactory(district=district, title="Sprachcafé")
    OfferTranslationFactory(offer=offer, language="ar", title="مقهى اللغة")
    OfferFactory(district=district, title="Entwurf", status=Status.DRAFT)
    rows = csv_export(district)
    assert [(row["language"], row["title"]) for row in rows] == [
        ("ar", "مقهى اللغة"),
        ("de", "Sprachcafé"),
    ]
    assert {row["licence"] for row in rows} == {"CC BY 4.0"}
    assert all("Landkreis Beispiel" in row["attribution"] for row in rows)


def test_csv_cells_that_look_like_formulas_are_neutralised():
    district = DistrictFactory()
    offer = OfferFactory(
        district=district, title='=HYPERLINK("http://evil")', contact_phone="+49 261 1234"
    )
    OfferTranslationFactory(
        offer=offer, language="en", title="@SUM(A1)", summary="-2+3", cost_note="safe"
    )
    rows = {row["language"]: row for row in csv_export(district)}
    assert rows["de"]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows["de"]["contact_phone"] == "'+49 261 1234"
    assert rows["en"]["title"] == "'@SUM(A1)"
    assert rows["en"]["summary"] == "'-2+3"
    assert rows["en"]["cost_note"] == "safe"


def test_json_export_has_all_languages_licence_and_no_personal_data():
    district = DistrictFactory()
    DirectorySettings.objects.create(district=district, data_licence="dl-de/by-2-0")
    offer = OfferFactory(district=district, title="Sprachcafé")
    OfferTranslationFactory(
        offer=offer, language="uk", title="Мовне кафе", state=TranslationState.MACHINE
    )
    Submission.objects.create(
        district=district, offer=offer, name="Erika Muster", email="erika@example.org"
    )
    EventFactory(district=district, offer=offer, rrule="FREQ=WEEKLY")
    response = Client().get(reverse("api:export_json", kwargs={"slug": district.slug}))
    assert response.status_code == 200
    body = response.json()
    assert body["licence"] == "dl-de/by-2-0"
    assert body["attribution"]
    assert body["district"]["ags"] == district.kreis_id
    [item] = body["offers"]
    assert item["translations"]["uk"] == {
        "state": "machine",
        "title": "Мовне кафе",
        "summary": "",
        "description": "",
        "eligibility": "",
        "cost_note": "",
        "accessibility_note": "",
        "easy_language": "",
    }
    assert body["events"][0]["rrule"] == "FREQ=WEEKLY"
    assert "erika" not in response.content.decode().lower()


def test_a_licence_change_is_a_new_version():
    district = DistrictFactory()
    OfferFactory(district=district)
    url = reverse("api:export_csv", kwargs={"slug": district.slug})
    etag = Client().get(url)["ETag"]
    assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    DirectorySettings.objects.create(district=district, data_licence="CC0 1.0")
    assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_attribution_names_the_address_the_installation_is_served_at(settings):
    settings.SITE_URL = "http://192.168.1.20:8080"
    district = DistrictFactory()
    OfferFactory(district=district)
    response = Client().get(reverse("api:export_json", kwargs={"slug": district.slug}))
    assert f"http://192.168.1.20:8080/{district.slug}/" in response.json()["attribution"]
    assert "127.0.0.1" not in response.json()["attribution"]


@pytest.mark.parametrize("name", ["api:export_json", "api:export_csv"])
def test_export_refuses_an_unknown_language_like_the_other_endpoints(name):
    district = DistrictFactory()
    url = reverse(name, kwargs={"slug": district.slug})
    response = Client().get(url + "?lang=xx")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "lang" in response.json()
    assert Client().get(url + "?lang=uk").status_code == 200
