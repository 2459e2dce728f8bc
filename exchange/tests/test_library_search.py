"""Search in the library: the same expectations on SQLite and PostgreSQL (run this file with
DATABASE_URL=postgres://… too); only documents the person may see are ever found."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from exchange.models import Audience, DocumentVersion
from exchange.selectors.library import document_search
from exchange.tests.factories_library import FolderFactory, make_document
from network.tests.factories import TopicFactory


@pytest.fixture
def library(network: Any) -> dict[str, Any]:
    district = network.district
    work = TopicFactory(district=district, name="Arbeit & Ausbildung")
    competences = FolderFactory(district=district, name="Kompetenzen der Mitarbeitenden")
    outreach = FolderFactory(district=district, name="Außenauftritt und Kommunikation")
    docs = {
        "guide": make_document(
            folder=competences,
            author=network.coordinator,
            organisation=network.office,
            title="Leitfaden Verweisberatung",
            description="Übersicht der Beratungsstellen im Kreis",
            topics=[work],
        ),
        "flyer": make_document(
            folder=outreach,
            author=network.coordinator,
            organisation=network.office,
            title="Mehrsprachiger Flyer",
            description="Vorlage für Willkommensinformationen",
        ),
        "secret": make_document(
            folder=competences,
            author=network.coordinator,
            organisation=network.office,
            title="Leitfaden intern",
            description="Übersicht nur für das Amt",
            audience=Audience.ORGANISATIONS,
            organisations=[network.office],
        ),
    }
    DocumentVersion.objects.filter(document=docs["flyer"]).update(kind="office")
    return {"topic": work, **docs}


def titles(user: Any, network: Any, **kwargs: Any) -> list[str]:
    return [d.title for d in document_search(user, network.district, **kwargs)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Verweis", ["Leitfaden Verweisberatung"]),  # part of a word
        ("übersicht", ["Leitfaden Verweisberatung"]),  # umlaut, other case
        ("LEITFADEN verweis", ["Leitfaden Verweisberatung"]),  # every word must match
        ("außenauftritt", ["Mehrsprachiger Flyer"]),  # folder name
        ("willkommen", ["Mehrsprachiger Flyer"]),
        ("Zebra", []),
        ("", ["Leitfaden Verweisberatung", "Mehrsprachiger Flyer"]),
        ("'\"%_\\", []),  # wildcards and quotes are plain characters
    ],
)
def test_search_finds_parts_of_words_in_what_the_person_may_see(network, library, query, expected):
    assert titles(network.staff, network, query=query) == expected


def test_filters_by_topic_and_kind(network, library):
    assert titles(network.staff, network, topic=library["topic"]) == ["Leitfaden Verweisberatung"]
    assert titles(network.staff, network, kind="office") == ["Mehrsprachiger Flyer"]
    assert titles(network.staff, network, query="leitfaden", kind="office") == []


def test_restricted_documents_are_found_only_by_their_audience(network, other_network, library):
    assert "Leitfaden intern" in titles(network.coordinator, network, query="intern")
    for user in (network.staff, network.volunteer, other_network.coordinator):
        assert titles(user, network, query="intern") == []
        assert titles(user, network, query="Übersicht") in ([], ["Leitfaden Verweisberatung"])
    assert titles(network.volunteer, network, query="Leitfaden") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="German stemming on PostgreSQL")
def test_postgres_finds_inflected_forms(network, library):
    assert titles(network.staff, network, query="Beratungsstelle") == ["Leitfaden Verweisberatung"]


def test_the_search_page_shows_hits_only(client, network, library):
    client.force_login(network.staff)
    page = client.get("/austausch/werkzeugkoffer/", {"q": "übersicht"}).content.decode()
    assert "Leitfaden Verweisberatung" in page
    assert "Leitfaden intern" not in page and "Mehrsprachiger Flyer" not in page
