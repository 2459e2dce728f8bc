"""Pages of the discussions area: list with live filters and a constant number of queries,
a thread with replies (with and without htmx), creating with mentions, the audience."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.tests.factories import OrganisationFactory
from exchange.models import Audience, Reply, Thread
from exchange.tests.factories_discussions import ReplyFactory, ThreadFactory
from exchange.tests.test_discussions_services import sent_fixture  # noqa: F401

LIST = reverse("exchange:thread_list")


def signed_in(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def make_threads(network: Any, count: int) -> None:
    for n in range(count):
        thread = ThreadFactory(author_organisation=network.other_org, title=f"Frage {n}")
        ReplyFactory(thread=thread)
        ReplyFactory(thread=thread)


def list_queries(client: Any, url: str = LIST) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_for_2_and_20_threads(client, network):
    signed_in(client, network.staff)
    make_threads(network, 2)
    few = list_queries(client)
    search_few = list_queries(client, LIST + "?q=Frage&status=open")
    make_threads(network, 18)
    assert list_queries(client) == few
    assert list_queries(client, LIST + "?q=Frage&status=open") == search_few
    response = client.get(LIST)
    assert response.context["page"].paginator.count == 20
    assert "2 Antworten" in response.content.decode()


def test_htmx_filter_renders_only_the_results(client, network):
    signed_in(client, network.staff)
    ThreadFactory(author_organisation=network.other_org, title="Kitaplätze")
    ThreadFactory(author_organisation=network.other_org, title="Wohnraum")
    response = client.get(LIST, {"q": "kita"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Kitaplätze" in html and "Wohnraum" not in html
    assert "<h1" not in html
    # Without JavaScript the same address is a whole page.
    assert "<h1" in client.get(LIST, {"q": "kita"}).content.decode()


def test_bad_filter_input_is_ignored(client, network):
    signed_in(client, network.staff)
    response = client.get(LIST, {"topic": "99999999999999999999999", "status": "x", "seite": "z"})
    assert response.status_code == 200


def test_restricted_thread_is_missing_for_volunteers_other_organisations_and_districts(
    client, network, other_network
):
    chosen = OrganisationFactory(district=network.district)
    thread = ThreadFactory(
        author_organisation=chosen, audience=Audience.ORGANISATIONS, organisations=[chosen]
    )
    url = thread.get_absolute_url()
    for outsider in (network.volunteer, network.staff, other_network.coordinator):
        signed_in(client, outsider)
        assert client.get(url).status_code == 404
        assert thread.title not in client.get(LIST).content.decode()
    signed_in(client, network.coordinator)
    assert client.get(url).status_code == 200


def test_reply_without_javascript_redirects_to_the_reply(client, network, sent):
    thread = ThreadFactory(author_organisation=network.other_org)
    signed_in(client, network.staff)
    response = client.post(
        reverse("exchange:thread_reply", args=[thread.pk]), {"body": "Bei uns geht das so."}
    )
    reply = Reply.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#antwort-{reply.pk}")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Bei uns geht das so." in page


def test_reply_with_htmx_swaps_the_discussion(client, network, sent):
    thread = ThreadFactory(author_organisation=network.other_org)
    signed_in(client, network.staff)
    url = reverse("exchange:thread_reply", args=[thread.pk])
    response = client.post(url, {"body": "Mit htmx"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mit htmx" in html and "Ihre Antwort ist veröffentlicht." in html
    assert "<h1" not in html
    response = client.post(url, {"body": "   "}, headers={"HX-Request": "true"})
    assert "Bitte" in response.content.decode() or "erforderlich" in response.content.decode()
    assert Reply.objects.count() == 1


def test_closed_thread_says_so_and_refuses_replies(client, network, sent):
    thread = ThreadFactory(author_organisation=network.other_org, status="closed")
    signed_in(client, network.staff)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Diese Diskussion ist geschlossen." in page
    response = client.post(reverse("exchange:thread_reply", args=[thread.pk]), {"body": "Noch was"})
    assert response.status_code == 200
    assert "geschlossen" in response.content.decode()
    assert not Reply.objects.exists()


def test_create_with_a_mention_outside_the_audience_tells_the_author(client, network, sent):
    outside = OrganisationFactory(district=network.district, name="Jobcenter Beispiel")
    signed_in(client, network.staff)
    data = {
        "title": "Anerkennung",
        "body": "Wer weiß Bescheid?",
        "audience": Audience.ORGANISATIONS,
        "organisations": [network.office.pk],
        "mentioned_organisations": [outside.pk],
    }
    response = client.post(reverse("exchange:thread_create"), data)
    assert response.status_code == 200
    assert "„Jobcenter Beispiel“ kann diese Diskussion nicht sehen" in response.content.decode()
    assert not Thread.objects.exists()

    data["audience"] = Audience.NETWORK
    response = client.post(reverse("exchange:thread_create"), data)
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "@Jobcenter Beispiel" in page


def test_volunteer_form_keeps_volunteers_in_the_audience(client, network, sent):
    signed_in(client, network.volunteer)
    response = client.get(reverse("exchange:thread_create"))
    assert response.context["form"].fields["include_volunteers"].disabled
    client.post(
        reverse("exchange:thread_create"),
        {"title": "Frage", "body": "Text", "audience": Audience.NETWORK},
    )
    assert Thread.objects.get().include_volunteers


def test_solution_subscription_and_close_through_the_pages(client, network, sent):
    thread = ThreadFactory(author_organisation=network.other_org, author=network.staff)
    reply = ReplyFactory(thread=thread, author=network.org_admin)
    signed_in(client, network.staff)
    client.post(reverse("exchange:thread_solution", args=[thread.pk]), {"reply": reply.pk})
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'id="solution-heading"' in page
    client.post(reverse("exchange:thread_solution", args=[thread.pk]), {"reply": "abc"})
    client.post(reverse("exchange:thread_subscription", args=[thread.pk]), {"subscribed": "1"})
    assert "Nicht mehr folgen" in client.get(thread.get_absolute_url()).content.decode()
    client.post(reverse("exchange:thread_close", args=[thread.pk]))
    thread.refresh_from_db()
    assert thread.solution == reply and not thread.is_open
    # Someone else may not mark solutions: the action looks missing.
    signed_in(client, network.caseworker)
    response = client.post(reverse("exchange:thread_solution", args=[thread.pk]), {"reply": ""})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_reply_edit_and_delete(client, network, sent, role):
    thread = ThreadFactory(author_organisation=network.other_org)
    reply = ReplyFactory(thread=thread, author=network.staff)
    signed_in(client, getattr(network, role))
    url = reverse("exchange:thread_reply_edit", args=[reply.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"body": "Geändert"})
    reply.refresh_from_db()
    assert reply.body == "<p>Geändert</p>" and reply.edited
    client.post(reverse("exchange:thread_reply_delete", args=[reply.pk]))
    assert not Reply.objects.exists()
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_a_thread_page_takes_the_same_number_of_queries_for_2_and_20_replies(client, network):
    thread = ThreadFactory(author_organisation=network.other_org, author=network.staff)
    signed_in(client, network.staff)

    def grow(count: int) -> None:
        for _ in range(count):
            reply: Any = ReplyFactory(thread=thread, author=network.org_admin)
            reply.mentioned_organisations.set([network.office])
            reply.mentioned_people.set([network.staff])

    grow(2)
    few = list_queries(client, thread.get_absolute_url())
    grow(18)
    assert list_queries(client, thread.get_absolute_url()) == few
