"""The exchange start page and "Meine Übersicht": what is new for the person across news,
discussions, the toolkit and meetings – only what they may see, at a constant cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.tests.factories import OrganisationFactory
from exchange.models import Audience
from exchange.tests.factories_discussions import ThreadFactory
from exchange.tests.factories_library import FolderFactory, make_document
from exchange.tests.factories_meetings import MeetingFactory
from exchange.tests.factories_news import NewsPostFactory

pytestmark = pytest.mark.django_db


def _content(network, *, tag: str, restricted_to=None, volunteers: bool = False) -> None:
    """One item per area, open to the network or only to `restricted_to`."""
    audience = Audience.ORGANISATIONS if restricted_to else Audience.NETWORK
    organisations = [restricted_to] if restricted_to else None
    common = {
        "author_organisation": network.office,
        "audience": audience,
        "include_volunteers": volunteers,
        "organisations": organisations,
    }
    NewsPostFactory(title=f"Nachricht {tag}", **common)
    ThreadFactory(title=f"Frage {tag}", **common)
    MeetingFactory(title=f"Treffen {tag}", **common)
    make_document(
        folder=FolderFactory(district=network.district),
        organisation=network.office,
        title=f"Leitfaden {tag}",
        audience=audience,
        organisations=organisations,
        include_volunteers=volunteers,
    )


def _titles(html: str, tag: str) -> set[str]:
    kinds = ("Nachricht", "Frage", "Treffen", "Leitfaden")
    return {kind for kind in kinds if f"{kind} {tag}" in html}


ALL = {"Nachricht", "Frage", "Treffen", "Leitfaden"}


@pytest.mark.parametrize("url_name", ["exchange:index", "ui:dashboard"])
def test_everything_new_shows_each_area_within_the_audience(client, network, url_name, monkeypatch):
    monkeypatch.setattr("exchange.dashboard.ACTIVITY_SHOWN", 20)  # room for all twelve items
    stranger = OrganisationFactory(district=network.district)
    _content(network, tag="offen")
    _content(network, tag="ehrenamt", volunteers=True)
    _content(network, tag="geheim", restricted_to=stranger)

    client.force_login(network.staff)
    html = client.get(reverse(url_name)).content.decode()
    assert _titles(html, "offen") == ALL
    assert _titles(html, "ehrenamt") == ALL
    assert _titles(html, "geheim") == set()

    client.force_login(network.volunteer)
    html = client.get(reverse(url_name)).content.decode()
    assert _titles(html, "ehrenamt") == ALL
    assert _titles(html, "offen") == set()

    client.force_login(network.coordinator)
    html = client.get(reverse(url_name)).content.decode()
    assert _titles(html, "geheim") == ALL


def test_nothing_of_another_district_appears(client, network, other_network):
    _content(other_network, tag="fremd")
    client.force_login(network.staff)
    assert _titles(client.get(reverse("exchange:index")).content.decode(), "fremd") == set()


def test_the_start_page_says_so_when_nothing_is_new(client, network):
    client.force_login(network.staff)
    response = client.get(reverse("exchange:index"))
    assert "Im Austausch gibt es gerade nichts Neues für Sie." in response.content.decode()


def test_the_start_page_costs_the_same_with_more_content(client, network):
    client.force_login(network.staff)
    _content(network, tag="0")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("exchange:index"))
    for index in range(1, 8):
        _content(network, tag=str(index), restricted_to=network.other_org)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("exchange:index"))
    html = response.content.decode()
    assert html.count('<span class="kern-badge kern-badge--info">') == 20  # the page's limit
    assert len(large) == len(small)


def test_a_busy_area_does_not_push_the_others_out(client, network):
    _content(network, tag="alt")
    for index in range(12):
        ThreadFactory(title=f"Neue Frage {index}", author_organisation=network.office)
    client.force_login(network.staff)
    html = client.get(reverse("ui:dashboard")).content.decode()
    assert _titles(html, "alt") == ALL - {"Frage"}
    assert "Neue Frage 11" in html
