"""The OpenAPI 3 document of the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def test_generated_schema_is_a_valid_openapi_3_document():
    document = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(document)
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert "/api/v1/districts/{slug}/offers/" in paths
    assert "/api/v1/districts/{slug}/events.ics" in paths
    offer_list = paths["/api/v1/districts/{slug}/offers/"]["get"]
    names = {parameter["name"] for parameter in offer_list["parameters"]}
    assert {"q", "topic", "target_group", "language", "municipality", "lang", "page"} <= names
    assert {"free_of_charge", "barrier_free", "format", "page_size", "Accept-Language"} <= names
    # Read-only: no operation other than GET.
    assert {method for path in paths.values() for method in path} == {"get"}


@pytest.mark.django_db
def test_schema_is_served_as_json():
    response = Client().get(reverse("api:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert response.json()["info"]["version"] == "1.0.0"
