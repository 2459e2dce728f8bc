"""Search over threads and replies (same tests on SQLite and PostgreSQL), the audience in
search and in "what is new"."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.roles import forget_roles
from exchange.models import Audience
from exchange.selectors.discussions import recent_activity, threads_for
from exchange.tests.factories_discussions import ReplyFactory, ThreadFactory


def found(user: Any, network: Any, q: str, **filters: Any) -> list[str]:
    return [t.title for t in threads_for(user, network.district, q=q, **filters)]


@pytest.fixture
def threads(network: Any) -> dict[str, Any]:
    org = network.other_org
    in_title = ThreadFactory(
        author_organisation=org, title="Anerkennung von Berufsabschlüssen", body_text="Frage"
    )
    in_body = ThreadFactory(
        author_organisation=org,
        title="Termine beim Amt",
        body_text="Braucht man für die Anerkennung einen Termin?",
    )
    in_reply = ThreadFactory(author_organisation=org, title="Sprachkurse im Herbst")
    ReplyFactory(thread=in_reply, body_text="Die Anerkennungsstelle berät auch dazu.")
    ThreadFactory(author_organisation=org, title="Wohnungssuche", body_text="Nichts dazu")
    restricted = ThreadFactory(
        author_organisation=network.office,
        title="Anerkennung: interne Absprache",
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
    )
    return {"title": in_title, "body": in_body, "reply": in_reply, "restricted": restricted}


def test_search_matches_titles_texts_and_replies_title_hits_first(network, threads):
    results = found(network.staff, network, "anerkenn")
    assert set(results) == {
        "Anerkennung von Berufsabschlüssen",
        "Termine beim Amt",
        "Sprachkurse im Herbst",
    }
    assert results[0] == "Anerkennung von Berufsabschlüssen"
    # Every word must occur in the thread.
    assert found(network.staff, network, "Anerkennung Termin") == ["Termine beim Amt"]
    assert found(network.staff, network, "Zebrastreifen") == []


def test_search_never_finds_what_the_person_cannot_see(network, other_network, threads):
    assert "Anerkennung: interne Absprache" not in found(network.staff, network, "Anerkennung")
    assert found(network.volunteer, network, "Anerkennung") == []
    assert found(other_network.staff, network, "Anerkennung") == []
    coordinator = found(network.coordinator, network, "Anerkennung")
    assert coordinator[0] in {"Anerkennung: interne Absprache", "Anerkennung von Berufsabschlüssen"}
    assert "Anerkennung: interne Absprache" in coordinator


def test_volunteers_see_threads_opened_to_them(network, threads):
    ThreadFactory(
        author_organisation=network.other_org,
        title="Anerkennung für Ehrenamt",
        include_volunteers=True,
    )
    assert found(network.volunteer, network, "Anerkennung") == ["Anerkennung für Ehrenamt"]


def test_status_and_topic_filters(network, threads):
    from network.tests.factories import TopicFactory

    topic = TopicFactory(district=network.district, name="Arbeit & Ausbildung")
    threads["body"].topic = topic
    threads["body"].status = "closed"
    threads["body"].save()
    threads["reply"].solution = threads["reply"].replies.get()
    threads["reply"].save()
    assert found(network.staff, network, "", topic=topic) == ["Termine beim Amt"]
    assert found(network.staff, network, "", status="closed") == ["Termine beim Amt"]
    assert found(network.staff, network, "", status="solved") == ["Sprachkurse im Herbst"]
    assert "Termine beim Amt" not in found(network.staff, network, "", status="open")


def test_recent_activity_respects_the_audience_in_a_fixed_number_of_queries(network, threads):
    rows = recent_activity(network.staff, network.district, limit=10)
    assert "Anerkennung: interne Absprache" not in {row.title for row in rows}
    assert recent_activity(network.volunteer, network.district, limit=10) == []
    for _ in range(5):
        ReplyFactory(thread=ThreadFactory(author_organisation=network.other_org))
    forget_roles(network.staff)
    with CaptureQueriesContext(connection) as queries:
        rows = recent_activity(network.staff, network.district, limit=10)
    assert len(rows) == 9
    assert len(queries) <= 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="German stemming needs PostgreSQL")
def test_postgres_finds_other_forms_of_a_word(network, threads):
    assert found(network.staff, network, "Berufsabschluss") == ["Anerkennung von Berufsabschlüssen"]
    assert found(network.staff, network, "Sprachkursen") == ["Sprachkurse im Herbst"]
